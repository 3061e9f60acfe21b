"""The review round in a browser: an editor marks a draft ready, a publisher is e-mailed, sends it back
with a comment, the editor answers, and the publisher publishes."""

import re

import pytest
from django.core import mail

from releases.models import Release

from ..factories import make_release
from .admin_pages import log_in, show_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def link_in(message):
    return re.search(r"https?://\S+/change/", message.body).group()


def test_a_draft_goes_to_review_comes_back_with_a_comment_and_is_published(new_page, staff, mailoutbox):
    draft = make_release(title="Senate sitting", status=Release.Status.DRAFT)
    editor = log_in(new_page, staff("aigerim", "Editors"))
    publisher = log_in(new_page, staff("daniyar", "Publishers"))

    editor.goto(f"/admin/releases/release/{draft.pk}/change/")
    editor.select_option("#id_status", "review")
    editor.click("input[name=_save]")
    assert "1 publisher has been told by e-mail." in editor.locator(".messagelist").inner_text()
    [ready] = mailoutbox
    assert (ready.to, ready.subject) == (["daniyar@senate.kz"], "Ready for review: Senate sitting en")

    # The publisher finds it on the admin's front page, in the queue, and by the e-mail's link.
    publisher.goto("/admin/")
    publisher.click("text=1 release is ready for review")
    publisher.wait_for_url("**/admin/releases/release/?status=review")
    assert "Senate sitting en" in publisher.locator("#result_list").inner_text()
    publisher.goto(link_in(ready))
    publisher.select_option("#id_status", "draft")
    publisher.click("input[name=_save]")
    assert "write the editor a comment" in publisher.locator(".errorlist").inner_text()
    publisher.fill("#id_review_comment", "Give the vote count in the first paragraph.")
    publisher.click("input[name=_save]")
    assert "Aigerim has been told by e-mail." in publisher.locator(".messagelist").inner_text()
    sent_back = mailoutbox[1]
    assert sent_back.to == ["aigerim@senate.kz"]
    assert "Give the vote count in the first paragraph." in sent_back.body

    # The editor sees why, answers, and marks it ready again.
    editor.goto("/admin/")
    editor.click("text=1 release was sent back to its editor")
    editor.wait_for_url("**/admin/releases/release/?status=sent_back")
    assert "Give the vote count in the first paragraph." in editor.locator("#result_list").inner_text()
    editor.goto(link_in(sent_back))
    assert "Give the vote count" in editor.locator(".field-review_comment").inner_text()
    show_language(editor, "en")
    editor.fill(".body-editor:has(#id_body_en) [contenteditable]", "The Senate adopted the law by 40 votes.")
    editor.select_option("#id_status", "review")
    editor.click("input[name=_save]")
    assert len(mailoutbox) == 3

    publisher.goto(link_in(mailoutbox[2]))
    assert publisher.locator(".field-review_comment textarea").input_value() == ""
    publisher.select_option("#id_status", "published")
    publisher.click("input[name=_save]")
    publisher.goto("/admin/")
    assert "ready for review" not in publisher.locator("#content").inner_text()

    reader = new_page(locale="en-GB")
    assert reader.goto("/en/releases/senate-sitting-en/").status == 200
    assert "adopted the law by 40 votes" in reader.locator("main").inner_text()
    assert len(mail.outbox) == 3  # publishing sends nothing more
