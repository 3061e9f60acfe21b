"""Keep each release's search vectors current in the database, whatever saves the data.

Weights: title A, lead B, body D (its tags stripped), participants' names and quotes C.
Every language's vector holds every spelling of the participants' names, so a reader
finds a person whichever alphabet they type in.

A release's own text is turned into words when the row is written (a BEFORE trigger),
the expensive part, once. Quotes, participants and people change only the C part:
statement triggers see the changed rows through transition tables and, in one UPDATE
per statement, keep the A, B and D words (ts_filter) and append new C words. The C
part always comes last, so both paths give the same vector, and a bulk_create of
thousands of participants costs one cheap UPDATE.

PostgreSQL has no Kazakh stemmer: `kazakh_simple` is a copy of `simple` (lowercasing
only), and Kazakh queries match word prefixes instead (see releases/search.py).
"""

from django.db import migrations

SEARCH_FUNCTIONS = r"""
CREATE TEXT SEARCH CONFIGURATION kazakh_simple (COPY = simple);

-- A release's own text: title A, lead B, body D.
CREATE FUNCTION releases_search_text(config regconfig, title text, lead text, body text)
RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
    SELECT setweight(to_tsvector(config, coalesce(title, '')), 'A')
        || setweight(to_tsvector(config, coalesce(lead, '')), 'B')
        || setweight(to_tsvector(config, regexp_replace(coalesce(body, ''), '<[^>]*>|&#?\w+;', ' ', 'g')), 'D')
$$;

-- Each language's C part of one release: every spelling of its participants' names, its quotes.
CREATE FUNCTION releases_search_extras(release_id bigint, OUT kk tsvector, OUT ru tsvector, OUT en tsvector)
LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('kazakh_simple', concat_ws(' ', people.names, quotes.kk)), 'C'),
           setweight(to_tsvector('russian', concat_ws(' ', people.names, quotes.ru)), 'C'),
           setweight(to_tsvector('english', concat_ws(' ', people.names, quotes.en)), 'C')
    FROM
        (SELECT string_agg(concat_ws(' ', person.name_kk, person.name_ru, person.name_en, person.alternative_names), ' ') AS names
         FROM releases_participant AS participant
         JOIN releases_person AS person ON person.id = participant.person_id
         WHERE participant.release_id = releases_search_extras.release_id) AS people,
        (SELECT string_agg(quote.text_kk, ' ') AS kk, string_agg(quote.text_ru, ' ') AS ru,
                string_agg(quote.text_en, ' ') AS en
         FROM releases_quote AS quote
         WHERE quote.release_id = releases_search_extras.release_id) AS quotes
$$;

CREATE FUNCTION releases_search_release_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT releases_search_text('kazakh_simple', NEW.title_kk, NEW.lead_kk, NEW.body_kk) || extras.kk,
           releases_search_text('russian', NEW.title_ru, NEW.lead_ru, NEW.body_ru) || extras.ru,
           releases_search_text('english', NEW.title_en, NEW.lead_en, NEW.body_en) || extras.en
    INTO NEW.search_kk, NEW.search_ru, NEW.search_en
    FROM releases_search_extras(NEW.id) AS extras;
    RETURN NEW;
END
$$;

-- New C parts for these releases; their own words stay as they are.
CREATE FUNCTION releases_refresh_search_extras(release_ids bigint[]) RETURNS void LANGUAGE sql AS $$
    UPDATE releases_release AS release
    SET (search_kk, search_ru, search_en) = (
        SELECT ts_filter(release.search_kk, '{a,b,d}') || extras.kk,
               ts_filter(release.search_ru, '{a,b,d}') || extras.ru,
               ts_filter(release.search_en, '{a,b,d}') || extras.en
        FROM releases_search_extras(release.id) AS extras
    )
    WHERE release.id = ANY(release_ids)
$$;

-- For quotes and participants: both carry release_id.
CREATE FUNCTION releases_search_part_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM releases_refresh_search_extras(ARRAY(SELECT DISTINCT release_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM releases_refresh_search_extras(ARRAY(SELECT DISTINCT release_id FROM old_rows));
    ELSE
        PERFORM releases_refresh_search_extras(ARRAY(
            SELECT release_id FROM new_rows UNION SELECT release_id FROM old_rows
        ));
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION releases_search_person_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM releases_refresh_search_extras(ARRAY(
        SELECT DISTINCT participant.release_id
        FROM new_rows JOIN old_rows USING (id)
        JOIN releases_participant AS participant ON participant.person_id = new_rows.id
        WHERE (new_rows.name_kk, new_rows.name_ru, new_rows.name_en, new_rows.alternative_names)
           IS DISTINCT FROM (old_rows.name_kk, old_rows.name_ru, old_rows.name_en, old_rows.alternative_names)
    ));
    RETURN NULL;
END
$$;

CREATE TRIGGER search_on_insert BEFORE INSERT ON releases_release
    FOR EACH ROW EXECUTE FUNCTION releases_search_release_written();
-- Only when searchable text changed: not for a view count or a status.
CREATE TRIGGER search_on_update BEFORE UPDATE ON releases_release
    FOR EACH ROW WHEN (
        (NEW.title_kk, NEW.title_ru, NEW.title_en, NEW.lead_kk, NEW.lead_ru, NEW.lead_en,
         NEW.body_kk, NEW.body_ru, NEW.body_en)
        IS DISTINCT FROM
        (OLD.title_kk, OLD.title_ru, OLD.title_en, OLD.lead_kk, OLD.lead_ru, OLD.lead_en,
         OLD.body_kk, OLD.body_ru, OLD.body_en)
    ) EXECUTE FUNCTION releases_search_release_written();
"""

