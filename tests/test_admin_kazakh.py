"""The admin in Kazakh shows none of Django's English: locale_django/ fills in what Django's own
Kazakh catalogues lack."""

import ast
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import axes
import django
import pytest
from django.utils.text import capfirst

from releases.models import Release
from reversion.models import Version

from .factories import make_release
from .helpers import change_url, form_data

pytestmark = pytest.mark.django_db

DJANGO = Path(django.__file__).parent
CATALOGUES = [
    *(DJANGO / app / "locale" / "en" / "LC_MESSAGES" / "django.po" for app in ("contrib/admin", "contrib/auth")),
    # django-axes, whose login records the admin lists, has no English catalogue: its Russian one has the msgids.
    Path(axes.__file__).parent / "locale" / "ru" / "LC_MESSAGES" / "django.po",
]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr]|\{\w*\}")
# Words Kazakh shares with English, or too short to tell a leak from a name.
SHARED = {"ID", "Email", "OK"}


def msgids(catalogue, plurals=True):
    """The msgids (and msgid_plurals) of a .po file, unescaped."""
    text = Path(catalogue).read_text(encoding="utf-8")
    keyword = "msgid(?:_plural)?" if plurals else "msgid"
    for found in re.finditer(rf'^{keyword} ((?:".*"\n)+)', text, re.MULTILINE):
        yield "".join(ast.literal_eval(line) for line in found[1].splitlines())


def english_strings():
    """The admin's msgids (Django's admin and auth, axes), as the pieces a page shows between their
    placeholders, also with a capital first letter, as the admin shows model names."""
    pieces = {piece.strip(" “”—-:") for catalogue in CATALOGUES for msgid in msgids(catalogue) for piece in PLACEHOLDER.split(msgid)}
    pieces |= {capfirst(piece) for piece in pieces}
    return {piece for piece in pieces if re.search(r"[A-Za-z]{2}", piece) and piece not in SHARED}


class VisibleText(HTMLParser):
    """The text a user reads: text outside <script> and <style>, and the labels of buttons."""

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag == "input" and attrs.get("type") in ("submit", "button"):
            self.parts.append(attrs.get("value") or "")
        if attrs.get("placeholder"):
            self.parts.append(attrs["placeholder"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.parts.append(" ".join(data.split()))


def visible_text(response):
    assert response.status_code == 200, response.status_code
    parser = VisibleText()
    parser.feed(response.content.decode())
    return "\n".join(parser.parts)


def shown(strings, text):
    return {string for string in strings if re.search(rf"(?<!\w){re.escape(string)}(?!\w)", text)}


def saved_with_continue(client, release, language):
    """The change form again after a change saved with "Save and continue editing", with its message."""
    release.refresh_from_db()
    data = form_data(release, lead_en=f"Lead edited in {language}", _continue="1")
    return client.post(change_url(release), data, follow=True, headers={"accept-language": language})


def test_the_admin_pages_show_none_of_djangos_english_in_kazakh(admin_client):
    release = make_release()
    english = english_strings()
    pages = {
        "index": "/admin/",
        "changelist": "/admin/releases/release/",
        "add form": "/admin/releases/release/add/",
        "change form": change_url(release),
        "history": f"/admin/releases/release/{release.pk}/history/",
        "delete confirmation": f"/admin/releases/release/{release.pk}/delete/",
        "password change": "/admin/password_change/",
    }
    left_in_english = {}
    for page, url in pages.items():
        in_english = shown(english, visible_text(admin_client.get(url, headers={"accept-language": "en"})))
        assert in_english, f"the {page} shows none of Django's strings: the check would prove nothing"
        left_in_english[page] = shown(in_english, visible_text(admin_client.get(url, headers={"accept-language": "kk"})))

    in_english = shown(english, visible_text(saved_with_continue(admin_client, release, "en")))
    assert "was changed successfully." in in_english
    left_in_english["message after a save"] = shown(
        in_english, visible_text(saved_with_continue(admin_client, release, "kk"))
    )

    assert {page: strings for page, strings in left_in_english.items() if strings} == {}


def test_the_admins_javascript_has_every_string_in_kazakh(admin_client):
    response = admin_client.get("/admin/jsi18n/", headers={"accept-language": "kk"})
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.DOTALL)[1])
    # A message with a context is keyed "context\x04msgid"; a plural one by its singular.
    translated = {key.split("\x04")[-1] for key in catalogue}
    javascript = DJANGO / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po"
    assert set(msgids(javascript, plurals=False)) - {""} - translated == set()


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_application_on_the_admin_index_is_named_in_the_staff_members_language(admin_client, language):
    def headings(language):
        html = admin_client.get("/admin/", headers={"accept-language": language}).content.decode()
        return re.findall(r'<caption>\s*<a [^>]*class="section"[^>]*>([^<]+)</a>', html)

    english, translated = headings("en"), headings(language)
    assert "Login attempts" in english and len(translated) == len(english)
    assert set(english) & set(translated) == set()


@pytest.mark.parametrize("language, headings", [
    ("kk", ("Әрекет", "Жойылғаны", "Қалпына келтіру: Budget")),
    ("ru", ("Действие", "Удалено", "Восстановить: Budget")),
])
def test_the_history_and_recovery_pages_are_in_the_staff_members_language(admin_client, language, headings):
    """Our own history and recovery pages, and django-reversion's recovery form, which it has no Kazakh for."""
    release = make_release(title="Budget")
    admin_client.post(change_url(release), form_data(release, lead_en="Changed"))
    history = visible_text(admin_client.get(f"/admin/releases/release/{release.pk}/history/",
                                            headers={"accept-language": language}))
    admin_client.post(f"/admin/releases/release/{release.pk}/delete/", {"post": "yes"})
    recovery = visible_text(admin_client.get("/admin/releases/release/recover/", headers={"accept-language": language}))
    version = Version.objects.get_deleted(Release).get()
    recover_form = visible_text(admin_client.get(f"/admin/releases/release/recover/{version.pk}/",
                                                 headers={"accept-language": language}))
    action, deleted, recover = headings
    assert action in history and "Action" not in history
    assert deleted in recovery and "Deleted" not in recovery
    assert recover in recover_form and "Recover" not in recover_form
