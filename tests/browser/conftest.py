"""One headless Chromium for the whole session, and a small site for it to visit."""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

from releases.illustrations import parliament_illustration

from ..factories import add_participant, add_quote, make_person, make_release
from ..helpers import create_groups

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
LANGUAGES = ("kk", "ru", "en")
BUSY_MACHINE_TIMEOUT_MS = 120_000

# Playwright's sync API runs an event loop in this thread, which makes Django
# refuse ORM calls from the tests' fixtures; they are synchronous all the same.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = "Browser tests skipped: Chromium not found; install it with `apt-get install chromium`"
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing, and CI must run the browser tests. {message}", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=BUSY_MACHINE_TIMEOUT_MS)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Opens a page in a fresh context (its own cookies); `a11y` presets the settings cookie."""
    contexts = []

    def open_page(a11y=None, width=1280, height=900, **context_options):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": height}, **context_options
        )
        # Waits, not measurements: generous, so a busy machine slows the tests without failing them.
        context.set_default_timeout(BUSY_MACHINE_TIMEOUT_MS)
        if a11y:
            context.add_cookies([{"name": "a11y", "value": a11y, "url": live_server.url}])
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def staff(transactional_db):
    """Makes an editor or a publisher in the data migration's groups, with an e-mail address; their username."""
    create_groups()

    def make(username, group):
        user = User.objects.create_user(
            username, email=f"{username}@senate.kz", password="pw-for-tests", is_staff=True,
            first_name=username.title(),
        )
        user.groups.add(Group.objects.get(name=group))
        return username

    return make


@pytest.fixture
def site(transactional_db):
    """A release with a photo, a quote and two people, and one older release: every page type has content."""
    make_release(title="Committee meeting", days_ago=3)
    release = make_release(
        title="Development of the creative industry discussed by the Senate Experts Club",
        photo=ContentFile(parliament_illustration(seed=1), name="session.jpg"),
        photo_alt_kk="Сенат ғимараты", photo_alt_ru="Здание Сената", photo_alt_en="The Senate building",
        body_kk="<p>Қазақстан Республикасы Парламенті Сенатының жанындағы Жас сарапшылар клубының отырысы өтті. "
                "Шығармашылық индустрияны дамытудың мүмкіндіктері талқыланды.</p><p>Екінші абзац.</p>",
    )
    speaker = make_person()
    add_participant(release, speaker, role_en="chaired the meeting")
    add_quote(release, speaker, text_en="Participants of the creative industry need practical steps.")
    return release


def page_urls(language, release):
    """One address of each page type, in a language."""
    published = release.published_at.astimezone()
    with translation.override(language):
        return {
            "list": reverse("releases:index"),
            "release": release.get_absolute_url(),
            "year": reverse("releases:year", kwargs={"year": published.year}),
            "month": reverse("releases:month", kwargs={"year": published.year, "month": published.month}),
            "section": release.section.get_absolute_url(),
            "person": release.participants.first().person.get_absolute_url(),
            "search": f"{reverse('releases:search')}?q={release.title.split()[0]}",
            "404": f"/{language}/no-such-page/",
        }
