"""Synthetic press releases for load and search work: realistic shape, three languages."""

import random
import secrets
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from releases import images
from releases.html import paragraphs_to_html
from releases.illustrations import parliament_illustration
from releases.legacy_import import refresh_statistics
from releases.models import Participant, Person, Quote, Release, Section, slug_base

# Each topic in the form each language's templates need.
TOPICS = [
    {"en": "culture", "ru": "культуре", "kk": "мәдениет"},
    {"en": "public health", "ru": "здравоохранении", "kk": "денсаулық сақтау"},
    {"en": "education", "ru": "образовании", "kk": "білім беру"},
    {"en": "the budget", "ru": "бюджете", "kk": "бюджет"},
    {"en": "agriculture", "ru": "сельском хозяйстве", "kk": "ауыл шаруашылығы"},
    {"en": "digital technologies", "ru": "цифровых технологиях", "kk": "цифрлық технологиялар"},
    {"en": "the creative industry", "ru": "креативной индустрии", "kk": "шығармашылық индустрия"},
    {"en": "water resources", "ru": "водных ресурсах", "kk": "су ресурстары"},
    {"en": "local self-government", "ru": "местном самоуправлении", "kk": "жергілікті өзін-өзі басқару"},
    {"en": "social protection", "ru": "социальной защите", "kk": "әлеуметтік қорғау"},
    {"en": "transport", "ru": "транспорте", "kk": "көлік"},
    {"en": "ecology", "ru": "экологии", "kk": "экология"},
]
TITLES = [
    {"en": "Senate adopts the law on {en}", "ru": "Сенат принял закон о {ru}", "kk": "Сенат {kk} туралы заңды қабылдады"},
    {"en": "Senators discussed amendments on {en}", "ru": "Сенаторы обсудили поправки о {ru}",
     "kk": "Сенаторлар {kk} туралы түзетулерді талқылады"},
    {"en": "Parliamentary hearings on {en} held in the Senate", "ru": "В Сенате прошли парламентские слушания о {ru}",
     "kk": "Сенатта {kk} туралы парламенттік тыңдау өтті"},
    {"en": "Committee considered the draft law on {en}", "ru": "Комитет рассмотрел законопроект о {ru}",
     "kk": "Комитет {kk} туралы заң жобасын қарады"},
]
SENTENCES = {
    "en": [
        "The meeting was chaired by the Speaker of the Senate.",
        "Deputies noted that the law will strengthen the rights of citizens.",
        "Particular attention was paid to the implementation of the Address of the Head of State.",
        "The participants discussed the experience of the regions and proposals of experts.",
        "The senators made a number of recommendations to the Government.",
        "The document was sent to the President for signature.",
        "Representatives of ministries and civil society took part in the discussion.",
    ],
    "ru": [
        "Заседание провёл Председатель Сената.",
        "Депутаты отметили, что закон укрепит права граждан.",
        "Особое внимание уделено реализации Послания Главы государства.",
        "Участники обсудили опыт регионов и предложения экспертов.",
        "Сенаторы выработали ряд рекомендаций Правительству.",
        "Документ направлен на подпись Президенту.",
        "В обсуждении приняли участие представители министерств и гражданского общества.",
    ],
    "kk": [
        "Отырысты Сенат Төрағасы өткізді.",
        "Депутаттар заң азаматтардың құқықтарын нығайтатынын атап өтті.",
        "Мемлекет басшысының Жолдауын іске асыруға ерекше назар аударылды.",
        "Қатысушылар өңірлердің тәжірибесі мен сарапшылардың ұсыныстарын талқылады.",
        "Сенаторлар Үкіметке бірқатар ұсынымдар берді.",
        "Құжат Президенттің қол қоюына жіберілді.",
        "Талқылауға министрліктер мен азаматтық қоғам өкілдері қатысты.",
    ],
}
ROLES = [
    {"en": "chaired the meeting", "ru": "председательствовал", "kk": "төрағалық етті"},
    {"en": "speaker", "ru": "докладчик", "kk": "баяндамашы"},
    {"en": "invited guest", "ru": "приглашённый гость", "kk": "шақырылған қонақ"},
]
FIRST_NAMES = [("Асхат", "Askhat"), ("Дәурен", "Dauren"), ("Айгүл", "Aigul"), ("Нұрлан", "Nurlan"), ("Гүлмира", "Gulmira")]
LAST_NAMES = [("Омаров", "Omarov"), ("Сәрсенов", "Sarsenov"), ("Жұмабаев", "Zhumabayev"), ("Қасымов", "Kassymov")]
LANGUAGES = ("kk", "ru", "en")
# Generated releases share a few photos, so ten thousand of them do not mean ten thousand images.
SHARED_PHOTOS = 6
PHOTO_ALT = {
    "kk": "Парламент ғимараты, алдында баспалдақтар",
    "ru": "Здание Парламента со ступенями перед входом",
    "en": "The Parliament building with steps in front",
}
PHOTO_CREDIT = {"kk": "Н. Байбұлин", "ru": "Н. Байбулин", "en": "N. Baybulin"}
# Each chunk is committed on its own, so a large count neither waits for one huge commit nor plans with stale statistics.
RELEASES_PER_TRANSACTION = 5000
KAZAKH_TO_RUSSIAN_LETTERS = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")


