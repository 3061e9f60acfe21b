"""Secret preview links: a reviewer without an account may read a release before it is public.

A link names the release and its preview generation; raising the generation (revoking, or
withdrawing or unpublishing the release) makes every earlier link stop working at once.
"""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

MAX_AGE = timedelta(days=7)
_signer = signing.TimestampSigner(salt="releases.preview")


def url_for(release):
    """The release's preview address in the active language, valid for MAX_AGE."""
    token = _signer.sign(f"{release.pk}.{release.preview_generation}")
    return reverse("releases:preview", kwargs={"token": token})


def read(token):
    """(release id, preview generation) from a token; raises signing.SignatureExpired or signing.BadSignature."""
    pk, _dot, generation = _signer.unsign(token, max_age=MAX_AGE).partition(".")
    if not (pk.isdigit() and generation.isdigit()):
        raise signing.BadSignature("A preview link from before links could be revoked.")
    return int(pk), int(generation)


def revoke_links(release):
    """Make every preview link made so far for the release stop working."""
    release.preview_generation += 1
    type(release).objects.filter(pk=release.pk).update(preview_generation=release.preview_generation)
