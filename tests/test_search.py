import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from releases.kazakh_latin import cyrillic_spellings, to_latin
from releases.models import Person, Release
from releases import search as search_module
from releases.search import MAX_QUERY_LENGTH, ReaderQuery, tsquery

from .factories import add_participant, add_quote, make_person, make_release, make_section

pytestmark = pytest.mark.django_db


def search(client, language="en", **params):
    with translation.override(language):
        url = reverse("releases:search")
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def found_titles(client, language="en", **params):
    with translation.override(language):
        url = reverse("releases:search")
    results = client.get(url, params).context["results"]
    return [release.title for release in results]


@pytest.fixture
def hearing():
    release = make_release(
        title="Water hearing",
        title_en="Senators debate water resources", title_ru="Сенаторы обсудили водные ресурсы",
        title_kk="Сенаторлар су ресурстарын талқылады",
        body_en="<p>The committee &amp; experts met <b>farmers</b> on irrigation.</p>",
        body_ru="<p>Комитет встретился с фермерами по вопросам орошения.</p>",
        body_kk="<p>Комитет фермерлермен суару мәселесі бойынша кездесті.</p>",
    )
    add_participant(release, make_person())
    add_quote(release, Person.objects.get(), text_en="Every drop counts.", text_ru="Каждая капля на счету.")
    return release


def test_header_has_a_labelled_search_form_on_every_page(client):
    html = client.get("/ru/").content.decode()
    assert '<form class="site-search" role="search" aria-label="Поиск по пресс-релизам" action="/ru/search/" method="get">' in html
    assert '<label class="site-search__label" for="site-search">' in html
    assert '<input class="site-search__input" id="site-search" type="search" name="q">' in html


@pytest.mark.parametrize("language, query", [
    ("en", "debating"),  # English stemming: debate, debating
    ("en", "irrigation"),  # body
    ("en", "drops"),  # quote
    ("en", "Ashimbaev"),  # participant
    ("en", "Ашимбаев"),  # participant, another language's spelling
    ("ru", "ресурсов"),  # Russian stemming
    ("ru", "фермер"),
    ("ru", "капли"),
    ("kk", "ресурстары"),  # Kazakh: another form of the word
    ("kk", "сенаторлардың"),
    ("kk", "суаруды"),
    ("kk", "Мәулен"),
])
def test_finds_title_lead_body_quotes_and_names_in_the_readers_language(client, hearing, language, query):
    assert found_titles(client, language, q=query) == [getattr(hearing, f"title_{language}")]


def test_person_is_found_by_an_alternative_spelling_recorded_later(client, hearing):
    assert found_titles(client, q="Ashimbayev") == []
    person = Person.objects.get()
    person.alternative_names = "Ashimbayev\nАшимбаев М."
    person.save()
    assert found_titles(client, q="Ashimbayev") == ["Senators debate water resources"]


def test_vectors_follow_edits_of_releases_quotes_and_participants(client, hearing):
    Release.objects.filter(pk=hearing.pk).update(title_en="Senators debate energy")
    assert found_titles(client, q="energy") == ["Senators debate energy"]
    hearing.quotes.update(text_en="Light matters.")
    assert found_titles(client, q="drop") == []
    assert found_titles(client, q="light") == ["Senators debate energy"]
    hearing.participants.all().delete()
    assert found_titles(client, q="Ashimbaev") == []


def test_title_weighs_more_than_body_and_date_order_on_request(client):
    in_body = make_release(title="Old", days_ago=1, body_en="<p>Budget talk.</p>")
    in_title = make_release(title="Budget", days_ago=5)
    assert found_titles(client, q="budget") == [in_title.title_en, in_body.title_en]
    assert found_titles(client, q="budget", order="date") == [in_body.title_en, in_title.title_en]


def test_snippets_mark_matches_and_escape_everything_else(client, hearing):
    html = search(client, q="farmers")
    assert "The committee &amp; experts met <mark>farmers</mark> on irrigation" in html
    assert "<b>" not in html


