"""Importing a release from a file in the admin: a Word document or the old site's text, read into a draft
the editor checks and saves; a file that is refused is named in the editor's language and leaves nothing."""

import io
import zipfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains

from releases import documents
from releases.admin import IMPORTED_DRAFT
from releases.models import Release

from .factories import make_person
from .helpers import declaring_entities, staff_client, with_document_xml

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
OLD_SITE_TEXT = Path(__file__).parent / "data" / "legacy" / "8816.en.txt"
IMPORT_URL = reverse("admin:releases_release_import")
ADD_URL = reverse("admin:releases_release_add")


def fixture(name, upload_name=None):
    return SimpleUploadedFile(upload_name or name, (FIXTURES / name).read_bytes())


def release_docx():
    return (FIXTURES / "release.docx").read_bytes()


def old_site_text():
    return SimpleUploadedFile("release.txt", OLD_SITE_TEXT.read_bytes())


def known_people():
    ashimbaev = make_person()
    balaeva = make_person(
        slug="aida-balaeva", name_en="Aida Balaeva", name_ru="Аида Балаева", name_kk="Аида Балаева",
        position_en="Minister of Culture and Information",
    )
    return ashimbaev, balaeva


def media_files():
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_a_word_document_keeps_its_headings_emphasis_lists_and_links():
    known_people()
    draft = documents.read_release(fixture("release.docx"))

    body = draft.fields["body_en"]
    assert "<h2>Proposals of the experts</h2>" in body
    assert "<strong>significant component</strong>" in body
    assert "<em>September Address</em>" in body
    assert "<ul><li>support for creative projects in the regions;</li><li>help with bringing" in body
    assert "<ol><li>media and cinema;</li><li>music and design.</li></ol>" in body
    assert '<a href="https://www.akorda.kz/en" rel="noopener noreferrer">the President\'s site</a>' in body


def test_a_word_document_is_recognised_as_the_old_sites_text_is():
    ashimbaev, balaeva = known_people()
    draft = documents.read_release(fixture("release.docx"))

    assert draft.language == "en"
    assert draft.fields["title_en"] == (
        "The development of the creative industry was discussed by members of the Senate Experts Club"
    )
    assert datetime.fromisoformat(draft.fields["published_at"]).astimezone(ZoneInfo(settings.TIME_ZONE)).date() == (
        datetime(2023, 12, 6).date()
    )
    assert draft.fields["lead_en"].startswith("The meeting of the Club of Young Experts")
    assert draft.fields["contact_line_en"] == "Press service of the Senate, 74-72-27"
    assert draft.fields["photo_credit_en"] == "N. Baybulin"
    body = draft.fields["body_en"]
    for not_in_body in ("06.12.2023", "The meeting of the Club", "In the September Address", "Press service"):
        assert not_in_body not in body
    assert [row["person"] for row in draft.participants] == [ashimbaev.pk, balaeva.pk]
    first, second = draft.quotes
    assert first["speaker"] == second["speaker"] == ashimbaev.pk
    assert first["text_en"].startswith("In the September Address, the President")
    assert first["text_en"].endswith("as well as experts")
    assert second["text_en"] == "Today, participants in the creative industry need practical steps"
    # Where they are in the document: after "Maulen Ashimbaev emphasized …", and after the heading,
    # its paragraph and the two lists, each list one paragraph of the body.
    assert (first["after_paragraph"], second["after_paragraph"]) == (1, 5)


def test_the_old_sites_text_is_read_from_a_txt_file():
    ashimbaev, _balaeva = known_people()
    # As a reader copied it off the old site, the page's Russian toggles included.
    draft = documents.read_release(old_site_text(), language="en")

    assert draft.fields["title_en"].startswith("The development of the creative industry")
    assert draft.fields["body_en"].startswith("<p>Maulen Ashimbaev emphasized")
    assert {quote["speaker"] for quote in draft.quotes} == {ashimbaev.pk}


