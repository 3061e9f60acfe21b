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

from django.contrib.postgres.search import SearchQuery
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


def search_query(text, language, people_names=()):
    """What the reader typed, as a SearchQuery in their language's configuration.

    people_names: the names and alternative spellings of the people whose names the query
    may use, one list per person (see Person.objects.names_for_query).
    """
    return SearchQuery(
        tsquery(text, language, name_spellings(text, people_names)), config=CONFIGS[language], search_type="raw"
    )


def tsquery(text, language, spellings=None):
    """Web-search syntax as a to_tsquery expression, e.g. `'комитет':* & !'бюджет':*` in Kazakh.

    spellings: {a word's key: every spelling of that name part}, from name_spellings.
    """
    spellings = spellings or {}
    groups = []  # ANDed together; each is a list of ORed alternatives
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
            expression = "'{}'".format("".join(char for char in term["word"] if char.isalnum() or char in TOKEN_JOINERS))
        else:
            expression = " <-> ".join(word_alternatives(word, language, spellings) for word in words)
            if len(words) > 1:
                expression = f"({expression})"
        if term["minus"]:
            expression = f"!{expression}"
        if or_next:
            groups[-1].append(expression)
        else:
            groups.append([expression])
        or_next = False
    return " & ".join(f"({' | '.join(group)})" if len(group) > 1 else group[0] for group in groups)


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
