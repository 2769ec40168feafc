"""Django settings, read only from the environment.

HEARTLINE_HOME is the data folder (SQLite file, warehouse, search index); DATABASE_URL switches the
app database to PostgreSQL. In production (DEBUG off) the app refuses to start with the built-in
development key, so a forgotten SECRET_KEY fails loudly instead of signing sessions with a public key.
`heartline demo` sets HEARTLINE_DEMO: DEBUG stays off (users see the real error pages), the key is
generated once into HEARTLINE_HOME/secret_key unless SECRET_KEY(_FILE) is given, and the site is
served over plain http at 127.0.0.1 (no HTTPS redirect, no secure-only cookies, no HSTS).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from heartline.config.demo_key import kept_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
DEVELOPMENT_SECRET_KEY = "heartline-development-key-not-for-production"  # noqa: S105


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false)")


def env_secret(name: str, default: str = "") -> str:
    """A secret from NAME, or from the file named by NAME_FILE (Docker/systemd credentials)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_name!r} cannot be read: {exc}") from exc
    return os.environ.get(name, default)


HEARTLINE_HOME = Path(os.environ.get("HEARTLINE_HOME", "var")).resolve()
WAREHOUSE_DIR = HEARTLINE_HOME / "warehouse"

DEBUG = env_bool("DEBUG", False)
DEMO = env_bool("HEARTLINE_DEMO", False)
SECRET_KEY = env_secret("SECRET_KEY", DEVELOPMENT_SECRET_KEY if DEBUG else "")
if not SECRET_KEY and DEMO:
    SECRET_KEY = kept_secret_key(HEARTLINE_HOME)
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set SECRET_KEY (or SECRET_KEY_FILE) to a long random string, "
        "or DEBUG=true for local development."
    )
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured("The development SECRET_KEY cannot be used with DEBUG off.")

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "heartline.core",
    "heartline.members",
    "heartline.contacts",
    "heartline.behaviors",
    "heartline.quality",
    "heartline.coaching",
    "heartline.learning",
    "heartline.voice",
    "heartline.library",
    "heartline.compliance",
    "heartline.workforce",
    "heartline.insights",
    "heartline.transcripts",
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
    # Scripts only from Heartline itself (heartline.core.csp).
    "heartline.core.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "heartline.core.middleware.ViewerTimeZoneMiddleware",
    # A refusal a view lets escape (heartline.core.errors) becomes its styled 400/404 page.
    "heartline.core.error_pages.ErrorPageMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "heartline.config.urls"
WSGI_APPLICATION = "heartline.config.wsgi.application"

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
                "heartline.core.context_processors.navigation",
            ],
            "builtins": ["heartline.core.templatetags.when"],
        },
    }
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    HEARTLINE_HOME.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(HEARTLINE_HOME / "heartline.sqlite3"),
            # WAL lets the web server read while the worker and ingest write.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# django-axes first: it refuses a locked-out account or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
# The organization's time zone: the calendar its days are counted in (credentials, due dates,
# "overdue", months in figures, day-counted clocks). Instants are stored in UTC (core/clock.py).
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
# The workforce interval table's interval length (15 or 30 minutes; docs/workforce.md).
WORKFORCE_INTERVAL_MINUTES = int(os.environ.get("HEARTLINE_WORKFORCE_INTERVAL_MINUTES", "30"))
# The engine metrics and derived tables run on: duckdb (in this process) or spark (the HEARTLINE_SPARK_*
# settings, docs/deployment.md "Spark").
HEARTLINE_ENGINE = (os.environ.get("HEARTLINE_ENGINE", "") or "duckdb").strip().lower()
if HEARTLINE_ENGINE not in {"duckdb", "spark"}:
    raise ImproperlyConfigured(f"HEARTLINE_ENGINE={HEARTLINE_ENGINE!r} is not an engine (use duckdb or spark)")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = HEARTLINE_HOME / "static"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Production hardening; `manage.py check --deploy` passes with DEBUG off. The demo is plain http on
# 127.0.0.1, where a redirect to https or a secure-only session cookie would make it unusable.
HTTPS_ONLY = not DEBUG and not DEMO
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS_ONLY)
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS_ONLY else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS_ONLY
SECURE_HSTS_PRELOAD = HTTPS_ONLY
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Automatic logoff after a period without activity (member data is on these pages).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SILENCED_SYSTEM_CHECKS = [] if HTTPS_ONLY else ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes logs every sign-in at INFO; its warnings (lockouts) and heartline.security's are kept.
    "loggers": {"axes": {"level": "WARNING"}},
}

# API ingest batches (up to 50,000 records) arrive as one JSON body.
DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024 * 1024

# Throttling of password guesses (django-axes) and of wrong API tokens (heartline.core.throttle):
# after this many failures an account, or an address, is refused for the lockout period.
LOGIN_FAILURE_LIMIT = int(os.environ.get("HEARTLINE_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("HEARTLINE_LOGIN_LOCKOUT_MINUTES", "15"))
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
# Counted by account and, separately, by address: one person guessing many accounts is stopped too.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# How many reverse proxies stand in front (each appends to X-Forwarded-For); 0 counts the peer address.
HEARTLINE_TRUSTED_PROXIES = int(os.environ.get("HEARTLINE_TRUSTED_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "heartline.core.throttle.client_address"
AXES_LOCKOUT_CALLABLE = "heartline.core.throttle.lockout_page"
# A right password does not wipe the failures: an attacker who owns one account cannot use it to
# reset the address count between guesses at others.
AXES_RESET_ON_SUCCESS = False

HEARTLINE_DEMO_PASSWORD = os.environ.get("HEARTLINE_DEMO_PASSWORD", "heartline-demo")
# Survey groups with fewer responses are shown greyed with their n and never ranked.
VOICE_MIN_RESPONSES = int(os.environ.get("VOICE_MIN_RESPONSES", "30"))
# Closed loop: business days to call back a detractor (docs/voice.md), and per-unit exceptions as
# "unit=days,unit=days" (e.g. "medicare-inbound=1").
VOICE_FOLLOW_UP_BUSINESS_DAYS = int(os.environ.get("VOICE_FOLLOW_UP_BUSINESS_DAYS", "2"))
VOICE_FOLLOW_UP_UNIT_DAYS = {
    unit.strip(): int(days)
    for unit, _, days in (
        pair.partition("=") for pair in os.environ.get("VOICE_FOLLOW_UP_UNIT_DAYS", "").split(",") if pair.strip()
    )
}
# FHIR: the identifier system of member ids, for Patients whose member identifier is not typed `MB`
# (v2-0203). Exported Patients carry it too (docs/fhir.md).
HEARTLINE_FHIR_MEMBER_ID_SYSTEM = os.environ.get("HEARTLINE_FHIR_MEMBER_ID_SYSTEM", "")
# Transcripts: the Fernet key(s) the raw text is encrypted with, comma-separated, the first encrypting
# (or HEARTLINE_TRANSCRIPT_KEY_FILE); blank: derived from SECRET_KEY (docs/transcripts.md, "Key management").
HEARTLINE_TRANSCRIPT_KEY = env_secret("HEARTLINE_TRANSCRIPT_KEY")