def assert_refused(upload, code, messages):
    """The upload is refused with the code; each language's message is shown on the import page; nothing is kept."""
    with pytest.raises(documents.ValidationError) as refusal:
        documents.read_release(upload)
    assert refusal.value.code == code
    for language, message in messages.items():
        upload.seek(0)
        response = staff_client(f"editor-{language}", "Editors", language).post(IMPORT_URL, {"file": upload})
        assert response.status_code == 200
        assertContains(response, message)
        assert IMPORTED_DRAFT not in response.wsgi_request.session
    assert not Release.objects.exists()
    assert media_files() == []


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    assert_refused(fixture("zip-bomb.docx"), "zip_bomb", {
        "en": "This file would unpack to 100.8\xa0MB, far more than a press release holds",
        "ru": "После распаковки этот файл занял бы 100,8\xa0МБ",
        "kk": "Бұл файл ашылғанда 100,8\xa0МБ болар еді",
    })


def test_a_document_of_many_small_files_adding_up_to_too_much_is_refused(monkeypatch):
    monkeypatch.setattr(documents, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(documents.ValidationError) as refusal:
        documents.read_release(fixture("release.docx"))
    assert refusal.value.code == "zip_bomb"


def test_a_password_protected_document_is_refused():
    assert_refused(fixture("encrypted.docx"), "encrypted", {
        "en": "This document is protected by a password",
        "ru": "Этот документ защищён паролем",
    })


def test_an_old_word_document_is_refused_with_how_to_make_it_a_docx():
    assert_refused(fixture("old-format.doc"), "old_word", {
        "en": "This is an old Word 97–2003 document (.doc). Open it in Word, save it as a Word document (.docx)",
        "ru": "Это документ старого формата Word 97–2003 (.doc).",
    })


def test_a_file_renamed_to_docx_is_refused():
    pdf = SimpleUploadedFile("release.docx", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    assert_refused(pdf, "not_word", {
        "en": "This file is not a Word document, whatever its name says.",
        "kk": "Атауы не десе де, бұл файл Word құжаты емес.",
    })


def test_a_zip_that_is_not_a_word_document_is_refused():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as spreadsheet:
        spreadsheet.writestr("xl/workbook.xml", "<workbook/>")
    assert_refused(SimpleUploadedFile("release.docx", archive.getvalue()), "not_word", {
        "ru": "Этот файл не является документом Word, что бы ни говорило его имя.",
        "en": "This file is not a Word document",
    })


def test_a_binary_file_renamed_to_txt_is_refused():
    assert_refused(fixture("release.docx", "release.txt"), "not_text", {
        "en": "This file is not text, although its name ends in .txt.",
        "ru": "Этот файл не текстовый, хотя его имя оканчивается на .txt.",
    })


def test_a_file_over_the_size_limit_is_refused_unread():
    oversized = SimpleUploadedFile("release.docx", b"\0" * (documents.MAX_BYTES + 1))
    assert_refused(oversized, "file_too_big", {
        "en": "The file is 20.0\xa0MB; a file to import can be at most 20.0\xa0MB.",
        "kk": "Файлдың көлемі 20,0\xa0МБ; импортталатын файл ең көбі 20,0\xa0МБ болуы мүмкін.",
    })


def test_another_kind_of_file_is_refused():
    assert_refused(SimpleUploadedFile("release.pdf", b"%PDF-1.7"), "unsupported_type", {
        "en": "Choose a Word document (.docx) or a text file of the old site (.txt).",
        "ru": "Выберите документ Word (.docx) или текстовый файл старого сайта (.txt).",
    })


def test_a_text_not_laid_out_as_a_release_is_refused_with_its_lines():
    text = "Senate sitting\n\nNo date here, only a paragraph.\n".encode()
    assert_refused(SimpleUploadedFile("release.txt", text), "not_a_release", {
        "en": "The text is not laid out as a release (see line 3)",
        "ru": "Текст не похож на пресс-релиз (см. строку 3)",
    })


def test_the_list_of_releases_offers_the_import_to_those_who_may_add(editor):
    changelist = editor.get(reverse("admin:releases_release_changelist"))
    assertContains(changelist, f'<a href="{IMPORT_URL}">Import from a file</a>', html=True)


def test_an_imported_file_opens_the_add_form_filled_in_and_saves_nothing(editor):
    ashimbaev, balaeva = known_people()
    response = editor.post(IMPORT_URL, {"file": fixture("release.docx")}, follow=True)

    assert response.redirect_chain[0][0].startswith(f"{ADD_URL}?imported=")
    assertContains(response, "“release.docx” is read into the form below. Check each field, choose the section")
    assertContains(response, 'value="The development of the creative industry was discussed by members of the Senate')
    assertContains(response, "&lt;h2&gt;Proposals of the experts&lt;/h2&gt;")  # in the body's textarea
    assertContains(response, 'value="2023-12-06"')
    assertContains(response, 'value="Press service of the Senate, 74-72-27"')
    assertContains(response, 'name="participants-TOTAL_FORMS" value="3"')  # and the usual empty row
    assertContains(response, f'<option value="{balaeva.pk}" selected>Aida Balaeva</option>', html=True)
    assertContains(response, 'name="quotes-TOTAL_FORMS" value="3"')
    assertContains(response, "In the September Address, the President of the country")
    assert not Release.objects.exists()


def test_the_add_form_of_another_import_is_not_filled_with_this_one(editor):
    known_people()
    first = editor.post(IMPORT_URL, {"file": fixture("release.docx")})
    editor.post(IMPORT_URL, {"file": old_site_text(), "language": "en"})

    assertContains(editor.get(first["Location"]), 'name="participants-TOTAL_FORMS" value="1"')


def test_only_those_who_may_add_releases_may_import(client, django_user_model):
    reader = django_user_model.objects.create_user("reader", password="pw", is_staff=True)
    client.force_login(reader)
    assert client.post(IMPORT_URL, {"file": fixture("release.docx")}).status_code == 403


def test_the_import_speaks_the_editors_language_and_marks_the_recognisers_english_notes():
    known_people()
    editor = staff_client("aliya", "Editors", "ru")
    response = editor.post(IMPORT_URL, {"file": fixture("release.docx")}, follow=True)

    assertContains(response, "«release.docx» прочитан в форму ниже. Проверьте каждое поле, выберите раздел")
    # "Kassym-Jomart Tokayev" is no one the site knows yet.
    assertContains(response, 'Проверьте: <span lang="en">')
    assertContains(response, "Tokayev")


def test_a_document_whose_xml_declares_entities_is_refused_before_it_is_parsed(monkeypatch):
    """Word never writes a DTD; this one's entities would expand to a hundred million copies of a word,
    which the XML parser stops only after seconds of work."""

    def parse(*args, **kwargs):
        raise AssertionError("the document was parsed")

    monkeypatch.setattr(documents.mammoth, "convert_to_html", parse)
    assert_refused(SimpleUploadedFile("release.docx", declaring_entities(release_docx())), "damaged", {
        "en": "The document is damaged or incomplete and cannot be read.",
        "kk": "Құжат бүлінген немесе толық емес, оны оқу мүмкін емес.",
    })


def test_a_word_document_not_laid_out_as_a_release_is_refused_with_its_paragraphs():
    undated = with_document_xml(release_docx(), lambda xml: xml.replace("06.12.2023", "Astana"))
    assert_refused(SimpleUploadedFile("release.docx", undated), "not_a_release", {
        "en": "The document is not laid out as a release (see paragraph 2)",
        "kk": "Құжат баспасөз релизі түрінде жазылмаған (2-абзацты қараңыз)",
    })