def test_web_search_syntax_in_russian_and_english(client, hearing):
    make_release(title="Other", title_en="Senators debate the budget")
    assert found_titles(client, q='"water resources"') == ["Senators debate water resources"]
    assert found_titles(client, q='"resources water"') == []
    assert found_titles(client, q="senators -budget") == ["Senators debate water resources"]
    assert len(found_titles(client, q="budget OR water")) == 2


# One query word in a Kazakh tsquery: its forms and the beginnings of its longer forms (':*), ORed.
KAZAKH_WORD = re.compile(r"\(('[^']*'(?::\*)?(?: \| '[^']*'(?::\*)?)*)\)")


def kazakh_words(expression):
    """The tsquery with each word's terms as W, and each word's terms (a beginning ends in *)."""
    return KAZAKH_WORD.sub("W", expression), [
        {term.replace("'", "").replace(":", "") for term in terms.split(" | ")} for terms in KAZAKH_WORD.findall(expression)
    ]


def finds(terms, *words):
    """Whether a word's terms find each of these words."""
    return all(word in terms or any(word.startswith(term[:-1]) for term in terms if term.endswith("*")) for word in words)


def test_kazakh_query_words_stand_for_their_forms_only():
    shape, (water, law, project, budget, transport) = kazakh_words(tsquery('су "заң жобасы" -бюджет OR көлік', "kk"))
    assert shape == "W & (W <-> W) & (!W | W)"
    assert finds(water, "су", "судың", "суға", "сулар", "сумен") and not finds(water, "суару")
    assert finds(law, "заң", "заңдар", "заңның", "заңдарға") and not finds(law, "заңнама") and not finds(law, "заңгер")
    assert finds(project, "жоба", "жобасы", "жобалары", "жобасының")
    assert finds(budget, "бюджет", "бюджетті", "бюджеттің") and not finds(budget, "бюджеттік")
    assert finds(transport, "көлік", "көлікке", "көлігі")
    assert tsquery("!!! & | <-> :*", "kk") == ""
    assert kazakh_words(tsquery('су туралы "заң туралы"', "kk"))[0] == "W & (W <-> W)"


def test_kazakh_query_reaches_postgresql_as_words_only():
    shape, words = kazakh_words(tsquery("'); DROP TABLE releases_release; --", "kk"))
    assert shape == "W & W & (W <-> W)"
    assert all(re.fullmatch(r"[^\W_]+\*?", term) for terms in words for term in terms)
    assert {"drop", "дроп"} <= words[0]  # DROP in Latin letters may be Kazakh written so


@pytest.mark.parametrize("forms", [
    ["Сенат", "Сенаттың", "Сенатқа", "Сенаттан", "Сенатта", "Сенатының"],
    ["заң", "заңның", "заңдар", "заңдарды", "заңдарға"],
    ["комитет", "комитеттің", "комитеттері", "Комитетінде"],
])
def test_kazakh_inflected_forms_find_each_other(client, forms):
    for number, form in enumerate(forms):
        make_release(title=f"Form {number}", languages=("kk",), days_ago=number + 1, body_kk=f"<p>Бүгін {form} жұмыс істеді.</p>")
    everything = [f"Form {number} kk" for number in range(len(forms))]
    for form in forms:
        assert found_titles(client, "kk", q=form) == everything, form


@pytest.mark.parametrize("word, other", [
    ("Сенаттың", "Сенаторлардың"), ("заңдар", "заңнамалық"), ("заң", "заңгер"), ("сала", "салықтың"),
    ("су", "суаруды"), ("халқы", "халықаралық"), ("министрі", "министрлігі"),
])
def test_kazakh_words_that_only_begin_alike_do_not_find_each_other(client, word, other):
    make_release(title="Word", languages=("kk",), body_kk=f"<p>Бүгін {word} туралы айтылды.</p>")
    make_release(title="Other", languages=("kk",), days_ago=2, body_kk=f"<p>Бүгін {other} туралы айтылды.</p>")
    assert found_titles(client, "kk", q=word) == ["Word kk"]
    assert found_titles(client, "kk", q=other) == ["Other kk"]


