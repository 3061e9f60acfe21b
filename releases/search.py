"""Full-text search queries in each language, and highlighted snippets made safe to show.

A query is read as web-search syntax: "quoted phrases" (in «», “”, „“ too, as phone
keyboards in Russian and Kazakh type them), -excluded words and OR. It is built here
into a `to_tsquery` expression from letters and digits only, passed as a parameter.
Russian and English words go through PostgreSQL's stemmers.

PostgreSQL has no Kazakh stemmer. A Kazakh query word stands for every inflected form
of the words it may be a form of (releases/kazakh_forms.py): "Сенаттың" looks for сенат,
сенаттың, сенатқа, сенатының..., but not for сенатор, a word that merely begins the same
way. Forms past the plural or "our" ending (сенаттар..., сенатымыз...) are looked for by that
beginning, as a prefix. The Kazakh index keeps the words as written, so highlighting marks the forms found.
A word in Kazakh Latin letters ("senattyñ", as a reader of the /kk-latn/ pages types)
looks for the forms of the Cyrillic words it may have been written from, since the text
is stored in Cyrillic; the Latin pages show results and snippets in Latin letters.

People's names: a word that is part of a known person's name or alternative spelling
also finds that person's other spellings of it (Ashimbayev, Ashimbaev, Ашимбаев,
Әшімбаев), and a surname finds its Russian and Kazakh forms (Ашимбаева, Ашимбаеву,
Әшімбаевтың) by matching its base as a prefix. The query grows, the index does not.
"""

import html
import re
from contextlib import contextmanager
from typing import NamedTuple

from django.contrib.postgres.search import SearchQuery
from django.db import connection, transaction
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from .kazakh_forms import lemmas, search_terms
from .kazakh_latin import cyrillic_spellings
from .text import transliterate

# Each language's text search configuration; kazakh_simple is made by a migration.
CONFIGS = {"kk": "kazakh_simple", "ru": "russian", "en": "english"}

# Longer queries are cut to this many characters.
MAX_QUERY_LENGTH = 200

# Only this many of the newest matches are ranked and counted: ranking every release
# a common word matches would be slow, and no reader pages past a thousand results.
SEARCH_LIMIT = 1000

# Walking the releases newest first, PostgreSQL reads each release's search vector until it has
# SEARCH_LIMIT matches; through the search index it reads every match instead. Per release
# read, the walk costs about this many times as much (EXPLAIN ANALYZE of both plans at 100,000 releases).
WALK_COST = 3

# Each operand's share of releases, from the most common words PostgreSQL's statistics keep for a
# search vector (a word missing from them is rare), and the number of releases the statistics saw.
OPERAND_SHARES = """
    WITH frequent AS MATERIALIZED (
        SELECT array_to_tsvector(ARRAY[element.lexeme]) AS vector, element.share
        FROM pg_stats, unnest(most_common_elems::text::text[], most_common_elem_freqs) AS element(lexeme, share)
        WHERE schemaname = current_schema() AND tablename = %(table)s AND attname = %(column)s
            AND element.lexeme IS NOT NULL
    )
    SELECT operand.text, coalesce(sum(frequent.share), 0),
        (SELECT reltuples FROM pg_class WHERE oid = %(table)s::regclass)
    FROM unnest(%(operands)s::text[]) AS operand(text)
    CROSS JOIN LATERAL to_tsquery(%(config)s::regconfig, operand.text) AS query
    LEFT JOIN frequent ON frequent.vector @@ query
    GROUP BY operand.text
"""

# Shorter query words are not looked up among people's names.
MIN_NAME_PART = 3

# Words too common to narrow a search, left out of queries (outside "phrases") as PostgreSQL's
# Russian and English configurations leave out theirs; a query of nothing else finds nothing.
KAZAKH_STOPWORDS = {
    "және", "мен", "бен", "пен", "туралы", "үшін", "бойынша", "арқылы", "немесе", "бірақ",
    "ал", "да", "де", "та", "те", "бұл", "осы", "сол", "ол", "ғана", "тек", "еді", "екен",
}

# A term of web-search syntax: an optional minus, then a "quoted phrase" (closing quote optional) or a word.
QUERY_TERM = re.compile(r'(?P<minus>-?)(?:["«“„](?P<phrase>[^"«»“”„]*)["»”“]?|(?P<word>[^\s"«»“”„]+))')
WORD = re.compile(r"[^\W_]+")
# Characters that join letters and digits into one token of PostgreSQL's parser (host, email, number).
TOKEN_JOINERS = ".-@/_"

