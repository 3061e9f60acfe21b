"""Recognising a release as a reader copies it off the old site, in one language.

The text looks like this (the old site's page, copied from the browser):

    Цвет сайта                                   the page's toggles, in any language: skipped
    Расстояние между буквами
    The development of the creative industry ... the title
    06.12.2023 258                               the date and the view count
    The meeting of the Club of Young Experts ... the paragraphs; the first is the lead
    «In the September Address, ...», –emphasized the Chairman of the Chamber.
    ...
    ( Press service of the Senate, 74-72-27. Photo by - N. Baybulin)
    Share this                                   the end; anything after it is the site's footer

`recognise(text, language, directory)` returns a `LegacyRelease`: unsaved, with the people
it names already matched in `directory` (a `PeopleDirectory`, built once per import), and
its `report`: what was recognised, and what needs a human look. It never guesses: a
quote whose speaker it cannot tell stays a paragraph of the body, and a name it does not
know is reported, not made into a person. Malformed text raises `LegacyFormatError`,
which names the line of each problem.

`read_text(data, name)` decodes a file's bytes the same way, or says which line is not text.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils import timezone

from .models import Office, Person, PositionTerm
from .text import clean_credit, quote_pairs, transliterate

LANGUAGES = ("kk", "ru", "en")

# The page's two toggles, which a reader copying the page takes along, in each language the site used.
TOGGLE_LABELS = {
    "цвет сайта", "расстояние между буквами", "сайт түсі", "сайттың түсі", "әріп аралығы",
    "әріптер арасындағы қашықтық", "site color", "site colour", "letter spacing", "версия для слабовидящих",
    "нашар көретіндерге арналған нұсқа", "version for the visually impaired",
}
SHARE = re.compile(r"share\s+this|поделиться|бөлісу", re.IGNORECASE)
SHARE_AFTER_CREDIT = re.compile(r"(?<=\))\s*(?:Share\s+this|Поделиться|Бөлісу)$")
DATE_AND_VIEWS = re.compile(r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})(?:\s+(?P<views>\d+))?")
# The old site showed no time; each imported release is placed at noon of its day.
PUBLICATION_TIME = time(12, 0)

# The credit line: the press service, perhaps a phone number, and the photographer, in any order of
# wordings the site used: "(Press service of the Senate, 74-72-27. Photo by - N. Baybulin)",
# "(Пресс-служба Сената, тел.: 74-72-27, фото: Н. Байбулин)", "Сенат баспасөз қызметі. Суретті түсірген – ...".
PRESS_SERVICE = re.compile(r"press\s+service|press\s+office|пресс-служб|баспасөз\s+қызмет", re.IGNORECASE)
CREDIT_LINE_MOST = 150
PHOTO_MARK = re.compile(
    r"(?<![^\W_])(photos?\s+by|photos?|фото|суретті\s+түсірген|сурет\s+авторы|сурет|суретте)(?![^\W_])",
    re.IGNORECASE,
)

# What an attribution after a quote starts with: a dash, perhaps after a comma or a full stop.
ATTRIBUTION = re.compile(r"\s*[,.]?\s*[–—−-]+\s*(?P<said>\S.*)", re.DOTALL)
# English puts the comma inside the marks and no dash: "We agree," said the Chairman.
ENGLISH_ATTRIBUTION = re.compile(r"\s+(?P<said>[A-Za-z].*)", re.DOTALL)
OPENING_MARKS = "«“„\"‘'"

WORD = re.compile(r"[^\W\d_]+")
# How many letters a Russian or Kazakh case ending adds to a name: Ашимбаев-а, Әшімбаев-тың.
ENDING_LETTERS = 4
STEM_VOWELS = "аяыйіеэоуюьaeiouy"
# A surname as the old site wrote them, in Latin letters, perhaps with a Russian or Kazakh case ending.
SURNAME_ENDINGS = re.compile(
    r"(?:ov|ev|in|ova|eva|ina|enko|uly|kyzy|bai|bay|bek|khan|zhan|skiy|skii|skaya|sky)"
    r"(?:a|u|y|e|om|ym|oi|oy|ei|tyn|tin|nyn|nin|ke|ka|qa|ga|ge|pen|men|ben|ty|ti|ny|ni|ta|te|da|de|tan|ten|nan|nen)?$"
)
# A given name does not end as a Kazakh noun in a case does: "Заңды Еңбек" is no one.
NOT_A_GIVEN_NAME = re.compile(r"(?:ды|ді|ны|ні|ты|ті|ның|нің|дың|дің|тың|тің|сы|сі|ын|ін|ға|ге|қа|ке)$")
# Two capitalised words, or an initial and one, at every place they start (they may overlap).
NAME_LIKE = re.compile(
    r"(?<![^\W_])(?=((?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]\.\s*|[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі]+\s+)"
    r"(?P<surname>[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі]+)))"
)

# Attributions name offices with these words (each a word's beginning, so that case endings fit).
# The first of a kind that fits wins, so the deputy comes before the chairman.
OFFICE_WORDS = [
    (Office.CHAMBER_DEPUTY_CHAIR, [
        "deputy chair", "deputy speaker", "заместител председател", "вице-спикер", "орынбасар",
    ]),
    (Office.CHAMBER_CHAIR, [
        "chairman of the chamber", "chairman of the senate", "chair of the senate", "chair of the chamber",
        "speaker of the chamber", "speaker of the senate", "senate speaker", "senate chairman",
        "председател палат", "председател сенат", "спикер палат", "спикер сенат",
        "палата төраға", "сенат төраға", "палата спикер", "сенат спикер",
    ]),
    (Office.MAZHILIS_CHAIR, [
        "chairman of the mazhilis", "speaker of the mazhilis", "председател мажилис", "спикер мажилис",
        "мәжіліс төраға", "мәжіліс спикер",
    ]),
    (Office.PRESIDENT, [
        "head of state", "president of the country", "president of kazakhstan", "president of the republic",
        "глав государств", "президент стран", "президент казахстан", "президент республик",
        "мемлекет басшы", "ел президент", "қазақстан президент",
    ]),
]
# Each office's phrases as one pattern over the words of a text, each phrase's word as a word's beginning.
OFFICE_PATTERNS = [
    (office, re.compile("|".join(
        r"\b" + r"\w*\s+".join(re.escape(part) for part in WORD.findall(phrase)) for phrase in phrases
    )))
    for office, phrases in OFFICE_WORDS
]
# A person these offices name is talked about, not taking part: "Head of State Kassym-Jomart Tokayev set goals".
MENTIONED_ONLY = {Office.PRESIDENT}

# Where the description of a person named in the text begins: after these words, or a comma.
ROLE_STARTS = re.compile(
    r"(?:^|[;:(]|,(?=\s*(?:(?-i:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])|$))|\b(?:by|with|was|were|is|are|told|said|chairmanship\s+of|participation\s+of|including|"
    r"председательством|участием|участие|рассказал[аи]?|выступил[аи]?|был[аи]?|стал[аи]?|являлся|также|"
    r"төрағалығымен|қатысуымен|атап\s+өтті|айтты|болды)\b)",
    re.IGNORECASE,
)
ROLE_LEADING_WORDS = re.compile(
    r"^(?:\s|[,;:–—-]|\b(?:and|as\s+well\s+as|also|the|a|an|и|а\s+также|также|с|со|және|мен|пен|бен|сондай-ақ)\b)+",
    re.IGNORECASE,
)
ROLE_MOST_WORDS = 14
# A Russian role starts with its title, perhaps after adjectives: «художественный руководитель галереи».
RUSSIAN_TITLE = re.compile(
    r"(?:председател|заместител|депутат|сенатор|министр|вице-министр|аким(?!ат)|посл[аоеу]|посол|руководител|"
    r"глав(?:[аеуы]|ой)|член|спикер|секретар|директор|президент|премьер|основател|продюсер|поэт|юрист|эксперт\b|"
    r"ректор|советник|начальник|представител|генеральн)",
    re.IGNORECASE,
)
RUSSIAN_ADJECTIVE = re.compile(r"(?:ый|ий|ой|ая|яя|ое|ее|ые|ие|ым|им|ом|ой|ыми|ими|\w{3}(?:ого|его|ому|ему))$")
# Titles a role begins with, to put back in the nominative from the case the sentence gave them:
# "под председательством Председателя Палаты" names a role "Председатель Палаты".
RUSSIAN_TITLES = (
    "председатель", "заместитель", "руководитель", "представитель", "основатель", "секретарь", "спикер", "сенатор",
    "депутат", "министр", "вице-министр", "премьер-министр", "член", "директор", "президент", "аким", "советник",
    "начальник", "ректор", "эксперт", "продюсер", "юрист", "посол", "глава",
)
# The masculine adjective endings of the genitive, dative and instrumental, and the nominative's.
RUSSIAN_ADJECTIVE_IN_NOMINATIVE = (("ого", "ый"), ("его", "ий"), ("ому", "ый"), ("ему", "ий"), ("ым", "ый"), ("им", "ий"))
# Kazakh puts a role's words before its title (Сенат депутаты), so it begins after the last word that is a
# verb form (қатысқан, атап) or a noun in a case a role does not take: отырысты, баяндаманы, отырысқа, аясында.
KAZAKH_VERB_OR_CASE = re.compile(
    r"(?:^бүгін$|^кеше$|^туралы$|^бойынша$|[а-яәғқңөұүһі](?:ты|ті|ны|ні|ды|ді|қан|ған|кен|ген|қа|ға|ке|ге|да|де|та|те|нда|нде|"
    r"ретінде|мен|пен|бен))$"
)
# Words of Kazakh titles whose own endings look like those: депутаты, мүшесі, Палата, (Төтенше және) өкілетті (елшісі).
KAZAKH_TITLES = ("депутат", "төраға", "мүше", "басшы", "министр", "вице-министр", "әкім", "елші", "спикер", "хатшы",
                 "сенатор", "орынбасар", "палата", "өкілетті")


class LegacyFormatError(Exception):
    """The text is not an old-site release; `problems` lists (line number, reason)."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(f"line {line}: {reason}" for line, reason in problems))


