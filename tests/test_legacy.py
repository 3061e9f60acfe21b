"""Importing the old site's releases as readers copied them, and its addresses redirecting here."""

import html
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from releases.legacy import PeopleDirectory, recognise, split_credit
from releases.models import Office, Person, PositionTerm, Release

from .factories import make_institution, make_section

pytestmark = pytest.mark.django_db

SHARED_RELEASE = Path(__file__).parent / "data" / "legacy" / "8816.en.txt"
# The people of the shared release (Tokayev only mentioned), as the press service would have entered them.
PEOPLE = {
    "maulen-ashimbaev": ("Maulen Ashimbaev", "Маулен Ашимбаев", "Мәулен Әшімбаев"),
    "aida-balaeva": ("Aida Balaeva", "Аида Балаева", "Аида Балаева"),
    "makpal-zhumabai": ("Makpal Zhumabai", "Макпал Жумабай", "Мақпал Жұмабай"),
    "anvar-musirepov": ("Anvar Musirepov", "Анвар Мусирепов", "Анвар Мүсірепов"),
    "erkebulan-kurishbaev": ("Erkebulan Kurishbaev", "Еркебулан Куришбаев", "Еркебұлан Күрішбаев"),
    "yerbolat-bedelkhan": ("Yerbolat Bedelkhan", "Ерболат Бедельхан", "Ерболат Беделхан"),
    "nurdaulet-bekzhan": ("Nurdaulet Bekzhan", "Нурдаулет Бекжан", "Нұрдәулет Бекжан"),
    "alexander-ermakov": ("Alexander Ermakov", "Александр Ермаков", "Александр Ермаков"),
    "irina-kharitonova": ("Irina Kharitonova", "Ирина Харитонова", "Ирина Харитонова"),
    "kassym-jomart-tokayev": ("Kassym-Jomart Tokayev", "Касым-Жомарт Токаев", "Қасым-Жомарт Тоқаев"),
}


@pytest.fixture
def people():
    make_section()
    return {
        slug: Person.objects.create(slug=slug, name_en=en, name_ru=ru, name_kk=kk)
        for slug, (en, ru, kk) in PEOPLE.items()
    }


def release_text(title="Сенат одобрил закон", date_line="06.12.2023 15", paragraphs=(), credit=""):
    lines = ["Цвет сайта", "Расстояние между буквами", "", title, "", date_line, ""]
    for paragraph in paragraphs:
        lines += [paragraph, ""]
    return "\n".join([*lines, credit, "", "Поделиться"])


def import_files(folder, *options):
    call_command("import_legacy", str(folder), *options, stdout=(output := __import__("io").StringIO()))
    return output.getvalue()


def write(folder, name, text, encoding="utf-8"):
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(text.encode(encoding))


def page_of(client, release, language):
    with translation.override(language):
        response = client.get(release.get_absolute_url())
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_shared_release_imports_as_the_page_it_was(client, people, tmp_path):
    shutil.copy(SHARED_RELEASE, tmp_path / "8816.en.txt")
    report = import_files(tmp_path, "--publish")
    release = Release.objects.get(legacy_id=8816)
    page = page_of(client, release, "en")

    assert "<h1" in page and "The development of the creative industry was discussed by members of the Senate" in page
    assert release.published_at.date() == date(2023, 12, 6) and "6 December 2023" in page
    assert release.views == 258 and re.search(r"\b258\b", page)
    assert release.lead_en.startswith("The meeting of the Club of Young Experts")

    first, second = release.quotes.order_by("position")
    assert first.speaker == second.speaker == people["maulen-ashimbaev"]
    assert first.text_en.startswith("In the September Address") and first.text_en.endswith("as well as experts")
    assert "‘synchronization of watches’ before" in second.text_en
    assert "the Law ‘On Culture’ and ‘On Copyright and Related Rights’." in second.text_en
    assert "«" not in second.text_en and "–" not in second.text_en
    # Each quote stands after the paragraph it followed, and is not also left in the body.
    assert page.index("set specific goals for the development of this area") < page.index(first.text_en[:40])
    assert page.index(first.text_en[:40]) < page.index("During the expert discussion")
    assert "noted Maulen" not in page and "emphasized the Chairman" not in page

    roles = {participant.person.slug: participant.role_en for participant in release.participants.all()}
    assert roles == {
        "maulen-ashimbaev": "Speaker of the Chamber",
        "aida-balaeva": "Minister of Culture and Information",
        "makpal-zhumabai": "poetess and musician",
        "anvar-musirepov": "artistic director of the gallery Pygmalion",
        "erkebulan-kurishbaev": 'producer of the movie "KASH", general producer of Qara Studios',
        "yerbolat-bedelkhan": "producer of JUZ Entertainment label",
        "nurdaulet-bekzhan": "lawyer, creative producer",
        "alexander-ermakov": 'founder of the company "ER Manufactory"',
        "irina-kharitonova": 'head of the Creative Tourism Department of the national company "Kazakh Tourism"',
    }
    for name in ("Aida Balaeva", "Irina Kharitonova", "Makpal Zhumabai"):
        assert name in page
    assert release.photo_credit_en == "N. Baybulin"
    assert release.contact_line_en == "Press service of the Senate, 74-72-27"
    assert "Press service of the Senate, 74-72-27" in page
    assert "Share this" not in release.body_en and "Цвет сайта" not in page
    assert "Kassym-Jomart Tokayev is mentioned, not taking part" in report
    assert "by position: Chairman of the Chamber in this text" in report


