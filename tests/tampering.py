"""Rewriting the audit log behind the application's back, as only someone with the database
owner's rights could: for the tests of the hash chain."""

import importlib
from contextlib import contextmanager

from django.db import connection

# The append-only triggers of migration 0003 (the entries) and 0018 (a list entry's people).
append_only = importlib.import_module("jobbtorg.core.migrations.0003_audit_log_append_only")
people_append_only = importlib.import_module(
    "jobbtorg.core.migrations.0018_audit_list_entries_name_people"
)
TRIGGERS = {
    "core_auditentry": "core_auditentry_append_only",
    "core_auditentryperson": "core_auditentryperson_append_only",
}


@contextmanager
def append_only_lifted():
    """What someone with the database's owner rights could do: lift the append-only triggers
    and rewrite rows behind the application's back."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks of the rows just written must run before ALTER TABLE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table, trigger in TRIGGERS.items():
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
        else:
            cursor.execute(append_only.SQLITE_DOWN)
            cursor.execute(people_append_only.SQLITE_DOWN)
        yield cursor
        if connection.vendor == "postgresql":
            for table, trigger in TRIGGERS.items():
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
        else:
            cursor.execute(append_only.SQLITE_UP)
            cursor.execute(people_append_only.SQLITE_UP)
