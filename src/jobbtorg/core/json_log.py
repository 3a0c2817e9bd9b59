"""Log records as one JSON object per line, tagged with the request they belong to.

A log collector reads them without a pattern per message. Nothing here may carry personal data:
the request line names the URL pattern, never the path (which holds ids, and a personnummer
typed into a search would be in the query).
"""

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

# The id of the request being served in this thread, set by RequestLogMiddleware: every record
# logged while serving it (an error's traceback too) carries it.
current_request_id: ContextVar[str | None] = ContextVar("current_request_id", default=None)


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, the request id, the record's `fields`, and a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = current_request_id.get()
        if request_id:
            entry["request_id"] = request_id
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class WithoutRequestPath(logging.Filter):
    """Django's records about a request put its path in the message ("Not Found: /deltagare/…",
    "Forbidden (CSRF token missing.): /…"): keep the record, its logger and its traceback, but
    say only the status and the route."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None:
            status = getattr(record, "status_code", None)
            match = getattr(request, "resolver_match", None)
            record.msg = "%s %s"
            record.args = (status or "", match.route if match else "(no route)")
        return True
