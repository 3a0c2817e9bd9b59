"""Settings shared by every mode. Values that differ between machines come from the environment."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from jobbtorg.config.env import env_bool, env_int, env_int_list, env_list, env_str

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
    "jobbtorg.lex_sarah",
    "jobbtorg.followup",
    "jobbtorg.retention",
    "jobbtorg.web",
    "jobbtorg.portal",
    "jobbtorg.demo",
]

MIDDLEWARE = [
    # First: its duration covers the whole request, and every response carries X-Request-ID.
    "jobbtorg.core.middleware.RequestLogMiddleware",
    # The visitor's address from the reverse proxy's X-Forwarded-For (JOBBTORG_TRUSTED_PROXIES).
    "jobbtorg.core.middleware.ClientAddressFromProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files, hashed and compressed by collectstatic, served by the application itself.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The content security policy (below): no inline script, anywhere.
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jobbtorg.core.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After the staff's sign-in: the participant's session, its idle end, and 404 for them on
    # every staff page (portal/middleware.py).
    "jobbtorg.portal.middleware.ParticipantSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jobbtorg.core.middleware.NoStoreForSignedInMiddleware",
    # Axes last, as its documentation asks: it turns lockouts into a response.
    "axes.middleware.AxesMiddleware",
]

# The reverse proxies in front (addresses or networks, comma-separated) whose X-Forwarded-For
# names the visitor; empty: REMOTE_ADDR is the visitor's as it stands.
JOBBTORG_TRUSTED_PROXIES = env_list("JOBBTORG_TRUSTED_PROXIES", [])

ROOT_URLCONF = "jobbtorg.config.urls"
WSGI_APPLICATION = "jobbtorg.config.wsgi.application"
AUTH_USER_MODEL = "organisation.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Local passwords, unless JOBBTORG_PASSWORD_LOGIN=false.
    "jobbtorg.organisation.sign_in.PasswordBackend",
    # The city's identity provider (OpenID Connect), when JOBBTORG_OIDC_* configures one.
    "jobbtorg.organisation.sign_in.StaffIdentityProviderBackend",
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
    elif str(config.get("ENGINE", "")).endswith("postgresql"):
        # No JIT compilation: the pages' queries take milliseconds, and PostgreSQL compiled
        # any whose estimated cost passed jit_above_cost, 30 ms each (the participant list's
        # count at 10,000 people). A URL's own `options` is kept and comes after this.
        options = dict(config.get("OPTIONS") or {})  # type: ignore[call-overload]
        options["options"] = ("-c jit=off " + str(options.get("options", ""))).strip()
        # Prepared statements: a query sent again on the same connection (every page's are)
        # is not planned again. Planning was a third of PostgreSQL's time under the staff
        # pages at 50,000 people, and most of the participant page's (21 -> 6 ms). They need
        # the parameters bound by the server. 0 turns them off, as a pooler that cannot keep
        # them needs (PgBouncer before 1.21 in transaction mode).
        prepare_after = env_int("JOBBTORG_DB_PREPARE_THRESHOLD", 2, minimum=0)
        if prepare_after > 0:
            options.setdefault("server_side_binding", True)
            options.setdefault("prepare_threshold", prepare_after)
        config["OPTIONS"] = options
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
AXES_WHITELIST_CALLABLE = "jobbtorg.organisation.sign_in.is_identity_provider_attempt"
SESSION_COOKIE_AGE = env_int("JOBBTORG_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
# Each request moves the session's end forward, but an unchanged session is written only when
# its end would move by more than this: not a write and a commit on every page (core/sessions.py).
SESSION_ENGINE = "jobbtorg.core.sessions"
JOBBTORG_SESSION_REFRESH_SECONDS = env_int("JOBBTORG_SESSION_REFRESH_SECONDS", 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "sv"
# Plain Swedish (lättläst) is a language of its own on the participant's pages (ADR 0005,
# point 9): a private-use tag, valid BCP 47 for <html lang> and accepted by Django; its
# catalogue directory is sv_X-lattlast (Django's to_locale), with Swedish as its fallback.
PLAIN_SWEDISH = "sv-x-lattlast"
# Staff pages are in Swedish or English; any other choice in the cookie shows them in Swedish.
JOBBTORG_STAFF_LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
# The participant's own pages, each language named in itself (the language switch shows them).
JOBBTORG_PORTAL_LANGUAGES = [
    ("sv", "Svenska"),
    (PLAIN_SWEDISH, "Lättläst"),
    ("en", "English"),
    ("ar", "العربية"),
]
# Where the portal's languages apply (portal/urls.py); everywhere else the staff's.
JOBBTORG_PORTAL_PATHS = ("/mina-sidor/", "/e-legitimation/")
# Django's list: every language some page can be in.
LANGUAGES = [*JOBBTORG_STAFF_LANGUAGES, (PLAIN_SWEDISH, _("Plain Swedish")), ("ar", _("Arabic"))]
# The portal's catalogues first: they win over the staff catalogue (Django merges the later
# ones under the earlier), and the staff catalogue's Swedish is what lättläst falls back to.
# Not named "locale": makemessages would send the portal's strings there (docs/portal.md).
LOCALE_PATHS = [PACKAGE_DIR / "portal" / "translations", PACKAGE_DIR / "locale"]
# The portal's own date formats (PORTAL_DAY_FORMAT) per language; Django's for the rest.
FORMAT_MODULE_PATH = ["jobbtorg.portal.formats"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(REPO_DIR / "staticfiles")))

# Pages that list people show this many per page.
JOBBTORG_PAGE_SIZE = 25
# A long list (a Jobbtorg's to-dos, a search over its people) counts this many rows at most,
# says "more than" past it and pages through these (core/paging.py).
JOBBTORG_LIST_COUNT_LIMIT = env_int("JOBBTORG_LIST_COUNT_LIMIT", 1000, minimum=1)
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
# How often a web process compares the stored matching index with the data (five aggregate
# queries); saves ask for a rebuild themselves, this catches bulk writes (docs/matching.md).
JOBBTORG_MATCHING_RECHECK_SECONDS = env_int("JOBBTORG_MATCHING_RECHECK_SECONDS", 60)
# Retention (gallring, docs/operations.md): a person's case files are culled this many years
# after the last entry in them (SoL 12 kap. 1 §), except for people born on these days of a
# month (SoF 7 kap. 2 §); KEEP_ALL for a municipality where nothing is culled. The city's
# archival decision (dokumenthanteringsplan) sets other values through the environment.
JOBBTORG_RETENTION = {
    "case_files": {
        "years": env_int("JOBBTORG_RETENTION_CASE_FILE_YEARS", 5),
        "research_birth_days": env_int_list("JOBBTORG_RETENTION_RESEARCH_BIRTH_DAYS", [5, 15, 25]),
        "keep_all": env_bool("JOBBTORG_RETENTION_KEEP_ALL_CASE_FILES", False),
    },
    # The districts' months of assistance for people who never took part (the effect
    # estimate's comparison pool): a person's months go this many years after the last one
    # (SoL 12 kap. 1 § second paragraph, for a compilation of data).
    "assistance_pool": {
        "years": env_int("JOBBTORG_RETENTION_ASSISTANCE_POOL_YEARS", 5),
    },
}

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
    # The audit log's hash chain, walked whole (docs/audit-log.md).
    {"task": "jobbtorg.core.tasks.audit.verify_audit_chain", "at": "02:00", "days": "daily"},
    {
        "task": "jobbtorg.core.tasks.maintenance.prune_finished_tasks",
        "at": "03:00",
        "days": "daily",
    },
    # Who is available moves with the date (interruptions begin and end): the day's matching
    # index, built before anyone asks for it (docs/matching.md).
    {"task": "jobbtorg.matching.tasks.rebuild_matching_index", "at": "00:05", "days": "daily"},
    # Each case's deadline columns as of the new day: an interruption moves the 18-month end
    # daily, and a change of rules or holidays reaches every case (plans/case_deadlines.py).
    {"task": "jobbtorg.plans.tasks.rebuild_case_deadlines", "at": "00:10", "days": "daily"},
    # Gallring: case files past their period, uploads past theirs (docs/operations.md).
    {"task": "jobbtorg.retention.tasks.cull_expired", "at": "02:30", "days": "daily"},
    # The key figures count open cases as of today: fresh before the first page of the day.
    {"task": "jobbtorg.followup.tasks.refresh_key_figures", "at": "05:00", "days": "daily"},
    # Repeated missing attendance registers to the districts (docs/attendance.md).
    {"task": "jobbtorg.providers.tasks.review_attendance", "at": "06:00", "days": "working"},
]

# One JSON object per line on standard error (core/json_log.py), for every mode: the request
# log (core/middleware.py) is one line per request; Django's own request and development-server
# lines would repeat the path, which can hold a personnummer, so they keep only warnings and say
# the route instead.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "jobbtorg.core.json_log.JsonFormatter"}},
    "filters": {"without_request_path": {"()": "jobbtorg.core.json_log.WithoutRequestPath"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["without_request_path"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Axes logs every sign-in at INFO (lockouts are WARNING and still show); fontTools logs
    # every font it subsets for the PDF report.
    "loggers": {
        "axes": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"level": "ERROR"},
        "django.server": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# --- Sign-in through the city's identity provider (OpenID Connect; docs/operations.md) ---
# The provider is found from its issuer (<issuer>/.well-known/openid-configuration, fetched at
# the first sign-in and kept for an hour); an endpoint given here wins over the discovered one.
JOBBTORG_OIDC_ISSUER = env_str("JOBBTORG_OIDC_ISSUER", "").rstrip("/")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("JOBBTORG_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("JOBBTORG_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("JOBBTORG_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("JOBBTORG_OIDC_JWKS_ENDPOINT", "")
JOBBTORG_OIDC_END_SESSION_ENDPOINT = env_str("JOBBTORG_OIDC_END_SESSION_ENDPOINT", "")
OIDC_RP_CLIENT_ID = env_str("JOBBTORG_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("JOBBTORG_OIDC_CLIENT_SECRET", "")
# The algorithm the provider signs ID tokens with; its keys come from the JWKS endpoint.
OIDC_RP_SIGN_ALGO = env_str("JOBBTORG_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("JOBBTORG_OIDC_SCOPES", "openid profile")
# The claim that holds a staff member's Jobbtorg username. Roles and units stay in Jobbtorg:
# a sign-in only finds an existing active account by it, never creates one.
JOBBTORG_OIDC_USERNAME_CLAIM = env_str("JOBBTORG_OIDC_USERNAME_CLAIM", "preferred_username")
# Participants with e-ID (BankID through the same client): the claim that holds the
# personnummer, by default the Swedish OpenID Connect profile's (oidc.se), and the scopes and
# acr_values that ask the provider for it.
JOBBTORG_OIDC_PERSONNUMMER_CLAIM = env_str(
    "JOBBTORG_OIDC_PERSONNUMMER_CLAIM", "https://id.oidc.se/claim/personalIdentityNumber"
)
JOBBTORG_OIDC_EID_SCOPES = env_str(
    "JOBBTORG_OIDC_EID_SCOPES", "openid https://id.oidc.se/scope/naturalPersonNumber"
)
JOBBTORG_OIDC_EID_ACR_VALUES = env_str("JOBBTORG_OIDC_EID_ACR_VALUES", "")
# A participant's session (the portal, /mina-sidor/) ends after this many minutes idle; staff
# keep theirs (JOBBTORG_SESSION_IDLE_MINUTES).
JOBBTORG_PARTICIPANT_IDLE_MINUTES = env_int("JOBBTORG_PARTICIPANT_IDLE_MINUTES", 15, minimum=1)
# Local password sign-in; production may switch it off once everyone signs in through the provider.
JOBBTORG_PASSWORD_LOGIN = env_bool("JOBBTORG_PASSWORD_LOGIN", True)
# mozilla-django-oidc: code flow with PKCE (S256) and a nonce; accounts are never created; the ID
# token is kept in the session as the hint the provider's logout asks for.
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_USE_NONCE = True
OIDC_CREATE_USER = False
OIDC_STORE_ID_TOKEN = True
OIDC_TIMEOUT = env_int("JOBBTORG_OIDC_TIMEOUT_SECONDS", 10)
OIDC_AUTHENTICATION_CALLBACK_URL = "web:oidc_callback"
OIDC_OP_LOGOUT_URL_METHOD = "jobbtorg.core.identity_provider.provider_logout_url"
if JOBBTORG_OIDC_ISSUER or OIDC_OP_AUTHORIZATION_ENDPOINT:
    if not (OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET):
        raise ImproperlyConfigured(
            "JOBBTORG_OIDC_CLIENT_ID and JOBBTORG_OIDC_CLIENT_SECRET must be set with "
            "JOBBTORG_OIDC_ISSUER: the client Jobbtorg is registered as at the identity provider."
        )
elif not JOBBTORG_PASSWORD_LOGIN:
    raise ImproperlyConfigured(
        "JOBBTORG_PASSWORD_LOGIN=false needs an identity provider (JOBBTORG_OIDC_ISSUER): "
        "otherwise no one can sign in."
    )

# --- API tokens and the content security policy (organisation, config/api.py) ---
# A new API token works this many days unless `jobbtorg create_api_token --days N` says otherwise.
JOBBTORG_API_TOKEN_DAYS = env_int("JOBBTORG_API_TOKEN_DAYS", 90)
# The content security policy (django-csp) on every response: scripts, styles, fonts and
# requests come from this site only; no inline script, no inline style, no plugins, no framing.
# The key figures' charts are data: images. The API's documentation page (Swagger UI, served by
# django-ninja from this site's static files) fits the same policy.
_IDENTITY_PROVIDER_ORIGINS = sorted(
    {
        f"{parts.scheme}://{parts.netloc}"
        for parts in map(urlsplit, [JOBBTORG_OIDC_ISSUER, JOBBTORG_OIDC_END_SESSION_ENDPOINT])
        if parts.netloc
    }
)
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
        # Signing out posts to Jobbtorg, which sends the browser on to the identity provider's
        # logout: browsers hold a form's redirects to form-action too.
        "form-action": ["'self'", *_IDENTITY_PROVIDER_ORIGINS],
        "frame-ancestors": ["'none'"],
    },
}
