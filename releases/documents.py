"""Reading a release from a file an editor uploads: a Word document (.docx) or a text of the old site (.txt).

The file is checked before anything in it is unpacked or parsed; what is refused gets a
ValidationError in the editor's language. Its text goes through the old site's recogniser
(releases/legacy.py), one paragraph a line, and the body keeps the Word document's
headings, emphasis, lists and links. Nothing is written anywhere: the admin fills the add
form with the draft (`read_release`), and the editor checks it and saves.
"""

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath

import mammoth
import olefile
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from . import legacy
from .html import clean_html, html_to_text, paragraphs_to_html, split_blocks
from .text import normalise_quote

MAX_BYTES = 20 * 1024 * 1024
# A Word document is a zip archive. Python's zipfile never unpacks an entry beyond the size
# its directory declares, so checking the declared sizes is enough to refuse a zip bomb.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# Apache POI's defaults: an entry over 1 MB may unpack to at most a hundred times its packed size.
MAX_RATIO = 100
RATIO_CHECKED_FROM = 1024 * 1024
MAX_ENTRIES = 1000
# A DTD's start in each encoding an XML parser reads.
DTD_MARKS = tuple("<!DOCTYPE".encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be"))

WORD_EXTENSION, TEXT_EXTENSION = ".docx", ".txt"
# An old .doc is looked into only to tell the editor how to make it a .docx.
OLD_WORD_EXTENSION = ".doc"
# The release's title is the page's <h1>, so Word's headings start one level below it.
WORD_STYLE_MAP = """
p[style-name='Title'] => h2:fresh
p[style-name='Heading 1'] => h2:fresh
p[style-name='Heading 2'] => h3:fresh
p[style-name='Heading 3'] => h4:fresh
p[style-name='Heading 4'] => h4:fresh
p[style-name='Heading 5'] => h4:fresh
p[style-name='Heading 6'] => h4:fresh
"""


def not_word():
    return ValidationError(
        _("This file is not a Word document, whatever its name says. Open it in Word, "
          "save it as a Word document (.docx) and upload that."),
        code="not_word",
    )


def damaged():
    return ValidationError(
        _("The document is damaged or incomplete and cannot be read. Open it in Word, save it anew and upload that."),
        code="damaged",
    )


@dataclass
class Source:
    """A file's text, one paragraph a line, and the block of body HTML each line comes from."""

    lines: list[str]
    blocks: list[str]
    block_of_line: list[int]
    # A Word document's lines are its paragraphs, and are named so to the editor.
    from_word: bool = False

    @classmethod
    def from_blocks(cls, blocks):
        """Each block's lines: a list's items are a line each, as the old site's text had them."""
        lines, block_of_line = [], []
        for number, block in enumerate(blocks):
            for line in html_to_text(block).splitlines():
                if line.strip():
                    lines.append(line.strip())
                    block_of_line.append(number)
        return cls(lines, blocks, block_of_line, from_word=True)

    @classmethod
    def from_text(cls, text):
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return cls(lines, [paragraphs_to_html([line]) for line in lines], list(range(len(lines))))

    @property
    def text(self):
        return "\n".join(self.lines)

    def body(self, release):
        """The body of the paragraphs the recogniser kept, with the file's markup, and its quotes' places in it.

        Returns (body HTML, {a quote's line: its after_paragraph}). A block all of whose lines
        are in the body is kept whole, so a list stays a list; a line the recogniser changed
        or split from its block becomes a plain paragraph.
        """
        found, start = [], 0  # the index of each body paragraph's line; None if the recogniser changed it
        for paragraph in release.paragraphs:
            following = range(start, len(self.lines))
            index = next((index for index in following if self.lines[index].strip() == paragraph), None)
            found.append(index)
            start = start if index is None else index + 1
        lines_of_block = {}
        for index, block in enumerate(self.block_of_line):
            if self.lines[index].strip():
                lines_of_block.setdefault(block, []).append(index)
        in_body = set(found)
        blocks = []  # (the line number it starts at, counted from 1 as the recogniser does; HTML)
        for index, paragraph in zip(found, release.paragraphs):
            block = None if index is None else self.block_of_line[index]
            if block is not None and in_body.issuperset(lines_of_block[block]):
                if index == lines_of_block[block][0]:
                    blocks.append((index + 1, self.blocks[block]))
            else:
                line = index + 1 if index is not None else blocks[-1][0] if blocks else 0
                blocks.append((line, paragraphs_to_html([paragraph])))
        places = {quote.line: sum(1 for line, _html in blocks if line < quote.line) for quote in release.quotes}
        return "\n".join(html for _line, html in blocks), places


def read_upload(upload):
    """The uploaded .docx or .txt as a Source; ValidationError if it is refused."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; a file to import can be at most %(limit)s."),
            code="file_too_big", params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_BYTES)},
        )
    extension = PurePath(upload.name or "").suffix.lower()
    upload.seek(0)
    if extension in (WORD_EXTENSION, OLD_WORD_EXTENSION):
        return Source.from_blocks(word_blocks(upload))
    if extension == TEXT_EXTENSION:
        return Source.from_text(read_text(upload.read()))
    raise ValidationError(
        _("Choose a Word document (.docx) or a text file of the old site (.txt)."), code="unsupported_type"
    )


def word_blocks(file):
    """A .docx's paragraphs, headings and lists as blocks of cleaned body HTML; pictures are left out."""
    refuse_unsafe_archive(file)
    file.seek(0)
    try:
        converted = mammoth.convert_to_html(
            file,
            style_map=WORD_STYLE_MAP,
            include_embedded_style_map=False,  # a document's own rules would override ours
            convert_image=lambda image: [],  # never unpacked: the release's photo is chosen in the form
        )
    except (KeyError, OSError, ValueError, zipfile.BadZipFile):
        # A part missing or not what it should be; mammoth's own errors are OSErrors.
        raise damaged() from None
    except Exception as error:
        if type(error).__module__.startswith("xml."):  # malformed XML, from the minidom parser
            raise damaged() from None
        raise
    finally:
        file.seek(0)
    return split_blocks(clean_html(converted.value))


def refuse_unsafe_archive(file):
    """Refuse a password-protected or old-format document, a non-zip, a zip that unpacks to too much,
    and XML that declares a DTD."""
    header = file.read(len(olefile.MAGIC))
    file.seek(0)
    if header == olefile.MAGIC:
        refuse_ole(file)
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            refuse_zip_bomb(entries)
            if "word/document.xml" not in {entry.filename for entry in entries}:
                raise not_word()
            # Word never writes a DTD (ECMA-376 forbids them); one may hide an entity-expansion bomb,
            # which the XML parser would stop only after seconds of work. Any part may be named as XML.
            if any(mark in archive.read(entry) for entry in entries for mark in DTD_MARKS):
                raise damaged()
    except zipfile.BadZipFile:
        raise not_word() from None
    except (OSError, EOFError, zlib.error):
        raise damaged() from None


def refuse_zip_bomb(entries):
    unpacked = sum(entry.file_size for entry in entries)
    tightly_packed = any(
        entry.file_size > RATIO_CHECKED_FROM and entry.file_size > MAX_RATIO * max(entry.compress_size, 1)
        for entry in entries
    )
    if len(entries) > MAX_ENTRIES or unpacked > MAX_UNPACKED_BYTES or tightly_packed:
        raise ValidationError(
            _("This file would unpack to %(size)s, far more than a press release holds, and is refused so as not "
              "to overload the server. Open it in Word, save it anew and upload that."),
            code="zip_bomb", params={"size": filesizeformat(unpacked)},
        )


def refuse_ole(file):
    """Word saves a password-protected .docx, and every old .doc, as an OLE compound file, not a zip."""
    try:
        with olefile.OleFileIO(file) as ole:
            encrypted, old_word = ole.exists("EncryptedPackage"), ole.exists("WordDocument")
    except OSError:
        raise not_word() from None
    if encrypted:
        raise ValidationError(
            _("This document is protected by a password, so it cannot be read. In Word, remove the password "
              "(File → Info → Protect Document → Encrypt with Password), save, and upload it again."),
            code="encrypted",
        )
    if old_word:
        raise ValidationError(
            _("This is an old Word 97–2003 document (.doc). Open it in Word, save it as a Word document (.docx) "
              "and upload that."),
            code="old_word",
        )
    raise not_word()


def read_text(data):
    try:
        return legacy.read_text(data)
    except legacy.LegacyFormatError:
        raise ValidationError(
            _("This file is not text, although its name ends in .txt. Upload the old site's text saved as UTF-8, "
              "or the Word document."),
            code="not_text",
        ) from None


def read_release(upload, language=None, directory=None):
    """The uploaded file recognised as a release: `Draft`, or ValidationError saying why not."""
    source = read_upload(upload)
    try:
        release = legacy.recognise(source.text, language, directory or legacy.PeopleDirectory.from_database())
    except legacy.LegacyFormatError as error:
        lines = sorted({line for line, _reason in error.problems if line})
        message = ngettext_lazy(
            "The document is not laid out as a release (see paragraph %(lines)s): the title first, then the "
            "date as DD.MM.YYYY, then the paragraphs.",
            "The document is not laid out as a release (see paragraphs %(lines)s): the title first, then the "
            "date as DD.MM.YYYY, then the paragraphs.",
            "count",
        ) if source.from_word else ngettext_lazy(
            "The text is not laid out as a release (see line %(lines)s): the title first, then the date "
            "as DD.MM.YYYY, then the paragraphs.",
            "The text is not laid out as a release (see lines %(lines)s): the title first, then the date "
            "as DD.MM.YYYY, then the paragraphs.",
            "count",
        )
        raise ValidationError(
            message,
            code="not_a_release", params={"count": len(lines), "lines": ", ".join(map(str, lines)) or "1"},
        ) from None
    return Draft.of(release, source)


@dataclass
class Draft:
    """A release read from a file, as the admin's add form takes it: field values and inline rows."""

    language: str
    fields: dict
    participants: list[dict]
    quotes: list[dict]
    to_check: list[str]

    @classmethod
    def of(cls, release, source):
        code = release.language
        body, places = source.body(release)
        fields = {
            f"title_{code}": release.title,
            f"lead_{code}": release.lead,
            f"body_{code}": body,
            f"photo_credit_{code}": release.photo_credit,
            f"contact_line_{code}": release.contact_line,
            "published_at": release.published_at.isoformat(),
        }
        return cls(
            language=code,
            fields={name: value for name, value in fields.items() if value},
            participants=[
                {"person": participant.person.pk, f"role_{code}": participant.role, "position": number}
                for number, participant in enumerate(release.participants)
            ],
            quotes=[
                {
                    "speaker": quote.speaker.pk,
                    f"text_{code}": normalise_quote(quote.text, code),
                    "after_paragraph": places[quote.line],
                    "position": number,
                }
                for number, quote in enumerate(release.quotes)
            ],
            to_check=list(release.report.to_check),
        )
