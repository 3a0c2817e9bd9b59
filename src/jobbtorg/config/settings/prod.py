"""Production: refuses to start without a real secret key; HTTPS only."""

from django.core.exceptions import ImproperlyConfigured

from jobbtorg.config.env import env_bool, env_int, env_str
from jobbtorg.config.settings.base import *  # noqa: F403
from jobbtorg.config.settings.base import DEBUG, DEMO_MODE

SECRET_KEY = env_str("SECRET_KEY", "")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value (at least 50 characters) in production; "
        "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")
if DEMO_MODE:
    raise ImproperlyConfigured("JOBBTORG_DEMO_MODE must be off in production.")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# collectstatic names each file by its content's hash and writes gzip copies beside it;
# WhiteNoise serves them with a year's caching (the name changes when the file does).
STORAGES = {
    "staticfiles": {
        "BACKEND": "jobbtorg.core.static_files.GzipManifestStaticFilesStorage",
    },
}
# Shared by every worker process: the summer-job look-up limit (tries per personnummer and
# address) must count across processes. Create the table once with `jobbtorg createcachetable`.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "jobbtorg_cache",
    }
}
