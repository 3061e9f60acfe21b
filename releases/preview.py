"""Secret preview links: a reviewer without an account may read a release before it is public."""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

MAX_AGE = timedelta(days=7)
_signer = signing.TimestampSigner(salt="releases.preview")


def url_for(release):
    """The release's preview address in the active language, valid for MAX_AGE."""
    return reverse("releases:preview", kwargs={"token": _signer.sign(str(release.pk))})


def release_id_from(token):
    """The release a token was made for; raises signing.SignatureExpired or signing.BadSignature."""
    return int(_signer.unsign(token, max_age=MAX_AGE))
