"""Tidying what editors type or paste from a real release: quotes and photo credits; Latin letters.

Plain functions on strings, called by the models on save and by anything that imports
releases in bulk, so every path stores the same text.

A quote is stored without its outer quotation marks: the page adds those of the quote's
language. Whatever marks the editor pasted («…», "…", “…”, „…“, '…'), and an attribution
after them («…», – подчеркнул Председатель Палаты.), are removed; the speaker is its own
field. Quotes within the quote are kept, in the language's inner marks.
"""

import re

# Outer and inner marks of each language.
QUOTE_MARKS = {
    "kk": ("«", "»", "„", "“"),
    "ru": ("«", "»", "„", "“"),
    "en": ("“", "”", "‘", "’"),
}

# Each opening mark and the closing marks that may end what it opened.
PAIRS = {
    "«": "»",
    "„": "“”",
    "‚": "‘’",
    "“": "”“",
    '"': '"',
    "‘": "’",
    "'": "'",
}
ALWAYS_OPENING = "«„‚"
ALWAYS_CLOSING = "»"
MARKS = set(PAIRS) | set("".join(PAIRS.values()))

# What an opening mark may follow, and a closing mark may precede, besides a space.
BEFORE_OPENING = "([{—–-/" + "«„‚“‘\"'"
AFTER_CLOSING = ")]}.,;:!?…—–-/" + "»“”’\"'"

# After the closing mark: a dash or a comma and who said it, e.g. », – подчеркнул Председатель Палаты.
# Short, in lower case, and without marks of its own, or it is part of the text.
ATTRIBUTION = re.compile(r"\s*(?:[,.]?\s*[–—−-]+|,)\s*(?P<said>[^«»„“”\"]{1,150})")
# English puts the comma inside: “…,” said the Chairman.
ENGLISH_ATTRIBUTION = re.compile(r"\s+(?P<said>[^«»„“”\"]{1,150})")

# What people type before a photographer's name out of habit, in the three languages.
CREDIT_PREFIX = re.compile(
    r"""^[\s(]*(?:
        photos?\s+by | photo\s+credits? | photos? | photographer | ©
        | фото\s+автора | автор\s+фото | фотограф | фото
        | суретті\s+түсірген | сурет\s+авторы | суретші | сурет
    )(?![^\W_])[\s:.,–—−-]*""",
    re.IGNORECASE | re.VERBOSE,
)


def normalise_quote(text, language):
    """A quote as stored: no outer marks nor attribution, quotes within it in the language's inner marks."""
    text = text.strip()
    while (unquoted := without_outer_marks(text)) != text:
        text = unquoted
    return with_inner_marks(text, language)


def without_outer_marks(text):
    """The text inside the marks that enclose it all, or that open it and are followed by an attribution."""
    pairs, unmatched = quote_pairs(text)
    outer = pairs.get(0)
    if outer is not None and (outer == len(text) - 1 or is_attribution(text[outer + 1:], text[outer - 1])):
        text = text[1:outer]
    elif text and 0 in unmatched:
        # An opening mark never closed: pasted with its end cut off.
        text = text[1:]
    if text and len(text) - 1 in unmatched and text[-1] not in ALWAYS_OPENING:
        text = text[:-1]
    return text.strip().rstrip(",").rstrip()


def is_attribution(rest, before_closing_mark):
    found = ATTRIBUTION.fullmatch(rest)
    if not found and before_closing_mark == ",":
        found = ENGLISH_ATTRIBUTION.fullmatch(rest)
    return bool(found) and found["said"][0].islower()


def quote_marks(language):
    """The (opening, closing) outer marks of a language's quotes."""
    opening, closing, _inner_opening, _inner_closing = QUOTE_MARKS.get(language, QUOTE_MARKS["en"])
    return opening, closing


def with_inner_marks(text, language):
    """Each matched pair of marks in the text as the language's inner marks, and within those the outer ones."""
    outer_opening, outer_closing, inner_opening, inner_closing = QUOTE_MARKS.get(language, QUOTE_MARKS["en"])
    pairs, _unmatched = quote_pairs(text)
    characters = list(text)
    depths = {}
    for opening in sorted(pairs):
        closing = pairs[opening]
        depth = sum(1 for other in depths if other < opening < pairs[other])
        depths[opening] = depth
        marks = (inner_opening, inner_closing) if depth % 2 == 0 else (outer_opening, outer_closing)
        characters[opening], characters[closing] = marks
    return "".join(characters)


def quote_pairs(text):
    """({opening position: closing position}, positions of marks that open or close nothing).

    «, „ and » have one direction; ", “, ”, ' and ’ open after a space and close before one,
    so an apostrophe inside a word (sector’s) is neither.
    """
    pairs, unmatched, stack = {}, set(), []
    for position, character in enumerate(text):
        if character not in MARKS:
            continue
        direction = mark_direction(text, position)
        if direction == "opening":
            stack.append(position)
        elif direction == "closing":
            if stack and character in PAIRS[text[stack[-1]]]:
                pairs[stack.pop()] = position
            elif character not in "'’":  # a closing apostrophe (students’) is no quote
                unmatched.add(position)
    unmatched.update(stack)
    return pairs, unmatched


def mark_direction(text, position):
    character = text[position]
    if character in ALWAYS_OPENING:
        return "opening"
    if character in ALWAYS_CLOSING:
        return "closing"
    before = text[position - 1] if position else " "
    after = text[position + 1] if position + 1 < len(text) else " "
    may_open = (before.isspace() or before in BEFORE_OPENING) and not after.isspace()
    may_close = (after.isspace() or after in AFTER_CLOSING) and not before.isspace()
    if may_open and not may_close and character in PAIRS:
        return "opening"
    if may_close and not may_open:
        return "closing"
    return None


def clean_credit(text):
    """The photographer's name alone: "Photo by E. Ukibayev", "Фото: …", "Суретті түсірген …" lose their prefix."""
    text = text.strip()
    while (shorter := CREDIT_PREFIX.sub("", text, count=1).strip()) != text:
        text = shorter
    if text.endswith(")") and "(" not in text:
        text = text[:-1].rstrip()
    return text


CYRILLIC_TO_LATIN = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "yo",
    "ж": "zh", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u",
    "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}


def transliterate(text):
    """Kazakh and Russian Cyrillic in Latin letters, for readable addresses and comparing spellings."""
    return "".join(CYRILLIC_TO_LATIN.get(char, char) for char in text.lower())
