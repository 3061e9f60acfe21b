from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.templatetags.static import static as static_url
from django.utils.functional import lazy
from django.views.generic import RedirectView, TemplateView

from releases import api, views
from releases.sitemaps import SITEMAPS

urlpatterns = [
    path("views/<int:pk>.gif", views.count_view, name="count_view"),
    path(settings.ADMIN_URL, admin.site.urls),
    # Browsers and crawlers ask for /favicon.ico whatever the page's <link rel="icon"> says.
    path("favicon.ico", RedirectView.as_view(url=lazy(static_url, str)("img/favicon.png"), permanent=True)),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap"}, name="sitemap_index"),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("api/releases/", api.release_list, name="api_releases"),
    path("api/releases/<int:pk>/", api.release_detail, name="api_release"),
    path("api/openapi.json", api.openapi, name="api_openapi"),
    path("accessibility/", views.accessibility_settings, name="accessibility"),
]
urlpatterns += i18n_patterns(path("", include("releases.urls")))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
