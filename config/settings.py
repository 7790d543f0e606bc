"""Settings, read from the environment only (see README, "Configuration")."""

import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set: set it, or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-local-development-key-only-used-with-DJANGO_DEBUG"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "advisor",  # first: its admin/base_site.html, login.html… override Django's own
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "botapp",
    "axes",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the lockout page
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "botapp.handoff.worker_watch.admin_alerts",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        # A persistent connection is checked (SELECT 1) before each request's first query,
        # so no admin page fails after a database restart; the webhook skips that round trip
        # and replaces a dropped connection itself (botapp.chat.views).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Take the write lock when a transaction starts, so concurrent workers queue for it
    # instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    # A file, not memory, for the test database: live-server threads then open their own
    # connections instead of sharing one across threads.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}
else:
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# axes refuses a locked-out login before the password is checked (see the AXES block below).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# HTTPS behind Heroku's router, which terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG

# Admin login lockouts (django-axes; docs/operating.md). After ADMIN_LOGIN_FAILURE_LIMIT
# failed logins for one username from one client address, that pair is refused, even with the
# right password, for ADMIN_LOCKOUT_MINUTES after its last attempt; other users and other
# addresses are unaffected. A successful login before then clears the pair's count. Attempts
# are rows of axes.AccessAttempt (superusers see and delete them in the admin); rows older than
# the cool-off are deleted at the next login. Successful logins are not logged.
AXES_FAILURE_LIMIT = int(os.environ.get("ADMIN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("ADMIN_LOCKOUT_MINUTES", "15")))
if AXES_FAILURE_LIMIT < 1 or AXES_COOLOFF_TIME < timedelta(minutes=1):
    raise ImproperlyConfigured("ADMIN_LOGIN_FAILURE_LIMIT and ADMIN_LOCKOUT_MINUTES must be >= 1.")
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.admin_login.lockout_page"  # status 429, says when to try again
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False  # no startup line: manage.py commands keep their one-line errors


def trusted_proxy_hops(environ: Mapping[str, str]) -> int:
    """How many proxies in front of the app append to X-Forwarded-For: TRUSTED_PROXY_HOPS if
    set, else 1 on Heroku (its router; Heroku sets DYNO in every dyno), else 0 (the header is
    not trusted)."""
    value = environ.get("TRUSTED_PROXY_HOPS", "").strip()
    if not value:
        return 1 if environ.get("DYNO") else 0
    if not value.isdecimal():
        raise ImproperlyConfigured(
            f"TRUSTED_PROXY_HOPS must be a whole number >= 0 (how many proxies in front of the "
            f"app append to X-Forwarded-For), not {value!r}."
        )
    return int(value)


# The client address of the lockouts (botapp.client_address); axes asks its callable first
# (axes.helpers.get_client_ip_address). Its AXES_IPWARE_* settings would need the optional
# django-ipware, where proxy count 1 picks a forged first entry.
TRUSTED_PROXY_HOPS = trusted_proxy_hops(os.environ)
AXES_CLIENT_IP_CALLABLE = "botapp.client_address.client_address"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stdout"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # httpx logs every request URL, and Bot API URLs carry the bot token.
    "loggers": {"httpx": {"level": "WARNING"}, "httpcore": {"level": "WARNING"}},
}

# Telegram (only what talks to Telegram needs these; the admin runs without them).
TELEGRAM_BOT_TOKEN = os.environ.get("TELEGRAM_BOT_TOKEN", "")
TELEGRAM_WEBHOOK_SECRET = os.environ.get("TELEGRAM_WEBHOOK_SECRET", "")
TELEGRAM_WEBHOOK_URL = os.environ.get("TELEGRAM_WEBHOOK_URL", "")
# For deep links: the admin's, and the Share buttons' (no Share button without it).
TELEGRAM_BOT_USERNAME = os.environ.get("TELEGRAM_BOT_USERNAME", "")
TELEGRAM_API_BASE_URL = os.environ.get("TELEGRAM_API_BASE_URL", "https://api.telegram.org/bot")

# Days the raw records of handled updates are kept (they stop Telegram's re-deliveries, which
# come within a day): `purgeanalytics`, run daily, rolls each day up and deletes older ones.
ANALYTICS_RETENTION_DAYS = int(os.environ.get("ANALYTICS_RETENTION_DAYS", "30"))
if ANALYTICS_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("ANALYTICS_RETENTION_DAYS must be >= 1.")
# Days what users said they were looking for is kept (`purgeanalytics` deletes older ones).
FEEDBACK_RETENTION_DAYS = int(os.environ.get("FEEDBACK_RETENTION_DAYS", "365"))
if FEEDBACK_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("FEEDBACK_RETENTION_DAYS must be >= 1.")
# Days the records of conversations handed to the team are kept once closed (who talked to whom
# and when, never what was said): `purgeconversations`, run daily, deletes older ones.
HANDOFF_RETENTION_DAYS = int(os.environ.get("HANDOFF_RETENTION_DAYS", "365"))
if HANDOFF_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("HANDOFF_RETENTION_DAYS must be >= 1.")

# The job queue (django-tasks, the backport of Django 6's django.tasks, with its database
# backend): the worker process (`python manage.py db_worker --queue-name outbox`) sends the
# conversations' copies from the outbox (botapp.handoff).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["outbox"],
    }
}