@dataclass
class Report:
    recognised: list[str] = field(default_factory=list)
    to_check: list[str] = field(default_factory=list)


@dataclass
class LegacyQuote:
    text: str
    speaker: Person
    # The number of body paragraphs before it: 0 puts it before the first, as Quote.after_paragraph.
    after_paragraph: int
    line: int


@dataclass
class LegacyParticipant:
    person: Person
    role: str
    line: int


@dataclass
class LegacyRelease:
    language: str
    title: str
    published_at: datetime
    views: int
    lead: str
    # Plain-text paragraphs; releases.html.paragraphs_to_html makes the body of them.
    paragraphs: list[str]
    quotes: list[LegacyQuote]
    participants: list[LegacyParticipant]
    photo_credit: str
    contact_line: str
    report: Report


@dataclass
class Spelling:
    person: Person
    stems: list[str]


class PeopleDirectory:
    """Every known person under each of their spellings, and who held which office when."""

    def __init__(self, people, terms=()):
        self.by_start = {}
        for person in people:
            spellings = [
                person.name_kk, person.name_ru, person.name_en, person.name_latin, *person.alternative_names.splitlines(),
            ]
            for spelling in dict.fromkeys(text.strip() for text in spellings if text and text.strip()):
                stems = [name_stem(word) for word in WORD.findall(spelling)]
                if stems:
                    self.by_start.setdefault(stems[0][:3], []).append(Spelling(person, stems))
        self.terms = list(terms)

    @classmethod
    def from_database(cls):
        return cls(Person.objects.all(), PositionTerm.objects.select_related("person"))

    def find(self, text):
        """[(start, end, person)] for each known name in the text, longest spelling first where two overlap."""
        words = [(found.start(), found.end(), found.group().lower()) for found in WORD.finditer(text)]
        found, taken_until = [], -1
        for index, (start, _end, word) in enumerate(words):
            if start < taken_until:
                continue
            candidates = sorted(self.by_start.get(word[:3], ()), key=lambda spelling: -len(spelling.stems))
            for spelling in candidates:
                following = words[index:index + len(spelling.stems)]
                if len(following) == len(spelling.stems) and all(
                    fits(word, stem) for (_s, _e, word), stem in zip(following, spelling.stems)
                ):
                    found.append((start, following[-1][1], spelling.person))
                    taken_until = following[-1][1]
                    break
        return found

    def holders(self, office, on_date):
        """The people who held the office on that date."""
        return list(dict.fromkeys(
            term.person for term in self.terms
            if term.office == office and term.started_on <= on_date and (term.ended_on is None or on_date <= term.ended_on)
        ))