def test_importing_again_changes_nothing(people, tmp_path):
    shutil.copy(SHARED_RELEASE, tmp_path / "8816.en.txt")
    import_files(tmp_path)
    before = Release.objects.values().get(legacy_id=8816)
    report = import_files(tmp_path)
    assert Release.objects.count() == 1 and Release.objects.values().get(legacy_id=8816) == before
    assert "0 releases imported (0 to check), 1 already there and left unchanged." in report


@pytest.mark.parametrize(("language", "quote", "text"), [
    ("ru", "«Закон защитит права детей», – подчеркнул Маулен Ашимбаев.", "Закон защитит права детей"),
    ("kk", "«Заң балалардың құқықтарын қорғайды», – деді Мәулен Әшімбаев.", "Заң балалардың құқықтарын қорғайды"),
    ("en", '"The law protects children," said Maulen Ashimbaev.', "The law protects children"),
    ("en", "“The law protects children”, – noted Maulen Ashimbaev.", "The law protects children"),
])
def test_quotes_in_each_marks_style_are_lifted_out_with_their_speaker(people, language, quote, text):
    source = release_text(paragraphs=["Сенат провёл пленарное заседание.", quote, "Закон направлен Президенту."])
    found = recognise(source, language, PeopleDirectory.from_database())
    assert [(quote.speaker, quote.text, quote.after_paragraph) for quote in found.quotes] == [
        (people["maulen-ashimbaev"], found.quotes[0].text, 0)
    ]
    assert text in found.quotes[0].text and found.paragraphs == ["Закон направлен Президенту."]


def test_a_speaker_is_found_by_an_alternative_spelling_and_in_a_case_ending(people):
    people["maulen-ashimbaev"].alternative_names = "Maulen Ashimbayev\nМаулен Ашимбайулы"
    people["maulen-ashimbaev"].save()
    directory = PeopleDirectory.from_database()
    english = recognise(release_text(paragraphs=["Senators met.", "«We agree», – said Maulen Ashimbayev."]), "en", directory)
    russian = recognise(release_text(paragraphs=[
        "Под председательством Спикера Палаты Маулена Ашимбаева состоялось заседание.",
        "«Мы согласны», – отметила Аида Балаева.",
    ]), "ru", directory)
    assert english.quotes[0].speaker == people["maulen-ashimbaev"]
    people["aida-balaeva"].name_latin = "Aida Balayeva"
    people["aida-balaeva"].save()
    in_latin = recognise(release_text(paragraphs=["Senators met.", "«We agree», – said Aida Balayeva."]), "en",
                         PeopleDirectory.from_database())
    assert in_latin.quotes[0].speaker == people["aida-balaeva"]
    assert russian.quotes[0].speaker == people["aida-balaeva"]
    assert [(p.person.slug, p.role) for p in russian.participants] == [
        ("maulen-ashimbaev", "Спикер Палаты"), ("aida-balaeva", ""),
    ]


