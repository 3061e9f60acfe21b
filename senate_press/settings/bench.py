"""The load benchmark (benchmarks/load.py): production settings served over plain HTTP on 127.0.0.1."""

from .prod import *  # noqa: F401,F403

ROOT_URLCONF = "benchmarks.urls"
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
