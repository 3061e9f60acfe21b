"""Settings shared by every environment; dev, test and prod adjust them."""

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
DEBUG = os.environ.get("DEBUG", "") == "1"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it must come before it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "senate_press.apps.LoginAttemptsConfig",  # django-axes, named in the admin's language
    "reversion",
    "solo",
    "releases",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "senate_press.middleware.SecurityHeadersMiddleware",
    # Conditional GET above the page cache, so pages served from it get a 304 too.
    "django.middleware.http.ConditionalGetMiddleware",
    # Above sessions and CSRF: it must see their cookies and Vary on the way out.
    "releases.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions so the admin keeps its session language; LocaleMiddleware
    # only reads the URL prefix and Accept-Language on public pages.
    "senate_press.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "senate_press.middleware.KazakhLatinMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "senate_press.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "senate_press.urls"
WSGI_APPLICATION = "senate_press.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "releases.context_processors.site",
                "releases.context_processors.accessibility",
            ],
        },
    },
]

# DATABASES: each environment's settings name their own, so importing these starts no server.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# How many reverse proxies in front of the app append to X-Forwarded-For; 0 ignores the
# header, which a client could then forge (see senate_press/client_address.py).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 0))

# django-axes records wrong passwords at the admin's login; senate_press/login_throttle.py
# decides from them who waits and how long.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "senate_press.login_throttle.LoginThrottle"
AXES_CLIENT_IP_CALLABLE = "senate_press.client_address.client_address"
AXES_LOCKOUT_CALLABLE = "senate_press.login_throttle.lockout_response"
AXES_FAILURE_LIMIT = 5  # wrong passwords for one username from one address
AXES_COOLOFF_TIME = 1  # hour
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A refused try is not a guess: counting it would let a guesser lengthen the owner's wait.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/")

# The review round's e-mails to publishers and editors (releases/review.py).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "press-service@localhost")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "kk"
LANGUAGES = [
    ("kk", _("Kazakh")),
    ("ru", _("Russian")),
    ("en", _("English")),
]
# Our own strings first; then Kazakh for the Django strings Django's own kk catalogues lack
# (locale_django/, which makemessages never rewrites). Both come before Django's catalogues.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_django"]
FORMAT_MODULE_PATH = ["senate_press.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Almaty"

# A release missing in the reader's language is shown in the nearest one:
# Kazakh and Russian readers fall back to each other, English readers to Russian.
MODELTRANSLATION_DEFAULT_LANGUAGE = "kk"
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": ("kk", "ru", "en"),
    "kk": ("ru", "en"),
    "ru": ("kk", "en"),
    "en": ("ru", "kk"),
}
# modeltranslation's language tabs in the admin need jQuery UI: a pinned copy from our own static
# files (static/vendor/), not its default CDN.
JQUERY_UI_URL = "vendor/jquery-ui-1.14.2/jquery-ui.min.js"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# One process's memory by default; shared by every worker and server with REDIS_URL.
# Redis is only a cache: when it is down or slower than these timeouts, the site
# answers uncached (senate_press/cache.py).
if os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "senate_press.cache.FailSoftRedisCache",
                          "LOCATION": os.environ["REDIS_URL"],
                          "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered pieces of the interface that depend only on the code, the language and
# the reader's display settings ({% cache ... using="interface" %}): never shared,
# never stale, since only a new release of the code changes them.
CACHES["interface"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "interface"}
# Anonymous pages are kept this long in the cache above (0 turns the page cache off)
# and this long in browsers and CDNs; see releases/pagecache.py.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 600))
PAGE_CACHE_BROWSER_SECONDS = int(os.environ.get("PAGE_CACHE_BROWSER_SECONDS", 60))
# A callable the page cache asks how many seconds until the content changes by itself
# (None: not foreseen); pages are fresh no longer than that.
PAGE_CACHE_NEXT_CHANGE = "releases.cache_tags.seconds_until_next_publication"
# The dotted path of a callable given the cache tags each change retires, after it is
# committed, to purge a CDN's copies of the pages carrying them (docs/deployment.md).
PAGE_CACHE_PURGE = os.environ.get("PAGE_CACHE_PURGE") or None
# Only staff have sessions (readers never log in), so they stay in the database alone:
# not in the cache, which may go away, or come back holding a session since logged out of.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

RELEASES_PER_PAGE = 12
