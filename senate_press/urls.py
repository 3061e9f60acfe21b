from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from releases import views

urlpatterns = [
    path("views/<int:pk>.gif", views.count_view, name="count_view"),
    path("admin/", admin.site.urls),
]
urlpatterns += i18n_patterns(path("", include("releases.urls")))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
