"""Django's compilemessages, after writing the Latin-script Kazakh catalogue from the Cyrillic one.

Nobody types Latin Kazakh: locale/kk_Latn/LC_MESSAGES/*.po is the kk catalogue with every
translation passed through releases.kazakh_latin.to_latin, remade here each time the
catalogues are compiled (and checked by tests/test_latin_pages.py).
"""

import re

from django.conf import settings
from django.core.management.commands import compilemessages

from releases.kazakh_latin import to_latin

SOURCE = "kk"
TARGET = "kk_Latn"
# A translation's first line, and the lines that continue whatever line came before.
MSGSTR = re.compile(r'^(msgstr(?:\[\d+\])?\s+)(".*")$')
CONTINUATION = re.compile(r'^(".*")$')


def latin_catalogue(cyrillic_po):
    """The text of a .po file with its translations (not its source strings) in Latin script."""
    lines, in_translation = [], False
    for line in cyrillic_po.splitlines(keepends=True):
        if found := MSGSTR.match(line):
            in_translation = True
            line = found[1] + to_latin(found[2]) + "\n"
        elif in_translation and CONTINUATION.match(line):
            line = to_latin(line) if not line.startswith('"Language: ') else f'"Language: {TARGET}\\n"\n'
        else:
            in_translation = False
        lines.append(line)
    return "".join(lines)


def write_latin_catalogues():
    for locale_path in settings.LOCALE_PATHS:
        target = locale_path / TARGET / "LC_MESSAGES"
        for source in (locale_path / SOURCE / "LC_MESSAGES").glob("*.po"):
            target.mkdir(parents=True, exist_ok=True)
            (target / source.name).write_text(latin_catalogue(source.read_text(encoding="utf-8")), encoding="utf-8")


class Command(compilemessages.Command):
    help = compilemessages.Command.help + " The Latin-script Kazakh catalogue is first made from the Cyrillic one."

    def handle(self, **options):
        write_latin_catalogues()
        super().handle(**options)
