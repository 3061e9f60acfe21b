from django.urls import path

from . import feeds, views

app_name = "releases"

urlpatterns = [
    path("", views.ReleaseIndexView.as_view(), name="index"),
    path("releases/<slug:slug>/", views.ReleaseDetailView.as_view(), name="detail"),
    path("r/<int:pk>/", views.permanent_address, name="permanent"),
    path("preview/<str:token>/", views.ReleasePreviewView.as_view(), name="preview"),
    path("archive/<int:year>/", views.ReleaseYearView.as_view(), name="year"),
    path("archive/<int:year>/<int:month>/", views.ReleaseMonthView.as_view(), name="month"),
    path("sections/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("people/<slug:slug>/", views.PersonView.as_view(), name="person"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feeds/rss/", feeds.LatestReleasesFeed(), name="feed_rss"),
    path("feeds/atom/", feeds.LatestReleasesAtomFeed(), name="feed_atom"),
    path("sections/<slug:slug>/rss/", feeds.SectionFeed(), name="section_feed_rss"),
    path("sections/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="section_feed_atom"),
    path("people/<slug:slug>/rss/", feeds.PersonFeed(), name="person_feed_rss"),
    path("people/<slug:slug>/atom/", feeds.PersonAtomFeed(), name="person_feed_atom"),
]
