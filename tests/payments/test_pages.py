"""The payment run pages (Ersättning): previewing, reading, approving and exporting, who may,
and what each look writes to the audit log."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.payments.models import PaymentRun, PaymentRunStatus
from jobbtorg.payments.reasons import participation_reference
from jobbtorg.payments.services import (
    payment_run_approve,
    run_ref,
)
from jobbtorg.providers.models import (
    ActivityParticipation,
    Provider,
)
from jobbtorg.providers.services.participations import participation_correct
from tests.audit_reads import extract_of, people_named
from tests.conftest import client_for
from tests.offering import offering_at
from tests.participants.scenarios import context
from tests.payments.runs import (
    FORMULA,
    approved,
    lines_of,
    month,
    preview,
    price,
    second_provider,
    started,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("april", "Give the month as YYYY-MM"),
        ("2026-13", "Give the month as YYYY-MM"),
        ("2026-4", "Give the month as YYYY-MM"),
        ("", "Give the month as YYYY-MM"),
        ("NEXT", "has not begun: a run can be made for this month"),
    ],
)
def test_a_bad_month_is_refused_on_the_page_and_nothing_is_written(staff, english, value, message):
    if value == "NEXT":
        value = f"{month(1):%Y-%m}"
    response = client_for(staff.manager_sydost, "en").post(
        reverse("payments:runs"), {"month": value}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PaymentRun.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.PAYMENT_RUN_PREVIEWED).exists()


def test_a_manager_previews_reads_and_approves_on_the_pages(staff, offering, english):
    p = started(staff, offering, level="B", on=month(-1), first_name="Ada", last_name="Lind")
    client = client_for(staff.manager_sydost, "en")
    response = client.post(reverse("payments:runs"), {"month": f"{month(-1):%Y-%m}"})
    run = PaymentRun.objects.get()
    assert response.url == reverse("payments:run", args=[run.pk])
    page = client.get(response.url).content.decode()
    assert "Rusta AB" in page and "Ada Lind" in page and participation_reference(p.pk) in page
    assert "Start fee" in page and f"Started on {month(-1).isoformat()}" in page
    assert "2,200.00" in page  # the provider's total: start fee and one month at level B
    assert "Approve the run" in page
    client.post(reverse("payments:approve", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == PaymentRunStatus.APPROVED and run.approved_by == staff.manager_sydost
    page = client.get(reverse("payments:run", args=[run.pk])).content.decode()
    assert "Approve the run" not in page and "fakturaunderlag.csv" in page


def test_the_persons_name_shows_only_to_who_may_see_the_case(staff, offering, english):
    p = started(staff, offering, on=month(-1), first_name="Ada", last_name="Lind")
    run = preview(staff.manager_sydost)
    for user in (staff.manager_jarva, staff.administrator):
        page = client_for(user, "en").get(reverse("payments:run", args=[run.pk])).content.decode()
        assert participation_reference(p.pk) in page and "Rusta AB" in page
        assert "Ada" not in page and "Lind" not in page and str(p.pk) not in page


def test_a_stale_preview_is_refused_on_the_page_with_the_reason(staff, offering, english):
    started(staff, offering, on=month(-1))
    stale = preview(staff.manager_sydost)
    approved(staff)
    client = client_for(staff.manager_sydost, "en")
    response = client.post(reverse("payments:approve", args=[stale.pk]), follow=True)
    assert "was approved after this preview was made" in response.content.decode()
    stale.refresh_from_db()
    assert stale.status == PaymentRunStatus.PREVIEW


def test_problems_are_listed_on_the_run_page(staff, offering, english):
    p = started(staff, offering, on=month(-1))
    # Facts that contradict themselves (as an import from another system could bring): left
    # out of the run, and named, until someone fixes them.
    ActivityParticipation.objects.filter(pk=p.pk).update(ended_on=month(-2))
    run = preview(staff.manager_sydost)
    assert lines_of(run) == {}
    assert f"participation {p.pk}: left out of this run until fixed" in [
        problem["text"] for problem in run.problems
    ]
    page = client_for(staff.administrator, "en").get(reverse("payments:run", args=[run.pk]))
    reference = participation_reference(p.pk)
    assert f"participation {reference}: left out of this run until fixed" in (page.content.decode())


@pytest.mark.parametrize(
    ("who", "list_status", "may_approve"),
    [
        ("manager_sydost", 200, True),
        ("manager_jarva", 200, True),
        ("administrator", 200, False),
        ("coach_sydost", 403, False),
        ("matcher_sydost", 403, False),
        ("officer_farsta", 403, False),
        ("provider_staff", 403, False),
        ("analyst", 403, False),
    ],
)
def test_access_per_role(staff, offering, who, list_status, may_approve):
    started(staff, offering, on=month(-1))
    run = preview(staff.manager_sydost)
    client = client_for(getattr(staff, who))
    assert client.get(reverse("payments:runs")).status_code == list_status
    assert client.get(reverse("payments:run", args=[run.pk])).status_code == list_status
    response = client.post(reverse("payments:runs"), {"month": f"{month(-1):%Y-%m}"})
    assert response.status_code == (302 if list_status == 200 else 403)
    response = client.post(reverse("payments:approve", args=[run.pk]))
    run.refresh_from_db()
    assert (run.status == PaymentRunStatus.APPROVED) is may_approve
    assert response.status_code == (302 if may_approve else 403)
    export = client.get(reverse("payments:export_csv", args=[run.pk]))
    assert export.status_code == (200 if may_approve else 403 if list_status == 403 else 404)


def test_signed_out_and_unknown_runs(staff, client):
    assert client.get(reverse("payments:runs")).status_code == 302
    manager = client_for(staff.manager_sydost)
    assert manager.get(reverse("payments:run", args=[999])).status_code == 404
    assert manager.post(reverse("payments:approve", args=[999])).status_code == 404


def test_the_invoice_basis_as_csv(staff, provider, offering):
    p = started(staff, offering, level="C", on=month(-1))
    run = approved(staff)
    response = client_for(staff.administrator).get(reverse("payments:export_csv", args=[run.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"ersattning-{month(-1):%Y-%m}-{run.pk}.csv" in response["Content-Disposition"]
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert [(row["step"], row["period"], row["amount"]) for row in rows] == [
        ("start_fee", "", "3000.00"),
        ("monthly_base_fee", f"{month(-1):%Y-%m}", "300.50"),
    ]
    first = rows[0]
    assert first["run"] == run_ref(run) and first["month"] == f"{month(-1):%Y-%m}"
    assert (first["provider"], first["provider_name"]) == ("rusta-ab", "Rusta AB")
    assert first["organisation_number"] == "5560160680"
    assert (
        first["contract"] == str(offering.contract_id) and first["contract_number"] == "C-rusta-ab"
    )
    assert first["participation"] == str(p.pk) and first["level"] == "C"
    assert first["reason"] == f"started {month(-1).isoformat()}"
    # Added at the end: the short reference, the activity and the reason as the page words it.
    assert body.decode("utf-8-sig").splitlines()[0] == (
        "run;month;provider;provider_name;organisation_number;contract;contract_number;"
        "participation;step;period;level;amount;reason;"
        "participation_reference;activity;reason_description"
    )
    assert first["participation_reference"] == participation_reference(p.pk)
    assert first["activity"] == offering.activity_type.name_sv
    assert first["reason_description"] == f"Startade {month(-1).isoformat()}"
    # No names of people in the invoice basis.
    assert p.referral.participant.last_name.encode() not in body


def test_the_invoice_basis_as_xlsx(staff, offering):
    started(staff, offering, level="A", on=month(-1))
    other = second_provider()
    started(staff, offering_at(other), level="A", on=month(-1), first_name="Bo")
    run = approved(staff)
    response = client_for(staff.manager_sydost).get(reverse("payments:export_xlsx", args=[run.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["lines", "totals"]
    rows = list(workbook["lines"].iter_rows(values_only=True))
    assert rows[0][2] == "provider" and rows[0][11] == "amount"
    amounts = {(row[2], row[8]): row[11] for row in rows[1:]}
    assert amounts == {
        ("matcha", "start_fee"): 1234.5,
        ("rusta-ab", "start_fee"): 1000,
        ("rusta-ab", "monthly_base_fee"): 100,
    }
    assert workbook["lines"]["L2"].number_format == "0.00"
    totals = list(workbook["totals"].iter_rows(values_only=True))[1:]
    assert [(row[2], row[5]) for row in totals] == [("matcha", 1234.5), ("rusta-ab", 1100)]


def test_a_preview_has_no_invoice_basis(staff, offering):
    run = preview(staff.manager_sydost)
    client = client_for(staff.manager_sydost)
    assert client.get(reverse("payments:export_csv", args=[run.pk])).status_code == 404
    assert client.get(reverse("payments:export_xlsx", args=[run.pk])).status_code == 404


def test_audit_entries_name_each_person_on_the_run(staff, offering):
    a = started(staff, offering, on=month(-1), first_name="Ada")
    b = started(staff, offering, on=month(-1), first_name="Bo")
    client = client_for(staff.manager_sydost)
    client.post(reverse("payments:runs"), {"month": f"{month(-1):%Y-%m}"})
    run = PaymentRun.objects.get()
    client.get(reverse("payments:run", args=[run.pk]))
    client.post(reverse("payments:approve", args=[run.pk]))
    client.get(reverse("payments:export_csv", args=[run.pk]))
    people = {a.referral.participant_id, b.referral.participant_id}
    for action in (
        AuditAction.PAYMENT_RUN_PREVIEWED,
        AuditAction.PAYMENT_RUN_VIEWED,
        AuditAction.PAYMENT_RUN_APPROVED,
        AuditAction.PAYMENT_RUN_EXPORTED,
    ):
        entry = AuditEntry.objects.get(action=action)  # one for the run, naming each person
        assert set(people_named(action)) == people, action
        assert (entry.object_id, entry.actor_username) == (str(run.pk), "manager-sydost")
        for person in people:  # each person's loggutdrag shows the run they were on
            assert (action, "manager-sydost", str(run.pk)) in extract_of(person)
    assert AuditEntry.objects.get(action=AuditAction.PAYMENT_RUN_EXPORTED).channel == "export"


def test_the_invoice_basis_cannot_carry_formulas_and_keeps_negative_amounts_numbers(
    staff, provider, offering
):
    """A provider's name that a spreadsheet would run is written as text (a leading quote);
    a correction's negative amount stays a number in both files."""
    p = started(staff, offering, on=month(-1))
    approved(staff, -1)
    participation_correct(context(staff.manager_sydost), p, started_on=None, note="Kom aldrig")
    run = payment_run_approve(context(staff.manager_sydost), preview(staff.manager_sydost, 0))
    Provider.objects.filter(pk=provider.pk).update(name=FORMULA)
    client = client_for(staff.manager_sydost)
    body = client.get(reverse("payments:export_csv", args=[run.pk])).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body), delimiter=";"))
    assert {row["provider_name"] for row in rows} == {"'" + FORMULA}
    assert sorted(row["amount"] for row in rows) == sorted(
        str(-price(kind, "B")) for kind in ("start_fee", "monthly_base_fee")
    )
    response = client.get(reverse("payments:export_xlsx", args=[run.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    for sheet, name_column in ((workbook["lines"], "D"), (workbook["totals"], "D")):
        cell = sheet[f"{name_column}2"]
        assert (cell.value, cell.data_type) == ("'" + FORMULA, "s")
    amounts = [row[11] for row in workbook["lines"].iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(a, int | float) and a < 0 for a in amounts)
