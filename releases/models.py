from functools import cache
from typing import NamedTuple

from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchHeadline, SearchRank, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, F, Func, OuterRef, Q, TextField, Value
from django.db.models.functions import Concat
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import get_language as data_language
from modeltranslation.utils import resolution_order
from solo.models import SingletonModel

from . import images
from .text import clean_credit, normalise_quote, quote_marks, transliterate
from .html import clean_html, split_blocks
from .search import CONFIGS, SEARCH_LIMIT, START_MARK, STOP_MARK, ReaderQuery, query_name_keys

# How many related releases a release page shows.
RELATED_RELEASES = 3


class TranslatedContent:
    """Knows which language a translated object is shown in when the reader's is missing."""

    # The field whose presence means "this translation exists".
    translation_marker = None

    @property
    def content_language(self):
        """The language the object is shown in: the page's own (Kazakh in Latin script included)
        when the object has it, else the first fallback that it has."""
        return self.language_of(self.translation_marker)

    def language_of(self, field):
        """The language a translated field is shown in: the page's own when it is written in it, else the
        nearest one it is written in."""
        for language in resolution_order(data_language()):
            if getattr(self, f"{field}_{language}"):
                return get_language() if language == data_language() else language
        return get_language()


def slug_base(text, length=90):
    """The text as an address in Latin letters: "Сенат принял закон" -> "senat-prinyal-zakon"."""
    return slugify(transliterate(text))[:length].strip("-")


def unique_slug(others, field, text, fallback):
    """A slug made from the text in Latin letters, numbered if one of `others` already has it in `field`."""
    base = slug_base(text) or fallback
    slug, number = base, 2
    while others.filter(**{field: slug}).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


