"""Production: every setting that differs between deployments comes from the environment.

The table of variables is in docs/deployment.md.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from senate_press.database import database_config

from .base import *  # noqa: F401,F403


def env_flag(name, default):
    return os.environ.get(name, default) == "1"


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment for production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")  # noqa: F405

# A pool of connections in each worker (Django's, psycopg_pool's): a request takes an open
# connection without the round trip that checks a kept one. The pool drops a connection that
# failed, so after a database restart each worker answers 503 once per pooled connection and
# then connects anew. DB_POOL_SIZE=0: one persistent connection per worker, checked before reuse.
DB_POOL_SIZE = int(os.environ.get("DB_POOL_SIZE", 2))
if DB_POOL_SIZE:
    DATABASES = {"default": database_config(pool={"min_size": 1, "max_size": DB_POOL_SIZE})}
else:
    DATABASES = {"default": database_config(conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", 600)))}

# HTTPS. Behind a proxy that terminates TLS, it must set X-Forwarded-Proto and
# strip it from clients' requests; then set BEHIND_TLS_PROXY=1.
if env_flag("BEHIND_TLS_PROXY", "0"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", "1")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1")
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", "1")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_flag("SECURE_COOKIES", "1")
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names (cached for a year by WhiteNoise) with gzip and Brotli copies.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if os.environ.get("MEDIA_BUCKET"):
    # Uploaded photos in S3-compatible object storage, served from MEDIA_DOMAIN (the CDN
    # in front of the bucket, which adds the headers in docs/deployment.md). The keys
    # come from the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables.
    if not os.environ.get("MEDIA_DOMAIN"):
        raise ImproperlyConfigured("Set MEDIA_DOMAIN, the host photos are served from, with MEDIA_BUCKET.")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["MEDIA_BUCKET"],
            "endpoint_url": os.environ.get("MEDIA_ENDPOINT_URL"),
            "custom_domain": os.environ["MEDIA_DOMAIN"],
            "file_overwrite": False,
            "querystring_auth": False,
            # Photos are public and never change under one name; never shown as a page.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable",
                                  "ContentDisposition": "inline"},
        },
    }
    # Also lets the Content Security Policy allow images from there.
    MEDIA_URL = f"https://{os.environ['MEDIA_DOMAIN']}/"

# The review round's e-mails go through this SMTP server.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 587))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", "1")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
