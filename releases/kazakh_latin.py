"""Kazakh in the Latin alphabet of 2021, made from the Cyrillic text editors type.

The one place that turns Kazakh Cyrillic into Latin script: pages, interface strings, the API
and search all call `to_latin`.

The table is the alphabet approved by the decree of 28 January 2021 amending the decree of
26 October 2017 No. 569 (31 letters: A Ä B D E F G Ğ H I İ J K L M N Ñ O Ö P Q R S Ş T U Ū Ü V
Y Z), as listed in Wikipedia's "Kazakh alphabets" (section "Latin script", 2021 column) and in
the qazlatyn-db table of the approved version:

    А A   Ә Ä   Б B   В V   Г G   Ғ Ğ   Д D   Е E   Ж J   З Z   И İ   Й İ   К K   Қ Q
    Л L   М M   Н N   Ң Ñ   О O   Ө Ö   П P   Р R   С S   Т T   У U   Ұ Ū   Ү Ü   Ф F
    Х H   Һ H   Ш Ş   Ы Y   І I

The alphabet has no letters of its own for Ё Ц Ч Щ Ъ Ь Э Ю Я, which Kazakh uses only in words
taken from or through Russian. The decree is silent on them; we follow the published
comparison tables and the spelling of Latin-script Kazakh newspapers:

    Ч → Ch (the one digraph those tables give for 2021)
    Щ → Ş  (a long ш, as in ащы → aşy)
    Ц → Ts (т + с, the sound it stands for)
    Ё Ю Я → İo İu İa (й + о, у, а, which is how Kazakh reads them)
    Э → E
    Ъ Ь → nothing (they mark no sound in Kazakh)

Casing is the part that depends on context. The dotted and dotless i pair differently from
English: и/й give i, whose capital is İ; і gives ı, whose capital is I. Python's str.upper and
str.lower (and CSS text-transform outside Turkish) pair i with I, so Latin text must be put in
capitals with `upper` here, never with str.upper. A capital that becomes two letters (Ч, Ц, Ё,
Ю, Я) is written all in capitals inside a word in capitals (ЧЕМПИОН → CHEMPİON) and in title
case elsewhere (Чехия → Chehiia, Ч. → Ch.).
"""

import re

LOWER = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ж": "j",
    "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n", "ң": "ñ",
    "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū", "ү": "ü",
    "ф": "f", "х": "h", "һ": "h", "ш": "ş", "ы": "y", "і": "ı",
    # Letters of Russian loanwords.
    "ч": "ch", "щ": "ş", "ц": "ts", "ё": "io", "ю": "iu", "я": "ia", "э": "e", "ъ": "", "ь": "",
}

LATIN_CAPITALS = {"i": "İ", "ı": "I"}
LATIN_SMALL = {capital: small for small, capital in LATIN_CAPITALS.items()}


def upper(latin):
    """Kazakh Latin text in capitals: i → İ and ı → I, which str.upper gets wrong."""
    return "".join(LATIN_CAPITALS.get(char, char.upper()) for char in latin)


def lower(latin):
    """Kazakh Latin text in small letters: İ → i and I → ı."""
    return "".join(LATIN_SMALL.get(char, char.lower()) for char in latin)


def capitalise(latin):
    """A word's first letter in capitals, the Kazakh way (ısı → Isı, iyq → İyq)."""
    return upper(latin[:1]) + latin[1:]


def to_latin(text):
    """Kazakh Cyrillic text in the Latin alphabet of 2021; any other character is kept."""
    if not text:
        return text
    return TWO_LETTER_CAPITAL.sub(two_letters, text).translate(ONE_TO_ONE)


def two_letters(found):
    latin = LOWER[found.group().lower()]
    return upper(latin) if in_capitals_word(found.string, found.start()) else capitalise(latin)


def in_capitals_word(text, position):
    """Whether the capital at `position` stands in a word written in capitals: its next
    letter is a capital, or it ends a word whose letter before it is one."""
    following = text[position + 1:position + 2]
    if following.isalpha():
        return following.isupper()
    preceding = text[position - 1:position] if position else ""
    return preceding.isalpha() and preceding.isupper()


# Every small letter, and every capital that is one letter in Latin too, in one str.translate
# table; the capitals that become two letters (Ч, Ц, Ё, Ю, Я) first, by their context.
CAPITAL_LETTERS = {small.upper(): latin for small, latin in LOWER.items()}
ONE_TO_ONE = str.maketrans({
    **LOWER, **{capital: upper(latin) for capital, latin in CAPITAL_LETTERS.items() if len(latin) < 2},
})
TWO_LETTER_CAPITAL = re.compile("[" + "".join(c for c, latin in CAPITAL_LETTERS.items() if len(latin) > 1) + "]")


# Back from Latin letters, for search: each Latin letter or pair and the Cyrillic letters it
# stands for, the commonest first (и before й, ш before щ).
CYRILLIC = {}
for cyrillic, latin in LOWER.items():
    if latin:
        CYRILLIC.setdefault(latin, []).append(cyrillic)
LONGEST_LATIN = max(map(len, CYRILLIC))
CYRILLIC_VOWELS = "аәеёиоөуұүыіэюя"
MAX_SPELLINGS = 8


def cyrillic_spellings(latin_word):
    """The Cyrillic words a word in Latin letters may have been written from: "zañdar" → ["заңдар"].

    Latin letters stand for more than one Cyrillic letter (i for и and й, ş for ш and щ, ia for
    я and иа), so a word may have several; й and э are only tried after a vowel (ойын, аэропорт)
    and э at the start (экономика), where Kazakh writes them. A word with a letter outside the
    alphabet (w, x, c without h) is no Kazakh: []. At most MAX_SPELLINGS, the likeliest first.
    """
    word = lower(latin_word)
    spellings = []

    def spell(position, written):
        if len(spellings) == MAX_SPELLINGS:
            return
        if position == len(word):
            spellings.append(written)
            return
        after_a_vowel = bool(written) and written[-1] in CYRILLIC_VOWELS
        for length in range(LONGEST_LATIN, 0, -1):
            for letter in CYRILLIC.get(word[position:position + length], ()):
                if letter == "й" and not after_a_vowel or letter == "э" and written and not after_a_vowel:
                    continue
                spell(position + length, written + letter)

    spell(0, "")
    return spellings
