"""Resettle settings.

Development defaults are safe and need no set-up (SQLite, console email). Production mode
(RESETTLE_ENV=production) demands a secret key and allowed hosts and turns on every
security header, so `manage.py check --deploy` passes with no warnings.
"""

from pathlib import Path

import dj_database_url

from resettle.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
RESETTLE_ENV = env_str("RESETTLE_ENV", "development")
if RESETTLE_ENV not in {"development", "test", "production"}:
    raise ValueError("RESETTLE_ENV must be development, test or production.")
PRODUCTION = RESETTLE_ENV == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ValueError("Set ALLOWED_HOSTS (comma-separated) in production.")
else:
    SECRET_KEY = env_str(
        "SECRET_KEY", "development-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
    )
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "resettle.accounts",
    "resettle.audit",
    "resettle.places",
    "resettle.taxonomy",
    "resettle.organisations",
    "resettle.services",
    "resettle.oruk",
    "resettle.people",
    "resettle.custody",
    "resettle.equality",
    "resettle.consents",
    "resettle.subject_access",
    "resettle.timeline",
    "resettle.needs",
    "resettle.plans",
    "resettle.casenotes",
    "resettle.appointments",
    "resettle.caseloads",
    "resettle.outcomes",
    "resettle.soft_outcomes",
    "resettle.evaluation",
    "resettle.referrals",
    "resettle.notifications",
    "resettle.api",
    "django_tasks_db",
    "resettle.pages",
    "resettle.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "resettle.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

if PRODUCTION:
    # Serves the collected, fingerprinted static files; runserver and tests serve them unbuilt.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "resettle.urls"
WSGI_APPLICATION = "resettle.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "resettle" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "resettle.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# SQLite with no set-up; DATABASE_URL=postgres://... for PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a command writes; IMMEDIATE avoids lock upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation costs ~0.5 s on filtered counts over 100,000 services and never pays off
    # for short page queries (measured; see docs/performance.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "pages:home"
LOGOUT_REDIRECT_URL = "pages:home"

# Sign-in lockout: this many failures for one account within the window lock it for the window.
LOCKOUT_FAILURES = env_int("LOCKOUT_FAILURES", 5)
LOCKOUT_MINUTES = env_int("LOCKOUT_MINUTES", 15)
# Staff roles must use TOTP. The demo may relax it, for users flagged as demo users only.
DEMO_RELAX_TWO_FACTOR = env_bool("DEMO_RELAX_TWO_FACTOR", default=False) and not PRODUCTION

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English")]
LOCALE_PATHS = [BASE_DIR / "resettle" / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "resettle" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Console in development; SMTP (configured by the SMTP_* variables) in production.
_MAIL_BACKEND = env_str(
    "MAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": _MAIL_BACKEND,
        "OPTIONS": (
            {
                "host": env_str("SMTP_HOST", "localhost"),
                "port": env_int("SMTP_PORT", 587),
                "username": env_str("SMTP_USER", ""),
                "password": env_str("SMTP_PASSWORD", ""),
                "use_tls": env_bool("SMTP_USE_TLS", True),
                # Notification emails are sent while their row is locked (notifications/tasks.py):
                # a mail server that hangs must not hold the lock for long.
                "timeout": env_int("SMTP_TIMEOUT", 10),
            }
            if _MAIL_BACKEND.endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
# Unanswered referrals: remind the receiving organisation after this many working days, then
# escalate to its managers and tell the referrer.
REFERRAL_REMIND_AFTER_WORKING_DAYS = env_int("REFERRAL_REMIND_AFTER_WORKING_DAYS", 3)
REFERRAL_ESCALATE_AFTER_WORKING_DAYS = env_int("REFERRAL_ESCALATE_AFTER_WORKING_DAYS", 5)

# Where people write for help or to report an accessibility problem (shown on the statements).
SUPPORT_EMAIL = env_str("SUPPORT_EMAIL", "help@resettle.example")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Resettle <no-reply@resettle.example>")

# Background tasks (notification emails, reminders) go through Django's tasks framework. The
# default queue is a table in our own database, worked by `manage.py db_worker`: nothing else
# to run. TASKS_BACKEND names another backend: "django_tasks_rq.RQBackend" for a Redis-backed
# queue at scale (install django-tasks-rq and set REDIS_URL; see docs/architecture.md), or
# "django.tasks.backends.immediate.ImmediateBackend" to run tasks at once, with no worker.
# Tests use the database queue too; resettle/notifications/testing.py runs it to empty.
TASKS_BACKEND = env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
TASKS = {"default": {"BACKEND": TASKS_BACKEND, "QUEUES": ["default"]}}
if TASKS_BACKEND.startswith("django_tasks_rq."):
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": env_str("REDIS_URL")}}

# A directory entry not reviewed for this long is flagged as possibly out of date.
DIRECTORY_STALE_AFTER_DAYS = env_int("DIRECTORY_STALE_AFTER_DAYS", 365)
SEARCH_PAGE_SIZE = 20

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
