"""The import inserts assistance months as plain rows (COPY on PostgreSQL, one prepared
statement elsewhere): the database holds exactly what the ORM's `bulk_create` would have
written. The suite runs on SQLite and, with DATABASE_URL, on PostgreSQL: both paths are tested."""

import pytest
from django.db import connection, transaction

from jobbtorg.transfer.models import AssistanceMonth
from jobbtorg.transfer.services import assistance
from tests.transfer.test_import_command import run, transfer_dir  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

STORED = """
    SELECT a.personal_identity_number, p.personal_identity_number, a.month, a.amount_sek,
           a.district_id, a.created_at IS NOT NULL, a.updated_at IS NOT NULL
    FROM transfer_assistancemonth a
    LEFT JOIN participants_participant p ON p.id = a.participant_id
    ORDER BY a.personal_identity_number, a.month
"""


def _orm_insert(model, columns, rows):
    model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in rows])
    return len(rows)


def _imported(transfer_dir):  # noqa: F811
    """What the import stores, as the database holds it (raw values, not the ORM's), left
    behind by a rollback."""
    with transaction.atomic():
        code, out, _err = run(transfer_dir)
        assert code == 0, out
        with connection.cursor() as cursor:
            cursor.execute(STORED)
            stored = cursor.fetchall()
        transaction.set_rollback(True)
    return stored


def test_plain_row_inserts_store_what_bulk_create_stores(transfer_dir, monkeypatch):  # noqa: F811
    plain = _imported(transfer_dir)
    assert AssistanceMonth.objects.count() == 0
    monkeypatch.setattr(assistance, "insert_rows", _orm_insert)
    orm = _imported(transfer_dir)
    assert len(plain) == 3
    assert plain == orm
    # A participant's month names them; the comparison pool's does not.
    assert [row[1] is not None for row in plain] == [True, True, False]
