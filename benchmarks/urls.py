"""The site's addresses plus two yardsticks for benchmarks/load.py, and uploaded photos.

The ceiling is the cheapest page Django can serve through the same stack. The
release data is a release page's work without its template: the view's queries
and context, answered with a fixed string, so the report shows what the
template costs on top. Photos are served as the proxy serves /media/ in production
(docs/deployment.md), so that a browser (benchmarks/lighthouse.py) loads whole pages.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import path, re_path
from django.views.static import serve

from releases.views import ReleaseDetailView
from senate_press.urls import handler404  # noqa: F401  (the API's JSON 404 here too)
from senate_press.urls import urlpatterns as site_urlpatterns


def ceiling(request):
    return HttpResponse("ceiling", content_type="text/plain")


class ReleaseData(ReleaseDetailView):
    def render_to_response(self, context, **response_kwargs):
        return HttpResponse("release data", content_type="text/plain")


urlpatterns = [
    path("ceiling/", ceiling),
    *i18n_patterns(path("release-data/<slug:slug>/", ReleaseData.as_view())),
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *site_urlpatterns,
]