# A surname's base (Ашимбаев, Әшімбаев, Ashimbaev) and the endings Russian adds to it (Kazakh's: kazakh_forms).
SURNAME_BASE_ENDINGS = ("ов", "ев", "ёв", "ин", "ын", "ov", "ev", "in", "yn")
RUSSIAN_SURNAME_ENDINGS = ("а", "у", "ым", "ом", "ой", "ою", "ых", "ыми", "е", "ы", "a")
SURNAME_ENDINGS = sorted({"", *RUSSIAN_SURNAME_ENDINGS}, key=len, reverse=True)
MIN_SURNAME_BASE = 5
# Sounds that spellings of one name write differently (zh/j, kh/h, q/k, y, vowels) are left out to compare them.
SPELLING_VARIANTS = [("zh", "j"), ("kh", "h"), ("ts", "c"), ("q", "k"), ("x", "ks")]
UNCOMPARED_LETTERS = re.compile(r"[aeiouyhw]")
REPEATED_LETTER = re.compile(r"(.)\1+")

# Marks ts_headline puts around matches: characters no press release contains.
START_MARK, STOP_MARK = "\ue000", "\ue001"
HIGHLIGHTED = re.compile(f"{START_MARK}(.*?){STOP_MARK}", re.DOTALL)
SPACES = re.compile(r"\s+")


def has_words(text):
    return bool(WORD.search(text))


class ReaderQuery:
    """What a reader typed, in one language, parsed once: for PostgreSQL to match, rank and highlight.

    people_names: the names and alternative spellings of the people whose names the query
    may use, one list per person (see Person.objects.names_for_query).
    """

    def __init__(self, text, language, people_names=()):
        self.language = language
        self.groups = query_terms(text, language, name_spellings(text, people_names))

    def whole(self):
        """The query as one SearchQuery in the language's configuration."""
        return self.search_query(self.groups)

    def conditions(self):
        """The query as one SearchQuery per ANDed group, all of which a match meets.

        PostgreSQL scans the search index for each and combines what they find: one scan for
        a whole Kazakh query of several words tests each match of its most common word against
        all the forms of all its words. Russian and English words are one form each, and only
        PostgreSQL knows their stop words, a group of which alone would match nothing.
        """
        if self.language != "kk" or not self.groups:
            return [self.whole()]
        return [self.search_query([group]) for group in self.groups]

    def search_query(self, groups):
        return SearchQuery(expression(groups), config=CONFIGS[self.language], search_type="raw")

    @contextmanager
    def cheapest_plan(self, table):
        """Inside it, PostgreSQL finds the query's newest matches in `table` the cheaper way for how common its words are.

        Walking the newest-first index finds a common word's newest matches after a few releases,
        but reads the whole archive for a rare one; the search index finds a rare word's few
        matches at once, but reads all of a common word's. PostgreSQL's own estimate gives every
        word it does not know the same share, which a Kazakh word's many forms add up to nearly
        a tenth of the archive, so it would walk the archive for a word that is in no release;
        and it guesses a prefix's share low, so it would read most of the archive through the
        index for a name that most releases carry.
        """
        operands = {operand for group in self.groups for term in group for operand in term.operands}
        shares, releases = operand_shares(operands, table, self.language)
        share = likely_share(self.groups, shares)
        # PostgreSQL is told which way either way: its own estimate is what goes wrong.
        avoided = "enable_bitmapscan" if share * share * releases > WALK_COST * SEARCH_LIMIT else "enable_indexscan"
        # The settings last until the transaction ends: at the end of the block, or of the one around it (tests).
        in_outer_transaction = connection.in_atomic_block
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'off', true), set_config('enable_seqscan', 'off', true)", [avoided])
            yield
            if in_outer_transaction:
                cursor.execute(f"RESET {avoided}; RESET enable_seqscan")


class Term(NamedTuple):
    """One of a query's ORed alternatives: a word, a "phrase" or an address, as one tsquery operand per word."""

    operands: list
    negated: bool

    def expression(self):
        expression = " <-> ".join(self.operands)
        if len(self.operands) > 1:
            expression = f"({expression})"
        return f"!{expression}" if self.negated else expression


def query_terms(text, language, spellings=None):
    """Web-search syntax as groups of Terms: the groups ANDed together, the terms of a group ORed.

    spellings: {a word's key: every spelling of that name part}, from name_spellings.
    """
    spellings = spellings or {}
    groups = []
    or_next = False
    for term in QUERY_TERM.finditer(text):
        if term["word"] and term["word"].lower() == "or" and not term["minus"]:
            or_next = bool(groups)
            continue
        if term["phrase"] is not None:
            words = WORD.findall(term["phrase"])
        else:
            words = WORD.findall(term["word"])
            if language == "kk":
                words = [word for word in words if not is_kazakh_stopword(word)]
        if not words:
            continue
        if term["word"] and len(words) > 1 and language != "kk" and not any(name_key(w) in spellings for w in words):
            # An address, a number or a hyphenated word (gov.kz, 1.5, Kassym-Jomart): PostgreSQL's
            # parser reads it as it read the text, so it is passed whole, with only safe characters.
            operands = ["'{}'".format("".join(char for char in term["word"] if char.isalnum() or char in TOKEN_JOINERS))]
        else:
            operands = [word_alternatives(word, language, spellings) for word in words]
        alternative = Term(operands, negated=bool(term["minus"]))
        if or_next:
            groups[-1].append(alternative)
        else:
            groups.append([alternative])
        or_next = False
    return groups


