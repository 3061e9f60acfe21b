"""What several test modules share: addresses in a language, readers, staff in the migration's groups,
the release form's post, Word files."""

import importlib
import io
import zipfile

from django.apps import apps
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from releases.models import Release

from .factories import make_section


# A browser's User-Agent: the view counter does not count robots.
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


def url_in(language, name, **kwargs):
    """The address of the page `releases:<name>` in `language`."""
    with translation.override(language):
        return reverse(f"releases:{name}", kwargs=kwargs)


def release_url_in(language, release):
    with translation.override(language):
        return release.get_absolute_url()


def reader(**extra):
    """A client as a reader's browser."""
    return Client(HTTP_USER_AGENT=BROWSER, **extra)


def views_of(release):
    release.refresh_from_db()
    return release.views


def create_groups():
    """The groups as the data migration makes them (a browser test's flush may have emptied the tables)."""
    importlib.import_module("releases.migrations.0003_editor_and_publisher_groups").create_groups(apps, None)


def staff_client(username, group, language="en"):
    """A client logged in as a member of the group, reading the admin in `language`, with an e-mail address."""
    create_groups()
    user = User.objects.create_user(
        username, email=f"{username}@senate.kz", password="pw", is_staff=True, first_name=username.title()
    )
    user.groups.add(Group.objects.get(name=group))
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def change_url(release):
    return f"/admin/releases/release/{release.pk}/change/"


def form_data(release=None, **changes):
    """What the change form posts: every language's fields, no participants or quotes."""
    when = timezone.localtime(release.published_at if release else timezone.now())
    data = {
        "section": (release.section if release else make_section()).pk,
        "status": release.status if release else Release.Status.DRAFT,
        "published_at_0": when.strftime("%Y-%m-%d"),
        "published_at_1": when.strftime("%H:%M:%S"),
        # The field has a callable default, so the form compares with the initial value it sent.
        "initial-published_at_0": when.strftime("%Y-%m-%d"),
        "initial-published_at_1": when.strftime("%H:%M:%S"),
        "version": release.version if release else 0,
        "participants-TOTAL_FORMS": 0, "participants-INITIAL_FORMS": 0,
        "quotes-TOTAL_FORMS": 0, "quotes-INITIAL_FORMS": 0,
    }
    for code in ("kk", "ru", "en"):
        for field in ("title", "slug", "lead", "body"):
            value = getattr(release, f"{field}_{code}") if release else f"{field}-{code}"
            data[f"{field}_{code}"] = value or ""
    data.update(changes)
    return data


def with_document_xml(docx, change):
    """A Word document (bytes) with its main part's XML passed through `change`."""
    original, output = zipfile.ZipFile(io.BytesIO(docx)), io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as changed:
        for entry in original.infolist():
            content = original.read(entry)
            if entry.filename == "word/document.xml":
                content = change(content.decode()).encode()
            changed.writestr(entry.filename, content)
    return output.getvalue()


def declaring_entities(docx):
    """The Word document (bytes) with a DTD whose entity expands to a hundred million words in place of its date."""
    entities = '<!DOCTYPE w [<!ENTITY a "Senate">' + "".join(
        f'<!ENTITY {name} "{f"&{previous};" * 10}">' for previous, name in zip("abcdefgh", "bcdefghi")
    ) + "]>"

    def declare(xml):
        declaration, rest = xml.split("?>", 1)
        return f"{declaration}?>{entities}{rest.replace('06.12.2023', '&i;')}"

    return with_document_xml(docx, declare)

