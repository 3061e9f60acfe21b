import pytest
from django.core.cache import caches

from .helpers import staff_client


@pytest.fixture(autouse=True)
def isolated_media_and_cache(settings, tmp_path):
    """Uploaded files go to a temporary folder; no test sees another's cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def changes_retire_cached_pages_at_once(monkeypatch):
    """A test's transaction is never committed, so what a commit does happens at once."""
    monkeypatch.setattr("releases.cache_tags.on_commit", lambda retire: retire())


@pytest.fixture
def admin_client(admin_client):
    """The admin follows the browser's language; these tests read it in English."""
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return admin_client


@pytest.fixture
def editor():
    """A client logged in as "aigerim" of the Editors group."""
    return staff_client("aigerim", "Editors")


@pytest.fixture
def publisher():
    """A client logged in as "daniyar" of the Publishers group."""
    return staff_client("daniyar", "Publishers")
