from django.urls import path

from . import views

app_name = "releases"

urlpatterns = [
    path("", views.ReleaseIndexView.as_view(), name="index"),
    path("releases/<slug:slug>/", views.ReleaseDetailView.as_view(), name="detail"),
    path("archive/<int:year>/", views.ReleaseYearView.as_view(), name="year"),
    path("archive/<int:year>/<int:month>/", views.ReleaseMonthView.as_view(), name="month"),
    path("sections/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("people/<slug:slug>/", views.PersonView.as_view(), name="person"),
]
