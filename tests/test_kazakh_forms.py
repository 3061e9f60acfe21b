from releases.kazakh_forms import forms_of, inflections, lemmas


def test_endings_follow_the_last_vowel_and_the_last_sound():
    assert {"комитетке", "комитеттің", "комитеттері"} <= inflections("комитет")
    assert not {"комитетқа", "комитеттың", "комитеттары"} & inflections("комитет")
    assert {"сенаттар", "заңдар", "жобалар", "сенатқа", "заңға", "жобаға", "заңнан", "сенатпен"} <= (
        inflections("сенат") | inflections("заң") | inflections("жоба")
    )
    assert {"жолдауы", "жолдауының", "судың", "Әшімбаевтың".lower()} <= (
        inflections("жолдау") | inflections("су") | inflections("әшімбаев")
    )


def test_a_vowel_ending_may_change_the_word():
    assert {"бөлігі", "бөлігінің", "министрлігі"} <= inflections("бөлік") | inflections("министрлік")
    assert {"халқы", "халқына", "халықтың"} <= inflections("халық")


def test_a_typed_form_is_read_back_to_its_word():
    assert "сенат" in lemmas("Сенаттарының")
    assert "заң" in lemmas("заңдарға")
    assert {"халық", "халқына"} <= lemmas("халқына")
    assert "ауыл" in lemmas("ауылдарымызда")
    assert "сенат" not in lemmas("сенатор")


def test_words_in_other_letters_are_searched_as_they_are():
    assert forms_of("Pygmalion") == ["pygmalion"]
    assert forms_of("2024") == ["2024"]


def test_a_typed_form_looks_for_the_forms_of_its_word_not_of_itself():
    forms = forms_of("ресурстары")
    assert {"ресурс", "ресурстары", "ресурстарының", "ресурстарға"} <= set(forms)
    assert not {"ресурстарлар", "ресурстарыларды"} & set(forms)