def name_in(person, language):
    """The person's name in the release's language, for the report."""
    return getattr(person, f"name_{language}") or person.name_en or person.name_ru or person.name_kk


def name_stem(word):
    """A name's word without its last vowel, which case endings replace: Балаев-а, Балаев-ой."""
    word = word.lower()
    return word[:-1] if len(word) > 3 and word[-1] in STEM_VOWELS else word


def fits(word, stem):
    return word.startswith(stem) and len(word) - len(stem) <= ENDING_LETTERS


def office_named(text):
    """The office the words name, if any: "the Chairman of the Chamber" is Office.CHAMBER_CHAIR."""
    words = " ".join(WORD.findall(text.lower()))
    return next((office for office, pattern in OFFICE_PATTERNS if pattern.search(words)), None)


def guess_language(text):
    if re.search("[әғқңөұүһі]", text, re.IGNORECASE):
        return "kk"
    if re.search("[а-яё]", text, re.IGNORECASE):
        return "ru"
    return "en"


def read_text(data, name="the file"):
    """The file's text: UTF-8 (with or without its byte-order mark) or UTF-16 with one."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise LegacyFormatError([(line, (
            f"{name} is not UTF-8 text (byte 0x{data[error.start]:02x}); save it as UTF-8 and import it again"
        ))]) from None


def recognise(text, language=None, directory=None):
    """One language's release, recognised and unsaved, with its report; raises LegacyFormatError if malformed."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    language = language or guess_language(text)
    if language not in LANGUAGES:
        raise LegacyFormatError([(0, f"unknown language {language!r}: use one of {', '.join(LANGUAGES)}")])
    directory = directory or PeopleDirectory([])
    problems = [(number, "binary data, not text") for number, line in enumerate(lines, start=1) if "\x00" in line]
    numbered = [(number, line.strip()) for number, line in enumerate(lines, start=1) if line.strip()]
    position = 0
    while position < len(numbered) and numbered[position][1].lower() in TOGGLE_LABELS:
        position += 1
    if position >= len(numbered):
        raise LegacyFormatError([(len(lines), "no title: the text is empty")])
    title_line, title = numbered[position]
    position += 1
    if DATE_AND_VIEWS.fullmatch(title):
        problems.append((title_line, "no title: the date comes first"))
    published_at, views = None, 0
    if position < len(numbered) and (found := DATE_AND_VIEWS.fullmatch(numbered[position][1])):
        date_line = numbered[position][0]
        position += 1
        try:
            day = date(int(found["year"]), int(found["month"]), int(found["day"]))
            published_at = timezone.make_aware(datetime.combine(day, PUBLICATION_TIME))
        except ValueError:
            problems.append((date_line, f"{found.group()!r} is not a date (DD.MM.YYYY)"))
        views = int(found["views"] or 0)
    else:
        line, found = numbered[position] if position < len(numbered) else (title_line + 1, "")
        problems.append((line, f"the date and the view count (DD.MM.YYYY N) should follow the title, not {found[:40]!r}"))

    paragraphs = []
    for number, line in numbered[position:]:
        if SHARE.fullmatch(line):
            break
        if ending := SHARE_AFTER_CREDIT.search(line):  # "Share this" glued to the credit line
            paragraphs.append((number, line[:ending.start()].strip()))
            break
        paragraphs.append((number, line))
    if problems:
        raise LegacyFormatError(problems)

    report = Report()
    photo_credit = contact_line = ""
    if paragraphs and (credit := split_credit(paragraphs[-1][1])):
        contact_line, photo_credit = credit
        paragraphs.pop()
        report.recognised.append(f"credit line: contact {contact_line!r}, photo {photo_credit or '(none)'!r}")
    else:
        report.to_check.append("no credit line in parentheses at the end: no contact line nor photo credit")
    if not paragraphs:
        raise LegacyFormatError([(title_line, "no text after the date")])

    release = LegacyRelease(
        language=language, title=title, published_at=published_at, views=views, lead="", paragraphs=[],
        quotes=[], participants=[], photo_credit=photo_credit, contact_line=contact_line, report=report,
    )
    report.recognised.append(f"title {title!r}, {published_at:%d.%m.%Y}, {views} views")
    recognise_paragraphs(release, paragraphs, directory)
    return release


