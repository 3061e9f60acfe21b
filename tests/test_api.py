import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from releases.api import OPENAPI_FILE
from releases.illustrations import parliament_illustration
from releases.models import Release

from .factories import add_participant, add_quote, make_person, make_release

pytestmark = pytest.mark.django_db


def get_json(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_list_gives_published_releases_in_every_language_with_people_quotes_and_photo(client):
    photo = ContentFile(parliament_illustration(seed=3), name="hall.jpg")
    release = make_release(title="Budget", languages=("kk", "ru"), photo=photo)
    speaker = make_person()
    add_participant(release, speaker, role_en="chaired the meeting")
    add_quote(release, speaker, text_en="Practical steps.", text_ru="Практические шаги.")
    make_release(title="Draft", status=Release.Status.DRAFT)

    body = get_json(client, "/api/releases/")
    assert body["count"] == 1 and body["next"] is None and body["previous"] is None
    [item] = body["results"]
    assert item["title"] == {"kk": "Budget kk", "kk-Latn": "Budget kk", "ru": "Budget ru", "en": None}
    assert item["page_url"]["en"] == "http://testserver/en/releases/budget-ru/"
    assert item["page_url"]["kk-Latn"] == "http://testserver/kk-latn/releases/budget-kk/"
    assert item["api_url"] == f"http://testserver/api/releases/{release.pk}/"
    assert item["section"]["name"]["en"] == "Chamber news"
    assert item["photo"] == f"http://testserver{release.photo.url}"
    assert item["people"] == [{
        "slug": "maulen-ashimbaev",
        "name": {"kk": "Мәулен Әшімбаев", "kk-Latn": "Mäulen Äşımbaev", "ru": "Маулен Ашимбаев", "en": "Maulen Ashimbaev"},
        "position": {
            "kk": "Сенат Төрағасы", "kk-Latn": "Senat Törağasy", "ru": "Председатель Сената", "en": "Chairman of the Senate",
        },
        "role": {"kk": None, "kk-Latn": None, "ru": None, "en": "chaired the meeting"},
    }]
    assert item["quotes"] == [{
        "speaker": "maulen-ashimbaev", "after_paragraph": 1,
        "text": {"kk": None, "kk-Latn": None, "ru": "Практические шаги.", "en": "Practical steps."},
    }]
    assert get_json(client, item["api_url"]) == item


def test_detail_of_an_unpublished_or_unknown_release_is_a_json_404(client):
    draft = make_release(status=Release.Status.DRAFT)
    assert "error" in get_json(client, f"/api/releases/{draft.pk}/", status=404)
    assert "error" in get_json(client, "/api/releases/999999/", status=404)


def test_date_filters(client):
    old = make_release(title="Old", days_ago=30)
    make_release(title="New", days_ago=2)
    Release.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=30))
    ten_days_ago = (timezone.now() - timedelta(days=10)).isoformat()

    def titles(**params):
        return [item["title"]["en"] for item in get_json(client, "/api/releases/", **params)["results"]]

    assert titles() == ["New en", "Old en"]
    assert titles(published_after=ten_days_ago) == ["New en"]
    assert titles(published_before=ten_days_ago) == ["Old en"]
    assert titles(updated_since=ten_days_ago) == ["New en"]
    assert titles(published_after=(timezone.localdate() - timedelta(days=40)).isoformat()) == ["New en", "Old en"]


@pytest.mark.parametrize("params", [
    {"published_after": "yesterday"},
    {"published_before": "2025-13-01"},
    {"updated_since": "2025-03-01T25:00"},
    {"page": "first"},
    {"page": "0"},
    {"page_size": "500"},
    {"page_size": "-1"},
])
def test_bad_parameters_are_a_json_400_naming_the_parameter(client, params):
    make_release()
    body = get_json(client, "/api/releases/", status=400, **params)
    assert list(params)[0] in body["error"]


def test_pages_link_to_each_other_and_keep_the_filters(client):
    for number in range(5):
        make_release(title=f"Release {number}", days_ago=number + 1)
    first = get_json(client, "/api/releases/", page_size=2, published_after="2000-01-01")
    assert first["count"] == 5 and first["previous"] is None
    assert [item["title"]["en"] for item in first["results"]] == ["Release 0 en", "Release 1 en"]
    assert "published_after=2000-01-01" in first["next"] and "page=2" in first["next"]
    assert "published_after=2000-01-01" in first["last"] and "page=3" in first["last"]

    second = json.loads(client.get(first["next"]).content)
    assert [item["title"]["en"] for item in second["results"]] == ["Release 2 en", "Release 3 en"]
    assert "page=1" in second["previous"]
    assert json.loads(client.get(first["last"]).content)["results"][0]["title"]["en"] == "Release 4 en"
    assert "error" in get_json(client, "/api/releases/", status=404, page=4, page_size=2)