def test_kazakh_snippets_mark_the_forms_of_the_word_only(client):
    make_release(title="Senate", languages=("kk",), body_kk="<p>Сенатының отырысында сенаторлар Сенатқа ұсыныс берді.</p>")
    html = search(client, "kk", q="сенат")
    assert "<mark>Сенатының</mark> отырысында сенаторлар <mark>Сенатқа</mark> ұсыныс берді" in html


def test_a_word_in_latin_letters_is_read_as_the_cyrillic_words_it_may_stand_for():
    assert cyrillic_spellings("Zañdarğa") == ["заңдарға"]
    assert "қостанай" in cyrillic_spellings("Qostanai")  # i is и or, after a vowel, й
    assert cyrillic_spellings("industriia")[0] == "индустрия"
    assert "экономика" in cyrillic_spellings("ekonomika")
    assert cyrillic_spellings("Washington") == []  # w is no letter of the Kazakh alphabet


@pytest.fixture
def kazakh_archive():
    """Kazakh-only releases whose words have the letters Latin script writes alike (и, й; ш, щ) or in pairs (я, ц)."""
    make_release(title="Senate", languages=("kk",), body_kk="<p>Сенаттың отырысында заңдарға түзетулер қаралды.</p>")
    make_release(title="Committee", languages=("kk",), days_ago=2, body_kk="<p>Комитеттері креативті индустрияны қолдайды.</p>")
    make_release(title="Trip", languages=("kk",), days_ago=3, body_kk="<p>Сенаторлар Қостанай облысында болып, инвестициялар туралы айтты.</p>")
    make_release(title="Water", languages=("kk",), days_ago=4, body_kk="<p>Су ресурстары мен бюджет мәселелері талқыланды.</p>")


@pytest.mark.parametrize("query", [
    "Сенаттың", "сенат", "заңдарға", "комитет", "индустрия", "Қостанай", "инвестициялар", "сенатор",
    "заң -индустрия", '"су ресурстары"', "сенат OR бюджет", "туралы заң",
])
def test_a_kazakh_query_in_latin_letters_finds_what_it_finds_in_cyrillic(client, kazakh_archive, query):
    latin = to_latin(query)
    assert not re.search("[а-яәіңғүұқөһ]", latin.lower())
    found = found_titles(client, "kk", q=query)
    assert found
    assert found_titles(client, "kk-latn", q=latin) == found
    assert found_titles(client, "kk", q=latin) == found


def test_latin_pages_show_results_and_snippets_in_latin_letters(client, kazakh_archive):
    for query in ("сенат", "senat"):
        html = search(client, "kk-latn", q=query)
        results = re.search(r'<ol class="release-list search-results".*?</ol>', html, re.DOTALL).group()
        assert "<mark>Senattyñ</mark> otyrysynda zañdarğa" in results
        assert not re.search("[а-яәіңғүұқөһ]", results.lower())


def test_kazakh_web_search_syntax(client, hearing):
    make_release(title="Other", title_kk="Сенаторлар бюджетті талқылады")
    assert found_titles(client, "kk", q="сенатор -бюджет") == [hearing.title_kk]
    assert found_titles(client, "kk", q='"су ресурстары"') == [hearing.title_kk]
    assert len(found_titles(client, "kk", q="бюджет OR суару")) == 2


def test_no_match_in_the_readers_language_offers_the_others(client, hearing):
    html = search(client, "en", q="Комитет")
    assert "No releases in this language match “Комитет”." in html
    assert '<a href="/kk/search/?q=%D0%9A%D0%BE%D0%BC%D0%B8%D1%82%D0%B5%D1%82" hreflang="kk" lang="kk">Қазақ</a> (1)' in html
    assert 'hreflang="ru" lang="ru">Русский</a> (1)' in html


