"""Payment runs moved from the providers app to the payments app without touching their
tables: a database migrated before the move keeps every run and line after it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from jobbtorg.payments.models import PaymentRun, PaymentRunLine
from tests.offering import offering_at
from tests.payments.runs import started

BEFORE = [("providers", "0006_choice_system_seed"), ("payments", None)]


def _latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_migrated_before_the_move_keeps_its_payment_runs(staff, provider):  # noqa: F811
    offering = offering_at(provider)
    participation = started(staff, offering)
    contract = offering.contract
    try:
        executor = _migrate(BEFORE)
        old = executor.loader.project_state([BEFORE[0]]).apps
        assert [t for t in connection.introspection.table_names() if "paymentrun" in t] == [
            "providers_paymentrun",
            "providers_paymentrunline",
        ]
        OldRun = old.get_model("providers", "PaymentRun")
        OldLine = old.get_model("providers", "PaymentRunLine")
        run = OldRun.objects.create(
            month=dt.date(2026, 1, 1),
            status="approved",
            created_by_id=staff.manager_sydost.pk,
        )
        OldLine.objects.create(
            run=run,
            participation_id=participation.pk,
            provider_id=offering.provider_id,
            contract_id=contract.pk,
            kind="start_fee",
            level="B",
            amount=Decimal("2000.00"),
            reason="Start 2026-01-05",
        )
    finally:
        # Every app back to its latest migration, not just past this one: the tests after this
        # one expect the whole schema.
        _migrate(_latest())
    kept = PaymentRun.objects.get(pk=run.pk)
    assert (kept.month, kept.status) == (dt.date(2026, 1, 1), "approved")
    line = PaymentRunLine.objects.get(run=kept)
    assert (line.participation_id, line.amount, line.kind) == (
        participation.pk,
        Decimal("2000.00"),
        "start_fee",
    )
    assert PaymentRun._meta.db_table == "providers_paymentrun"
    assert PaymentRunLine._meta.db_table == "providers_paymentrunline"