def expression(groups):
    """Groups of Terms as a to_tsquery expression, e.g. `'комитет':* & !'бюджет':*` in Kazakh."""
    expressions = [[term.expression() for term in group] for group in groups]
    return " & ".join(f"({' | '.join(group)})" if len(group) > 1 else group[0] for group in expressions)


def tsquery(text, language, spellings=None):
    """Web-search syntax as a to_tsquery expression."""
    return expression(query_terms(text, language, spellings))


def operand_shares(operands, table, language):
    """({operand: the share of releases it matches}, the number of releases), as PostgreSQL's statistics have them."""
    if not operands:
        return {}, 0
    with connection.cursor() as cursor:
        cursor.execute(OPERAND_SHARES, {
            "table": table, "column": f"search_{language}", "config": CONFIGS[language], "operands": sorted(operands),
        })
        rows = cursor.fetchall()
    return {operand: share for operand, share, _releases in rows}, rows[0][2]


def likely_share(terms, shares):
    """At most the share of releases that query terms match, given each operand's share."""
    def term_share(term):
        return 1.0 if term.negated else min(shares[operand] for operand in term.operands)

    return min((min(1.0, sum(term_share(term) for term in group)) for group in terms), default=0.0)


def is_kazakh_stopword(word):
    return any(spelling in KAZAKH_STOPWORDS for spelling in [word.lower(), *cyrillic_spellings(word)])


def word_alternatives(word, language, spellings):
    """One query word as a tsquery operand: the word, its Kazakh forms in either script, or all the spellings it stands for."""
    typed, word = word, word.lower()
    known = spellings.get(name_key(word))
    lexemes = {}  # a dict keeps the order and drops repeats
    for spelling in sorted(known or {word}):
        base = surname_base(spelling) if known else None
        if base:
            lexemes[f"'{base}':*"] = None
        elif language == "kk":
            # The word as typed: Python lowers Kazakh Latin's İ and I wrongly.
            for kazakh in [spelling, *cyrillic_spellings(typed if spelling == word else spelling)]:
                forms, beginnings = search_terms(kazakh)
                lexemes.update((f"'{form}'", None) for form in forms)
                lexemes.update((f"'{beginning}':*", None) for beginning in beginnings)
        else:
            lexemes[f"'{spelling}'"] = None
    return next(iter(lexemes)) if len(lexemes) == 1 else f"({' | '.join(lexemes)})"


def surname_base(word):
    """Ашимбаев for Ашимбаева, Ашимбаеву, Ашимбаевым; Әшімбаев for Әшімбаевтың; None for a word not shaped so."""
    for word in sorted(lemmas(word), key=len):
        for ending in SURNAME_ENDINGS:
            base = word[: len(word) - len(ending)]
            if word.endswith(ending) and len(base) >= MIN_SURNAME_BASE and base.endswith(SURNAME_BASE_ENDINGS):
                return base
    return None


def name_key(word):
    """What the spellings of one name part are looked up by: the surname's base, or the word."""
    return surname_base(word) or word.lower()


def sound_skeleton(word):
    """The consonants of a name part in Latin letters: Ashimbayev, Ашимбаев and Әшімбаев all give "smbv"."""
    latin = transliterate(name_key(word))
    for written, compared in SPELLING_VARIANTS:
        latin = latin.replace(written, compared)
    return REPEATED_LETTER.sub(r"\1", UNCOMPARED_LETTERS.sub("", latin))


def query_name_keys(text):
    """The keys of the query's words that could be part of a name."""
    return {name_key(word) for word in WORD.findall(text) if len(word) >= MIN_NAME_PART}


def name_spellings(text, people_names):
    """{key of a query word: every spelling of that name part} for the people whose names the query uses.

    A person's spellings of one name part are the words of their names that sound alike,
    so "Ashimbayev" brings Ашимбаев and Әшімбаев but not their first name.
    """
    keys = query_name_keys(text)
    spellings = {}
    for names in people_names:
        words = {word.lower() for name in names for word in WORD.findall(name or "")}
        for word in words:
            if name_key(word) in keys and (skeleton := sound_skeleton(word)):
                spellings.setdefault(name_key(word), set()).update(
                    other for other in words if sound_skeleton(other) == skeleton
                )
    return spellings


def highlight(headline, from_html=False):
    """A ts_headline result as safe HTML: the text escaped, the matches in <mark>.

    With from_html, the text came from HTML stripped of its tags: its entities are decoded first.
    """
    pieces = []
    # split() alternates text outside and inside the marks.
    for index, piece in enumerate(HIGHLIGHTED.split(SPACES.sub(" ", headline))):
        piece = piece.replace(START_MARK, "").replace(STOP_MARK, "")
        if from_html:
            piece = html.unescape(piece)
        pieces.append(format_html("<mark>{}</mark>", piece) if index % 2 else escape(piece))
    return mark_safe("".join(pieces))