def test_filters_by_date_section_and_person(client, hearing):
    other_section = make_section(slug="laws", name_en="Laws")
    make_release(title="Water law", title_en="Water law", section=other_section, days_ago=40)
    assert len(found_titles(client, q="water")) == 2
    assert found_titles(client, q="water", section="laws") == ["Water law"]
    assert found_titles(client, q="water", person="maulen-ashimbaev") == ["Senators debate water resources"]
    day = timezone.localdate(hearing.published_at).isoformat()  # the day as readers in the site's time zone name it
    assert found_titles(client, q="water", date_from=day, date_to=day) == ["Senators debate water resources"]



def test_a_release_saved_again_by_the_object_that_made_it_stays_searchable(client, hearing):
    release = make_release(title="Hydropower", status=Release.Status.DRAFT)  # never read its search vectors
    release.status = Release.Status.PUBLISHED
    release.save()
    assert found_titles(client, q="hydropower") == ["Hydropower en"]
    assert Release.objects.filter(search_kk=None).count() == 0

def filter_options(client, name):
    html = search(client, q="water")
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group()
    return re.findall(r'<option value="([^"]*)"', select)


def test_the_filters_offer_what_readers_may_see_as_soon_as_it_changes(client, hearing):
    newcomer = make_person(slug="new-senator", name_en="New Senator")
    draft = make_release(title="Water plan", status=Release.Status.DRAFT)
    add_participant(draft, newcomer)
    assert filter_options(client, "person") == ["", "maulen-ashimbaev"]
    assert filter_options(client, "section") == ["", "chamber-news"]

    draft.status = Release.Status.PUBLISHED
    draft.save()
    make_section(slug="laws", name_en="Laws")
    assert filter_options(client, "person") == ["", "maulen-ashimbaev", "new-senator"]
    assert filter_options(client, "section") == ["", "chamber-news", "laws"]
    assert found_titles(client, q="water", person="new-senator") == ["Water plan en"]

@pytest.mark.parametrize("params, message", [
    ({"q": ""}, "Type one or more words to search for."),
    ({"q": "?!… ---"}, "Type one or more words to search for."),
    ({"q": "water", "date_from": "2023-02-31"}, "Enter a valid date."),
    ({"q": "water", "date_from": "2024-01-02", "date_to": "2024-01-01"}, "The start date is after the end date."),
    ({"q": "water", "section": "no-such-section"}, "Select a valid choice."),
    ({"q": "water", "person": "nobody"}, "Select a valid choice."),
    ({"q": "water", "order": "'; DROP TABLE"}, "Select a valid choice."),
])
def test_bad_input_gets_a_clear_message_and_no_results(client, hearing, params, message):
    html = search(client, **params)
    assert message in html
    assert '<ol class="release-list search-results"' not in html


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("query", [
    '"unbalanced quote', "water\"", "-", "OR", "a OR OR -b", "'; DROP TABLE releases_release; --",
    "<script>alert(1)</script>", "\\", ":* & | ! <->", "a" * 300,
])
def test_odd_queries_never_fail_and_are_shown_back_escaped(client, hearing, language, query):
    html = search(client, language, q=query)
    assert "<script>alert" not in html
    if query.startswith("<script>"):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_very_long_query_is_shortened_with_a_message(client, hearing):
    html = search(client, q="water " + "x" * 10_000)
    assert f"only its first {MAX_QUERY_LENGTH} characters were searched for" in html


def test_pages_keep_the_query_and_a_bad_page_is_404(client):
    for number in range(14):
        make_release(title=f"Water {number}", days_ago=number + 1)
    html = search(client, q="water")
    assert "14 releases match “water”." in html
    assert '<a rel="next" href="?q=water&amp;page=2">Next page</a>' in html
    assert '<a rel="next" href="?page=2">Older</a>' in client.get("/en/").content.decode()
    assert client.get("/en/search/", {"q": "water", "page": "2"}).status_code == 200
    assert client.get("/en/search/", {"q": "water", "page": "9"}).status_code == 404
    assert client.get("/en/search/", {"q": "water", "page": "abc"}).status_code == 404


def test_drafts_are_not_found(client):
    make_release(title="Water draft", status=Release.Status.DRAFT)
    assert found_titles(client, q="water") == []