# Quotes and participants have the same three triggers.
PART_TRIGGERS = r"""
CREATE TRIGGER search_on_insert AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION releases_search_part_changed();
CREATE TRIGGER search_on_update AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION releases_search_part_changed();
CREATE TRIGGER search_on_delete AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION releases_search_part_changed();
"""

PERSON_TRIGGER = r"""
CREATE TRIGGER search_on_update AFTER UPDATE ON releases_person
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION releases_search_person_changed();
"""

# The releases already there: their own words, then their C parts.
FILL_EXISTING = """
UPDATE releases_release SET
    search_kk = releases_search_text('kazakh_simple', title_kk, lead_kk, body_kk),
    search_ru = releases_search_text('russian', title_ru, lead_ru, body_ru),
    search_en = releases_search_text('english', title_en, lead_en, body_en);
SELECT releases_refresh_search_extras(ARRAY(SELECT id FROM releases_release));
"""

DROP_ALL = r"""
DROP TRIGGER search_on_update ON releases_person;
DROP TRIGGER search_on_insert ON releases_quote;
DROP TRIGGER search_on_update ON releases_quote;
DROP TRIGGER search_on_delete ON releases_quote;
DROP TRIGGER search_on_insert ON releases_participant;
DROP TRIGGER search_on_update ON releases_participant;
DROP TRIGGER search_on_delete ON releases_participant;
DROP TRIGGER search_on_insert ON releases_release;
DROP TRIGGER search_on_update ON releases_release;
DROP FUNCTION releases_search_person_changed();
DROP FUNCTION releases_search_part_changed();
DROP FUNCTION releases_refresh_search_extras(bigint[]);
DROP FUNCTION releases_search_release_written();
DROP FUNCTION releases_search_extras(bigint);
DROP FUNCTION releases_search_text(regconfig, text, text, text);
DROP TEXT SEARCH CONFIGURATION kazakh_simple;
UPDATE releases_release SET search_kk = NULL, search_ru = NULL, search_en = NULL;
"""


class Migration(migrations.Migration):

    dependencies = [
        ("releases", "0004_search_vectors_and_alternative_names"),
    ]

    operations = [
        migrations.RunSQL(
            SEARCH_FUNCTIONS
            + PART_TRIGGERS.format(table="releases_quote")
            + PART_TRIGGERS.format(table="releases_participant")
            + PERSON_TRIGGER
            + FILL_EXISTING,
            reverse_sql=DROP_ALL,
        ),
    ]
