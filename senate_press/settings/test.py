import os

from senate_press.database import development_database_config

from .base import *  # noqa: F401,F403

DATABASES = {"default": development_database_config()}

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {**CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # noqa: F405
# The login throttle needs a request that the test client's login() does not pass;
# tests of the throttle turn it on.
AXES_ENABLED = False

# Separate test databases for suites run side by side (TEST_DATABASE_SUFFIX=_a, _b ...).
DATABASES["default"]["TEST"] = {  # noqa: F405
    "NAME": f"test_senate_press{os.environ.get('TEST_DATABASE_SUFFIX', '')}",  # noqa: F405
}
