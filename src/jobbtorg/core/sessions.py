"""Sessions in the database that move their end forward without a write on every page.

SESSION_SAVE_EVERY_REQUEST makes each request push the idle timeout
(JOBBTORG_SESSION_IDLE_MINUTES) forward: with Django's database store that is an UPDATE and a
commit on every page, the one write every page view makes. This store skips the write of a
session whose data is as it was read when its stored end would move by less than
JOBBTORG_SESSION_REFRESH_SECONDS: a session still ends after the idle time, give or take that.
A session whose data changed (sign-in, a message, a used sign-in state) is written at once.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    _stored_end: dt.datetime | None = None
    _stored_data: bytes | None = None

    def _get_session_from_db(self) -> Any:
        session = super()._get_session_from_db()
        self._stored_end = session.expire_date if session is not None else None
        return session

    def load(self) -> dict[str, Any]:
        data = super().load()
        # Compared with what is saved, not trusted to `modified`: code that changes a value
        # inside the session (a dict in it) and saves leaves `modified` false.
        self._stored_data = self._serialised(data) if self._stored_end is not None else None
        return data

    def _serialised(self, data: dict[str, Any]) -> bytes:
        return bytes(self.serializer().dumps(data))

    def save(self, must_create: bool = False) -> None:
        if (
            not must_create
            and self._stored_end is not None
            and self._stored_data == self._serialised(self._get_session())
        ):
            moved = self.get_expiry_date() - self._stored_end
            if moved < dt.timedelta(seconds=settings.JOBBTORG_SESSION_REFRESH_SECONDS):
                return
        super().save(must_create=must_create)
        self._stored_end = self._stored_data = None