def test_same_publication_time_keeps_a_stable_order(client):
    moment = timezone.now() - timedelta(days=1)
    made = [make_release(title=f"Same {number}", published_at=moment) for number in range(4)]
    ids = [item["id"] for item in get_json(client, "/api/releases/")["results"]]
    assert ids == sorted((release.pk for release in made), reverse=True)


def test_list_query_count_does_not_grow_with_releases(client, django_assert_num_queries, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the view's own queries
    def add_releases(count):
        for number in range(count):
            release = make_release(title=f"Release {number}")
            person = make_person(slug=f"person-{Release.objects.count()}-{number}", name_en="Someone")
            add_participant(release, person)
            add_quote(release, person)

    add_releases(2)
    # count, the page of releases with their sections, participants with people, quotes with speakers;
    # the people's own Latin spellings (and, for how long to keep them, the next scheduled release)
    with django_assert_num_queries(6):
        client.get("/api/releases/")
    add_releases(8)
    with django_assert_num_queries(6):
        assert len(client.get("/api/releases/").json()["results"]) == 10


def test_openapi_description_is_served_and_documents_every_field(client):
    spec = get_json(client, "/api/openapi.json")
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) == {"/api/releases/", "/api/releases/{id}/"}
    parameters = {parameter["name"] for parameter in spec["paths"]["/api/releases/"]["get"]["parameters"]}
    for operation in spec["paths"].values():
        assert {"404", "405"} <= set(operation["get"]["responses"])
    assert parameters == {"published_after", "published_before", "updated_since", "page", "page_size"}

    add_participant(make_release(), make_person())
    item = get_json(client, "/api/releases/")["results"][0]
    schema = spec["components"]["schemas"]["Release"]["properties"]
    assert set(item) == set(schema)
    assert set(item["people"][0]) == set(schema["people"]["items"]["properties"])


def test_served_description_is_the_one_the_schema_test_checks(client):
    assert client.get("/api/openapi.json").content == OPENAPI_FILE.read_bytes()


def test_an_offset_iso_8601_allows_but_postgresql_does_not_still_filters(client):
    release = make_release(title="Late", published_at=datetime(2025, 2, 28, 11, 30, tzinfo=UTC))

    def ids(**params):
        return [item["id"] for item in get_json(client, "/api/releases/", **params)["results"]]

    assert ids(published_after="2025-03-01T03:00:00+16:00") == [release.pk]  # 11:00 UTC
    assert ids(published_after="2025-03-01T04:00:00+16:00") == []  # 12:00 UTC
    assert ids(published_before="2025-02-27T12:00:00-23:59") == [release.pk]  # 11:59 UTC the next day


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+05:00", "0001-01-01", "9999-12-31T23:00:00-05:00"])
def test_a_moment_outside_the_years_1_to_9999_in_utc_is_a_json_400(client, moment):
    body = get_json(client, "/api/releases/", status=400, updated_since=moment)
    assert "updated_since" in body["error"]


def test_errors_are_in_the_readers_language(client):
    response = client.get("/api/releases/", {"page": "first"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert response.json()["error"] == "page должен быть целым числом не меньше 1."
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize("address", ["/api/releases/", "/api/releases/1/", "/api/openapi.json"])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options", "trace"])
def test_any_method_but_get_and_head_is_a_json_405_before_anything_is_read(
    address, method, django_assert_num_queries,
):
    client = Client(enforce_csrf_checks=True)
    with django_assert_num_queries(0):
        response = getattr(client, method)(address)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response["Content-Type"] == "application/json"
    assert "GET" in response.json()["error"]


def test_head_answers_like_get_without_a_body(client):
    make_release()
    response = client.head("/api/releases/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"


@pytest.mark.parametrize("address", [
    "/api/releases/-1/", "/api/releases/abc/", "/api/releases/99999999999999999999/", "/api/nothing/",
])
def test_an_address_the_api_does_not_have_is_a_json_404(client, address):
    assert "error" in get_json(client, address, status=404)


def test_a_missing_slash_still_redirects(client):
    assert client.get("/api/releases").headers["Location"] == "/api/releases/"


def test_answers_are_kept_once_for_every_language(client, django_assert_num_queries):
    make_release(title="Budget")
    first = client.get("/api/releases/", HTTP_ACCEPT_LANGUAGE="ru")
    assert "Accept-Language" not in first.get("Vary", "")
    with django_assert_num_queries(0):
        again = client.get("/api/releases/", HTTP_ACCEPT_LANGUAGE="en")
    assert again.content == first.content
