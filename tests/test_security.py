"""Security headers, the admin under the Content Security Policy, the login throttle, the 503 page."""

import re

import pytest
from django.db.utils import OperationalError

from releases.models import Release
from senate_press.middleware import content_security_policy

from .factories import make_release
from .helpers import release_url_in, url_in

pytestmark = pytest.mark.django_db


def test_every_page_carries_a_content_security_policy_without_inline_code(client):
    make_release()
    response = client.get(url_in("en", "index"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def inline_code(html):
    """Inline scripts (not JSON data blocks) and style attributes or elements: what the policy blocks."""
    scripts = [tag for tag in re.findall(r"<script\b[^>]*>", html) if "src=" not in tag and "json" not in tag]
    return scripts + re.findall(r"\sstyle=\"", html) + re.findall(r"<style\b", html)


def test_the_admin_and_public_pages_need_no_inline_code(admin_client, client):
    release = make_release()
    for page in ("/admin/releases/release/", f"/admin/releases/release/{release.pk}/change/",
                 "/admin/releases/release/add/"):
        response = admin_client.get(page)
        assert response.status_code == 200, page
        assert inline_code(response.content.decode()) == [], page
    for page in (url_in("en", "index"), release_url_in("en", release)):
        assert inline_code(client.get(page).content.decode()) == [], page


def test_admin_login_is_locked_after_five_wrong_passwords(settings, admin_user, client):
    settings.AXES_ENABLED = True
    for _attempt in range(5):
        client.post("/admin/login/", {"username": "admin", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "admin", "password": "password"})
    assert response.status_code == 429


def test_a_database_outage_shows_a_translated_temporarily_unavailable_page(monkeypatch, client):
    def database_down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(Release.objects, "published", database_down)
    response = client.get(url_in("ru", "index"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert '<html lang="ru">' in response.content.decode()


def test_photos_on_another_host_are_allowed_by_the_policy(settings):
    settings.MEDIA_URL = "https://media.press.senate.kz/"
    assert "img-src 'self' https://media.press.senate.kz;" in content_security_policy()