def split_credit(line):
    """(contact line, photographer) from the credit line, or None if the line is not one."""
    inner = line.strip()
    bracketed = inner.startswith("(") and inner.endswith(")")
    if bracketed:
        inner = inner[1:-1].strip()
    photo = PHOTO_MARK.search(inner)
    signed = len(inner) <= CREDIT_LINE_MOST and (PRESS_SERVICE.search(inner) or (photo and photo.start() == 0))
    if not bracketed and not signed:
        return None
    if photo:
        contact, credit = inner[:photo.start()], clean_credit(inner[photo.start():])
    else:
        contact, credit = inner, ""
    return contact.strip(" \t.,;–—-"), credit.strip(" \t.,;")


def recognise_paragraphs(release, paragraphs, directory):
    """Fills the release's lead, paragraphs, quotes and participants from its numbered paragraphs."""
    report = release.report
    on_date = timezone.localdate(release.published_at)
    narrative, quoted = [], []  # (line, text) of what stays in the lead and the body; (line, quote, attribution)
    for number, text in paragraphs:
        if quote := split_quote(text):
            quoted.append((number, text, *quote))
        else:
            narrative.append((number, text))
            if looks_like_quote(text):
                report.to_check.append(f"line {number}: opens like a quote, but no “– said …” follows it; left in the text")

    participants = {}
    for number, text in narrative:
        for person, role in people_in(text, release.language, directory):
            participants.setdefault(person.pk, LegacyParticipant(person, role, number))
    for pk, participant in list(participants.items()):
        if office_named(participant.role) in MENTIONED_ONLY:
            report.recognised.append(
                f"line {participant.line}: {name_in(participant.person, release.language)} is mentioned, not taking part"
            )
            del participants[pk]

    quotes = []
    for number, paragraph, text, said in quoted:
        speaker, how, dropped = speaker_of(said, directory, participants.values(), on_date)
        if any(mark in dropped for mark in OPENING_MARKS):
            speaker, how = None, f"the quote goes on after its attribution ({dropped[:60]!r})"
        if speaker is None:
            report.to_check.append(f"line {number}: {how}; the quote is left in the text")
            narrative.append((number, paragraph))
            continue
        quotes.append(LegacyQuote(text=tidy_quote(text), speaker=speaker, after_paragraph=0, line=number))
        report.recognised.append(f"line {number}: a quote of {name_in(speaker, release.language)} ({how})")
        if dropped:
            report.to_check.append(f"line {number}: the words after the speaker's name were dropped: {dropped!r}")
        participants.setdefault(speaker.pk, LegacyParticipant(speaker, "", number))
    narrative.sort()
    if not narrative:
        raise LegacyFormatError([(paragraphs[0][0], "only quotes: no paragraph to be the lead")])

    (_lead_line, release.lead), *body = narrative
    release.paragraphs = [text for _number, text in body]
    for quote in quotes:
        quote.after_paragraph = sum(1 for number, _text in body if number < quote.line)
    release.quotes = quotes
    release.participants = list(participants.values())
    for participant in release.participants:
        role = f", {participant.role!r}" if participant.role else ""
        report.recognised.append(
            f"line {participant.line}: participant {name_in(participant.person, release.language)}{role}"
        )
    for number, text in narrative:
        for name in new_names(text, directory):
            report.to_check.append(f"line {number}: {name!r} may be a person not yet known: add them, or ignore")


