"""Latin-script pages: what transliterating a Kazakh page on its way out costs.

    .venv/bin/python benchmarks/latin_markup.py [--runs 200] [--names 200]

No database: a release page is put together from the sample content's longest Kazakh
release (its body six times over, inside the markup of a real page: header, language links,
accessibility panel, JSON-LD), and releases.latin_pages.latin_markup turns it into Latin
script --runs times, with --names people's own Latin spellings to look for. Prints the
page's size and the median and 95th percentile time per page. Only a page the page cache
does not have yet pays this.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def sample_page():
    content = json.loads((PROJECT / "releases/sample_content/releases.json").read_text(encoding="utf-8"))
    release = max(content["releases"], key=lambda release: sum(map(len, release["body"]["kk"])))
    body = "".join(f"<p>{paragraph}</p>" for paragraph in release["body"]["kk"]) * 6
    header = "".join(
        f'<li><a href="/kk-latn/sections/{number}/" lang="kk-latn">{release["title"]["kk"]}</a></li>'
        for number in range(20)
    )
    panel = "".join(f'<button name="scheme" value="{number}" aria-pressed="false">Түс схемасы</button>' for number in range(40))
    return (
        f'<!DOCTYPE html><html lang="kk-latn"><head><title>{release["title"]["kk"]}</title>'
        f'<meta name="description" content="{release["lead"]["kk"]}">'
        '<link rel="alternate" hreflang="kk-latn" href="/kk-latn/"><script src="/static/js/share.js" defer></script>'
        f'<script type="application/ld+json">{json.dumps({"headline": release["title"]["kk"]}, ensure_ascii=False)}</script>'
        f'</head><body><header><nav><ul>{header}</ul></nav><a href="/ru/" lang="ru">Русский</a>'
        f'<details><summary>Арнайы мүмкіндіктер</summary>{panel}</details></header>'
        f'<main><h1>{release["title"]["kk"]}</h1><p>{release["lead"]["kk"]}</p>{body}</main></body></html>'
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--names", type=int, default=200)
    arguments = parser.parse_args()

    sys.path.insert(0, str(PROJECT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "senate_press.settings.test")
    os.environ.setdefault("DATABASE_URL", "postgres://unused/unused")  # nothing here reads the database
    import django

    django.setup()
    from releases.latin_pages import LatinSpelling, latin_markup

    page = sample_page()
    names = [("Мәулен Әшімбаев", "Maulen Ashimbayev")] + [
        (f"Адам{number} Тегі{number}", f"Adam{number} Tegi{number}") for number in range(arguments.names - 1)
    ]
    times = []
    for _run in range(arguments.runs):
        started = time.perf_counter()
        latin_markup(page, LatinSpelling(names))
        times.append(time.perf_counter() - started)
    times.sort()
    print(f"page: {len(page.encode()) / 1024:.0f} KiB of HTML, {arguments.names} own spellings")
    print(f"latin_markup per page: median {statistics.median(times) * 1000:.1f} ms, "
          f"p95 {times[int(len(times) * 0.95) - 1] * 1000:.1f} ms over {arguments.runs} runs")


if __name__ == "__main__":
    main()
