"""A longer list of the most common Kazakh words in PostgreSQL's statistics, so it sees a rare Kazakh query as rare.

A Kazakh query word is an OR of tens of exact forms (releases/search.py). PostgreSQL
estimates a word missing from its list of common words as half as frequent as the
least common listed one, at most 0.5 %. With the default list, fifty forms of a rare
word look like a fifth of the archive, and the planner walks the newest-first index
testing every release instead of asking the GIN index. With ten times the list, the
least common listed word is rare, and so are the forms missing from it.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("releases", "0015_legacy_ids_and_terms_of_office"),
    ]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE releases_release ALTER COLUMN search_kk SET STATISTICS 1000; ANALYZE releases_release (search_kk);",
            "ALTER TABLE releases_release ALTER COLUMN search_kk SET STATISTICS -1; ANALYZE releases_release (search_kk);",
        ),
    ]
