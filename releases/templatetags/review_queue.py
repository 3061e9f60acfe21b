from django import template
from django.urls import reverse
from django.utils.translation import ngettext

from releases.models import PersonChange, Release

register = template.Library()


@register.inclusion_tag("admin/review_queue.html", takes_context=True)
def review_queue(context):
    """What waits on the admin's front page: releases ready for review, drafts sent back, changes to people."""
    user = context["request"].user
    if not user.has_perm("releases.view_release"):
        return {"waiting": []}
    releases = reverse("admin:releases_release_changelist")
    counts = [
        (
            Release.objects.filter(status=Release.Status.REVIEW).count(),
            lambda count: ngettext(
                "%(count)d release is ready for review", "%(count)d releases are ready for review", count
            ),
            f"{releases}?status=review",
        ),
        (
            Release.objects.sent_back().count(),
            lambda count: ngettext(
                "%(count)d release was sent back to its editor", "%(count)d releases were sent back to their editors",
                count,
            ),
            f"{releases}?status=sent_back",
        ),
    ]
    if user.has_perm("releases.change_person"):
        counts.append((
            PersonChange.objects.count(),
            lambda count: ngettext(
                "%(count)d change to a person waits for approval", "%(count)d changes to people wait for approval",
                count,
            ),
            reverse("admin:releases_personchange_changelist"),
        ))
    return {"waiting": [(label(count) % {"count": count}, count, url) for count, label, url in counts if count]}
