"""The inflected forms of Kazakh words, which Kazakh search looks for (PostgreSQL has no Kazakh stemmer).

A Kazakh noun takes its endings in a fixed order, number, then possession, then case:
сенат, сенаттар, сенаттары, сенаттарының. Each ending has several forms and takes the
one that suits the sounds before it: its vowel follows the word's last vowel (vowel
harmony: сенатқа, комитетке) and its first consonant the word's last sound (сенаттар,
заңдар, жобалар). Those rules are regular, so every form of a word can be made. A word
a reader types is read back by trying each of its beginnings as the word and keeping
those whose forms include it; search then looks for exactly their forms, so сенат finds
Сенаттың and Сенатының but not Сенатор, and заң finds заңдарға but not заңнама. Only
endings follow a plural or an "our" form, so the forms past one are looked for by it as
a beginning (сенаттар...): a query of fewer terms, which the index answers sooner.

Made here: the plural; the possessive of the third person (-ы, -сы) and of "our" (-ымыз);
the six cases besides the nominative and the adjectives in -дағы and -ғы. Where the last
vowel does not settle the harmony (и, у, ю of loanwords: министр, ресурс) both are made,
and where a vowel ending may change the word (бөлік, бөлігі; халық, халқы) both stems:
forms that are no word are harmless, since no text holds them.
"""

import re
from functools import lru_cache

BACK_VOWELS = "аоұыяё"
FRONT_VOWELS = "әөүіеэ"
# Vowels of loanwords that go with either harmony.
EITHER_VOWELS = "иую"
VOWELS = BACK_VOWELS + FRONT_VOWELS + EITHER_VOWELS
# An ending's front-vowel form from its back-vowel one.
FRONT = str.maketrans("аығқ", "еігк")

# The sound a word ends with picks an ending's first consonant. Other consonants are voiceless
# (б, в, г, д end loanwords voiceless: клубтың, Тоқаевтың, педагогтар).
SOUNDS = {
    "р": "sonorant", "й": "sonorant", "у": "sonorant", "и": "sonorant", "л": "l",
    "м": "nasal", "н": "nasal", "ң": "nasal", "ж": "sibilant", "з": "sibilant",
}
# Each ending in its back-vowel form: its first consonant after most sounds, after the
# sounds that take another one, and the rest.
PLURAL = ("д", {"vowel": "л", "sonorant": "л", "voiceless": "т"}, "ар")  # жобалар, заңдар, сенаттар
CASES = [
    ("д", {"vowel": "н", "nasal": "н", "voiceless": "т"}, "ың"),  # genitive: жобаның, заңның, сенаттың
    ("д", {"vowel": "н", "voiceless": "т"}, "ы"),  # accusative: жобаны, заңды, сенатты
    ("ғ", {"voiceless": "қ"}, "а"),  # dative: жобаға, сенатқа
    ("д", {"voiceless": "т"}, "а"),  # locative: жобада, сенатта
    ("д", {"nasal": "н", "voiceless": "т"}, "ан"),  # ablative: жобадан, заңнан, сенаттан
    ("м", {"sibilant": "б", "voiceless": "п"}, "ен"),  # instrumental: жобамен, қызбен, сенатпен
    ("д", {"voiceless": "т"}, "ағы"),  # the one in: саладағы, сенаттағы
    ("ғ", {"voiceless": "қ"}, "ы"),  # the one of a time: жылғы, қазіргі
]
# After the third person's possessive (сенаты, жобасы) the cases begin with н.
CASES_AFTER_POSSESSIVE = ["", "ның", "н", "на", "нда", "нан", "мен", "ндағы"]
# After a vowel, and after a consonant.
THIRD_PERSON = ("сы", "ы")
OUR = ("мыз", "ымыз")
# Before a vowel, к, қ, п may be voiced (бөлігі, құқығы, кітабы).
VOICED = {"к": "г", "қ": "ғ", "п": "б"}
DEVOICED = {voiced: voiceless for voiceless, voiced in VOICED.items()}
# Shorter beginnings of a typed word are not tried as the word itself.
MIN_STEM = 2
# Words in other letters (Pygmalion, 2024) are searched as they are.
KAZAKH_WORD = re.compile("[а-яёәғқңөұүһі]+")


def sound(word):
    last = word.rstrip("ьъ")[-1:]
    if last in SOUNDS:
        return SOUNDS[last]
    return "vowel" if last in VOWELS else "voiceless"


