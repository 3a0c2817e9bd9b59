"""The run page as a manager checks it before approving: who each line is about (named only
to whoever may see the case, otherwise the participation's short reference, never its id), the
activity, the step and the reason in Swedish, and the totals per provider and per step."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.payments.models import PaymentRunLine
from jobbtorg.payments.reasons import participation_reference
from jobbtorg.payments.services import payment_run_approve, run_ref
from jobbtorg.providers.models import ActivityParticipation
from jobbtorg.providers.services.participations import participation_correct
from tests.audit_reads import people_named
from tests.conftest import client_for
from tests.offering import offering_at
from tests.participants.scenarios import context
from tests.payments.runs import month, preview, price, second_provider, started

pytestmark = pytest.mark.django_db

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def page_of(user, run):
    response = client_for(user).get(reverse("payments:run", args=[run.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("who", "sees_the_name"),
    [
        # The person's case is at Sydost: its manager may see it.
        ("manager_sydost", True),
        # Another Jobbtorg's manager and the administrator check the run by references.
        ("manager_jarva", False),
        ("administrator", False),
    ],
)
def test_who_sees_the_name_and_who_the_reference_only(staff, offering, who, sees_the_name):
    p = started(staff, offering, on=month(-1), first_name="Ada", last_name="Lind")
    run = preview(staff.manager_sydost)
    page = page_of(getattr(staff, who), run)
    assert ("Ada Lind" in page) is sees_the_name
    assert (reverse("web:participant", args=[p.referral.participant_id]) in page) is (sees_the_name)
    # Everyone sees the reference, no one the id.
    assert participation_reference(p.pk) in page
    # (Links may carry ids; what the page shows does not.)
    shown = re.sub(r'href="[^"]*"', "", page)
    assert not UUID.search(shown), UUID.search(shown)


@pytest.mark.parametrize(
    "who", ["coach_sydost", "matcher_sydost", "officer_farsta", "provider_staff", "analyst"]
)
def test_a_run_is_refused_to_the_roles_that_do_not_make_runs(staff, offering, who):
    p = started(staff, offering, on=month(-1), first_name="Ada")
    run = preview(staff.manager_sydost)
    client = client_for(getattr(staff, who))
    response = client.get(reverse("payments:run", args=[run.pk]))
    assert response.status_code == 403
    assert "Ada" not in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.PAYMENT_RUN_VIEWED).exists()
    for name in ("discard", "approve"):
        assert client.post(reverse(f"payments:{name}", args=[run.pk])).status_code == 403
    assert p.payment_lines.count() == 2


@pytest.mark.parametrize("who", ["manager_sydost", "manager_jarva", "administrator"])
def test_every_look_at_a_run_is_audited_naming_the_people_on_it(staff, offering, who):
    """A line names a person, by name or by reference: each look is a read of their data."""
    a = started(staff, offering, on=month(-1), first_name="Ada")
    b = started(staff, offering, on=month(-1), first_name="Bo")
    run = preview(staff.manager_sydost)
    page_of(getattr(staff, who), run)
    entry = AuditEntry.objects.get(action=AuditAction.PAYMENT_RUN_VIEWED)
    assert entry.actor == getattr(staff, who) and entry.object_id == str(run.pk)
    assert set(people_named(AuditAction.PAYMENT_RUN_VIEWED)) == {
        a.referral.participant_id,
        b.referral.participant_id,
    }


def test_each_line_says_activity_step_and_reason_in_swedish(staff, offering):
    started(staff, offering, level="B", on=month(-1) + dt.timedelta(days=5), first_name="Ada")
    run = preview(staff.manager_sydost)
    page = page_of(staff.manager_sydost, run)
    start = month(-1) + dt.timedelta(days=5)
    assert offering.activity_type.name_sv in page
    assert "Startersättning" in page
    assert f"Startade {start.isoformat()}" in page
    assert f"Deltog under {month(-1):%Y-%m}" in page
    # No English reason, no code of a step.
    for english in ("started ", "active in", "start_fee", "monthly_base_fee"):
        assert english not in page, english


def test_a_correction_says_in_swedish_what_it_corrects(staff, offering):
    p = started(staff, offering, level="B", on=month(-1), first_name="Ada")
    first = payment_run_approve(context(staff.manager_sydost), preview(staff.manager_sydost))
    participation_correct(context(staff.manager_sydost), p, started_on=None, note="Kom aldrig")
    run = preview(staff.manager_sydost, 0)
    page = page_of(staff.manager_sydost, run)
    assert (
        f"Rättelse av körning {run_ref(first)}: Starten blev aldrig av; 2\u00a0000,00 kr har "
        "betalats" in page
    ) or (f"Rättelse av körning {run_ref(first)}: Starten blev aldrig av; 2 000,00 kr" in page)
    # The invoice basis keeps its English reason (its contract).
    line = PaymentRunLine.objects.filter(run=run, kind="start_fee").get()
    assert line.reason.startswith(f"correction of run {run_ref(first)}: the start never happened")


def test_totals_per_provider_and_per_step(staff, offering):
    other = second_provider()
    started(staff, offering, level="A", on=month(-1))
    started(staff, offering, level="C", on=month(-1))
    started(staff, offering_at(other), level="A", on=month(-1))
    run = preview(staff.manager_sydost)
    page = page_of(staff.manager_sydost, run)
    totals = page[page.index("Summor per anordnare och steg") : page.index("<h2>Matcha HB</h2>")]
    start_total = price("start_fee", "A") + price("start_fee", "C") + Decimal("1234.50")
    monthly_total = price("monthly_base_fee", "A") + price("monthly_base_fee", "C")

    def sek(amount):
        whole, cents = f"{amount:.2f}".split(".")
        return f"{int(whole):,}".replace(",", "\u00a0") + "," + cents

    # Per step, over all providers, with the number of lines.
    assert f"{sek(start_total)} <small>(3 rader)</small>" in totals
    assert f"{sek(monthly_total)} <small>(2 rader)</small>" in totals
    # Per provider: Rusta's two starts and two months, Matcha's one start.
    rusta = totals[totals.index("Rusta AB") :]
    assert sek(price("start_fee", "A") + price("start_fee", "C")) in rusta
    assert sek(start_total + monthly_total) in totals
    matcha = totals[totals.index("Matcha HB") :]
    assert sek(Decimal("1234.50")) in matcha and "0,00" in matcha


def test_a_problem_is_told_in_swedish_naming_the_participation_by_its_reference(staff, offering):
    p = started(staff, offering, on=month(-1))
    ActivityParticipation.objects.filter(pk=p.pk).update(ended_on=month(-2))
    run = preview(staff.manager_sydost)
    page = page_of(staff.manager_sydost, run)
    reference = participation_reference(p.pk)
    # In Swedish, dates as the pages write them, the participation by its reference.
    assert (
        f"Deltagande {reference}: slutar ({month(-2).isoformat()}) innan det börjar "
        f"({month(-1).isoformat()})."
    ) in page
    assert f"Deltagande {reference}: tas inte med i körningen förrän det är rättat." in page
    assert "left out of this run" not in page
    assert str(p.pk) not in page
