"""Recall and precision of Kazakh search on a labelled set of queries over the sample archive.

    .venv/bin/python benchmarks/kazakh_search_quality.py [--labels benchmarks/kazakh_search_queries.json]
        [--server postgresql://postgres@127.0.0.1:5432] [--latin] [--verbose]

Each run makes the database `senate_kk_search_quality` afresh (on the embedded PostgreSQL
unless --server names one), loads the sample content into it and asks the Kazakh search
page each query, as a reader would. The labels name releases by their Kazakh slug; only
the releases the labels file lists as judged count (found by Kazakh slug or old-site id),
so the same labels run against a larger archive: other releases found are only counted apart. Prints recall and precision
over all queries (found relevant releases / all relevant ones; / all found judged ones),
and with --verbose each query's misses and extra finds. With --latin each query is typed
in Kazakh Latin letters on the /kk-latn/ search page instead.
"""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

PROJECT = Path(__file__).resolve().parent.parent
DATABASE = "senate_kk_search_quality"
LABELS = Path(__file__).resolve().parent / "kazakh_search_queries.json"


def fresh_database_url(server):
    if server:
        import psycopg

        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
            connection.execute(f"CREATE DATABASE {DATABASE}")
        return f"{server}/{DATABASE}"
    from senate_press.database import embedded_database_url

    url = embedded_database_url("postgres")
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    return embedded_database_url(DATABASE)


def judged_releases(judged):
    """{release id: its slug in the labels}: each judged release found by Kazakh slug or old-site id."""
    from releases.models import Release

    by_slug = {item["slug"]: item["slug"] for item in judged}
    by_old_id = {item["old_id"]: item["slug"] for item in judged}
    has_old_ids = any(field.name == "legacy_id" for field in Release._meta.get_fields())
    found = {}
    for release in Release.objects.published().values("pk", "slug_kk", *(["legacy_id"] if has_old_ids else [])):
        slug = by_slug.get(release["slug_kk"]) or by_old_id.get(release.get("legacy_id"))
        if slug:
            found[release["pk"]] = slug
    return found


def found_releases(client, query, language, judged):
    """The labels' slugs of the judged releases found, and how many others were."""
    response = client.get(f"/{language}/search/?{urlencode({'q': query})}")
    assert response.status_code == 200, (query, response.status_code)
    paginator = response.context["paginator"]
    ids = set(paginator.object_list.values_list("pk", flat=True)) if paginator else set()
    return {judged[pk] for pk in ids & judged.keys()}, len(ids - judged.keys())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--server", help="a PostgreSQL server URL without a database, e.g. postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--latin", action="store_true", help="type the queries in Latin letters on the /kk-latn/ pages")
    parser.add_argument("--verbose", action="store_true", help="print each query's misses and extra finds")
    args = parser.parse_args()
    labels = json.loads(args.labels.read_text(encoding="utf-8"))

    sys.path.insert(0, str(PROJECT))
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "senate_press.settings.dev",
        "DEBUG": "0",
        "PAGE_CACHE_SECONDS": "0",
        "DATABASE_URL": fresh_database_url(args.server),
        "MEDIA_ROOT": tempfile.mkdtemp(prefix="kk-search-quality-"),  # the sample photos
    })
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from releases.kazakh_latin import to_latin
    from releases.models import Release

    setup_test_environment()  # so responses carry their context
    call_command("migrate", verbosity=0)
    call_command("load_sample_content", verbosity=0)
    judged = judged_releases(labels["judged"])
    missing = {item["slug"] for item in labels["judged"]} - set(judged.values())
    if missing:
        sys.exit(f"Judged releases missing from the archive: {', '.join(sorted(missing))}")

    client = Client()
    relevant_found = relevant = found = elsewhere = 0
    with_misses, with_extras = [], []
    for item in labels["queries"]:
        query, language = (to_latin(item["query"]), "kk-latn") if args.latin else (item["query"], "kk")
        results, others = found_releases(client, query, language, judged)
        expected = set(item["finds"])
        relevant_found += len(results & expected)
        relevant += len(expected)
        found += len(results)
        elsewhere += others
        missed, extra = expected - results, results - expected
        with_misses += [item["query"]] if missed else []
        with_extras += [item["query"]] if extra else []
        if args.verbose and (missed or extra):
            print(f"{item['query']}: missed {sorted(missed)}, extra {sorted(extra)}")
    recall = relevant_found / relevant
    precision = relevant_found / found if found else 1.0
    print(
        f"{len(labels['queries'])} queries, {len(judged)} judged releases of {Release.objects.published().count()}: "
        f"recall {recall:.3f} ({relevant_found}/{relevant}), precision {precision:.3f} ({relevant_found}/{found}); "
        f"{elsewhere} finds among releases not judged"
    )
    print(f"{len(with_misses)} queries miss a release: {' '.join(with_misses)}")
    print(f"{len(with_extras)} queries find a wrong one: {' '.join(with_extras)}")


if __name__ == "__main__":
    main()