@pytest.mark.parametrize("sentence, role", [
    ("Под председательством Председателя Палаты Маулена Ашимбаева состоялось заседание.", "Председатель Палаты"),
    ("Состоялась встреча с Чрезвычайным и Полномочным Послом Венгрии в Казахстане Мауленом Ашимбаевым.",
     "Чрезвычайный и Полномочный Посол Венгрии в Казахстане"),
    ("С участием Первого заместителя Председателя Сената Маулена Ашимбаева прошло совещание.",
     "Первый заместитель Председателя Сената"),
    ("В заседании принял участие депутат Сената Маулен Ашимбаев.", "депутат Сената"),
])
def test_a_russian_role_is_kept_as_a_role_is_written_whatever_case_the_sentence_put_it_in(people, sentence, role):
    found = recognise(release_text(paragraphs=[sentence]), "ru", PeopleDirectory.from_database())
    assert [(participant.person.slug, participant.role) for participant in found.participants] == [
        ("maulen-ashimbaev", role),
    ]


def test_a_kazakh_ambassadors_role_keeps_its_words_that_look_like_a_case_ending(people):
    sentence = ("Сенат Төрағасы Аида Балаева Өзбекстан Республикасының Қазақстандағы Төтенше және өкілетті "
                "елшісі Мәулен Әшімбаевпен кездесті.")
    found = recognise(release_text(title="Кездесу", paragraphs=[sentence]), "kk", PeopleDirectory.from_database())
    roles = {participant.person.slug: participant.role for participant in found.participants}
    assert roles["maulen-ashimbaev"] == "Өзбекстан Республикасының Қазақстандағы Төтенше және өкілетті елшісі"


def test_a_speaker_named_by_office_is_who_held_it_that_day_and_an_unknown_one_is_reported(people):
    earlier = Person.objects.create(slug="dariga-nazarbayeva", name_en="Dariga Nazarbayeva")
    PositionTerm.objects.create(person=earlier, office=Office.CHAMBER_CHAIR, started_on=date(2019, 3, 20),
                                ended_on=date(2020, 5, 2))
    PositionTerm.objects.create(person=people["maulen-ashimbaev"], office=Office.CHAMBER_CHAIR,
                                started_on=date(2020, 5, 4))
    directory = PeopleDirectory.from_database()
    quote = "«Законы должны работать», – подчеркнул Председатель Палаты."
    for day, speaker in (("10.01.2020", earlier), ("10.01.2023", people["maulen-ashimbaev"])):
        found = recognise(release_text(date_line=f"{day} 5", paragraphs=["Состоялось заседание.", quote]), "ru", directory)
        assert found.quotes[0].speaker == speaker

    unknown = recognise(release_text(paragraphs=[
        "Состоялось заседание.", "«Бюджет исполнен», – отметил председатель Комитета.",
    ]), "ru", directory)
    assert unknown.quotes == []
    assert unknown.paragraphs == ["«Бюджет исполнен», – отметил председатель Комитета."]
    assert any("line 10" in line and "the quote is left in the text" in line for line in unknown.report.to_check)


def test_a_quote_the_importer_cannot_lift_whole_stays_in_the_text_and_is_reported(people):
    in_two_parts = "«Первая часть», – сказал Маулен Ашимбаев. – «Вторая часть»."
    unattributed = "«Закон вступает в силу через десять дней»."
    found = recognise(release_text(paragraphs=["Состоялось заседание.", in_two_parts, unattributed]), "ru",
                      PeopleDirectory.from_database())
    assert found.quotes == [] and found.paragraphs == [in_two_parts, unattributed]
    assert sorted(line.split(":")[0] for line in found.report.to_check if line.startswith("line")) == [
        "line 10", "line 12",
    ]


def test_share_this_ends_the_text_only_where_the_site_put_it(people):
    ending_with_the_word = "Сенаторы готовы поделиться"
    found = recognise(release_text(paragraphs=["Состоялось заседание.", ending_with_the_word]).replace(
        "\n\nПоделиться", "Поделиться\nФутер сайта"), "ru")
    assert found.paragraphs == [ending_with_the_word]
    assert "Футер" not in " ".join(found.paragraphs)


