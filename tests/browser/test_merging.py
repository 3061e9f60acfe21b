"""Two editors on one release in two browsers: both changes kept, a shared field put to a choice, a restore."""

import pytest

from releases.models import Release

from ..factories import make_release
from .admin_pages import log_in, show_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_release(page, release):
    page.goto(f"/admin/releases/release/{release.pk}/change/")


def test_two_editors_different_fields_kept_same_field_chosen_then_restored(new_page, staff, tmp_path):
    draft = make_release(status=Release.Status.DRAFT, title="Budget")
    aigerim, marat = log_in(new_page, staff("aigerim", "Editors")), log_in(new_page, staff("marat", "Editors"))
    open_release(aigerim, draft)
    open_release(marat, draft)

    show_language(aigerim, "en")
    aigerim.fill("#id_lead_en", "Aigerim's lead")
    show_language(aigerim, "kk")
    aigerim.fill("#id_title_kk", "Бюджет туралы")
    aigerim.click("input[name=_continue]")
    aigerim.wait_for_selector(".messagelist")

    show_language(marat, "en")
    marat.fill("#id_lead_en", "Marat's lead")
    marat.fill("#id_title_en", "Budget approved")
    marat.click("input[name=_continue]")
    panel = marat.locator(".merge-panel")
    panel.wait_for()
    marat.screenshot(path=tmp_path / "conflict.png", full_page=True)
    assert "Both of you changed Lead [en]" in panel.inner_text()
    assert panel.locator("ins").all_inner_texts()[:4] == ["Aigerim's", "lead", "Marat's", "lead"]
    # Only she changed the Kazakh title: it is already in the form, not put to a choice.
    assert marat.input_value("#id_title_kk") == "Бюджет туралы"
    assert marat.input_value("#id_title_en") == "Budget approved"  # nothing typed is lost
    draft.refresh_from_db()
    assert draft.lead_en == "Aigerim's lead"

    panel.get_by_label("Keep mine").check()
    marat.click("input[name=_continue]")
    marat.wait_for_selector(".messagelist .warning")
    draft.refresh_from_db()
    assert (draft.lead_en, draft.title_en, draft.title_kk) == ("Marat's lead", "Budget approved", "Бюджет туралы")

    marat.goto(f"/admin/releases/release/{draft.pk}/history/")
    marat.screenshot(path=tmp_path / "history.png", full_page=True)
    latest = marat.locator("#change-history tbody tr").first
    assert "Marat" in latest.inner_text()
    assert latest.locator("del", has_text="Aigerim's").count() and latest.locator("ins", has_text="Marat's").count()
    marat.locator("#change-history tbody tr").last.get_by_role("button", name="Restore this version").click()
    marat.wait_for_selector(".messagelist")
    draft.refresh_from_db()
    assert (draft.lead_en, draft.title_en) == ("Lead en", "Budget en")
    assert marat.locator("#change-history tbody tr").count() == 4  # opened, hers, his, the restore
