"""The review round: an editor marks a draft ready, publishers are told by e-mail, and a release sent
back tells its editor why."""

import logging
import smtplib

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail, send_mass_mail
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def publishers():
    """Active users who may publish and have an e-mail address."""
    may_publish = Permission.objects.get(content_type__app_label="releases", codename="publish_release")
    return (
        get_user_model().objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__permissions=may_publish) | Q(user_permissions=may_publish))
        .exclude(email="").distinct()
    )


def admin_link(request, release):
    return request.build_absolute_uri(reverse("admin:releases_release_change", args=[release.pk]))


def queue_link(request):
    return request.build_absolute_uri(reverse("admin:releases_release_changelist") + "?status=review")


def tell_publishers(request, release, editor_name):
    """E-mail each publisher that the release waits for them; how many were told (0 if mail failed)."""
    addresses = list(publishers().values_list("email", flat=True))
    subject = _("Ready for review: %(title)s") % {"title": release.title}
    body = _(
        "%(editor)s marked “%(title)s” ready for review.\n\n"
        "Publish it, schedule it or send it back with a comment:\n%(link)s\n\n"
        "All releases waiting for review:\n%(queue)s\n"
    ) % {
        "editor": editor_name,
        "title": release.title, "link": admin_link(request, release), "queue": queue_link(request),
    }
    return _send(lambda: send_mass_mail([(subject, body, None, [address]) for address in addresses]))


def tell_editor(request, release, publisher_name):
    """E-mail the editor who asked for review why the release came back; 1 if sent, 0 if not."""
    editor = release.review_requested_by
    if editor is None or not editor.email:
        return 0
    subject = _("Sent back: %(title)s") % {"title": release.title}
    body = _("%(publisher)s sent “%(title)s” back to you with this comment:\n\n%(comment)s\n\n%(link)s\n") % {
        "publisher": publisher_name,
        "title": release.title, "comment": release.review_comment, "link": admin_link(request, release),
    }
    return _send(lambda: send_mail(subject, body, None, [editor.email]))


def _send(sending):
    try:
        return sending()
    except (smtplib.SMTPException, OSError):
        # The release is saved either way; the admin says the e-mail did not go.
        logger.exception("Review e-mail not sent")
        return 0