def harmonies(word):
    """The forms an ending's vowel may take after this word: back (а, ы), front (е, і), or both."""
    for position in range(len(word) - 1, -1, -1):
        letter = word[position]
        if letter in "уие" and position and word[position - 1] in VOWELS:
            # After a vowel, у and и are glides (жолдау) and е is йе (Тоқаев): the vowel before decides.
            continue
        if letter in EITHER_VOWELS:
            return ("back", "front")
        if letter in BACK_VOWELS:
            return ("back",)
        if letter in FRONT_VOWELS:
            return ("front",)
    return ("back", "front")


def with_ending(word, ending):
    """The word with the ending in each form its harmony allows."""
    return {word + (ending.translate(FRONT) if harmony == "front" else ending) for harmony in harmonies(word)}


def with_suffix(word, suffix):
    default, after, rest = suffix
    return with_ending(word, after.get(sound(word), default) + rest)


def with_cases(word):
    forms = {word}
    for case in CASES:
        forms |= with_suffix(word, case)
    return forms


def before_a_vowel(word):
    """The word as a vowel ending may change it: бөлік → бөліг(і), халық → халқ(ы)."""
    stems = {word}
    if word[-1:] in VOICED:
        stems.add(word[:-1] + VOICED[word[-1]])
    if (len(word) > 3 and word[-2] in "ыі" and word[-1] not in VOWELS and word[-3] not in VOWELS
            and any(letter in VOWELS for letter in word[:-3])):
        stems.add(word[:-2] + word[-1])
    return stems


def with_possessive(word, endings):
    after_vowel, after_consonant = endings
    if sound(word) == "vowel":
        return with_ending(word, after_vowel)
    return {form for stem in before_a_vowel(word) for form in with_ending(stem, after_consonant)}


@lru_cache(maxsize=4096)
def inflections(word):
    """Every form made here of a word in the nominative singular, the word included."""
    forms = set()
    for number in {word} | with_suffix(word, PLURAL):
        forms |= with_cases(number)
        for possessed in with_possessive(number, THIRD_PERSON):
            forms |= {form for case in CASES_AFTER_POSSESSIVE for form in with_ending(possessed, case)}
        for possessed in with_possessive(number, OUR):
            forms |= with_cases(possessed)
    return frozenset(forms)


def possible_words(beginning):
    """What a word's beginning may be the nominative of, had an ending changed it (бөліг-і, халқ-ы)."""
    words = {beginning}
    if beginning[-1] in DEVOICED:
        words.add(beginning[:-1] + DEVOICED[beginning[-1]])
    if len(beginning) > 2 and beginning[-1] not in VOWELS and beginning[-2] not in VOWELS:
        words |= {beginning[:-1] + vowel + beginning[-1] for vowel in "ыі"}
    return words


# Every chain of endings made here, from words of each kind of last sound and vowel.
ENDINGS = frozenset(
    form[len(word):]
    for word in ("ата", "әке", "тар", "тер", "тай", "тау", "тал", "тел", "там", "тем", "таз", "тез", "тат", "тет")
    for form in inflections(word)
    if form.startswith(word)
)


@lru_cache(maxsize=4096)
def lemmas(word):
    """The words in the nominative singular that this word may be a form of, itself included."""
    word = word.lower()
    return frozenset(
        candidate
        for end in range(min(MIN_STEM, len(word)), len(word) + 1)
        if word[end:] in ENDINGS
        for candidate in possible_words(word[:end])
        if word in inflections(candidate)
    )


@lru_cache(maxsize=4096)
def chain_beginnings(word):
    """The forms of a word after which it only takes more endings: its plural and "our" form (сенаттар, сенатымыз)."""
    return frozenset(with_suffix(word, PLURAL) | with_possessive(word, OUR))


def search_terms(word):
    """What search looks for when a reader types the word: (forms to match whole, beginnings to match as prefixes).

    The forms of what the word may be a form of. Those that begin with one of its chain
    beginnings are looked for by that beginning: one term for the index instead of each.
    """
    if not KAZAKH_WORD.fullmatch(word.lower()):
        return [word.lower()], []
    candidates = lemmas(word)
    # A candidate that is a form of another (ресурстары of ресурс) would only add forms
    # no text holds (ресурстарылар), each one more term for the index to look up.
    words = [word for word in candidates if not any(word != other and word in inflections(other) for other in candidates)]
    beginnings = tuple(sorted(set().union(*(chain_beginnings(word) for word in words))))
    forms = set().union(*(inflections(word) for word in words))
    return sorted(form for form in forms if not form.startswith(beginnings)), list(beginnings)