def test_query_count_is_flat(client, django_assert_max_num_queries):
    person = make_person()
    for number in range(30):
        release = make_release(title=f"Water {number}", days_ago=number + 1)
        add_participant(release, person)
        add_quote(release, person)
    # Four ask how long what they read may be kept (until the next scheduled release): the page, and what
    # pages share (the section menu, the institution, the search filters' sections and people), which three
    # read. Each search asks for the people the query may name and how common its words are, then sets the
    # planner and, inside the test's transaction, resets it; its matches are counted from the ids it found.
    with django_assert_max_num_queries(14):
        search(client, q="water", person=person.slug)
    with django_assert_max_num_queries(16):  # nothing here: the other two languages are counted
        search(client, q="nothing")


def test_bulk_created_releases_are_searchable_with_their_people(client):
    call_command("generate_releases", 3, stdout=StringIO())
    assert len(found_titles(client, "ru", q="Сенат")) == 3
    person = Person.objects.filter(participations__isnull=False).first()
    assert len(found_titles(client, "kk", q=f'"{person.name_en}"')) == person.participations.count()


def test_admin_shows_and_searches_alternative_names(admin_client):
    make_person(slug="maulen-ashimbaev", name_en="Maulen Ashimbaev", alternative_names="Ashimbayev")
    assert 'name="alternative_names"' in admin_client.get("/admin/releases/person/add/").content.decode()
    assert "Maulen Ashimbaev" in admin_client.get("/admin/releases/person/", {"q": "Ashimbayev"}).content.decode()


@pytest.mark.parametrize("query", ['"industry creative"', "«industry creative»", "“industry creative”", "„industry creative“"])
def test_phrases_in_any_quotation_marks_a_phone_keyboard_types(client, query):
    make_release(title="Match", body_en="<p>The industry creative sector.</p>")
    make_release(title="Apart", days_ago=2, body_en="<p>The creative people of the industry.</p>")
    assert found_titles(client, q=query) == ["Match en"]


@pytest.fixture
def chairman():
    """The Chairman as editors record him: three languages' names and the spellings readers use."""
    return make_person(
        slug="maulen-ashimbaev", name_kk="Мәулен Әшімбаев", name_ru="Маулен Ашимбаев", name_en="Maulen Ashimbaev",
        alternative_names="Ashimbayev\nMaulen Ashimbayev",
    )


@pytest.mark.parametrize("written, language", [
    ("Ashimbaev", "en"), ("Ashimbayev", "en"), ("Ашимбаев", "ru"), ("Ашимбаева", "ru"), ("Ашимбаеву", "ru"),
    ("Ашимбаевым", "ru"), ("Әшімбаев", "kk"), ("Әшімбаевтың", "kk"),
])
@pytest.mark.parametrize("searched", [
    "Ashimbaev", "Ashimbayev", "Ашимбаев", "Ашимбаева", "Ашимбаеву", "Ашимбаевым", "Әшімбаев", "Әшімбаевтың",
])
def test_any_spelling_or_surname_form_finds_a_release_that_only_mentions_another(
    client, chairman, written, language, searched,
):
    """No participant link: the name is only in the release's own text."""
    make_release(title="Mention", languages=(language,), **{f"body_{language}": f"<p>Встреча: {written} и эксперты.</p>"})
    make_release(title="Unrelated", languages=(language,), days_ago=2)
    assert found_titles(client, language, q=searched) == [f"Mention {language}"]


@pytest.mark.parametrize("field", ["title", "lead", "quote"])
def test_an_alternative_spelling_finds_the_name_in_a_title_lead_or_quote(client, chairman, field):
    release = make_release(title="Other", **({f"{field}_en": "Ashimbaev met experts"} if field != "quote" else {}))
    if field == "quote":
        add_quote(release, make_person(slug="aida", name_en="Aida Balaeva"), text_en="Ashimbaev said so.")
    assert found_titles(client, q="Ashimbayev") == [release.title_en]


