"""Settings shared by every environment. dev, test and production only override."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONCE

from .env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(env_str("FOLKMOOT_VAR_DIR", str(BASE_DIR / "var")))
SHARED_DIR = Path(env_str("FOLKMOOT_SHARED_DIR", str(BASE_DIR.parent / "shared")))

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me-for-any-real-use-0123456789")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    # Folkmoot: a small core and one app per stage of the engagement cycle.
    "folkmoot.core",
    "folkmoot.plan",
    "folkmoot.reach",
    "folkmoot.listen",
    "folkmoot.understand",
    "folkmoot.understand.themes",
    "folkmoot.feedback",
    "folkmoot.learn",
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
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "folkmoot.urls"
WSGI_APPLICATION = "folkmoot.wsgi.application"

TEMPLATES = [
    {
        # Pages use the NHS.UK design system through the nhsuk-frontend-jinja macros.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "folkmoot.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
                "folkmoot.core.context_processors.folkmoot",
            ],
        },
    },
    {
        # Django's own templates (DRF's browsable API, drf-spectacular's docs pages).
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'folkmoot.sqlite3'}"),
        # Persistent connections (each gunicorn thread keeps one): opening a PostgreSQL connection cost more than
        # a public submission, and a prepared statement lives only as long as its connection. Checked before
        # reuse, so a connection the database dropped is replaced rather than failing a request.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions let the web server and the job worker write side by side.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:sign-in"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:home"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling: after this many failures the username+address pair is locked for an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.jinja"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# nhsuk-frontend's compiled CSS points at /assets/images/...; `make assets` copies the pinned npm package
# into build/frontend: its CSS and JS are static files, its assets folder is served at the site root.
FRONTEND_DIR = Path(env_str("FOLKMOOT_FRONTEND_DIR", str(BASE_DIR / "build" / "frontend")))
STATICFILES_DIRS = [FRONTEND_DIR / "static"]
WHITENOISE_ROOT = FRONTEND_DIR / "root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
# Uploads larger than this are refused before they reach a view (imports stream from disk).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FOLKMOOT_MAX_UPLOAD_BYTES = env_int("FOLKMOOT_MAX_UPLOAD_BYTES", 100 * 1024 * 1024)

# Background jobs: the Django Tasks API (backport on 5.2) on the database backend.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": "2000/hour", "anon": "200/hour"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Folkmoot API",
    "DESCRIPTION": "Engagement with people and communities: organisations, engagements, jobs and each stage of the cycle.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "folkmoot.listen.api_submit.document_submit",  # a plain Django view, which drf-spectacular cannot see
    ],
    # Two different choice sets are both called "kind" (a stakeholder's and a payment's): name them apart.
    "ENUM_NAME_OVERRIDES": {
        "StakeholderKindEnum": "folkmoot.reach.models.StakeholderKind",
        "PaymentKindEnum": "folkmoot.reach.models.PaymentKind",
    },
}

# Security headers. HSTS and secure cookies are switched on in production.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "folkmoot.core.views.errors.csrf_failure"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        # The NHS.UK fonts come from assets.nhs.uk; offline the browser falls back to Arial.
        "font-src": ["'self'", "https://assets.nhs.uk"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Integrations stay off unless switched on.
USE_NOTIFY = env_bool("USE_NOTIFY", False)
NOTIFY_API_KEY = env_str("NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = env_str("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
EMAIL_HOST = env_str("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "folkmoot@localhost")
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
# GOV.UK Notify templates for feedback messages: each takes ((subject)) and ((body)) personalisation.
NOTIFY_EMAIL_TEMPLATE_ID = env_str("NOTIFY_EMAIL_TEMPLATE_ID", "")
NOTIFY_SMS_TEMPLATE_ID = env_str("NOTIFY_SMS_TEMPLATE_ID", "")
# Feed back: tries per message for temporary failures (5xx, connection), waiting base * 2**try seconds between.
FEEDBACK_SEND_ATTEMPTS = env_int("FEEDBACK_SEND_ATTEMPTS", 3)
FEEDBACK_RETRY_BASE_SECONDS = float(env_str("FEEDBACK_RETRY_BASE_SECONDS", "1"))
# The address the public pages are served from, for links in messages and letters.
FOLKMOOT_SITE_URL = env_str("FOLKMOOT_SITE_URL", "http://localhost:8000")

# Public submissions (surveys, API) allowed per address per hour; raised for load tests on loopback.
FOLKMOOT_SUBMITS_PER_HOUR_PER_IP = env_int("FOLKMOOT_SUBMITS_PER_HOUR_PER_IP", 120)

# Disclosure control default (../shared/domain/equality-monitoring.md): counts 1-7 hidden, others rounded to 5.
FOLKMOOT_SUPPRESS_BELOW = 8
FOLKMOOT_ROUND_TO = 5
