"""Kazakh pages in Latin script: every Kazakh address has a twin under /kk-latn/.

How it works, without a fourth set of translated columns:

- `kk-latn` is a language Django activates for addresses under /kk-latn/ (our LocaleMiddleware)
  but not one of LANGUAGES, so modeltranslation adds no columns and reads the Kazakh ones
  (its get_language() maps kk-latn to kk). i18n_patterns then puts /kk-latn/ in front of every
  address reversed while such a page is made, links included.
- Interface strings come from locale/kk_Latn, which compilemessages makes from the Kazakh
  catalogue; dates from senate_press/formats/kk_Latn, made from the Kazakh formats.
- What editors typed (titles, bodies, names) is stored once, in Cyrillic, and transliterated
  as the page leaves the view (`latin_markup`, called by KazakhLatinMiddleware): every text and
  text attribute outside an element marked as being in another language, with a person's
  own Latin spelling (Person.name_latin) where a publisher gave one.

Everything goes through releases.kazakh_latin.to_latin.
"""

import re

from django.conf import settings
from django.utils import translation

from . import cache_tags, pagecache
from .kazakh_latin import to_latin
from .models import Person

LATIN_KAZAKH = "kk-latn"
KAZAKH = "kk"
# How BCP 47 spells the code, for lang and hreflang.
LANGUAGE_TAGS = {LATIN_KAZAKH: "kk-Latn"}


def language_tag(code):
    return LANGUAGE_TAGS.get(code, code)


def page_languages():
    """The code of every version a page has: each language's, and Kazakh's in Latin after Kazakh."""
    codes = []
    for code, _name in settings.LANGUAGES:
        codes.append(code)
        if code == KAZAKH:
            codes.append(LATIN_KAZAKH)
    return codes


def addresses(make_address):
    """(code, address) of a page in each of its versions: `make_address` is called with each version's language active."""
    found = []
    for code in page_languages():
        with translation.override(code):
            found.append((code, make_address()))
    return found


def is_latin_path(path):
    return path == f"/{LATIN_KAZAKH}" or path.startswith(f"/{LATIN_KAZAKH}/")


def own_spellings():
    """(Kazakh name, Latin spelling) of each person a publisher spelled in Latin themselves."""
    return pagecache.remember("latin-spellings", lambda: list(
        Person.objects.exclude(name_latin="").exclude(name_kk="").values_list("name_kk", "name_latin")
    ), tags=[cache_tags.PEOPLE])


class LatinSpelling:
    """Text in Latin script, with the names a publisher spelled in Latin themselves kept as spelled."""

    def __init__(self, own_spellings=()):
        self.own = dict(own_spellings)
        names = sorted(filter(None, self.own), key=len, reverse=True)
        # No \b at the end: Kazakh adds endings to a name (Әшімбаевтың → Ashimbayevtyñ).
        self.names = re.compile(r"\b(" + "|".join(map(re.escape, names)) + ")") if names else None

    def __call__(self, text):
        if not CYRILLIC.search(text):  # most of a page: spaces between tags, addresses, numbers
            return text
        if self.names is None:
            return to_latin(text)
        # split() with one group alternates: text, name, text, name, ..., text.
        parts = self.names.split(text)
        return "".join(self.own[part] if index % 2 else to_latin(part) for index, part in enumerate(parts))


CYRILLIC = re.compile("[\u0400-\u04ff]")
# A comment, a script or style element whole, or a tag.
MARKUP = re.compile(r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>|<[^>]*>", re.DOTALL | re.IGNORECASE)
TAG_NAME = re.compile(r"<([\w:-]+)")
END_TAG_NAME = re.compile(r"</([\w:-]+)")
LANG = re.compile(r"""\s(?:xml:)?lang\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
ATTRIBUTE = re.compile(r"""(\s[\w:.-]+)(\s*=\s*)("[^"]*"|'[^']*')""")
JSON_LD = re.compile(r"""<script\b[^>]*type=["']application/ld\+json["']""", re.IGNORECASE)
VOID_ELEMENTS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
# Attributes that hold addresses, a form's values or codes, not words.
NOT_WORDS = frozenset({"href", "src", "srcset", "action", "value", "id", "class", "name", "for", "type", "rel"})
LANGUAGE_ATTRIBUTES = frozenset({"lang", "xml:lang", "hreflang"})


def latin_markup(markup, spell):
    """An HTML page or XML feed made in Kazakh (kk-latn) with its Cyrillic text in Latin letters.

    An element whose lang is another language's (a Russian release shown where the Kazakh
    one is missing, the link to the Cyrillic page) is kept as it is, except what inside it is
    marked kk-latn again; `kk-latn` in lang and hreflang is spelled kk-Latn. Scripts and styles
    are kept; JSON-LD data is transliterated.
    """
    out, position = [], 0
    # Each open element that has a lang attribute: [its name, whether it is Latin Kazakh,
    # how many elements of that name are open inside it, itself included].
    scopes = [["", True, 1]]
    for found in MARKUP.finditer(markup):
        text, tag, position = markup[position:found.start()], found.group(), found.end()
        out.append(spell(text) if scopes[-1][1] else text)
        start, end = TAG_NAME.match(tag), END_TAG_NAME.match(tag)
        lang = LANG.search(tag) if start else None
        is_latin = lang[1].lower() == LATIN_KAZAKH if lang else scopes[-1][1]
        if start and start[1].lower() not in VOID_ELEMENTS and not tag.endswith("/>"):
            if lang:
                scopes.append([start[1].lower(), is_latin, 1])
            elif start[1].lower() == scopes[-1][0]:
                scopes[-1][2] += 1
        elif end and end[1].lower() == scopes[-1][0]:
            scopes[-1][2] -= 1
            if not scopes[-1][2]:
                scopes.pop()
        if is_latin and not (found[1] and not JSON_LD.match(tag)):  # not a script or style of the page's own
            tag = latin_tag(tag, spell)
        out.append(tag)
    out.append(spell(markup[position:]) if scopes[-1][1] else markup[position:])
    return "".join(out)


def latin_tag(tag, spell):
    """A tag with the words in its attributes in Latin letters and kk-latn spelled kk-Latn."""

    def attribute(found):
        name, equals, value = found.groups()
        key = name.strip().lower()
        if key in LANGUAGE_ATTRIBUTES:
            value = value.replace(LATIN_KAZAKH, language_tag(LATIN_KAZAKH))
        elif key not in NOT_WORDS:
            value = spell(value)
        return f"{name}{equals}{value}"

    if LATIN_KAZAKH not in tag and not CYRILLIC.search(tag):
        return tag  # most tags: nothing to spell, no language to spell kk-Latn
    if tag.startswith("<!--") or JSON_LD.match(tag):
        return spell(tag)
    return ATTRIBUTE.sub(attribute, tag)
