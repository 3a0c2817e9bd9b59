"""The comparison page and its exports (R27, R30): one yardstick for own operations and
procured providers, aggregates only, groups of fewer than 5 people masked everywhere."""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.participants.services.exits import exit_record
from jobbtorg.payments.models import PaymentRun, PaymentRunLine
from jobbtorg.providers.models import (
    Provider,
    ProviderKind,
    ProviderReportKind,
)
from tests.conftest import client_for
from tests.offering import contract_for, offering_at, place, report
from tests.participants.scenarios import active_case, context

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def started(staff, offering, n: int, *, prefix: str, completed: int = 0, studies: int = 0):
    """n people started today at the offering; the first `completed` completed it, the first
    `studies` exited to studies."""
    participations = []
    for i in range(n):
        case = active_case(staff, first_name=f"{prefix}{i}", last_name="Hemligsson")
        participation = place(case, offering, staff.coach_sydost)
        report(participation, staff.coach_sydost, ProviderReportKind.START, TODAY)
        if i < completed:
            report(participation, staff.coach_sydost, ProviderReportKind.COMPLETION, TODAY)
        if i < studies:
            exit_record(
                actor=staff.coach_sydost,
                audit_context=context(staff.coach_sydost),
                referral=case,
                date=TODAY,
                reason="studies",
            )
        participations.append(participation)
    return participations


@pytest.fixture
def yardstick(staff):
    own = Provider.objects.create(
        slug="egen", name="Stockholm Matchning", kind=ProviderKind.OWN_OPERATION
    )
    bought = Provider.objects.create(slug="lou", name="Stöd AB", kind=ProviderKind.PROCURED)
    small = Provider.objects.create(slug="liten", name="Lilla AB", kind=ProviderKind.PROCURED)
    started(
        staff,
        offering_at(own, own_cost_per_month=Decimal("1000")),
        5,
        prefix="Egen",
        completed=2,
        studies=1,
    )
    paid = started(staff, offering_at(bought), 6, prefix="Lou", completed=3)
    started(staff, offering_at(small), 3, prefix="Liten")
    approved = PaymentRun.objects.create(
        month=TODAY.replace(day=1), status="approved", created_by=staff.manager_sydost
    )
    preview = PaymentRun.objects.create(
        month=TODAY.replace(day=1), status="preview", created_by=staff.manager_sydost
    )
    for run, amount in ((approved, "2000"), (preview, "99999")):
        for participation in paid:
            PaymentRunLine.objects.create(
                run=run,
                participation=participation,
                provider=bought,
                contract=contract_for(bought),
                kind="start_fee",
                level="B",
                amount=Decimal(amount),
                reason="start",
            )


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


QUERY = f"?start={(TODAY - dt.timedelta(days=30)).isoformat()}&end={TODAY.isoformat()}"


def test_by_provider_on_the_same_yardstick(staff, yardstick):
    response = client_for(staff.analyst, "en").get("/jamforelse/" + QUERY + "&by=provider")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Stockholm Matchning" in text and "Stöd AB" in text and "Lilla AB" in text
    rows = {
        row[0]: row
        for row in csv_rows(
            client_for(staff.analyst, "en").get("/jamforelse/export.csv" + QUERY + "&by=provider")
        )
    }
    # Own operation: 5 started, 2 completed, 1 into studies; 1 month × 1000 each.
    assert rows["Stockholm Matchning"][2:] == ["5", "2", "0", "1", "5000.00", "1000.00", "–"]
    # Procured: only the approved run's lines count.
    assert rows["Stöd AB"][2:] == ["6", "3", "0", "0", "12000.00", "2000.00", "–"]
    assert rows["Lilla AB"][2:] == ["fewer than 5"] * 7
    # The total counts only the groups shown.
    assert rows["All groups shown"][2:5] == ["11", "5", "0"]


def test_by_activity_type_puts_own_and_procured_side_by_side(staff, yardstick):
    rows = csv_rows(
        client_for(staff.manager_sydost, "en").get(
            "/jamforelse/export.csv" + QUERY + "&by=activity_type"
        )
    )
    assert rows[0][:3] == ["Activity type", "Kind of provider", "Participants started"]
    kinds = {row[1]: row[2] for row in rows[1:] if row[0] != "All groups shown"}
    assert kinds == {"The city's own operation": "5", "Procured provider (LOU)": "9"}


