from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.utils.functional import lazy
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView, TemplateView

from releases import api, views
from releases.latin_pages import page_languages
from releases.sitemaps import SITEMAPS
from senate_press.middleware import same_in_every_language

API_PREFIX = "api/"


def read_only(view):
    """GET and HEAD only: 405 for the rest, before anything is read. Nothing here changes
    anything, so an unsafe method needs no CSRF token to be refused."""
    return csrf_exempt(require_safe(view))


# The API's views answer a wrong method with a JSON 405 of their own.
api_urlpatterns = [
    path("releases/", same_in_every_language(api.release_list), name="api_releases"),
    path("releases/<int:pk>/", same_in_every_language(api.release_detail), name="api_release"),
    path("openapi.json", same_in_every_language(api.openapi), name="api_openapi"),
]

urlpatterns = [
    path("views/<int:pk>.gif", views.count_view, name="count_view"),
    path(settings.ADMIN_URL, admin.site.urls),
    # Browsers and crawlers ask for /favicon.ico whatever the page's <link rel="icon"> says.
    path("favicon.ico", RedirectView.as_view(url=lazy(static_url, str)("img/favicon.png"), permanent=True)),
    path("robots.txt", same_in_every_language(read_only(
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain",
                             extra_context={"page_languages": page_languages()}))), name="robots"),
    path("sitemap.xml", same_in_every_language(read_only(sitemap_views.index)),
         {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap"}, name="sitemap_index"),
    path("sitemap-<section>.xml", same_in_every_language(read_only(sitemap_views.sitemap)),
         {"sitemaps": SITEMAPS, "template_name": "releases/sitemap.xml"}, name="sitemap"),
    path(API_PREFIX, include(api_urlpatterns)),
    path("accessibility/", views.accessibility_settings, name="accessibility"),
]
urlpatterns += i18n_patterns(path("", include("releases.urls")))


def page_not_found(request, exception):
    """The API's own JSON 404 under its prefix; the site's page everywhere else."""
    if request.path_info.startswith(f"/{API_PREFIX}"):
        return api.not_found(request)
    return defaults.page_not_found(request, exception)


handler404 = page_not_found

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
