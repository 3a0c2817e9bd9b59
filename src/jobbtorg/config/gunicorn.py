"""gunicorn's settings for Jobbtorg: `gunicorn -c python:jobbtorg.config.gunicorn
jobbtorg.config.wsgi` (make serve, the systemd unit in docs/operations.md).

Anything here can be overridden on the command line or in GUNICORN_CMD_ARGS.
"""

import os

# A synchronous worker per process: the pages are database-bound, and four processes on two
# cores leave room for the page that waits on PostgreSQL.
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
bind = os.environ.get("JOBBTORG_BIND", "127.0.0.1:8000")
# The application logs each request itself (core/middleware.py: route, never the path with a
# personnummer in it); gunicorn's access log would write the path and query.
accesslog = None
# systemd reloads and stops gunicorn with signals; a control socket in the service user's home
# would be one more thing to secure, and two instances on one machine would share its path.
control_socket_disable = True
# gunicorn's own lines (workers started, a worker timed out) as JSON too, on standard error.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "jobbtorg.core.json_log.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": [], "propagate": False},
    },
}