def test_a_spelling_does_not_bring_the_first_name_along(client, chairman):
    """"Ashimbayev" means the surname: another Maulen is not found."""
    make_release(title="Another Maulen", body_en="<p>Maulen Sadykov opened the session.</p>")
    assert found_titles(client, q="Ashimbayev") == []


def test_a_word_that_is_nobodys_name_is_searched_as_before(client, chairman):
    make_release(title="Laws", body_en="<p>Senators discussed the laws.</p>")
    assert found_titles(client, q="law") == ["Laws en"]


@pytest.mark.parametrize("language", ["ru", "en"])
def test_an_address_or_a_hyphenated_name_is_searched_as_the_text_reads_it(client, language):
    make_release(title="Contact", languages=(language,), **{f"body_{language}": "<p>Kassym-Jomart Tokayev: senate.kz</p>"})
    make_release(title="Other", languages=(language,), days_ago=2, **{f"body_{language}": "<p>The senate in Kazakhstan.</p>"})
    assert found_titles(client, language, q="senate.kz") == [f"Contact {language}"]
    assert found_titles(client, language, q="Kassym-Jomart") == [f"Contact {language}"]


@pytest.fixture
def analysed_archive(monkeypatch):
    """Forty releases about the Senate's laws, three about hydropower, and planner statistics that know it."""
    for number in range(40):
        make_release(title_kk="Сенат заңды қабылдады", title_en="Senate adopts the law", days_ago=number + 1)
    for number in range(3):
        make_release(title_kk="Гидроэнергетика туралы", title_en="On hydropower", days_ago=100 + number)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE releases_release")
    # As if the archive were large: the newest matches of a common word then lie among the newest releases.
    monkeypatch.setattr(search_module, "SEARCH_LIMIT", 5)


def plan_walks_newest_first(language, query):
    with CaptureQueriesContext(connection) as queries, ReaderQuery(query, language).cheapest_plan("releases_release"):
        pass
    (planned,) = [captured["sql"] for captured in queries.captured_queries if "set_config" in captured["sql"]]
    return "enable_bitmapscan" in planned


@pytest.mark.parametrize("language, query, newest_first", [
    ("kk", "сенат", True),
    ("kk", "Сенаттың заңы", True),
    ("kk", "гидроэнергетика", False),
    ("kk", "жоқсөз", False),  # in no release: its forms must not add up to a common word
    ("kk", "сенат гидроэнергетика", False),  # the rare word bounds what both together can match
    ("kk", "гидроэнергетика OR сенат", True),
    ("kk", "-гидроэнергетика", True),
    ("en", "laws", True),  # the English stemmer's word, as the index keeps it
    ("en", "hydropower", False),
])
def test_a_query_is_planned_by_how_common_its_words_are(analysed_archive, language, query, newest_first):
    assert plan_walks_newest_first(language, query) is newest_first


def test_either_plan_finds_the_same_releases(analysed_archive, monkeypatch):
    def found(query):
        return Release.objects.search(query, "kk").ids

    assert not plan_walks_newest_first("kk", "гидроэнергетика") and plan_walks_newest_first("kk", "сенат")
    by_cheapest_plan = {query: found(query) for query in ("сенат", "гидроэнергетика")}
    monkeypatch.setattr(search_module, "WALK_COST", -1)  # every query walks newest first
    assert {query: found(query) for query in by_cheapest_plan} == by_cheapest_plan
    assert len(by_cheapest_plan["сенат"]) == 40 and len(by_cheapest_plan["гидроэнергетика"]) == 3


@pytest.mark.parametrize("language, query", [
    ("ru", "закон о водных ресурсах"), ("en", "the law on water resources"), ("kk", "су ресурстары туралы заң"),
])
def test_a_query_of_several_words_and_stop_words_finds_what_has_them_all(client, language, query):
    make_release(title_ru="Закон о водных ресурсах", title_en="Law on water resources",
                 title_kk="Су ресурстары туралы заңды қабылдады")
    make_release(title_ru="Закон о бюджете", title_en="Law on the budget", title_kk="Бюджет туралы заң")
    assert len(found_titles(client, language, q=query)) == 1


