"""Plain, explicit test data: a release with its people, in the languages asked for."""

from datetime import date, timedelta

from django.utils import timezone

from releases.models import Institution, Participant, Person, Quote, Release, Section


def make_section(slug="chamber-news", **names):
    names = names or {"name_kk": "Палата жаңалықтары", "name_ru": "Новости палаты", "name_en": "Chamber news"}
    return Section.objects.create(slug=slug, **names)


def make_person(slug="maulen-ashimbaev", **fields):
    fields = fields or {
        "name_kk": "Мәулен Әшімбаев", "name_ru": "Маулен Ашимбаев", "name_en": "Maulen Ashimbaev",
        "position_en": "Chairman of the Senate", "position_ru": "Председатель Сената",
        "position_kk": "Сенат Төрағасы",
    }
    return Person.objects.create(slug=slug, **fields)


def make_release(section=None, languages=("kk", "ru", "en"), days_ago=1, title="Creative industry", **fields):
    """A published release; `title` is suffixed with each language's code to tell them apart."""
    section = section or Section.objects.first() or make_section()
    values = {"published_at": timezone.now() - timedelta(days=days_ago), "status": Release.Status.PUBLISHED}
    for language in languages:
        values[f"title_{language}"] = f"{title} {language}"
        values[f"lead_{language}"] = f"Lead {language}"
        values[f"body_{language}"] = f"<p>First paragraph {language}.</p><p>Second paragraph {language}.</p>"
    values.update(fields)
    return Release.objects.create(section=section, **values)


def add_participant(release, person, position=0, role_en="invited guest", **fields):
    return Participant.objects.create(release=release, person=person, position=position, role_en=role_en, **fields)


def add_quote(release, speaker, after_paragraph=1, text_en="We need practical steps.", **texts):
    return Quote.objects.create(
        release=release, speaker=speaker, after_paragraph=after_paragraph, text_en=text_en, **texts
    )


def make_institution(**fields):
    """The institution the site belongs to: the Kurultai unless told otherwise."""
    values = {
        "name_kk": "Қазақстан Республикасының Құрылтайы", "name_ru": "Курултай Республики Казахстан",
        "name_en": "Kurultai of the Republic of Kazakhstan",
        "short_name_kk": "Құрылтай", "short_name_ru": "Курултай", "short_name_en": "Kurultai",
        "press_service_kk": "Құрылтайдың баспасөз қызметі", "press_service_ru": "Пресс-служба Курултая",
        "press_service_en": "Press service of the Kurultai",
        "address_kk": "Астана, Құрылтай ғимараты", "address_ru": "Астана, здание Курултая",
        "address_en": "Astana, Kurultai building",
        "contact_line_kk": "Құрылтайдың баспасөз қызметі, 74-00-00",
        "contact_line_ru": "Пресс-служба Курултая, 74-00-00", "contact_line_en": "Press service of the Kurultai, 74-00-00",
        "active_from": date(2026, 7, 1), "feed_id_authority": "kurultai.example.kz,2026",
        **fields,
    }
    institution = Institution.current()
    for field, value in values.items():
        setattr(institution, field, value)
    institution.save()
    return institution
