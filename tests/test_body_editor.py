"""The body's editor in the admin: one per language, over a textarea that works without JavaScript."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_each_language_body_gets_the_editor_over_its_textarea(admin_client):
    page = admin_client.get("/admin/releases/release/add/").content.decode()
    for code in ("kk", "ru", "en"):
        editor = re.search(rf'<div class="body-editor" data-body-editor [^>]*>\s*<textarea [^>]*id="id_body_{code}"', page)
        assert editor, code
        assert 'data-link-prompt="Address of the link' in editor.group()
    assert page.count('<template>') == 3
    assert page.count('data-command="insertUnorderedList" aria-pressed="false">Bulleted list</button>') == 3
    assert '<script src="/static/js/body_editor.js"></script>' in page
    assert 'href="/static/css/body_editor.css"' in page


def test_the_editor_leaves_the_lead_a_plain_textarea(admin_client):
    page = admin_client.get("/admin/releases/release/add/").content.decode()
    assert re.search(r'<textarea [^>]*id="id_lead_en"', page)
    assert not re.search(r'data-body-editor [^>]*>\s*<textarea [^>]*id="id_lead_en"', page)
