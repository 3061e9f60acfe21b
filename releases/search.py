"""Full-text search queries in each language, and highlighted snippets made safe to show.

Russian and English use PostgreSQL's stemmers through `websearch_to_tsquery`, which
understands "quoted phrases", -excluded words and OR.

PostgreSQL has no Kazakh stemmer. Kazakh builds words by adding suffixes to a stem
(сенат, сенатта, сенаттың, сенаторлардың), so a Kazakh query trims common case,
plural and possessive suffixes from each word and matches the rest as a prefix
(`сенат:*`). That finds inflected forms at the price of a few extra matches on words
that merely start the same way. The same web-search syntax is understood; the query
is built here from letters and digits only and passed to the database as a parameter.
"""

import html
import re

from django.contrib.postgres.search import SearchQuery
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

# Each language's text search configuration; kazakh_simple is made by a migration.
CONFIGS = {"kk": "kazakh_simple", "ru": "russian", "en": "english"}

# Longer queries are cut to this many characters.
MAX_QUERY_LENGTH = 200

# Only this many of the newest matches are ranked and counted: ranking every release
# a common word matches would be slow, and no reader pages past a thousand results.
SEARCH_LIMIT = 1000

# Longest first, so "лардың" goes before "дың"; a stem keeps at least MIN_STEM letters.
KAZAKH_SUFFIXES = sorted(
    [
        "лар", "лер", "дар", "дер", "тар", "тер",  # plural
        "лары", "лері", "дары", "дері", "тары", "тері",  # plural + possessive
        "ның", "нің", "дың", "дің", "тың", "тің",  # genitive
        "ға", "ге", "қа", "ке", "на", "не",  # dative
        "ны", "ні", "ды", "ді", "ты", "ті", "ын", "ін",  # accusative
        "да", "де", "та", "те", "нда", "нде",  # locative
        "дан", "ден", "тан", "тен", "нан", "нен", "ндан", "нден",  # ablative
        "мен", "бен", "пен", "ымен", "імен",  # instrumental
    ],
    key=len, reverse=True,
)
MIN_STEM = 3

# Words too common to narrow a search, left out of queries (outside "phrases") as PostgreSQL's
# Russian and English configurations leave out theirs; a query of nothing else finds nothing.
KAZAKH_STOPWORDS = {
    "және", "мен", "бен", "пен", "туралы", "үшін", "бойынша", "арқылы", "немесе", "бірақ",
    "ал", "да", "де", "та", "те", "бұл", "осы", "сол", "ол", "ғана", "тек", "еді", "екен",
}

# A term of web-search syntax: an optional minus, then a "quoted phrase" (closing quote optional) or a word.
QUERY_TERM = re.compile(r'(?P<minus>-?)(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))')
WORD = re.compile(r"[^\W_]+")

# Marks ts_headline puts around matches: characters no press release contains.
START_MARK, STOP_MARK = "\ue000", "\ue001"
HIGHLIGHTED = re.compile(f"{START_MARK}(.*?){STOP_MARK}", re.DOTALL)
SPACES = re.compile(r"\s+")


def has_words(text):
    return bool(WORD.search(text))


def search_query(text, language):
    """What the reader typed, as a SearchQuery in their language's configuration."""
    if language == "kk":
        return SearchQuery(kazakh_prefix_query(text), config=CONFIGS[language], search_type="raw")
    return SearchQuery(text, config=CONFIGS[language], search_type="websearch")


def kazakh_stem(word):
    word = word.lower()
    trimmed = True
    while trimmed:
        trimmed = False
        for suffix in KAZAKH_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
                word, trimmed = word[: -len(suffix)], True
                break
    return word


def kazakh_prefix_query(text):
    """Web-search syntax as a to_tsquery expression of word prefixes, e.g. `'сенат':* & !'бюджет':*`."""
    groups = []  # ANDed together; each is a list of ORed alternatives
    or_next = False
    for term in QUERY_TERM.finditer(text):
        if term["word"] and term["word"].lower() == "or" and not term["minus"]:
            or_next = bool(groups)
            continue
        if term["phrase"] is not None:
            words = WORD.findall(term["phrase"])
        else:
            words = [word for word in WORD.findall(term["word"]) if word.lower() not in KAZAKH_STOPWORDS]
        if not words:
            continue
        expression = " <-> ".join(f"'{kazakh_stem(word)}':*" for word in words)
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