def test_new_names_are_reported_and_never_created(people, tmp_path):
    write(tmp_path, "9001.ru.txt", release_text(paragraphs=[
        "В заседании принял участие депутат Мажилиса Ерлан Саиров и Аида Балаева.",
    ]))
    count = Person.objects.count()
    report = import_files(tmp_path)
    assert Person.objects.count() == count
    assert "'Ерлан Саиров' may be a person not yet known" in report
    assert "Аида Балаева" not in report.split("check")[-1]


@pytest.mark.parametrize(("line", "contact", "credit"), [
    ("( Press service of the Senate, 74-72-27. Photo by - N. Baybulin)", "Press service of the Senate, 74-72-27",
     "N. Baybulin"),
    ("(Press service of the Senate, 74-72-27, Photo by N. Baybulin)", "Press service of the Senate, 74-72-27",
     "N. Baybulin"),
    ("(Пресс-служба Сената, тел.: 74-72-27. Фото: Н. Байбулин)", "Пресс-служба Сената, тел.: 74-72-27", "Н. Байбулин"),
    ("(Пресс-служба Сената Парламента РК, фото – Е. Укибаев)", "Пресс-служба Сената Парламента РК", "Е. Укибаев"),
    ("(Сенаттың баспасөз қызметі, 74-72-27. Суретті түсірген – Н. Байбулин)", "Сенаттың баспасөз қызметі, 74-72-27",
     "Н. Байбулин"),
    ("Сенат баспасөз қызметі", "Сенат баспасөз қызметі", ""),
    ("(Photo: E. Ukibayev)", "", "E. Ukibayev"),
])
def test_the_credit_line_in_each_wording_the_site_used(line, contact, credit):
    assert split_credit(line) == (contact, credit)


def test_languages_of_one_old_id_make_one_release_and_a_missing_one_stays_missing(client, people, tmp_path):
    write(tmp_path, "9002-plenary.ru.txt", release_text(
        title="Сенат ратифицировал соглашение", date_line="14.03.2024 120",
        paragraphs=["Сенат ратифицировал соглашение с Узбекистаном.", "Закон направлен Главе государства.",
                    "«Соглашение укрепит сотрудничество», – отметил Маулен Ашимбаев."],
        credit="(Пресс-служба Сената, 74-72-27. Фото: Н. Байбулин)",
    ))
    write(tmp_path, "9002.kk.txt", release_text(
        title="Сенат келісімді ратификациялады", date_line="14.03.2024 80",
        paragraphs=["Сенат Өзбекстанмен келісімді ратификациялады.", "Заң Мемлекет басшысына жіберілді.",
                    "«Келісім ынтымақтастықты нығайтады», – деді Мәулен Әшімбаев."],
        credit="(Сенаттың баспасөз қызметі, 74-72-27. Суретті түсірген – Н. Байбулин)",
    ))
    import_files(tmp_path, "--publish")
    release = Release.objects.get(legacy_id=9002)
    assert release.views == 120
    assert not release.title_en and release.title_kk and release.title_ru
    quote = release.quotes.get()
    assert (quote.text_ru, quote.text_kk) == ("Соглашение укрепит сотрудничество", "Келісім ынтымақтастықты нығайтады")
    assert "Соглашение укрепит сотрудничество" in page_of(client, release, "ru")


def test_a_manifest_gives_old_ids_and_sections_to_files_named_otherwise(people, tmp_path):
    committees = make_section(slug="committees", name_en="Committees")
    shutil.copy(SHARED_RELEASE, tmp_path / "senate-release-2023-12-06.en.txt")
    write(tmp_path, "manifest.csv", "file,old_id,section\nsenate-release-2023-12-06.en.txt,8816,committees\n")
    import_files(tmp_path)
    assert Release.objects.get(legacy_id=8816).section == committees


@pytest.mark.parametrize(("name", "content", "message"), [
    ("9003.ru.txt", release_text(date_line=""), "9003.ru.txt:10: the date and the view count (DD.MM.YYYY N) should follow the title, not 'Поделиться'"),
    ("9003.ru.txt", release_text(date_line="31.02.2023 7"), "9003.ru.txt:6: '31.02.2023 7' is not a date"),
    ("9003.ru.txt", "\n\n", "9003.ru.txt:3: no title: the text is empty"),
    ("notes.txt", release_text(), "notes.txt:0: no old id: name the file <old id>.<language>.txt"),
])
def test_bad_input_is_named_by_file_and_line_and_nothing_is_saved(people, tmp_path, name, content, message):
    shutil.copy(SHARED_RELEASE, tmp_path / "8816.en.txt")
    write(tmp_path, name, content)
    with pytest.raises(CommandError) as error:
        import_files(tmp_path, "--publish")
    assert message in str(error.value)
    assert not Release.objects.exists()