def split_quote(text):
    """(the quote with its marks, what follows them) if the paragraph is a quote and its attribution."""
    if not text or text[0] not in OPENING_MARKS:
        return None
    pairs, _unmatched = quote_pairs(text)
    closing = pairs.get(0)
    if closing is None:
        return None
    found = ATTRIBUTION.fullmatch(text[closing + 1:])
    if not found and text[closing - 1] == ",":
        found = ENGLISH_ATTRIBUTION.fullmatch(text[closing + 1:])
    if not found:
        return None
    return text[:closing + 1], found["said"]


def looks_like_quote(text):
    """Opens with a quotation that ends the sentence, as a quote does: not «The Law …» was adopted."""
    if text[0] not in OPENING_MARKS:
        return False
    closing = quote_pairs(text)[0].get(0)
    return closing is None or re.match(r"\s*(?:[,.;:!?–—−-]|$)", text[closing + 1:]) is not None


def tidy_quote(text):
    """The quote's text, with the space the old site often lost after a closing mark: «On Culture»and."""
    return re.sub(r"»(?=[^\W\d_])", "» ", text)


def speaker_of(said, directory, participants, on_date):
    """(person, how they were recognised, words after their name) from an attribution, or (None, why not, "")."""
    found = directory.find(said)
    named = list(dict.fromkeys(person for _start, _end, person in found))
    if len(named) == 1:
        return named[0], "by name", said[found[-1][1]:].strip(" .,;")
    if len(named) > 1:
        return None, f"the attribution {said!r} names several people", ""
    office = office_named(said)
    if office is None:
        return None, f"no known person nor office in the attribution {said!r}", ""
    in_text = list(dict.fromkeys(
        participant.person for participant in participants if office_named(participant.role) == office
    ))
    if len(in_text) == 1:
        return in_text[0], f"by position: {Office(office).label} in this text", ""
    holders = directory.holders(office, on_date)
    when = f"{Office(office).label} on {on_date:%d.%m.%Y}"
    if len(holders) == 1:
        return holders[0], f"by position: {when}", ""
    if not holders:
        return None, f"no one is known to have been {when} ({said!r})", ""
    return None, f"several people were {when} ({said!r})", ""


