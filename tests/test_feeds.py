import feedparser
import pytest
from django.core.files.base import ContentFile

from releases.illustrations import parliament_illustration
from releases.models import Release

from .factories import add_participant, make_institution, make_person, make_release, make_section
from .helpers import url_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kurultai():
    return make_institution()


def parsed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return response, feed


@pytest.fixture
def photo_release():
    photo = ContentFile(parliament_illustration(seed=1), name="session.jpg")
    return make_release(title="With photo", photo=photo, days_ago=1)


@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_latest_feed_parses_and_is_in_its_language(client, photo_release, kind, language):
    make_release(title="Draft", status=Release.Status.DRAFT)
    response, feed = parsed(client, url_in(language, f"feed_{kind}"))

    assert feed.version == ("rss20" if kind == "rss" else "atom10")
    assert feed.feed.language == language
    assert feed.feed.title and feed.feed.link.startswith("http://testserver/")
    assert [entry.title for entry in feed.entries] == [f"With photo {language}"]
    entry = feed.entries[0]
    assert entry.link == f"http://testserver{photo_release.get_absolute_url().replace('/kk/', f'/{language}/')}"
    assert entry.summary == f"Lead {language}"
    assert entry.published_parsed[:5] == photo_release.published_at.utctimetuple()[:5]
    assert entry.id == f"tag:kurultai.example.kz,2026:release-{photo_release.pk}-{language}"


def test_atom_feed_has_updated_id_and_author(client, photo_release):
    _response, feed = parsed(client, url_in("en", "feed_atom"))
    assert feed.feed.updated_parsed
    assert feed.feed.id
    assert feed.feed.author == "Press service of the Kurultai"
    assert feed.entries[0].updated_parsed[:5] == photo_release.updated_at.utctimetuple()[:5]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_photo_is_an_absolute_enclosure_with_its_size_and_type(client, photo_release, kind):
    _response, feed = parsed(client, url_in("en", f"feed_{kind}"))
    [enclosure] = feed.entries[0].enclosures
    assert enclosure.href == f"http://testserver{photo_release.photo.url}"
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) == photo_release.photo.size


def test_guid_stays_the_same_when_a_translation_and_its_slug_arrive(client):
    release = make_release(title="Later", languages=("ru",))
    _response, before = parsed(client, url_in("en", "feed_rss"))
    release.title_en = "Later en"
    release.save()
    _response, after = parsed(client, url_in("en", "feed_rss"))
    assert before.entries[0].id == after.entries[0].id
    assert before.entries[0].link != after.entries[0].link


def test_atom_marks_entries_shown_in_a_fallback_language(client):
    make_release(title="Russian only", languages=("kk", "ru"))
    make_release(title="Translated", days_ago=2)
    response, feed = parsed(client, url_in("en", "feed_atom"))
    russian, english = feed.entries
    assert russian.title == "Russian only ru" and russian.title_detail.language == "ru"
    assert english.title_detail.language == "en"


def test_section_and_person_feeds_hold_only_their_releases(client):
    culture = make_section(slug="culture", name_en="Culture", name_ru="Культура", name_kk="Мәдениет")
    plenary = make_section(slug="plenary", name_en="Plenary sittings")
    person = make_person()
    with_person = make_release(title="Culture with speaker", section=culture)
    add_participant(with_person, person)
    make_release(title="Plenary only", section=plenary)

    for kind in ("rss", "atom"):
        _response, feed = parsed(client, url_in("en", f"section_feed_{kind}", slug="culture"))
        assert feed.feed.title == "Culture: press releases. Kurultai"
        assert [entry.title for entry in feed.entries] == ["Culture with speaker en"]
        _response, feed = parsed(client, url_in("en", f"person_feed_{kind}", slug=person.slug))
        assert feed.feed.title == "Maulen Ashimbaev: press releases. Kurultai"
        assert [entry.title for entry in feed.entries] == ["Culture with speaker en"]

    assert client.get(url_in("en", "section_feed_rss", slug="no-such-section")).status_code == 404
    assert client.get(url_in("en", "person_feed_atom", slug="no-such-person")).status_code == 404


def test_list_pages_announce_their_feeds_in_the_head(client):
    section = make_section()
    person = make_person()
    add_participant(make_release(section=section), person)
    pages = {
        url_in("en", "index"): [url_in("en", "feed_rss"), url_in("en", "feed_atom")],
        url_in("en", "section", slug=section.slug): [
            url_in("en", "section_feed_rss", slug=section.slug), url_in("en", "section_feed_atom", slug=section.slug),
        ],
        url_in("en", "person", slug=person.slug): [
            url_in("en", "person_feed_rss", slug=person.slug), url_in("en", "person_feed_atom", slug=person.slug),
        ],
    }
    for page, feed_urls in pages.items():
        html = client.get(page).content.decode()
        head = html[: html.index("</head>")]
        rss, atom = feed_urls
        assert 'type="application/rss+xml" title="' in head and f'href="{rss}"' in head, page
        assert 'type="application/atom+xml" title="' in head and f'href="{atom}"' in head, page