class Section(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("releases:section", kwargs={"slug": self.slug})


class PersonQuerySet(models.QuerySet):
    def names_for_query(self, text):
        """Each person's names and alternative spellings, one list per person, for those a query may name."""
        named = Q()
        for key in query_name_keys(text):
            for field in ("name_kk", "name_ru", "name_en", "alternative_names"):
                named |= Q(**{f"{field}__icontains": key})
        if not named:
            return []
        found = self.filter(named).values_list("name_kk", "name_ru", "name_en", "alternative_names")
        return [[name_kk, name_ru, name_en, *alternatives.splitlines()] for name_kk, name_ru, name_en, alternatives in found]

    def named_by(self, releases):
        """The people these releases name, as a participant or a quote's speaker."""
        return self.filter(
            Exists(Participant.objects.filter(person=OuterRef("pk"), release__in=releases))
            | Exists(Quote.objects.filter(speaker=OuterRef("pk"), release__in=releases))
        )

    def public(self):
        """The people readers may see: those a release with a public page names.

        Someone attached only to drafts appears nowhere public: no page, feed, sitemap entry or search option.
        """
        return self.named_by(Release.objects.with_public_page())

    def on_approved_releases(self):
        """The people a publisher has approved a release naming, scheduled ones too: editors' changes to them wait."""
        return self.named_by(Release.objects.filter(status__in=Release.PUBLIC_STATUSES))


class Person(models.Model):
    # Any one language is enough (see clean).
    name = models.CharField(_("name"), max_length=200, blank=True)
    name_latin = models.CharField(
        _("name in Kazakh Latin script"), max_length=200, blank=True,
        help_text=_(
            "Only if the person spells their name differently from the automatic transliteration "
            "of the Kazakh name, e.g. “Maulen Ashimbayev” instead of “Mäulen Äşımbaev”. "
            "Kazakh pages in Latin script then use this spelling."
        ),
    )
    position = models.CharField(
        _("position"), max_length=300, blank=True,
        help_text=_("Their office, e.g. “Minister of Culture and Information”."),
    )
    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, blank=True,
        help_text=_("The person's address on the site. Left empty, it is made from the name."),
    )
    alternative_names = models.TextField(
        _("alternative names"), blank=True,
        help_text=_("Other spellings readers may search for, one per line, e.g. “Ashimbayev”."),
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if not any(getattr(self, f"name_{code}") for code, _name in settings.LANGUAGES):
            raise ValidationError({
                f"name_{settings.LANGUAGE_CODE}": ValidationError(
                    _("Name: write it in at least one language, Kazakh, Russian or English."), code="no_language",
                )
            })

    def get_absolute_url(self):
        return reverse("releases:person", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if not self.slug:
            # English first: the spelling the person uses in Latin letters, if the editor wrote it.
            name = next(filter(None, (self.name_en, self.name_ru, self.name_kk)), "")
            self.slug = unique_slug(Person.objects.exclude(pk=self.pk), "slug", name, "person")
        super().save(*args, **kwargs)


class Office(models.TextChoices):
    """Offices a release's attribution may name instead of the person (“– noted the Chairman of the Chamber”)."""

    # The chamber is the institution whose releases these are (Institution).
    CHAMBER_CHAIR = "chamber-chair", _("Chairman of the Chamber")
    CHAMBER_DEPUTY_CHAIR = "chamber-deputy-chair", _("Deputy Chairman of the Chamber")
    MAZHILIS_CHAIR = "mazhilis-chair", _("Chairman of the Mazhilis")
    PRESIDENT = "president", _("President of the Republic of Kazakhstan")


class PositionTerm(models.Model):
    """Who held an office from when to when: the importer names the speaker an attribution calls by office."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="terms", verbose_name=_("person"))
    office = models.CharField(_("office"), max_length=40, choices=Office.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True, help_text=_("Empty while they hold it."))

    class Meta:
        ordering = ["office", "-started_on"]
        verbose_name = _("term of office")
        verbose_name_plural = _("terms of office")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="position_term_ends_after_start",
                violation_error_message=_("A term cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.get_office_display()}"


@models.IntegerField.register_lookup
class AnyOf(models.Lookup):
    """`pk__any_of=[...]`: the values as one array parameter, `= ANY(%s)`.

    `pk__in` sends one parameter per value, and building a thousand of them costs
    Django and psycopg more than PostgreSQL's whole answer.
    """

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


class ReleaseQuerySet(models.QuerySet):
    def published(self):
        """What readers see in lists: published, and its publication time has come.

        A release published with a future time is "scheduled": it appears by itself then.
        """
        return self.filter(status=Release.Status.PUBLISHED, published_at__lte=timezone.now())

    def sent_back(self):
        """Drafts a publisher sent back to their editor with a comment."""
        return self.filter(status=Release.Status.DRAFT).exclude(review_comment="")

    def scheduled(self):
        """Published with a publication time still to come."""
        return self.filter(status=Release.Status.PUBLISHED, published_at__gt=timezone.now())

    def seconds_until_next_publication(self):
        """How long until the next scheduled release appears; None if none is scheduled."""
        next_time = self.scheduled().aggregate(next_time=models.Min("published_at"))["next_time"]
        return None if next_time is None else (next_time - timezone.now()).total_seconds()

    def missing_translation(self, language):
        """Releases without a title or a body in this language."""
        missing = Q()
        for field in (f"title_{language}", f"body_{language}"):
            missing |= Q(**{f"{field}__isnull": True}) | Q(**{field: ""})
        return self.filter(missing)

    def with_public_page(self):
        """Releases whose page readers may open: the published, and the withdrawn with their notice."""
        return self.filter(
            status__in=Release.PUBLIC_STATUSES, published_at__lte=timezone.now()
        )

    def without_search_vectors(self):
        """Leave out the stored search vectors: large, and only the database reads them."""
        return self.defer("search_kk", "search_ru", "search_en")

    def for_listing(self):
        """What a list of releases shows: no bodies, no search vectors."""
        return self.select_related("section").without_search_vectors().defer("body", "body_kk", "body_ru", "body_en")

    def search(self, text, language, by_date=False):
        """The releases matching a reader's query in one language's search vector, most relevant first."""
        query = ReaderQuery(text, language, Person.objects.names_for_query(text))
        vector = f"search_{language}"
        matching = [Q(**{vector: condition}) for condition in query.conditions()]
        # Fetched at once, so counting and ranking them does not search again; as one
        # array, since a thousand rows cost Python more than the search costs PostgreSQL.
        newest_matches = self.filter(*matching).order_by("-published_at", "-pk")[:SEARCH_LIMIT]
        with query.cheapest_plan(self.model._meta.db_table):
            ids = newest_matches.aggregate(ids=ArrayAgg("pk", default=[]))["ids"]
        found = self.filter(pk__any_of=ids)
        if by_date:
            found = found.order_by("-published_at", "-pk")
        else:
            found = found.annotate(rank=SearchRank(F(vector), query.whole())).order_by("-rank", "-published_at", "-pk")
        return SearchMatches(query, ids, found)


class SearchMatches:
    """A search's matching releases (`releases`, in order) as a paginator reads them: counted from
    the ids the search found, not by asking PostgreSQL again."""

    ordered = True

    def __init__(self, query, ids, releases):
        self.query, self.ids, self.releases = query, ids, releases

    def count(self):
        return len(self.ids)

    def __getitem__(self, index):
        return self.releases[index]

    def with_snippets(self):
        """The matches with title_snippet and text_snippet: the query's words marked in the title and
        the lead and body. PostgreSQL makes them only for the rows it returns, so only for the page shown."""
        language = self.query.language
        query, config = self.query.whole(), CONFIGS[language]
        marks = {"start_sel": START_MARK, "stop_sel": STOP_MARK}
        body_text = Func(
            F(f"body_{language}"), Value("<[^>]*>"), Value(" "), Value("g"),
            function="regexp_replace", output_field=TextField(),
        )
        return SearchMatches(self.query, self.ids, self.releases.annotate(
            title_snippet=SearchHeadline(f"title_{language}", query, config=config, highlight_all=True, **marks),
            text_snippet=SearchHeadline(
                Concat(f"lead_{language}", Value(" "), body_text, output_field=TextField()), query, config=config,
                max_words=35, min_words=15, max_fragments=1, **marks,
            ),
        ))


CORRECTION_FIELDS = [f"correction_{code}" for code, _name in settings.LANGUAGES]


class Release(TranslatedContent, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        # An editor's draft waiting for a publisher to publish, schedule or send it back.
        REVIEW = "review", _("Ready for review")
        # Published with a future publication time is "scheduled"; there is no separate
        # status that someone would have to remember to switch when the time comes.
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        UNPUBLISHED = "unpublished", _("Unpublished")

    # What readers may open: the published, and the withdrawn with their notice.
    PUBLIC_STATUSES = (Status.PUBLISHED, Status.WITHDRAWN)
    # A release taken off the site ends its preview links: a reviewer cannot keep reading it.
    PREVIEW_ENDING_STATUSES = (Status.WITHDRAWN, Status.UNPUBLISHED)

    translation_marker = "title"

    # Any one language is enough (see clean), so no language's title is required by itself.
    title = models.CharField(_("title"), max_length=300, blank=True)
    # Each language's slug is unique and NULL where that translation is missing,
    # so two untranslated releases never collide on an empty slug.
    slug = models.SlugField(_("slug"), max_length=100, unique=True, null=True, blank=True, allow_unicode=False)
    lead = models.TextField(_("lead"), blank=True, help_text=_("One or two sentences shown in lists and previews."))
    body = models.TextField(_("body"), blank=True)
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="releases", verbose_name=_("section")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT,
        help_text=_(
            "Published with a future publication time means scheduled: it appears by itself at that time. "
            "Withdrawn keeps the page with a notice but takes it out of the lists. "
            "Unpublished removes the page."
        ),
    )
    published_at = models.DateTimeField(_("publication date and time"), default=timezone.now)
    views = models.PositiveIntegerField(_("views"), default=0, editable=False)
    # The release's number on the old site (its /news/details/<id> address), kept by the importer.
    legacy_id = models.PositiveIntegerField(_("old site's number"), unique=True, null=True, blank=True, editable=False)
    photo = images.PhotoField(
        _("photo"), upload_to="releases/%Y/%m/", blank=True,
        help_text=_("JPEG, PNG or WebP, up to 25 MB and 50 megapixels."),
    )
    # What images.make_renditions wrote for the photo: {"source": name, "sizes": [[width, height], ...]}.
    photo_renditions = models.JSONField(default=dict, editable=False)
    # The stored photo's own measurements, recorded with its renditions: pages never open the file.
    photo_width = models.PositiveIntegerField(null=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, editable=False)
    photo_size = models.PositiveBigIntegerField(null=True, editable=False)
    photo_alt = models.CharField(
        _("photo description"), max_length=300, blank=True,
        help_text=_("What the photo shows, for readers who cannot see it."),
    )
    photo_credit = models.CharField(
        _("photo credit"), max_length=200, blank=True, help_text=_("The photographer, e.g. “N. Baybulin”.")
    )
    contact_line = models.CharField(
        _("contact line"), max_length=300, blank=True,
        help_text=_("E.g. “Press service, 74-72-27”."),
    )
    redirect_url = models.URLField(
        _("redirect to"), max_length=500, blank=True,
        help_text=_("Only for an unpublished release: its address sends readers here. Empty: “410 Gone”."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Each language's searchable words, weighted; database triggers keep them current
    # (migration "search_triggers"), so every way of saving updates them.
    search_kk = SearchVectorField(null=True, editable=False)
    search_ru = SearchVectorField(null=True, editable=False)
    search_en = SearchVectorField(null=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False,
        related_name="+", verbose_name=_("last changed by"),
    )
    # Raised by every save: a form carrying an older number was opened before someone else's change.
    version = models.PositiveIntegerField(_("version"), default=0)
    review_comment = models.TextField(
        _("publisher's comment"), blank=True,
        help_text=_("What the editor should change before the release can be published."),
    )
    review_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False,
        related_name="+", verbose_name=_("sent for review by"),
    )
    # Part of every preview link; raising it makes all the release's earlier links stop working.
    preview_generation = models.PositiveIntegerField(default=0, editable=False)
    correction = models.CharField(
        _("correction note"), max_length=300, blank=True,
        help_text=_(
            "For a correction to a published release: one line readers see on its page with the day it was "
            "made, e.g. “The date of the hearing has been corrected.”"
        ),
    )
    # When the correction note last changed: the day readers see with it.
    corrected_at = models.DateTimeField(_("corrected on"), null=True, blank=True, editable=False)

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")
        indexes = [
            # The lists, newest first; with the id, a late page skips the releases before it in the index alone.
            models.Index(
                F("published_at").desc(), F("id").desc(), name="release_published_idx",
                condition=Q(status="published"),
            ),
            models.Index(
                "section", F("published_at").desc(), F("id").desc(), name="release_section_idx",
                condition=Q(status="published"),
            ),
            # The admin's list (every status, newest first) and its date drill-down.
            models.Index(F("published_at").desc(), F("id").desc(), name="release_newest_idx"),
            GinIndex(fields=["search_kk"], name="release_search_kk_idx"),
            GinIndex(fields=["search_ru"], name="release_search_ru_idx"),
            GinIndex(fields=["search_en"], name="release_search_en_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(views__gte=0), name="release_views_not_negative"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "review", "published", "withdrawn", "unpublished"]),
                name="release_status_known",
            ),
            models.CheckConstraint(
                condition=Q(status="unpublished") | Q(redirect_url=""),
                name="release_redirect_only_when_unpublished",
                violation_error_code="redirect_not_unpublished",
                violation_error_message=_("Only an unpublished release can redirect: clear “redirect to”."),
            ),
        ]
        permissions = [("publish_release", _("Can publish, schedule, withdraw and unpublish releases"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("releases:detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        """Save in named steps, which the bulk paths (generate_releases, releases/archive.py) take too."""
        if not self._state.adding:
            self.count_version()
            self.keep_old_addresses()
        self._date_correction()
        self.clean_texts()
        self.fill_slugs()
        self.end_preview_links_if_off_site()
        with images.discarded_on_error():
            if self.has_new_photo():
                self.store_new_photo()
            super().save(*args, **kwargs)

    def count_version(self):
        """Raise the version: a form carrying an older number was opened before this change."""
        self.version += 1

    def keep_old_addresses(self):
        """A public page whose slug changes keeps answering at its old address."""
        slug_fields = [f"slug_{language}" for language, _name in settings.LANGUAGES]
        saved = Release.objects.with_public_page().filter(pk=self.pk).values(*slug_fields).first()
        for field, old_slug in (saved or {}).items():
            if old_slug and old_slug != getattr(self, field):
                SlugRedirect.objects.update_or_create(
                    language=field.removeprefix("slug_"), slug=old_slug, defaults={"release": self}
                )

    def clean_texts(self):
        """Each language's body through the HTML allow-list, its photo credit without "Photo:"."""
        for language, _name in settings.LANGUAGES:
            body_field, credit_field = f"body_{language}", f"photo_credit_{language}"
            if getattr(self, body_field):
                setattr(self, body_field, clean_html(getattr(self, body_field)))
            if getattr(self, credit_field):
                setattr(self, credit_field, clean_credit(getattr(self, credit_field)))

    def fill_slugs(self):
        """A slug from the title for each language that has a title and no slug yet."""
        for language, _name in settings.LANGUAGES:
            title, slug_field = getattr(self, f"title_{language}"), f"slug_{language}"
            if title and not getattr(self, slug_field):
                setattr(self, slug_field, unique_slug(Release.objects.exclude(pk=self.pk), slug_field, title, "release"))

    def end_preview_links_if_off_site(self):
        if self.status in self.PREVIEW_ENDING_STATUSES:
            # Raised on each save in these statuses, so links made meanwhile stay dead too.
            self.preview_generation += 1

    def has_new_photo(self):
        return (self.photo.name or None) != self.photo_renditions.get("source")

    def store_new_photo(self):
        """Store a new photo without its metadata, with its renditions; the replaced files go once saved."""
        replaced = self.photo_renditions
        if self.photo:
            original = images.clean_original(self.photo)
            name = self.photo.field.generate_filename(self, original.name)
            self.use_photo(images.process(images.save_file(name, original, max_length=self.photo.field.max_length)))
        else:
            self.use_photo(None)
        if replaced:
            transaction.on_commit(lambda: images.delete_files(replaced))

    def use_photo(self, stored):
        """Show a stored photo (an images.StoredPhoto, or None for no photo) with its renditions and measurements."""
        self.photo = stored.name if stored else ""
        self.photo_renditions = stored.renditions if stored else {}
        self.photo_width, self.photo_height, self.photo_size = (
            (stored.width, stored.height, stored.size) if stored else (None, None, None)
        )

    def clean(self):
        super().clean()
        self._require_one_language()
        if self.photo:
            self._require_photo_descriptions()
        self.require_date_in_office()

    def require_date_in_office(self):
        """Nothing public is dated on or after the day the institution ceased its powers; what was
        already public keeps its date. (The institution's own older releases may still be imported.)"""
        institution = Institution.current()
        if institution.active_until is None or self.status not in self.PUBLIC_STATUSES:
            return
        saved = self._saved_publication()
        if timezone.localdate(self.published_at) >= institution.active_until and not (
            saved is not None and saved["status"] in self.PUBLIC_STATUSES and saved["published_at"] == self.published_at
        ):
            raise self._closed_archive_error(institution)

    def require_open_archive(self):
        """Once the institution has ceased its powers, publishers correct what is public but publish nothing new."""
        institution = Institution.current()
        if not institution.is_closed or self.status not in self.PUBLIC_STATUSES:
            return
        saved = self._saved_publication()
        if saved is None or saved["status"] not in self.PUBLIC_STATUSES:
            raise self._closed_archive_error(institution)

    def _saved_publication(self):
        return Release.objects.filter(pk=self.pk).values("status", "published_at").first() if self.pk else None

    @staticmethod
    def _closed_archive_error(institution):
        # Not the status field's error: the admin shows it at the top of the form, where it is read first.
        return ValidationError(
            _("%(institution)s ceased its powers on %(date)s: no release can be published on or after that "
              "day. A published release can still be corrected."),
            code="institution_closed",
            params={
                "institution": institution.name or institution._meta.verbose_name,
                "date": date_format(institution.active_until, "DATE_FORMAT"),
            },
        )

    def _date_correction(self):
        saved = Release.objects.filter(pk=self.pk).values(*CORRECTION_FIELDS).first() if self.pk else None
        if any(getattr(self, field) != (saved or {}).get(field, "") for field in CORRECTION_FIELDS):
            self.corrected_at = timezone.now() if any(getattr(self, field) for field in CORRECTION_FIELDS) else None

    def _require_one_language(self):
        """One language is enough, two or three are welcome; each needs its title, a public release its body."""
        titled = [code for code, _name in settings.LANGUAGES if getattr(self, f"title_{code}")]
        errors = {
            f"title_{code}": ValidationError(
                _("Title (%(language)s): write it, or clear the lead and the body in this language: without a "
                  "title they are not shown."),
                code="title_missing", params={"language": name},
            )
            for code, name in settings.LANGUAGES
            if code not in titled and (getattr(self, f"lead_{code}") or getattr(self, f"body_{code}"))
        }
        if not titled and not errors:
            errors[f"title_{settings.LANGUAGE_CODE}"] = ValidationError(
                _("Title: write it in at least one language, Kazakh, Russian or English."), code="no_language",
            )
        public = self.status in self.PUBLIC_STATUSES
        if public and titled and not any(self.is_complete_in(code) for code in titled):
            errors.update({
                f"body_{code}": ValidationError(
                    _("Body (%(language)s): write it to publish; a published release needs the title and "
                      "the body in at least one language."),
                    code="body_missing", params={"language": name},
                )
                for code, name in settings.LANGUAGES if code in titled
            })
        if errors:
            raise ValidationError(errors)

    def _require_photo_descriptions(self):
        """Each language the release is written in needs its own description of the photo."""
        errors = {
            f"photo_alt_{language}": ValidationError(
                _("Describe the photo in %(language)s too: the release has a title in it."),
                code="photo_alt_required", params={"language": name},
            )
            for language, name in settings.LANGUAGES
            if getattr(self, f"title_{language}") and not getattr(self, f"photo_alt_{language}")
        }
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()

    @property
    def is_sent_back(self):
        return self.status == self.Status.DRAFT and bool(self.review_comment)

    @property
    def is_withdrawn(self):
        return self.status == self.Status.WITHDRAWN

    @property
    def has_public_page(self):
        public = self.status in self.PUBLIC_STATUSES
        return public and self.published_at <= timezone.now()

    @property
    def correction_language(self):
        return self.language_of("correction")

    def get_permanent_url(self):
        """The address a citation gives: it never changes, whatever happens to the slugs."""
        return reverse("releases:permanent", kwargs={"pk": self.pk})

    def is_complete_in(self, language):
        return bool(getattr(self, f"title_{language}") and getattr(self, f"body_{language}"))

    @cached_property
    def neighbours(self):
        """The published releases just before and after this one, and the newest related ones.

        Related means sharing a participant or the section. One hand-written query:
        building the four through the ORM took a release page 7 ms, PostgreSQL
        answers them in under 1. The two kinds of related release are asked for
        separately because "person OR section" makes PostgreSQL read every
        participation of those people instead of walking the newest releases.
        """
        people = [participant.person_id for participant in self.participants.all()]
        found = Release.objects.raw(neighbours_sql(), {
            "now": timezone.now(), "at": self.published_at, "id": self.pk, "section": self.section_id,
            "people": people, "count": RELATED_RELEASES,
        })
        previous = following = None
        related = {}
        for release in found:
            if release.neighbour == "previous":
                previous = release
            elif release.neighbour == "next":
                following = release
            else:
                related[release.pk] = release
        newest_related = sorted(related.values(), key=lambda other: (other.published_at, other.pk), reverse=True)
        return Neighbours(previous, following, newest_related[:RELATED_RELEASES])

    def quotes_with_positions(self):
        """The quotes, each with `speaker_position`: the speaker's office as a participant of this release."""
        held = {participant.person_id: participant.position_held for participant in self.participants.all()}
        quotes = list(self.quotes.all())
        for quote in quotes:
            quote.speaker_position = held.get(quote.speaker_id, "")
        return quotes

    def body_with_quotes(self, quotes):
        """The body's blocks with each quote placed after its paragraph, as (kind, item) pairs."""
        blocks = split_blocks(self.body or "")
        pending = sorted(quotes, key=lambda quote: (quote.after_paragraph, quote.position))
        for number, block in enumerate(blocks, start=1):
            while pending and pending[0].after_paragraph < number:
                yield "quote", pending.pop(0)
            yield "html", block
        for quote in pending:
            yield "quote", quote


class Neighbours(NamedTuple):
    previous: Release | None
    next: Release | None
    related: list[Release]


@cache
def neighbours_sql():
    """Release.neighbours' query: each row says which neighbour it is; only what links and cards show."""
    translated = [f"{field}_{code}" for field in ("title", "slug", "lead") for code, _name in settings.LANGUAGES]
    columns = ", ".join(f'"{column}"' for column in ["id", "published_at", "views", "photo_renditions", *translated])
    releases, participants = Release._meta.db_table, Participant._meta.db_table
    published = f"status = '{Release.Status.PUBLISHED}' AND published_at <= %(now)s"
    newest_first = "ORDER BY published_at DESC, id DESC"
    return f"""
        (SELECT 'previous' AS neighbour, {columns} FROM {releases}
         WHERE {published} AND published_at < %(at)s {newest_first} LIMIT 1)
        UNION ALL
        (SELECT 'next', {columns} FROM {releases}
         WHERE {published} AND published_at > %(at)s ORDER BY published_at, id LIMIT 1)
        UNION ALL
        (SELECT 'related', {columns} FROM {releases} AS release
         WHERE {published} AND id <> %(id)s AND EXISTS (
             SELECT 1 FROM {participants} WHERE release_id = release.id AND person_id = ANY(%(people)s))
         {newest_first} LIMIT %(count)s)
        UNION ALL
        (SELECT 'related', {columns} FROM {releases}
         WHERE {published} AND id <> %(id)s AND section_id = %(section)s {newest_first} LIMIT %(count)s)
    """


@receiver(post_delete, sender=Release)
def delete_photo_files(sender, instance, **kwargs):
    if instance.photo_renditions:
        transaction.on_commit(lambda: images.delete_files(instance.photo_renditions))


class SlugRedirect(models.Model):
    """An old address of a release, from before its slug in that language was changed."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="slug_redirects")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    slug = models.SlugField(_("old slug"), max_length=100)

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")
        constraints = [models.UniqueConstraint(fields=["language", "slug"], name="slug_redirect_unique")]

    def __str__(self):
        return f"{self.language}/{self.slug}"


class Participant(TranslatedContent, models.Model):
    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="participations", verbose_name=_("person")
    )
    role = models.CharField(
        _("role"), max_length=300, blank=True, help_text=_("What they did at this event, e.g. “invited guest”.")
    )
    position_held = models.CharField(
        _("position at the time"), max_length=300, blank=True,
        help_text=_("Their office on the day of this release; left empty, it is filled in from the person."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    translation_marker = "role"

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["release", "person"], name="participant_once_per_release"),
        ]

    def __str__(self):
        return str(self.person)

    def save(self, *args, **kwargs):
        self.fill_position_held()
        super().save(*args, **kwargs)

    def fill_position_held(self):
        """Each language's empty position at the time takes the person's current one, so it stays as it was."""
        for language, _name in settings.LANGUAGES:
            field = f"position_held_{language}"
            if not getattr(self, field):
                setattr(self, field, getattr(self.person, f"position_{language}"))


class Quote(TranslatedContent, models.Model):
    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="quotes")
    speaker = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="quotes", verbose_name=_("speaker"))
    # Stored without its outer quotation marks, which the page adds in the quote's language
    # (releases/text.py); any one language is enough (see clean).
    text = models.TextField(_("text"), blank=True)
    after_paragraph = models.PositiveSmallIntegerField(
        _("after paragraph"), default=0,
        help_text=_("Shown after this paragraph of the body; 0 puts it before the first."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    translation_marker = "text"

    class Meta:
        ordering = ["after_paragraph", "position", "pk"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self):
        return f"{self.speaker}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        for language, _name in settings.LANGUAGES:
            field = f"text_{language}"
            if getattr(self, field):
                setattr(self, field, normalise_quote(getattr(self, field), language))
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not any(getattr(self, f"text_{code}") for code, _name in settings.LANGUAGES):
            raise ValidationError({
                f"text_{settings.LANGUAGE_CODE}": ValidationError(
                    _("Text: write the quote in at least one language, Kazakh, Russian or English."),
                    code="no_language",
                )
            })

    @property
    def marks(self):
        """The opening and closing quotation marks of the language the quote is shown in."""
        return quote_marks(self.content_language)


class Institution(SingletonModel):
    """Whose press releases these are: its names, emblem, press service and the dates it held its powers.

    Set once in the admin; every page, feed, e-mail and the API name the institution from here.
    """

    name = models.CharField(
        _("full name"), max_length=200, blank=True,
        help_text=_("As in a citation and the browser's title bar, e.g. “Kurultai of the Republic of Kazakhstan”."),
    )
    short_name = models.CharField(
        _("short name"), max_length=100, blank=True, help_text=_("Beside the emblem at the top of every page."),
    )
    press_service = models.CharField(
        _("press service"), max_length=200, blank=True,
        help_text=_("The author of the releases, in feeds and search engines, e.g. “Press service of the Kurultai”."),
    )
    address = models.CharField(_("address"), max_length=200, blank=True, help_text=_("Shown under every page."))
    emblem = models.ImageField(
        _("emblem"), upload_to="institution/", blank=True,
        help_text=_("A square PNG, JPEG or WebP image; without one the site shows a plain emblem."),
    )
    contact_line = models.CharField(
        _("contact line"), max_length=300, blank=True,
        help_text=_("Each new release starts with it, e.g. “Press service, 74-72-27”."),
    )
    active_from = models.DateField(_("holds its powers since"), null=True, blank=True)
    active_until = models.DateField(
        _("ceased its powers on"), null=True, blank=True,
        help_text=_(
            "From this day every page says the site is the institution's archive, and no new release can be "
            "published; published ones can still be corrected."
        ),
    )
    successor_name = models.CharField(
        _("successor"), max_length=200, blank=True, help_text=_("The institution that took over its powers."),
    )
    successor_url = models.URLField(_("successor's website"), max_length=300, blank=True)
    feed_id_authority = models.CharField(
        _("feed entry authority"), max_length=100, blank=True,
        help_text=_(
            "The site's domain and the year it was first used, e.g. “press.example.kz,2024”: part of each feed "
            "entry's permanent id. Change it and feed readers show every release as new."
        ),
    )

    class Meta:
        verbose_name = _("institution")

    def __str__(self):
        return self.name or str(self._meta.verbose_name)

    @classmethod
    def current(cls):
        """The institution as set in the admin; unsaved and blank until someone sets it (reading writes nothing)."""
        return cls.objects.filter(pk=cls.singleton_instance_id).first() or cls(pk=cls.singleton_instance_id)

    @property
    def emblem_url(self):
        return self.emblem.url if self.emblem else static("img/emblem.svg")

    @property
    def releases_title(self):
        """What the site and its main feed are called, in the active language."""
        if not self.name:
            return _("Press releases")
        return _("%(institution)s: press releases") % {"institution": self.name}

    @property
    def is_closed(self):
        return self.active_until is not None and timezone.localdate() >= self.active_until

    def save(self, *args, **kwargs):
        replaced = Institution.objects.filter(pk=self.pk).exclude(emblem=self.emblem.name).values_list("emblem", flat=True)
        replaced = [name for name in replaced if name]
        super().save(*args, **kwargs)
        if replaced:
            transaction.on_commit(lambda: self.emblem.storage.delete(replaced[0]))


class PersonChange(models.Model):
    """An editor's change to a person readers can see, kept aside until a publisher approves it."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="pending_change", verbose_name=_("person")
    )
    # The changed fields' new values, e.g. {"name_en": "...", "position_ru": "..."}.
    changes = models.JSONField(_("changes"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now=True)

    class Meta:
        ordering = ["proposed_at"]
        verbose_name = _("change to a person")
        verbose_name_plural = _("changes to people awaiting approval")

    def __str__(self):
        return str(self.person)

    @classmethod
    def propose(cls, person, changes, user):
        """Keep `changes` for a publisher; they join any the person already has waiting."""
        change, created = cls.objects.get_or_create(
            person=person, defaults={"changes": changes, "proposed_by": user}
        )
        if not created:
            change.changes = {**change.changes, **changes}
            change.proposed_by = user
            change.save()
        return change

    def approve(self):
        """Apply the changes to the person; raises ValidationError (and changes nothing) if they no longer fit."""
        person = Person.objects.get(pk=self.person_id)
        for field, value in self.changes.items():
            setattr(person, field, value)
        person.full_clean()
        with transaction.atomic():
            person.save()
            self.delete()
        return person