def people_in(text, language, directory):
    """(person, the words before their name that describe them) for each known person the text names."""
    found, previous_end = [], None
    for start, end, person in directory.find(text):
        sentence_start = max(text.rfind(". ", 0, start) + 1, 0)
        before = text[max(sentence_start, previous_end or 0):start]
        starts = [match.end() for match in ROLE_STARTS.finditer(before) if not ends_a_name(before, match)]
        role = before[max(starts, default=0):]
        found.append((person, clean_role(role, language)))
        previous_end = end
    return found


def ends_a_name(text, start):
    """A comma after a capitalised word is inside a name: the Committee on International Relations, Defense and …"""
    if not start.group().startswith(","):
        return False
    word = re.search(r"([^\W\d_]+)\W*$", text[:start.start()])
    return bool(word) and word[1][0].isupper()


def clean_role(text, language):
    """The description before a name without the sentence's start: "Заседание провел председатель" → "председатель"."""
    words = text.split()
    if language == "ru":
        words = russian_role_in_nominative(words[russian_role_start(words):])
    elif language == "kk":
        words = words[1 + max((index for index, word in enumerate(words) if is_kazakh_verb_or_case(word)), default=-1):]
    role = ROLE_LEADING_WORDS.sub("", " ".join(words)).strip(" ,;:–—-")
    if len(role.split()) > ROLE_MOST_WORDS or not role:
        return ""
    return role


