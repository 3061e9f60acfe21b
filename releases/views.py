from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import override
from django.views.generic import ArchiveIndexView, DetailView, MonthArchiveView, YearArchiveView

from . import viewcount
from .models import Participant, Person, Quote, Release, Section

# A transparent 1x1 GIF: the view counter's beacon.
PIXEL = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00"
    b"\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def alternate_urls_for(obj):
    """Each language's address of an object whose slug depends on the language."""
    urls = []
    for code, _name in settings.LANGUAGES:
        with override(code):
            urls.append((code, obj.get_absolute_url()))
    return urls


class ReleaseListMixin:
    """What every list of releases shares: published only, newest first, paginated."""

    model = Release
    date_field = "published_at"
    paginate_by = settings.RELEASES_PER_PAGE
    allow_empty = True
    make_object_list = True

    def get_queryset(self):
        return Release.objects.published().for_listing()


class ReleaseIndexView(ReleaseListMixin, ArchiveIndexView):
    template_name = "releases/release_archive.html"


class ReleaseYearView(ReleaseListMixin, YearArchiveView):
    allow_empty = False


class ReleaseMonthView(ReleaseListMixin, MonthArchiveView):
    month_format = "%m"
    allow_empty = False


class SectionView(ReleaseListMixin, ArchiveIndexView):
    template_name = "releases/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class PersonView(ReleaseListMixin, ArchiveIndexView):
    template_name = "releases/person_detail.html"

    def get_queryset(self):
        self.person = get_object_or_404(Person, slug=self.kwargs["slug"])
        return super().get_queryset().filter(participants__person=self.person)

    def get_context_data(self, **kwargs):
        quotes = (
            Quote.objects.filter(speaker=self.person, release__in=Release.objects.published())
            .select_related("release")
            .order_by("-release__published_at", "position")[:10]
        )
        return super().get_context_data(person=self.person, quotes=quotes, **kwargs)


class ReleaseDetailView(DetailView):
    model = Release

    def get_queryset(self):
        queryset = Release.objects.select_related("section").prefetch_related(
            Prefetch("participants", queryset=Participant.objects.select_related("person")),
            Prefetch("quotes", queryset=Quote.objects.select_related("speaker")),
        )
        if self.request.user.has_perm("releases.change_release"):
            return queryset
        return queryset.published()

    def get_object(self, queryset=None):
        """Find the release by its slug in any language; the reader's own address wins."""
        slug = self.kwargs["slug"]
        queryset = self.get_queryset()
        any_language = Q()
        for code, _name in settings.LANGUAGES:
            any_language |= Q(**{f"slug_{code}": slug})
        release = queryset.filter(any_language).first()
        if release is None:
            raise Http404("No press release at this address.")
        return release

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.slug != kwargs["slug"]:
            return redirect(self.object, permanent=True)
        response = self.render_to_response(self.get_context_data(object=self.object))
        if not self.object.is_published:
            add_never_cache_headers(response)  # a staff preview of a draft
        return response

    def get_context_data(self, **kwargs):
        release = self.object
        published = Release.objects.published().for_listing()
        return super().get_context_data(
            body=list(release.body_with_quotes(release.quotes.all())),
            previous_release=published.filter(published_at__lt=release.published_at).first(),
            next_release=published.filter(published_at__gt=release.published_at).order_by("published_at").first(),
            related_releases=self.related(release, published),
            alternate_urls=alternate_urls_for(release),
            **kwargs,
        )

    @staticmethod
    def related(release, published, count=3):
        """The newest releases that share a participant or the section."""
        people = [participant.person_id for participant in release.participants.all()]
        shares_a_person = Exists(Participant.objects.filter(release=OuterRef("pk"), person__in=people))
        return published.exclude(pk=release.pk).filter(shares_a_person | Q(section=release.section_id))[:count]


def count_view(request, pk):
    token = viewcount.reader_token_for(request)
    viewcount.count_view(request, pk, token)
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    response.set_cookie(
        viewcount.READER_COOKIE, token, max_age=viewcount.READER_COOKIE_AGE,
        path=viewcount.COUNTER_PATH,
        httponly=True, samesite="Lax", secure=request.is_secure(),
    )
    return response
