"""The review round: an editor marks a draft ready, publishers are e-mailed and decide, or send it back."""

import smtplib

import pytest

from releases.models import Release

from .factories import make_release
from .helpers import change_url, form_data, staff_client

pytestmark = pytest.mark.django_db

Status = Release.Status
QUEUE = "/admin/releases/release/?status=review"


def post(client, url, data, django_capture_on_commit_callbacks):
    """Post as the admin does, running what waits for the commit (the e-mails)."""
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url, data, follow=True)


def test_a_draft_marked_ready_reaches_the_publishers_by_mail_and_on_the_admin_index(
    editor, publisher, mailoutbox, django_capture_on_commit_callbacks
):
    draft = make_release(title="Budget", status=Status.DRAFT)
    response = post(editor, change_url(draft), form_data(draft, status=Status.REVIEW), django_capture_on_commit_callbacks)
    assert "1 publisher has been told by e-mail." in response.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.review_requested_by.username) == (Status.REVIEW, "aigerim")

    [mail] = mailoutbox
    assert mail.to == ["daniyar@senate.kz"]
    assert mail.subject == "Ready for review: Budget en"
    assert f"http://testserver{change_url(draft)}" in mail.body
    assert "Aigerim marked “Budget en” ready for review." in mail.body

    index = publisher.get("/admin/").content.decode()
    assert f'<a href="{QUEUE.replace("&", "&amp;")}">1 release is ready for review</a>' in index
    assert "Budget en" in publisher.get(QUEUE).content.decode()


def test_a_release_in_review_is_the_publishers_to_decide(editor, django_capture_on_commit_callbacks):
    waiting = make_release(title="Budget", status=Status.REVIEW)
    response = editor.post(change_url(waiting), form_data(waiting, status=Status.DRAFT, title_en="Changed"))
    assert response.status_code == 403
    waiting.refresh_from_db()
    assert (waiting.status, waiting.title_en) == (Status.REVIEW, "Budget en")


@pytest.mark.parametrize("language, refusal", [
    ("en", "To send the release back, write the editor a comment"),
    ("ru", "Чтобы вернуть релиз, напишите редактору комментарий"),
    ("kk", "Релизді қайтару үшін редакторға түсініктеме жазыңыз"),
])
def test_sending_back_without_a_comment_is_refused_in_the_publishers_language(language, refusal):
    publisher = staff_client("daniyar", "Publishers", language=language)
    waiting = make_release(title="Budget", status=Status.REVIEW)
    response = publisher.post(change_url(waiting), form_data(waiting, status=Status.DRAFT, review_comment="  "))
    assert refusal in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Status.REVIEW


def test_a_release_sent_back_tells_its_editor_why(editor, publisher, mailoutbox, django_capture_on_commit_callbacks):
    draft = make_release(title="Budget", status=Status.DRAFT)
    post(editor, change_url(draft), form_data(draft, status=Status.REVIEW), django_capture_on_commit_callbacks)
    draft.refresh_from_db()
    mailoutbox.clear()

    comment = "Add the vote count in the second paragraph."
    response = post(
        publisher, change_url(draft), form_data(draft, status=Status.DRAFT, review_comment=comment),
        django_capture_on_commit_callbacks,
    )
    assert "Aigerim has been told by e-mail." in response.content.decode()
    [mail] = mailoutbox
    assert (mail.to, mail.subject) == (["aigerim@senate.kz"], "Sent back: Budget en")
    assert f"Daniyar sent “Budget en” back to you with this comment:\n\n{comment}" in mail.body

    # The editor finds it on the index, in the list, and the comment on the form.
    assert "1 release was sent back to its editor" in editor.get("/admin/").content.decode()
    listing = editor.get("/admin/releases/release/?status=sent_back").content.decode()
    assert "Sent back" in listing and comment in listing
    assert comment in editor.get(change_url(draft)).content.decode()

    # Marked ready again, the answered comment goes and the publishers hear of it.
    draft.refresh_from_db()
    post(editor, change_url(draft), form_data(draft, status=Status.REVIEW), django_capture_on_commit_callbacks)
    draft.refresh_from_db()
    assert (draft.status, draft.review_comment, len(mailoutbox)) == (Status.REVIEW, "", 2)


def test_a_publisher_publishes_from_the_queue(editor, publisher, django_capture_on_commit_callbacks):
    waiting = make_release(title="Budget", status=Status.REVIEW)
    publisher.post(QUEUE, {"action": "publish", "_selected_action": [waiting.pk]})
    waiting.refresh_from_db()
    assert waiting.status == Status.PUBLISHED
    assert "ready for review" not in publisher.get("/admin/").content.decode()


def test_mail_that_cannot_be_sent_loses_nothing_and_says_so(
    editor, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("no server")

    monkeypatch.setattr("releases.review.send_mass_mail", refuse)
    draft = make_release(title="Budget", status=Status.DRAFT)
    response = post(editor, change_url(draft), form_data(draft, status=Status.REVIEW), django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "No publisher could be e-mailed: tell them yourself that the release is ready." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.REVIEW