def title_cases(title):
    """The genitive, dative and instrumental of a title: председателя, председателю, председателем."""
    if title == "глава":
        return ["главы", "главе", "главой"]
    if title.endswith("ь"):
        return [title[:-1] + ending for ending in ("я", "ю", "ем", "ём")]
    stem = "посл" if title == "посол" else title
    return [stem + ending for ending in ("а", "у", "ом")]


RUSSIAN_TITLE_IN_NOMINATIVE = {
    form: title for title in RUSSIAN_TITLES for form in (title, *title_cases(title))
}


def russian_role_in_nominative(words):
    """A Russian role's title, and the adjectives before it, in the nominative: "Председателя Палаты" →
    "Председатель Палаты", "Чрезвычайным и Полномочным Послом Венгрии" → "Чрезвычайный и Полномочный Посол Венгрии".
    What follows the title keeps its case."""
    for index, word in enumerate(words):
        if title := RUSSIAN_TITLE_IN_NOMINATIVE.get(word.lower()):
            break
    else:
        return words
    if word.lower() == title:
        return words
    title = title[0].upper() + title[1:] if word[0].isupper() else title
    return [*map(adjective_in_nominative, words[:index]), title, *words[index + 1:]]


def adjective_in_nominative(word):
    """A masculine adjective in the nominative (Чрезвычайным → Чрезвычайный, Высокого → Высокий); other words as they are."""
    for oblique, nominative in RUSSIAN_ADJECTIVE_IN_NOMINATIVE:
        stem = word[:-len(oblique)]
        if word.lower().endswith(oblique) and len(stem) > 2:
            return stem + ("ий" if nominative == "ый" and stem[-1].lower() in "гкхжшчщ" else nominative)
    return word


def russian_role_start(words):
    """Where a Russian role begins: at its first title (председатель, вице-министр), with the adjectives before it."""
    titles = [index for index, word in enumerate(words) if RUSSIAN_TITLE.match(word)]
    if not titles:
        return len(words)  # no title: the words before the name describe something else
    start = titles[0]
    while start > 0 and (RUSSIAN_ADJECTIVE.search(words[start - 1]) or words[start - 1] == "и"):
        start -= 1
    return start


def is_kazakh_verb_or_case(word):
    """A Kazakh verb form, or a noun in a case, which ends what comes before a role: отырысты, аясында."""
    word = word.lower().strip(",.;:«»\"")
    return bool(KAZAKH_VERB_OR_CASE.search(word)) and not word.startswith(KAZAKH_TITLES)


def new_names(text, directory):
    """Names not known under any spelling: a first name or an initial, then a word with a surname's ending."""
    known = [(start, end) for start, end, _person in directory.find(text)]
    names = []
    for found in NAME_LIKE.finditer(text):
        start, end = found.start(1), found.end(1)
        if any(start < known_end and known_start < end for known_start, known_end in known):
            continue
        given = found[1].split()[0]
        if SURNAME_ENDINGS.search(transliterate(found["surname"])) and not NOT_A_GIVEN_NAME.search(given):
            names.append(" ".join(found[1].split()))
    return names
