"""Settings shared by every mode. Values that differ between machines come from the environment."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from jobbtorg.config.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parents[2]
REPO_DIR = PACKAGE_DIR.parents[1]
DATA_DIR = Path(env_str("JOBBTORG_DATA_DIR", str(REPO_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
# Demo mode lists the demo users and their password on the login page. Never on in production.
DEMO_MODE = env_bool("JOBBTORG_DEMO_MODE", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "jobbtorg.core",
    "jobbtorg.organisation",
    "jobbtorg.providers",
    "jobbtorg.payments",
    "jobbtorg.participants",
    "jobbtorg.plans",
    "jobbtorg.transfer",
    "jobbtorg.matching",
    "jobbtorg.summerjobs",
    "jobbtorg.followup",
    "jobbtorg.web",
    "jobbtorg.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The content security policy (below): no inline script, anywhere.
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jobbtorg.core.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jobbtorg.core.middleware.NoStoreForSignedInMiddleware",
    # Axes last, as its documentation asks: it turns lockouts into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jobbtorg.config.urls"
WSGI_APPLICATION = "jobbtorg.config.wsgi.application"
AUTH_USER_MODEL = "organisation.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "jobbtorg.web.context_processors.jobbtorg",
                "jobbtorg.demo.context_processors.demo_accounts",
            ],
        },
    },
]


def _database_from_env() -> dict[str, object]:
    default_sqlite = f"sqlite:///{DATA_DIR / 'jobbtorg.sqlite3'}"
    url = env_str("DATABASE_URL", default_sqlite) or default_sqlite
    try:
        config = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    except ValueError as error:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a database URL we can use: {error}"
        ) from None
    config["ATOMIC_REQUESTS"] = False
    if str(config.get("ENGINE", "")).endswith("sqlite3"):
        # Readers do not block the writer nor it them (WAL), a writer waits for another instead
        # of failing at once with "database is locked" (timeout), and a transaction takes the
        # write lock when it begins rather than failing to upgrade to it halfway (IMMEDIATE).
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            "timeout": env_int("JOBBTORG_SQLITE_BUSY_TIMEOUT_SECONDS", 20),
            "transaction_mode": "IMMEDIATE",
        }
    return config


DATABASES = {"default": _database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in: lock out after repeated failures; the session ends after inactivity.
AXES_FAILURE_LIMIT = env_int("JOBBTORG_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("JOBBTORG_LOCKOUT_MINUTES", 15))
# Wrong summer-job confirmation codes from one address in 15 minutes (summerjobs/code_tries.py).
JOBBTORG_SUMMER_CODE_TRIES_PER_ADDRESS = env_int("JOBBTORG_SUMMER_CODE_TRIES_PER_ADDRESS", 10)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
SESSION_COOKIE_AGE = env_int("JOBBTORG_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(REPO_DIR / "staticfiles")))

# Pages that list people show this many per page.
JOBBTORG_PAGE_SIZE = 25
JOBBTORG_API_PAGE_SIZE_MAX = 200
# What a transfer archive (.zip, .xlsx) may unpack to, checked before it is read: the defaults
# fit 100,000 people as CSV (docs/transfer-format.md).
JOBBTORG_TRANSFER_MAX_UNPACKED_MB = env_int("JOBBTORG_TRANSFER_MAX_UNPACKED_MB", 512)
JOBBTORG_TRANSFER_MAX_MEMBERS = env_int("JOBBTORG_TRANSFER_MAX_MEMBERS", 100)
# People an import writes per transaction (transfer/services/batches.py): a worker that dies loses
# at most one batch. Larger batches are hardly faster, the writers already work in bulk.
JOBBTORG_TRANSFER_BATCH_PEOPLE = env_int("JOBBTORG_TRANSFER_BATCH_PEOPLE", 500)
# Uploaded files hold personal data: gone once imported or discarded, and after this at the latest.
JOBBTORG_TRANSFER_UPLOAD_RETENTION_DAYS = env_int("JOBBTORG_TRANSFER_UPLOAD_RETENTION_DAYS", 30)
# "background": a matcher's page answers from the matching index it has while a changed profile
# or vacancy is picked up by a rebuild in a background thread; "sync" rebuilds first.
JOBBTORG_MATCHING_REBUILD = env_str("JOBBTORG_MATCHING_REBUILD", "background")

# --- Background work (core/tasks, docs/operations.md) ---
# Tasks wait in the database (django-tasks-db) until a `jobbtorg worker` takes them: nothing runs
# in a thread of a web process. Several workers on several machines share the one queue.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A worker writes its heartbeat this often; a task whose worker has been silent for
# JOBBTORG_WORKER_LOST_AFTER_SECONDS is queued again, at most JOBBTORG_TASK_MAX_ATTEMPTS times in
# all; /healthz answers 503 when no worker has been heard for JOBBTORG_WORKER_SILENT_SECONDS.
JOBBTORG_WORKER_HEARTBEAT_SECONDS = env_int("JOBBTORG_WORKER_HEARTBEAT_SECONDS", 10)
JOBBTORG_WORKER_LOST_AFTER_SECONDS = env_int("JOBBTORG_WORKER_LOST_AFTER_SECONDS", 120)
JOBBTORG_WORKER_SILENT_SECONDS = env_int("JOBBTORG_WORKER_SILENT_SECONDS", 300)
JOBBTORG_TASK_MAX_ATTEMPTS = env_int("JOBBTORG_TASK_MAX_ATTEMPTS", 3)
# Periodic tasks, enqueued by the worker once on each due day from the local time given
# (engines/rules/periodic.py): "days" is "daily" or "working" (no weekends or public holidays).
JOBBTORG_SCHEDULE: list[dict[str, str]] = [
    {
        "task": "jobbtorg.core.tasks.maintenance.prune_finished_tasks",
        "at": "03:00",
        "days": "daily",
    },
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Axes logs every sign-in at INFO (lockouts are WARNING and still show); fontTools logs
    # every font it subsets for the PDF report.
    "loggers": {"axes": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# --- API tokens and the content security policy (organisation, config/api.py) ---
# A new API token works this many days unless `jobbtorg create_api_token --days N` says otherwise.
JOBBTORG_API_TOKEN_DAYS = env_int("JOBBTORG_API_TOKEN_DAYS", 90)
# The content security policy (django-csp) on every response: scripts, styles, fonts and
# requests come from this site only; no inline script, no inline style, no plugins, no framing.
# The key figures' charts are data: images. The API's documentation page (Swagger UI, served by
# django-ninja from this site's static files) fits the same policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
