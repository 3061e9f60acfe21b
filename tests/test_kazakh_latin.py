"""Kazakh Cyrillic in the Latin alphabet of 2021, letter by letter and in whole sentences."""

import pytest

from releases.kazakh_latin import capitalise, lower, to_latin, upper

# Every letter of the Kazakh Cyrillic alphabet, capital and small, with a word that has it.
ALPHABET = [
    ("А", "A", "а", "a", "ата", "ata"),
    ("Ә", "Ä", "ә", "ä", "әже", "äje"),
    ("Б", "B", "б", "b", "бала", "bala"),
    ("В", "V", "в", "v", "вагон", "vagon"),
    ("Г", "G", "г", "g", "гүл", "gül"),
    ("Ғ", "Ğ", "ғ", "ğ", "ғалым", "ğalym"),
    ("Д", "D", "д", "d", "дала", "dala"),
    ("Е", "E", "е", "e", "ел", "el"),
    ("Ё", "İo", "ё", "io", "ёлка", "iolka"),
    ("Ж", "J", "ж", "j", "жер", "jer"),
    ("З", "Z", "з", "z", "заң", "zañ"),
    ("И", "İ", "и", "i", "ине", "ine"),
    ("Й", "İ", "й", "i", "ойын", "oiyn"),
    ("К", "K", "к", "k", "кітап", "kıtap"),
    ("Қ", "Q", "қ", "q", "қала", "qala"),
    ("Л", "L", "л", "l", "лақ", "laq"),
    ("М", "M", "м", "m", "мектеп", "mektep"),
    ("Н", "N", "н", "n", "нан", "nan"),
    ("Ң", "Ñ", "ң", "ñ", "таң", "tañ"),
    ("О", "O", "о", "o", "орын", "oryn"),
    ("Ө", "Ö", "ө", "ö", "өнер", "öner"),
    ("П", "P", "п", "p", "парламент", "parlament"),
    ("Р", "R", "р", "r", "рақмет", "raqmet"),
    ("С", "S", "с", "s", "сенат", "senat"),
    ("Т", "T", "т", "t", "тіл", "tıl"),
    ("У", "U", "у", "u", "ауыл", "auyl"),
    ("Ұ", "Ū", "ұ", "ū", "ұлт", "ūlt"),
    ("Ү", "Ü", "ү", "ü", "үй", "üi"),
    ("Ф", "F", "ф", "f", "форум", "forum"),
    ("Х", "H", "х", "h", "хат", "hat"),
    ("Һ", "H", "һ", "h", "шаһар", "şahar"),
    ("Ц", "Ts", "ц", "ts", "цирк", "tsirk"),
    ("Ч", "Ch", "ч", "ch", "чемпион", "chempion"),
    ("Ш", "Ş", "ш", "ş", "шаш", "şaş"),
    ("Щ", "Ş", "щ", "ş", "ащы", "aşy"),
    ("Ъ", "", "ъ", "", "съезд", "sezd"),
    ("Ы", "Y", "ы", "y", "ыдыс", "ydys"),
    ("І", "I", "і", "ı", "іс", "ıs"),
    ("Ь", "", "ь", "", "медаль", "medal"),
    ("Э", "E", "э", "e", "экономика", "ekonomika"),
    ("Ю", "İu", "ю", "iu", "юбилей", "iubilei"),
    ("Я", "İa", "я", "ia", "қоян", "qoian"),
]


def test_the_table_covers_all_42_letters_of_the_kazakh_cyrillic_alphabet():
    assert len({capital for capital, *_ in ALPHABET}) == 42


@pytest.mark.parametrize("capital, latin_capital, small, latin_small, word, latin_word", ALPHABET)
def test_each_letter(capital, latin_capital, small, latin_small, word, latin_word):
    assert to_latin(small) == latin_small
    assert to_latin(capital) == latin_capital
    assert to_latin(word) == latin_word


@pytest.mark.parametrize("cyrillic, latin", [
    # и and і: the dotted small i has the dotted capital İ, the dotless ı the plain I.
    ("Ине", "İne"), ("ИНЕ", "İNE"), ("Іс", "Is"), ("ІС", "IS"), ("ІШКІ ІСТЕР", "IŞKI ISTER"),
    ("ИГІЛІК", "İGILIK"), ("игілік", "igılık"),
    # A capital that becomes two letters: title case in a word, capitals in a word in capitals.
    ("Чехия", "Chehiia"), ("ЧЕХИЯ", "CHEHİİA"), ("Ч.", "Ch."), ("А.Ч.", "A.Ch."),
    ("Юбилей", "İubilei"), ("ЮБИЛЕЙ", "İUBİLEİ"), ("Ялта", "İalta"), ("БАЯН", "BAİAN"),
    ("Цой", "Tsoi"), ("ЦОЙ", "TSOİ"), ("ЁЛКА", "İOLKA"), ("ВЛАДИМИР ЧЕ", "VLADİMİR CHE"),
    # The signs vanish, between letters in capitals too.
    ("СЪЕЗД", "SEZD"), ("Ильин", "İlin"),
])
def test_letters_that_change_with_their_neighbours(cyrillic, latin):
    assert to_latin(cyrillic) == latin


@pytest.mark.parametrize("cyrillic, latin", [
    (
        "Қазақстан Республикасы Парламенті Сенатының Төрағасы Мәулен Әшімбаев "
        "жаңа заң жобасын талқылады.",
        "Qazaqstan Respublikasy Parlamentı Senatynyñ Törağasy Mäulen Äşımbaev "
        "jaña zañ jobasyn talqylady.",
    ),
    (
        # Wikipedia's 1902 sample, transliterated there with the 2021 table.
        "Бұрыңғы өткен заманда, бір данышпан кісі, Бағдат шаһарының бір үлкен қазысының үйіне келіп қоныпты.",
        "Būryñğy ötken zamanda, bır danyşpan kısı, Bağdat şaharynyñ bır ülken qazysynyñ üiıne kelıp qonypty.",
    ),
    (
        "«Біз диалогқа дайынбыз», – деді Сенат Төрағасы 2026 жылғы 3 қыркүйекте.",
        "«Bız dialogqa daiynbyz», – dedı Senat Törağasy 2026 jylğy 3 qyrküiekte.",
    ),
    ("ҚР ПАРЛАМЕНТІ СЕНАТЫНЫҢ БАСПАСӨЗ ҚЫЗМЕТІ", "QR PARLAMENTI SENATYNYÑ BASPASÖZ QYZMETI"),
])
def test_whole_sentences(cyrillic, latin):
    assert to_latin(cyrillic) == latin


def test_latin_and_other_characters_are_kept():
    assert to_latin("COP29, Baku — 2024 ж.") == "COP29, Baku — 2024 j."
    assert to_latin("") == ""
    assert to_latin(None) is None


def test_capitals_and_small_letters_pair_i_the_kazakh_way():
    assert upper("ıs igılık") == "IS İGILIK"
    assert lower("IS İGILIK") == "ıs igılık"
    assert capitalise("ıs") == "Is"
    assert capitalise("iyq") == "İyq"
    # What Python alone would get wrong.
    assert "ıs igılık".upper() != "IS İGILIK"
