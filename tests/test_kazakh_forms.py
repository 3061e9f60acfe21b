from releases.kazakh_forms import inflections, lemmas, search_terms


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
    assert search_terms("Pygmalion") == (["pygmalion"], [])
    assert search_terms("2024") == (["2024"], [])


def test_a_typed_form_looks_for_the_forms_of_its_word_not_of_itself():
    forms, beginnings = search_terms("ресурстары")
    assert {"ресурс", "ресурстың", "ресурсы"} <= set(forms) and "ресурстар" in beginnings
    assert not [term for term in [*forms, *beginnings] if term.startswith("ресурстары")]  # ресурстарылар


def test_forms_past_the_plural_or_our_form_are_looked_for_by_that_beginning():
    forms, beginnings = search_terms("сенаттың")
    assert {"сенаттар", "сенатымыз"} <= set(beginnings)
    assert {"сенат", "сенаттың", "сенатқа", "сенатының"} <= set(forms)
    assert not [form for form in forms if form.startswith(tuple(beginnings))]