def test_the_xlsx_export_has_the_same_table_and_masking(staff, yardstick):
    response = client_for(staff.administrator, "en").get(
        "/jamforelse/export.xlsx" + QUERY + "&by=provider"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    assert rows["Lilla AB"][2:] == ("fewer than 5",) * 7
    assert rows["Stöd AB"][2] == 6


def test_no_names_anywhere_and_no_person_logged(staff, yardstick):
    before = AuditEntry.objects.count()
    client = client_for(staff.analyst, "en")
    for path in ("/jamforelse/", "/jamforelse/export.csv"):
        content = client.get(path + QUERY + "&by=provider").content.decode("utf-8-sig")
        assert "Hemligsson" not in content and "Egen0" not in content
    # Aggregates name nobody: nothing about a person to log.
    assert AuditEntry.objects.count() == before


def test_the_small_group_is_masked_on_the_page(staff, yardstick):
    text = (
        client_for(staff.analyst, "en")
        .get("/jamforelse/" + QUERY + "&by=provider")
        .content.decode()
    )
    assert "fewer than 5" in text
    assert "1 group has fewer than 5 people" in text


def test_the_default_is_the_last_12_months_by_provider(staff, yardstick):
    response = client_for(staff.analyst, "en").get("/jamforelse/")
    text = response.content.decode()
    assert f'value="{TODAY.isoformat()}"' in text
    assert f'value="{TODAY.replace(year=TODAY.year - 1) + dt.timedelta(days=1)}"' in text
    assert "Stöd AB" in text


def test_a_period_before_the_starts_shows_nothing(staff, yardstick):
    response = client_for(staff.analyst, "en").get(
        "/jamforelse/?start=2020-01-01&end=2020-12-31&by=provider"
    )
    assert "No participation started in the period" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "start=2026-05-01&end=2026-04-01&by=provider",
            "The end of the period is before its start.",
        ),
        ("start=2026-02-30&end=2026-04-01&by=provider", "Write the date as YYYY-MM-DD"),
        ("start=&end=2026-04-01&by=provider", "Give the first day of the period."),
        ("start=2026-01-01&end=2026-04-01&by=person", "Choose how to compare."),
        ("start=2000-01-01&end=2026-04-01&by=provider", "at most ten years"),
    ],
)
def test_bad_input_gives_a_clear_message(staff, query, message):
    client = client_for(staff.analyst, "en")
    response = client.get("/jamforelse/?" + query)
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text and "<table" not in text
    for export in ("export.csv", "export.xlsx"):
        refused = client.get(f"/jamforelse/{export}?" + query)
        assert refused.status_code == 400
        assert message in refused.content.decode()


@pytest.mark.parametrize("who", ["manager_sydost", "manager_jarva", "analyst", "administrator"])
def test_managers_analysts_and_administrators_may_compare(staff, who):
    client = client_for(getattr(staff, who))
    for path in ("/jamforelse/", "/jamforelse/export.csv", "/jamforelse/export.xlsx"):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    "who", ["coach_sydost", "matcher_sydost", "coach_jarva", "officer_farsta", "provider_staff"]
)
def test_everyone_else_is_refused(staff, who):
    client = client_for(getattr(staff, who))
    for path in ("/jamforelse/", "/jamforelse/export.csv", "/jamforelse/export.xlsx"):
        assert client.get(path).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(db):
    from django.test import Client

    response = Client().get("/jamforelse/")
    assert response.status_code == 302 and "/logga-in/" in response["Location"]


def test_a_period_without_a_grouping_is_by_provider(staff, yardstick):
    response = client_for(staff.analyst, "en").get("/jamforelse/export.csv" + QUERY)
    assert csv_rows(response)[0][:2] == ["Provider", "Kind of provider"]


def test_the_exports_cannot_carry_formulas(staff, yardstick):
    formula = '=HYPERLINK("http://x.example","Klicka")'
    Provider.objects.filter(name="Stöd AB").update(name=formula)
    client = client_for(staff.analyst, "en")
    rows = {
        row[0]: row
        for row in csv_rows(client.get("/jamforelse/export.csv" + QUERY + "&by=provider"))
    }
    assert "'" + formula in rows and formula not in rows
    assert rows["'" + formula][2] == "6"
    response = client.get("/jamforelse/export.xlsx" + QUERY + "&by=provider")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = {row[0].value: row for row in sheet.iter_rows()}
    assert cells["'" + formula][0].data_type == "s"
    assert cells["'" + formula][2].value == 6
