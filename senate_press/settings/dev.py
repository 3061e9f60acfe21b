import os

from senate_press.database import development_database_config

from .base import *  # noqa: F401,F403

DATABASES = {"default": development_database_config()}

DEBUG = os.environ.get("DEBUG", "1") == "1"

# Pages straight from the code while developing; set PAGE_CACHE_SECONDS to try the cache.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 0))
# Template edits show at once: no rendered piece of the interface is kept.
CACHES["interface"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}  # noqa: F405
# The review round's e-mails are printed in the terminal instead of sent.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
