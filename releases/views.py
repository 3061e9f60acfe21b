from functools import partial

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import ArchiveIndexView, DetailView, ListView, MonthArchiveView, YearArchiveView
from modeltranslation.utils import get_language as data_language

from . import accessibility, cache_tags, pagecache, preview, reading, viewcount
from .forms import SearchForm
from .models import Release
from .search import SEARCH_LIMIT, has_words

SLUG_FIELDS = [f"slug_{code}" for code, _name in settings.LANGUAGES]

# A transparent 1x1 GIF: the view counter's beacon.
PIXEL = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00"
    b"\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


class ReleaseListMixin:
    """What every list of releases shares: published only, newest first, paginated."""

    model = Release
    date_field = "published_at"
    paginate_by = settings.RELEASES_PER_PAGE
    paginator_class = reading.KeptListPaginator
    allow_empty = True
    make_object_list = True

    def get_queryset(self):
        return reading.published_list()

    def list_tags(self):
        """The cache tags of every page of this list (releases/cache_tags.py)."""
        return [cache_tags.RELEASES]

    def get_paginator(self, queryset, per_page, **kwargs):
        # Named by its view and arguments, not its address: a list has the same releases in every language.
        match = self.request.resolver_match
        name = ":".join([match.view_name, *(f"{key}={value}" for key, value in sorted(match.kwargs.items()))])
        return super().get_paginator(queryset, per_page, name=name, tags=self.list_tags(), **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pagecache.tag(self.request, *self.list_tags(), *cache_tags.releases_shown(context["object_list"]))
        return context


class ArchiveDatesMixin:
    """A date archive whose dates (its years, months or days) are read once for all its pages and
    languages (reading.archive_dates); `dates_name` tells one archive's from another's."""

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        dates = super().get_date_list
        name = f"{self.dates_name()}:{ordering}"
        return reading.archive_dates(name, lambda: list(dates(queryset, date_type, ordering)))


class ReleaseIndexView(ArchiveDatesMixin, ReleaseListMixin, ArchiveIndexView):
    template_name = "releases/release_archive.html"

    def dates_name(self):
        return "years"


class ReleaseYearView(ArchiveDatesMixin, ReleaseListMixin, YearArchiveView):
    allow_empty = False

    def list_tags(self):
        return [cache_tags.year(self.get_year())]

    def dates_name(self):
        return f"months:{self.get_year()}"

    def get_next_year(self, date):
        return reading.archive_dates(f"after:{date.year}", partial(super().get_next_year, date))

    def get_previous_year(self, date):
        return reading.archive_dates(f"before:{date.year}", partial(super().get_previous_year, date))


class ReleaseMonthView(ArchiveDatesMixin, ReleaseListMixin, MonthArchiveView):
    month_format = "%m"
    allow_empty = False

    def list_tags(self):
        return [cache_tags.month(self.get_year(), int(self.get_month()))]

    def dates_name(self):
        return f"days:{self.get_year()}-{self.get_month()}"

    def get_next_month(self, date):
        return reading.archive_dates(f"after:{date:%Y-%m}", partial(super().get_next_month, date))

    def get_previous_month(self, date):
        return reading.archive_dates(f"before:{date:%Y-%m}", partial(super().get_previous_month, date))


class SectionView(ReleaseListMixin, ListView):
    template_name = "releases/section_detail.html"

    def get_queryset(self):
        self.section = reading.section(self.kwargs["slug"])
        return reading.section_list(self.section)

    def list_tags(self):
        return [cache_tags.section_releases(self.section.pk)]

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class PersonView(ReleaseListMixin, ListView):
    template_name = "releases/person_detail.html"

    def get_queryset(self):
        self.person = reading.public_person(self.kwargs["slug"])
        return reading.person_list(self.person)

    def list_tags(self):
        return [cache_tags.person_releases(self.person.pk), cache_tags.person(self.person.pk)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(person=self.person, **kwargs)
        if context["page_obj"].number == 1:  # their newest quotes, beside their newest releases
            context["quotes"] = list(reading.person_quotes(self.person))
            pagecache.tag(self.request, *cache_tags.releases_shown(quote.release for quote in context["quotes"]))
        return context


class SearchView(ListView):
    """Full-text search in the reader's language; when nothing matches, the other languages' matches."""

    template_name = "releases/search.html"
    paginate_by = settings.RELEASES_PER_PAGE
    context_object_name = "results"

    def get(self, request, *args, **kwargs):
        pagecache.tag(request, cache_tags.SEARCH)
        self.form = SearchForm(request.GET)
        self.searching = self.form.is_valid() and has_words(self.form.cleaned_data["q"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not self.searching:
            return Release.objects.none()
        return reading.search_results(self.form, data_language())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, searching=self.searching, search_limit=SEARCH_LIMIT, **kwargs)
        if self.searching and not context["paginator"].count:
            context["other_languages"] = self.other_languages()
        return context

    def other_languages(self):
        """(language, its search address, number of matches) for each other language that has matches."""
        found = []
        for code in reading.LANGUAGE_CODES:
            if code == data_language():
                continue
            count = reading.search_matches(self.form, code).count()
            if count:
                with override(code):
                    found.append((code, f"{reverse('releases:search')}?{self.request.GET.urlencode()}", count))
        return found


class ReleaseDetailView(DetailView):
    """The release at this slug in any language; the reader's own address wins.

    Readers see published and withdrawn releases; staff who may change releases
    also preview the rest, never cached or indexed. An unpublished release's address
    is gone or redirects, and a slug changed after publication redirects from its
    old address.
    """

    model = Release

    def get_queryset(self):
        releases = reading.release_pages()
        if self.request.user.has_perm("releases.change_release"):
            return releases
        return releases.with_public_page()

    def get(self, request, *args, **kwargs):
        slug = kwargs["slug"]
        self.object = reading.release_page_at(slug, self.get_queryset())
        if self.object is None:
            return self.elsewhere(slug)
        if self.object.slug != slug:
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(alternate_urls=reading.release_addresses(self.object)))

    def elsewhere(self, slug):
        """The answer at an address where readers find no release: gone, redirected, or not found."""
        unpublished = reading.release_at(slug, Release.objects.filter(status=Release.Status.UNPUBLISHED))
        if unpublished is not None:
            if unpublished.redirect_url:
                return redirect(unpublished.redirect_url, permanent=True)
            return gone(self.request, _("This press release has been removed from the site."))
        moved = reading.old_address(slug)
        if moved is None:
            raise Http404("No press release at this address.")
        return redirect(moved, permanent=True)

    def is_preview(self):
        return not self.object.has_public_page

    def get_context_data(self, **kwargs):
        page = reading.page_of(self.object)
        pagecache.tag(self.request, *cache_tags.release_page(self.object, page))
        return super().get_context_data(is_preview=self.is_preview(), **page, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["is_preview"]:
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex"
        return response


class ReleasePreviewView(ReleaseDetailView):
    """A release opened by a secret preview link, until it is published or taken off the site.

    Its language links lead to the other languages' previews, since the public
    addresses of a draft answer 404.
    """

    def get_queryset(self):
        return reading.release_pages()

    def is_preview(self):
        return True

    def get(self, request, *args, **kwargs):
        try:
            pk, generation = preview.read(kwargs["token"])
        except signing.SignatureExpired:
            return gone(request, _("This preview link has expired. Ask the press service for a new one."))
        except signing.BadSignature:
            raise Http404("Not a preview link.")
        self.object = get_object_or_404(self.get_queryset(), pk=pk)
        if self.object.preview_generation != generation:
            return gone(request, _("This preview link no longer works. Ask the press service for a new one."))
        if self.object.is_published:
            return redirect(self.object)
        return self.render_to_response(self.get_context_data(alternate_urls=reading.preview_addresses(self.object)))


def permanent_address(request, pk):
    """A release's address for citations: it leads to the release's page at its current slug.

    Releases readers have never seen are not found here either.
    """
    release = reading.kept_release(pk) or get_object_or_404(
        Release.objects.only("pk", *SLUG_FIELDS, "status", "published_at"), pk=pk
    )
    if not (release.has_public_page or release.status == Release.Status.UNPUBLISHED):
        raise Http404("No press release at this address.")
    return redirect(release)


def gone(request, message):
    return render(request, "releases/gone.html", {"message": message}, status=410)


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


class SeeOther(HttpResponseRedirect):
    status_code = 303


# No CSRF token: the form only sets a display-preference cookie, so a forged post
# can do no more than change colours, and a token would defeat the page cache
# (every anonymous reader would get the same cached token).
@csrf_exempt
def accessibility_settings(request):
    """The panel's form: keep the chosen settings in a cookie, send the reader back to their page.

    A GET (a bookmarked or mistyped address) changes nothing and just goes back.
    """
    next_url = request.POST.get("next") or request.GET.get("next")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = reverse("releases:index")
    if request.method != "POST":
        return SeeOther(next_url)
    if "reset" in request.POST:
        preferences = accessibility.Preferences()
        changed = "reset"
    else:
        chosen = accessibility.Preferences(request.POST).chosen
        preferences = accessibility.Preferences.from_request(request).choose(chosen)
        changed = next(iter(chosen), None)
    # The fragment names the message the page shows and focuses (see accessibility_panel.html).
    response = SeeOther(f"{next_url.partition('#')[0]}#a11y-changed-{changed}" if changed else next_url)
    if preferences.chosen:
        response.set_cookie(
            accessibility.COOKIE_NAME, preferences.to_cookie(), max_age=accessibility.COOKIE_AGE,
            httponly=True, samesite="Lax", secure=request.is_secure(),
        )
    else:
        response.delete_cookie(accessibility.COOKIE_NAME, samesite="Lax")
    return response


def legacy_redirect(request, language, old_id):
    """An old site's address of a release, for good, to its page here in the same language."""
    release = get_object_or_404(Release.objects.with_public_page(), legacy_id=old_id)
    with override(language):
        return redirect(release.get_absolute_url(), permanent=True)
