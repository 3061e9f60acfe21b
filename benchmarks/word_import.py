"""How long reading an uploaded file takes the admin's request, and how fast a bad one is refused.

    .venv/bin/python benchmarks/word_import.py [--repeat 5]

Reads the test Word document (a two-page release), the same document with its body
repeated a hundred times (a long one, near what an editor may upload), and the old site's
text, through releases.documents.read_release with no known people (no database). Then
times the refusals of the zip bomb, an entity-expansion (DTD) bomb and the password-
protected file. Prints the median and the slowest time of each, and the peak memory
Python allocated while reading the long document.
"""

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "senate_press.settings.test")

import django  # noqa: E402

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402

from releases import documents, legacy  # noqa: E402
from tests.helpers import declaring_entities, with_document_xml  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
OLD_SITE_TEXT = ROOT / "tests" / "data" / "legacy" / "8816.en.txt"


def long_document(docx, copies):
    """The body's paragraphs after the date, repeated: the recogniser still finds one title, date and credit."""
    def repeat(xml):
        start = xml.index("<w:p>", xml.index("06.12.2023"))
        end = xml.index("<w:p>", xml.index("The Address is published"))
        return xml[:start] + xml[start:end] * copies + xml[end:]
    return with_document_xml(docx, repeat)


def timed(name, data, repeat):
    """Seconds each read took, and what it gave: the draft, or the refusal's code."""
    times, outcome = [], None
    for _ in range(repeat):
        upload = SimpleUploadedFile(name, data)
        start = time.perf_counter()
        try:
            draft = documents.read_release(upload, "en", legacy.PeopleDirectory([]))
            outcome = f"read: {len(draft.fields['body_en']):,} characters of body, {len(draft.quotes)} quotes"
        except ValidationError as refusal:
            outcome = f"refused: {refusal.code}"
        times.append(time.perf_counter() - start)
    return times, outcome


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    release = (FIXTURES / "release.docx").read_bytes()
    long_release = long_document(release, 100)
    cases = [
        ("release.docx", release),
        ("long.docx", long_release),
        ("release.txt", OLD_SITE_TEXT.read_bytes()),
        ("zip-bomb.docx", (FIXTURES / "zip-bomb.docx").read_bytes()),
        ("dtd-bomb.docx", declaring_entities(release)),
        ("encrypted.docx", (FIXTURES / "encrypted.docx").read_bytes()),
    ]
    print(f"{'file':<16} {'size':>10} {'median':>9} {'slowest':>9}  outcome")
    for name, data in cases:
        times, outcome = timed(name, data, repeat)
        print(f"{name:<16} {len(data):>10,} {statistics.median(times):>8.3f}s {max(times):>8.3f}s  {outcome}")
    tracemalloc.start()
    documents.read_release(SimpleUploadedFile("long.docx", long_release), "en", legacy.PeopleDirectory([]))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak memory Python allocated reading long.docx: {peak / 1024 / 1024:.1f} MB")


if __name__ == "__main__":
    main()
