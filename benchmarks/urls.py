"""The site's addresses plus the ceiling: the cheapest page Django can serve through the same stack."""

from django.http import HttpResponse
from django.urls import path

from senate_press.urls import urlpatterns as site_urlpatterns


def ceiling(request):
    return HttpResponse("ceiling", content_type="text/plain")


urlpatterns = [path("ceiling/", ceiling), *site_urlpatterns]
