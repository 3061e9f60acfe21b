"""A release's search vectors are remade whenever an update would leave them empty.

Django writes every field of the object it saves, the search vectors too; an object that never
read them from the database (the one that created the release, a version restored from history)
writes NULL over them, and the trigger of 0005 remade them only when the text changed. Now an
update that leaves a vector NULL remakes all three, whoever wrote it; the releases this has
already happened to are remade here.
"""

from django.db import migrations

TEXT_CHANGED = """
    (NEW.title_kk, NEW.title_ru, NEW.title_en, NEW.lead_kk, NEW.lead_ru, NEW.lead_en,
     NEW.body_kk, NEW.body_ru, NEW.body_en)
    IS DISTINCT FROM
    (OLD.title_kk, OLD.title_ru, OLD.title_en, OLD.lead_kk, OLD.lead_ru, OLD.lead_en,
     OLD.body_kk, OLD.body_ru, OLD.body_en)
"""
VECTOR_MISSING = "NEW.search_kk IS NULL OR NEW.search_ru IS NULL OR NEW.search_en IS NULL"


def update_trigger(condition):
    return f"""
DROP TRIGGER search_on_update ON releases_release;
CREATE TRIGGER search_on_update BEFORE UPDATE ON releases_release
    FOR EACH ROW WHEN ({condition}) EXECUTE FUNCTION releases_search_release_written();
"""


class Migration(migrations.Migration):

    dependencies = [
        ("releases", "0018_offices_of_the_chamber"),
    ]

    operations = [
        migrations.RunSQL(
            update_trigger(f"{TEXT_CHANGED} OR {VECTOR_MISSING}")
            + "UPDATE releases_release SET search_kk = NULL WHERE search_kk IS NULL OR search_ru IS NULL OR search_en IS NULL;",
            reverse_sql=update_trigger(TEXT_CHANGED),
        ),
    ]