def test_a_closed_archive_takes_in_its_own_older_releases_but_none_dated_after_its_powers_ended(people, tmp_path):
    make_institution(active_from=date(1996, 1, 1), active_until=date(2026, 7, 1))
    shutil.copy(SHARED_RELEASE, tmp_path / "8816.en.txt")
    import_files(tmp_path, "--publish")
    assert Release.objects.get().status == Release.Status.PUBLISHED

    write(tmp_path, "9005.ru.txt", release_text(date_line="02.07.2026 3", paragraphs=["Сенат одобрил закон.", "Закон вступает в силу."]))
    with pytest.raises(CommandError) as error:
        import_files(tmp_path, "--publish")
    assert "9005.ru.txt:0: release: " in str(error.value)
    assert "no release can be published on or after that day" in str(error.value)
    assert Release.objects.count() == 1


def test_a_file_in_an_unknown_encoding_is_named_with_its_line(people, tmp_path):
    shutil.copy(SHARED_RELEASE, tmp_path / "8816.en.txt")
    write(tmp_path, "9004.ru.txt", release_text(title="Сенат одобрил"), encoding="cp1251")
    with pytest.raises(CommandError) as error:
        import_files(tmp_path)
    assert "9004.ru.txt:1: 9004.ru.txt is not UTF-8 text" in str(error.value)
    assert not Release.objects.exists()


@pytest.mark.parametrize(("old_address", "language"), [
    ("/en-US/news/details/8816", "en"),
    ("/ru-RU/news/details/8816", "ru"),
    ("/kk-KZ/news/details/8816", "kk"),
    ("/en-US/pages/details/8816?type=internationalactivity", "en"),
    ("/en/senate/press-center/article/8816", "en"),
])
def test_old_addresses_redirect_for_good_to_the_same_release_in_the_same_language(client, people, tmp_path,
                                                                                  old_address, language):
    shutil.copy(SHARED_RELEASE, tmp_path / "8816.en.txt")
    import_files(tmp_path, "--publish")
    release = Release.objects.get(legacy_id=8816)
    response = client.get(old_address)
    with translation.override(language):
        assert (response.status_code, response["Location"]) == (301, release.get_absolute_url())
    assert client.get("/en-US/news/details/1").status_code == 404


def test_terms_of_office_are_kept_in_the_admin(admin_client, people):
    PositionTerm.objects.create(person=people["maulen-ashimbaev"], office=Office.CHAMBER_CHAIR,
                                started_on=date(2020, 5, 4))
    changelist = admin_client.get("/admin/releases/positionterm/")
    assert changelist.status_code == 200 and "Chairman of the Chamber" in changelist.content.decode()
    refused = admin_client.post("/admin/releases/positionterm/add/", {
        "person": people["aida-balaeva"].pk, "office": Office.CHAMBER_DEPUTY_CHAIR,
        "started_on": "2024-01-10", "ended_on": "2023-01-10",
    })
    assert "A term cannot end before it starts." in refused.content.decode()
    assert PositionTerm.objects.count() == 1



def test_a_long_import_keeps_the_planner_informed_of_the_rows_it_adds(people, tmp_path, monkeypatch):
    """Autovacuum cannot see the import's uncommitted rows; without fresh statistics, each save's
    lookups are planned for the empty tables the import began with, and slow down release by release."""
    monkeypatch.setattr("releases.legacy_import.ANALYZE_EVERY", 1)
    for old_id in (1, 2, 3):
        write(tmp_path, f"{old_id}.ru.txt", release_text(title=f"Сенат одобрил закон {old_id}",
                                                         paragraphs=["Сенат одобрил закон."]))

    def rows_the_planner_expects():
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Release._meta.db_table])
            return cursor.fetchone()[0]

    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Release._meta.db_table}")
    assert rows_the_planner_expects() == 0
    import_files(tmp_path)
    assert rows_the_planner_expects() == Release.objects.count() == 3
