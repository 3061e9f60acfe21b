from django.conf import settings
from django.core import signing
from django.db.models import Prefetch, Q
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

from . import accessibility, pagecache, preview, viewcount
from .forms import SearchForm
from .latin_pages import addresses
from .models import Participant, Person, Quote, Release, Section, SlugRedirect
from .search import SEARCH_LIMIT, has_words

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
    allow_empty = True
    make_object_list = True

    def get_queryset(self):
        return Release.objects.published().for_listing()

    def get_paginator(self, queryset, per_page, **kwargs):
        # Counting a list's releases costs PostgreSQL more than the rest of the page
        # (15 ms for the front page at 100,000); the count changes only with the content.
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        paginator.count = pagecache.remember(f"release-count:{self.request.path_info}", queryset.count)
        return paginator


class ReleaseIndexView(ReleaseListMixin, ArchiveIndexView):
    template_name = "releases/release_archive.html"

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        # Finding the years means reading every release's date, which costs more
        # than the rest of the page; they change only with the content.
        return pagecache.remember(
            f"archive-years:{ordering}",
            lambda: list(super(ReleaseIndexView, self).get_date_list(queryset, date_type, ordering)),
        )


class ReleaseYearView(ReleaseListMixin, YearArchiveView):
    allow_empty = False


class ReleaseMonthView(ReleaseListMixin, MonthArchiveView):
    month_format = "%m"
    allow_empty = False


class SectionView(ReleaseListMixin, ListView):
    template_name = "releases/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class PersonView(ReleaseListMixin, ListView):
    template_name = "releases/person_detail.html"

    def get_queryset(self):
        self.person = get_object_or_404(Person.objects.public(), slug=self.kwargs["slug"])
        return super().get_queryset().filter(participants__person=self.person)

    def get_context_data(self, **kwargs):
        quotes = (
            Quote.objects.filter(speaker=self.person, release__in=Release.objects.published())
            .select_related("release")
            .order_by("-release__published_at", "position")[:10]
        )
        return super().get_context_data(person=self.person, quotes=quotes, **kwargs)


class SearchView(ListView):
    """Full-text search in the reader's language; when nothing matches, the other languages' matches."""

    template_name = "releases/search.html"
    paginate_by = settings.RELEASES_PER_PAGE
    context_object_name = "results"

    def get(self, request, *args, **kwargs):
        self.form = SearchForm(request.GET)
        self.searching = self.form.is_valid() and has_words(self.form.cleaned_data["q"])
        return super().get(request, *args, **kwargs)

    def matches(self, language):
        query, order = self.form.cleaned_data["q"], self.form.cleaned_data["order"]
        releases = self.form.filter(Release.objects.published().for_listing())
        return releases.search(query, language, by_date=order == "date")

    def get_queryset(self):
        if not self.searching:
            return Release.objects.none()
        return self.matches(data_language()).with_snippets(self.form.cleaned_data["q"], data_language())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, searching=self.searching, search_limit=SEARCH_LIMIT, **kwargs)
        if self.searching and not context["paginator"].count:
            context["other_languages"] = self.other_languages()
        return context

    def other_languages(self):
        """(language, its search address, number of matches) for each other language that has matches."""
        found = []
        for code, _name in settings.LANGUAGES:
            if code == data_language():
                continue
            count = self.matches(code).count()
            if count:
                with override(code):
                    found.append((code, f"{reverse('releases:search')}?{self.request.GET.urlencode()}", count))
        return found


class ReleaseDetailView(DetailView):
    model = Release

    def get_queryset(self):
        return Release.objects.select_related("section").without_search_vectors().prefetch_related(
            Prefetch("participants", queryset=Participant.objects.select_related("person")),
            Prefetch("quotes", queryset=Quote.objects.select_related("speaker")),
        )

    def get(self, request, *args, **kwargs):
        """The release at this slug in any language; the reader's own address wins.

        Readers see published and withdrawn releases; staff who may change releases
        also preview the rest. An unpublished release's address is gone or redirects,
        and a slug changed after publication redirects from its old address.
        """
        slug = kwargs["slug"]
        any_language = Q()
        for code, _name in settings.LANGUAGES:
            any_language |= Q(**{f"slug_{code}": slug})
        release = self.get_queryset().filter(any_language).first()
        if release is None:
            old_address = SlugRedirect.objects.filter(slug=slug).select_related("release").first()
            if old_address is None:
                raise Http404("No press release at this address.")
            return redirect(old_address.release, permanent=True)
        is_preview = not release.has_public_page
        if is_preview and not request.user.has_perm("releases.change_release"):
            if release.status != Release.Status.UNPUBLISHED:
                raise Http404("No press release at this address.")
            if release.redirect_url:
                return redirect(release.redirect_url, permanent=True)
            return gone(request, _("This press release has been removed from the site."))
        if release.slug != slug:
            return redirect(release, permanent=True)
        return self.show(release, is_preview)

    def show(self, release, is_preview):
        """The release's page; a preview of one readers cannot see is never cached, indexed or shared."""
        self.object = release
        response = self.render_to_response(self.get_context_data(object=release, is_preview=is_preview))
        if is_preview:
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex"
        return response

    def get_context_data(self, **kwargs):
        release = self.object
        neighbours = release.neighbours()
        return super().get_context_data(
            body=list(release.body_with_quotes(release.quotes_with_positions())),
            previous_release=neighbours.previous,
            next_release=neighbours.next,
            related_releases=neighbours.related,
            alternate_urls=addresses(release.get_absolute_url),
            **kwargs,
        )


class ReleasePreviewView(ReleaseDetailView):
    """A release opened by a secret preview link, until it is published or taken off the site.

    Its language links lead to the other languages' previews, since the public
    addresses of a draft answer 404.
    """

    def get(self, request, *args, **kwargs):
        try:
            pk, generation = preview.read(kwargs["token"])
        except signing.SignatureExpired:
            return gone(request, _("This preview link has expired. Ask the press service for a new one."))
        except signing.BadSignature:
            raise Http404("Not a preview link.")
        release = get_object_or_404(self.get_queryset(), pk=pk)
        if release.preview_generation != generation:
            return gone(request, _("This preview link no longer works. Ask the press service for a new one."))
        if release.is_published:
            return redirect(release)
        return self.show(release, is_preview=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["alternate_urls"] = addresses(lambda: preview.url_for(self.object))
        return context


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
