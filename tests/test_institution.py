"""Whose archive this is: the institution set in the admin names every page, and once it has ceased its
powers the site is its closed archive: a notice everywhere, no new releases, dated corrections."""

import re
from datetime import date, datetime, timedelta
from html import unescape

import feedparser
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from releases.illustrations import parliament_illustration
from releases.models import Institution, Release
from releases.static_copy import bag_info

from .factories import add_participant, add_quote, make_institution, make_person, make_release, make_section
from .helpers import change_url, form_data, staff_client

pytestmark = pytest.mark.django_db

Status = Release.Status
LANGUAGES = ("kk", "ru", "en")
KURULTAI = {"kk": "Қазақстан Республикасының Құрылтайы", "ru": "Курултай Республики Казахстан",
            "en": "Kurultai of the Republic of Kazakhstan"}
SHORT_NAMES = {"kk": "Құрылтай", "ru": "Курултай", "en": "Kurultai"}
ARCHIVE_NOTICES = {
    "kk": "Парламент Сенаты: өкілеттігі тоқтатылған күн — 2026 жылғы 1 шілде. "
          "Бұл сайт — оның мұрағаты. Ізбасары: Қазақстан Республикасының Құрылтайы.",
    "ru": "Сенат Парламента: 1 июля 2026 г. полномочия прекращены. Этот сайт — архив. "
          "Преемник: Курултай Республики Казахстан.",
    "en": "Senate of the Parliament ceased its powers on 1 July 2026. "
          "This site is its archive. Successor: Kurultai of the Republic of Kazakhstan.",
}
REFUSALS = {
    "kk": "өкілеттігі тоқтатылған күн — 2026 жылғы 1 шілде. Осы күннен бастап немесе одан кейінгі күнмен ешбір "
          "хабарлама жариялауға болмайды.",
    "ru": "Сенат Парламента Республики Казахстан: 1 июля 2026 г. полномочия прекращены. Пресс-релиз нельзя "
          "опубликовать в этот день или позже.",
    "en": "ceased its powers on 1 July 2026: no release can be published on or after that day.",
}


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def text_of(html):
    """What a reader sees of a piece of HTML: tags gone, white space collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html.replace("<wbr>", "")))).strip()


def notice(html):
    found = re.search(r'<p class="notice notice--archive"[^>]*>(.*?)</p>', html, re.S)
    return found and re.sub(r" ([.:])", r"\1", text_of(found.group(1)))


@pytest.fixture
def senate_archive():
    """The sample configuration: the Senate, which ceased its powers on 1 July 2026."""
    call_command("load_institution", verbosity=0)
    return Institution.current()


@pytest.fixture
def kurultai_release():
    """A release of the Kurultai with a participant, a quote and a correction: every part a page shows."""
    make_institution()
    person = make_person(slug="yerlan-koshanov", name_kk="Ерлан Қошанов", name_ru="Ерлан Кошанов",
                         name_en="Yerlan Koshanov", position_en="Chairman", position_ru="Председатель",
                         position_kk="Төраға")
    release = make_release(section=make_section(slug="sittings"), title="Budget hearing",
                           correction_en="The date of the hearing has been corrected.",
                           correction_ru="Исправлена дата слушаний.", correction_kk="Тыңдау күні түзетілді.")
    add_participant(release, person)
    add_quote(release, person, text_ru="Нужны практические шаги.", text_kk="Нақты қадамдар керек.")
    return release


def test_a_second_institution_names_itself_and_never_the_senate_on_any_page_in_any_language(
    kurultai_release, admin_client
):
    release, client = kurultai_release, Client()
    removed = make_release(title="Removed", status=Status.UNPUBLISHED, days_ago=3)
    published = timezone.localtime(release.published_at)
    for language in LANGUAGES:
        with translation.override(language):
            pages = [
                reverse("releases:index"), release.get_absolute_url(), removed.get_absolute_url(),
                reverse("releases:year", kwargs={"year": published.year}),
                reverse("releases:month", kwargs={"year": published.year, "month": published.month}),
                reverse("releases:section", kwargs={"slug": "sittings"}),
                reverse("releases:person", kwargs={"slug": "yerlan-koshanov"}),
                reverse("releases:search") + "?q=budget", f"/{language}/no-such-page/",
            ]
            feeds = [reverse("releases:feed_rss"), reverse("releases:feed_atom"),
                     reverse("releases:section_feed_atom", kwargs={"slug": "sittings"}),
                     reverse("releases:person_feed_rss", kwargs={"slug": "yerlan-koshanov"})]
        for page in pages:
            response = client.get(page)
            html = response.content.decode()
            assert response.status_code in (200, 404, 410), page
            assert f" — {KURULTAI[language]}</title>" in html, page
            assert not re.search("senat|сенат", html, re.I), page
        for feed in feeds:
            xml = client.get(feed).content.decode()
            assert KURULTAI[language] in xml or SHORT_NAMES[language] in xml, feed
            assert not re.search("senat|сенат", xml, re.I), feed
        for page in ("/admin/", change_url(release), "/admin/releases/institution/", "/admin/releases/positionterm/add/"):
            html = admin_client.get(page, headers={"accept-language": language}).content.decode()
            assert "<title>" in html and SHORT_NAMES[language] in html, page
            assert not re.search("senat|сенат", html, re.I), page
    for address in ("/robots.txt", "/sitemap.xml", "/sitemap-releases.xml", "/api/releases/",
                    f"/api/releases/{release.pk}/", "/api/openapi.json"):
        assert not re.search("senat|сенат", client.get(address).content.decode(), re.I), address
    archive_description = bag_info("https://press.kurultai.example")
    assert archive_description["Source-Organization"] == KURULTAI["en"]
    assert not re.search("senat|сенат", str(archive_description), re.I)


def test_an_institution_still_in_office_shows_no_archive_notice(client, kurultai_release):
    assert notice(client.get("/en/").content.decode()) is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_of_a_closed_archive_says_so_in_the_readers_language(client, senate_archive, language):
    release = make_release(title="Last sitting", published_at=timezone.make_aware(timezone.datetime(2026, 6, 25)))
    with translation.override(language):
        pages = [reverse("releases:index"), release.get_absolute_url(), reverse("releases:search") + "?q=sitting",
                 reverse("releases:section", kwargs={"slug": release.section.slug}), f"/{language}/no-such-page/"]
    for page in pages:
        html = client.get(page).content.decode()
        assert notice(html) == ARCHIVE_NOTICES[language], page
        assert 'href="https://www.parlam.kz/"' in html


def test_a_closed_institution_without_a_short_name_is_named_in_full(client):
    make_institution(short_name_kk="", short_name_ru="", short_name_en="", active_until=date(2026, 7, 1))
    assert notice(client.get("/en/").content.decode()).startswith(
        "Kurultai of the Republic of Kazakhstan ceased its powers on 1 July 2026.")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_closed_archive_refuses_to_publish_a_new_release_in_the_admins_language(senate_archive, language):
    publisher = staff_client(f"publisher-{language}", "Publishers", language=language)
    draft = make_release(title="Too late", status=Status.DRAFT)
    response = publisher.post(change_url(draft), form_data(draft, status=Status.PUBLISHED))
    assert response.status_code == 200
    assert REFUSALS[language] in text_of(response.content.decode())
    response = publisher.post("/admin/releases/release/", {"action": "publish", "_selected_action": [draft.pk]},
                              follow=True)
    assert REFUSALS[language] in text_of(response.content.decode())
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    with translation.override(language):
        assert Client().get(draft.get_absolute_url()).status_code == 404


def test_no_release_may_be_scheduled_for_the_day_the_powers_end_or_later(publisher):
    last_day = timezone.localdate() + timedelta(days=10)
    make_institution(active_until=last_day)
    draft = make_release(title="Scheduled", status=Status.DRAFT)
    late = form_data(draft, status=Status.PUBLISHED, published_at_0=last_day.isoformat(), published_at_1="09:00:00")
    assert "no release can be published on or after that day" in publisher.post(change_url(draft), late).content.decode()
    early = form_data(draft, status=Status.PUBLISHED, published_at_0=(last_day - timedelta(days=1)).isoformat(),
                      published_at_1="09:00:00")
    assert publisher.post(change_url(draft), early).status_code == 302


def test_a_publisher_corrects_a_release_of_a_closed_archive_and_readers_see_the_dated_note(senate_archive, publisher, client):
    release = make_release(title="Hearing", published_at=timezone.make_aware(timezone.datetime(2026, 6, 25, 10)))
    response = publisher.post(change_url(release), form_data(
        release, title_en="Hearing on water", correction_en="The title has been corrected.",
        correction_ru="Исправлен заголовок.", correction_kk="Тақырып түзетілді.",
    ))
    assert response.status_code == 302
    release.refresh_from_db()
    today = timezone.localdate()
    assert timezone.localdate(release.corrected_at) == today

    expected = {
        "en": f"Corrected on {today.day} {today:%B} {today.year}: The title has been corrected.",
        "ru": "Исправлено",
        "kk": "Түзетілді,",
    }
    for language in LANGUAGES:
        with translation.override(language):
            html = client.get(release.get_absolute_url()).content.decode()
        found = re.search(r'<p class="notice notice--correction"[^>]*>(.*?)</p>', html, re.S)
        assert found, language
        assert text_of(found.group(1)).startswith(expected[language])
    assert "Исправлен заголовок." in client.get(url_in("ru", "releases:feed_rss")).content.decode()
    [entry] = feedparser.parse(client.get(url_in("en", "releases:feed_atom")).content).entries
    assert entry.summary.endswith("The title has been corrected.")
    with translation.override("en"):
        assert release.get_absolute_url() in client.get("/sitemap-releases.xml").content.decode()
    correction = client.get(f"/api/releases/{release.pk}/").json()["correction"]
    assert correction["note"] == {"kk": "Тақырып түзетілді.", "kk-Latn": "Taqyryp tüzetıldı.",
                                  "ru": "Исправлен заголовок.", "en": "The title has been corrected."}
    assert timezone.localdate(datetime.fromisoformat(correction["date"])) == today  # an instant, in UTC


def test_a_release_never_corrected_says_nothing_of_corrections(client):
    release = make_release(title="Plain")
    with translation.override("en"):
        assert "notice--correction" not in client.get(release.get_absolute_url()).content.decode()
    assert client.get(f"/api/releases/{release.pk}/").json()["correction"] is None


def test_each_release_page_offers_a_citation_with_its_permanent_address(client, kurultai_release):
    release = kurultai_release
    today = timezone.localdate()
    published = timezone.localtime(release.published_at)
    with translation.override("en"):
        html = client.get(release.get_absolute_url()).content.decode()
    citation = text_of(re.search(r'<p class="citation__text" id="citation-text">(.*?)</p>', html, re.S).group(1))
    assert citation == (
        f"Kurultai of the Republic of Kazakhstan. “Budget hearing en”. Press release, "
        f"{published.day} {published:%B} {published.year}. http://testserver/en/r/{release.pk}/ "
        f"(accessed {today.day} {today:%B} {today.year})."
    )
    assert 'data-copy-from="citation-text"' in html
    with translation.override("ru"):
        html = client.get(release.get_absolute_url()).content.decode()
    citation = text_of(html)
    assert "Курултай Республики Казахстан. «Budget hearing ru». Пресс-релиз," in citation
    assert f"http://testserver/ru/r/{release.pk}/ (дата обращения:" in citation


def test_the_permanent_address_survives_every_change_of_slug(client):
    release = make_release(title="Water")
    permanent = url_in("en", "releases:permanent", pk=release.pk)
    assert client.get(permanent)["Location"] == "/en/releases/water-en/"
    release.slug_en = "water-security"
    release.save()
    release.slug_en = "hearings-on-water-security"
    release.save()
    response = client.get(permanent, follow=True)
    assert response.redirect_chain[-1][0] == "/en/releases/hearings-on-water-security/"
    assert response.status_code == 200
    assert client.get(url_in("ru", "releases:permanent", pk=release.pk))["Location"] == "/ru/releases/water-ru/"
    api = client.get(f"/api/releases/{release.pk}/").json()
    assert api["permanent_url"]["en"] == f"http://testserver{permanent}"


def test_a_release_readers_never_saw_has_no_permanent_address(client):
    draft = make_release(title="Draft", status=Status.DRAFT)
    assert client.get(url_in("en", "releases:permanent", pk=draft.pk)).status_code == 404
    assert client.get(url_in("en", "releases:permanent", pk=draft.pk + 1000)).status_code == 404


def test_the_institutions_own_emblem_heads_every_page_and_a_replaced_one_leaves_no_file(
    client, django_capture_on_commit_callbacks
):
    institution = make_institution()
    institution.emblem = ContentFile(parliament_illustration(seed=1), name="kurultai.jpg")
    institution.save()
    first = institution.emblem.name
    html = client.get("/en/").content.decode()
    assert f'<img class="brand__emblem" src="/media/{first}"' in html
    assert "/static/img/emblem.svg" not in html

    institution.emblem = ContentFile(parliament_illustration(seed=2), name="kurultai-new.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        institution.save()
    assert not default_storage.exists(first) and default_storage.exists(institution.emblem.name)


def test_a_bad_institution_file_is_refused_with_the_reason_and_changes_nothing(tmp_path):
    make_institution()
    bad = tmp_path / "institution.json"
    bad.write_text('{"name": {"en": "Another chamber"}, "active_until": "1 July"}', encoding="utf-8")
    with pytest.raises(CommandError, match="active_until"):
        call_command("load_institution", bad, verbosity=0)
    assert Institution.current().name_en == "Kurultai of the Republic of Kazakhstan"
