"""Rewriting the audit log behind the application's back, as only someone with the database
owner's rights could: for the tests of the hash chain."""

import importlib
from contextlib import contextmanager

from django.db import connection

# The append-only triggers of migration 0003.
append_only = importlib.import_module("jobbtorg.core.migrations.0003_audit_log_append_only")


@contextmanager
def append_only_lifted():
    """What someone with the database's owner rights could do: lift the append-only trigger
    and rewrite rows behind the application's back."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks of the rows just written must run before ALTER TABLE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only"
            )
        else:
            cursor.execute(append_only.SQLITE_DOWN)
        yield cursor
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditentry ENABLE TRIGGER core_auditentry_append_only")
        else:
            cursor.execute(append_only.SQLITE_UP)