class Command(BaseCommand):
    help = "Generate N synthetic published releases in kk, ru and en, with people, quotes and participants."

    def add_arguments(self, parser):
        parser.add_argument("count", nargs="?", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=2023)

    def handle(self, count, seed, **options):
        rng = random.Random(seed)
        batch = secrets.token_hex(3)
        now = timezone.now()
        with images.discarded_on_error(), transaction.atomic():
            sections = list(Section.objects.all()) or [self.default_section()]
            people = self.synthetic_people()
            photos = self.shared_photos()
        for first in range(0, count, RELEASES_PER_TRANSACTION):
            numbers = range(first, min(count, first + RELEASES_PER_TRANSACTION))
            with transaction.atomic():
                self.generate(rng, numbers, batch, sections, people, now, photos)
            # Without fresh statistics PostgreSQL plans each chunk for the tables as they
            # were before the first, and generating grows slower with every release.
            refresh_statistics()
        self.stdout.write(f"Generated {count} releases.")

    def generate(self, rng, numbers, batch, sections, people, now, photos):
        releases = [self.build_release(rng, number, batch, sections, now, photos) for number in numbers]
        Release.objects.bulk_create(releases, batch_size=2000)
        participants, quotes = [], []
        for release in releases:
            chosen = rng.sample(people, 3)
            for position, person in enumerate(chosen):
                role = ROLES[position]
                participant = Participant(
                    release=release, person=person, position=position,
                    **{f"role_{language}": role[language] for language in LANGUAGES},
                )
                participant.fill_position_held()
                participants.append(participant)
            sentence = rng.randrange(len(SENTENCES["en"]))
            quotes.append(Quote(
                release=release, speaker=chosen[0], after_paragraph=1,
                **{f"text_{language}": SENTENCES[language][sentence] for language in LANGUAGES},
            ))
        Participant.objects.bulk_create(participants, batch_size=5000)
        Quote.objects.bulk_create(quotes, batch_size=5000)

    def build_release(self, rng, number, batch, sections, now, photos):
        topic, template = rng.choice(TOPICS), rng.choice(TITLES)
        fields = {}
        for language in LANGUAGES:
            title = template[language].format(**topic)
            paragraphs = [" ".join(rng.sample(SENTENCES[language], 3)) for _paragraph in range(rng.randint(4, 7))]
            fields.update({
                f"title_{language}": title,
                # Unique by the batch and the number, without asking the database for each, as saving does.
                f"slug_{language}": f"{slug_base(title, length=70)}-{batch}-{number}",
                f"lead_{language}": paragraphs[0],
                f"body_{language}": paragraphs_to_html(paragraphs),
                f"photo_alt_{language}": PHOTO_ALT[language],
                f"photo_credit_{language}": PHOTO_CREDIT[language],
            })
        release = Release(
            section=rng.choice(sections),
            status=Release.Status.PUBLISHED,
            published_at=now - timedelta(minutes=rng.randrange(60 * 24 * 365 * 12)),
            views=rng.randrange(50, 5000),
            **fields,
        )
        release.clean_texts()
        release.use_photo(rng.choice(photos))
        return release

    @staticmethod
    def shared_photos():
        """A few stored drawings, each an images.StoredPhoto."""
        photos = []
        for number in range(SHARED_PHOTOS):
            name = Release.photo.field.generate_filename(None, f"synthetic-{number + 1}.jpg")
            photos.append(images.process(images.save_file(name, ContentFile(parliament_illustration(number)))))
        return photos

    @staticmethod
    def default_section():
        return Section.objects.create(slug="chamber-news", name_kk="Палата жаңалықтары",
                                      name_ru="Новости палаты", name_en="Chamber news")

    @staticmethod
    def synthetic_people():
        people = []
        for first_kk, first_en in FIRST_NAMES:
            for last_kk, last_en in LAST_NAMES:
                slug = slugify(f"{first_en} {last_en}")
                person, _created = Person.objects.get_or_create(slug=slug, defaults={
                    "name_kk": f"{first_kk} {last_kk}", "name_ru": f"{first_kk} {last_kk}".translate(KAZAKH_TO_RUSSIAN_LETTERS),
                    "name_en": f"{first_en} {last_en}",
                    "position_kk": "Сенат депутаты", "position_ru": "Депутат Сената", "position_en": "Senator",
                })
                people.append(person)
        return people
