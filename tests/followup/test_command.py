"""`jobbtorg followup indicators` on records made through the services, cross-checked against
counts taken straight from the database (an independent second computation)."""

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.participants.models import Exit, Referral
from jobbtorg.participants.services.exits import exit_record
from tests.participants.scenarios import context, enrol, refer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = timezone.localdate()


def run(*args) -> str:
    out = io.StringIO()
    call_command("followup", "indicators", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def cases(staff):
    made = []
    for n in range(9):
        referral = enrol(refer(staff.officer_farsta, first_name=f"P{n}"), staff.coach_sydost)
        made.append(referral)
    jarva = enrol(
        refer(staff.officer_rinkeby, first_name="J", target_group="youth"), staff.coach_jarva
    )
    made.append(jarva)
    for referral, reason in zip(made[:4], ["work", "work", "studies", "moved"], strict=True):
        employment = (
            {"form": "permanent", "extent": "full", "wage_subsidy": False, "employer": "ICA"}
            if reason == "work"
            else None
        )
        exit_record(
            actor=staff.coach_sydost,
            audit_context=context(staff.coach_sydost),
            referral=referral,
            date=TODAY,
            reason=reason,
            employment=employment,
            studies_with_student_finance=True if reason == "studies" else None,
        )
    return made


def by_name(rows, group=None):
    return {r["indicator"]: r for r in rows if r["group"] == (group or {})}


def test_the_city_figures_match_counts_taken_straight_from_the_database(cases):
    start, end = TODAY - dt.timedelta(days=30), TODAY
    rows = json.loads(run("--from", start.isoformat(), "--to", end.isoformat()))
    city = by_name(rows)
    referred = Referral.objects.filter(
        referred_at__date__gte=start, referred_at__date__lte=end
    ).count()
    exits = Exit.objects.filter(date__gte=start, date__lte=end)
    assert city["referrals"]["value"] == referred == 10
    assert city["enrolled"]["value"] == Referral.objects.filter(enrolled_on__gte=start).count()
    assert city["exits"]["value"] == exits.count() == 4
    assert city["exits_to_work_share"]["value"] == pytest.approx(
        exits.filter(reason="work").count() / exits.count()
    )
    assert city["exits_to_work_share"]["n"] == 4
    assert city["exits_to_work_or_studies_share"]["value"] == pytest.approx(3 / 4)
    for row in rows:
        assert set(row) >= {"indicator", "group", "value", "n"}
        if row["n"] == 0:
            assert row["value"] is None


def test_the_breakdown_by_jobbtorg_adds_up_to_the_city(cases):
    rows = json.loads(
        run(
            "--from",
            (TODAY - dt.timedelta(days=30)).isoformat(),
            "--to",
            TODAY.isoformat(),
            "--by",
            "jobbtorg",
        )
    )
    referrals = {r["group"]["jobbtorg"]: r["value"] for r in rows if r["indicator"] == "referrals"}
    assert referrals["sydost"] == 9 and referrals["jarva"] == 1
    assert sum(v or 0 for v in referrals.values()) == 10


def test_suppression_hides_small_groups_value_and_n(cases):
    text = run(
        "--from",
        (TODAY - dt.timedelta(days=30)).isoformat(),
        "--to",
        TODAY.isoformat(),
        "--by",
        "jobbtorg",
        "--suppress-below",
        "5",
    )
    rows = json.loads(text)
    jarva = [r for r in rows if r["group"].get("jobbtorg") == "jarva"]
    assert jarva and all(r["value"] is None and r["n"] is None and r["suppressed"] for r in jarva)
    sydost = by_name(rows, {"jobbtorg": "sydost"})
    assert sydost["referrals"]["value"] == 9


def test_csv_and_xlsx_carry_the_same_rows(cases, tmp_path):
    args = ["--from", (TODAY - dt.timedelta(days=30)).isoformat(), "--to", TODAY.isoformat()]
    as_json = json.loads(run(*args))
    as_csv = list(csv.DictReader(io.StringIO(run(*args, "--format", "csv"))))
    assert len(as_csv) == len(as_json)
    assert as_csv[0]["indicator"] == "referrals" and as_csv[0]["value"] == "10"
    out = tmp_path / "k.xlsx"
    run(*args, "--format", "xlsx", "--out", str(out))
    sheet = load_workbook(out).active
    assert [c.value for c in sheet[1]][:4] == ["indicator", "group", "value", "n"]
    assert sheet.max_row == len(as_json) + 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--from", "2026-13-01", "--to", "2026-12-31"], "is not a date"),
        (["--from", "2026-05-01", "--to", "2026-04-30"], "before --from"),
        (["--from", "2026-01-01", "--to", "2026-04-30", "--suppress-below", "0"], "1 or more"),
    ],
)
def test_bad_input_is_refused_with_the_reason(args, words):
    with pytest.raises(CommandError, match=words):
        run(*args)


def test_each_computation_is_audited(cases):
    run("--from", TODAY.isoformat(), "--to", TODAY.isoformat())
    entry = AuditEntry.objects.get(action="indicators.computed")
    assert entry.participant is None and entry.changes["after"]["from"] == TODAY.isoformat()


def test_generated_cases_match_sql_aggregates_for_every_jobbtorg(staff):
    """A seeded, generated set of cases (dates spread over a year, exits of every kind), the
    command's JSON cross-checked against SQL aggregates taken independently of the engine."""
    import random

    from django.db.models import Count, Q

    from jobbtorg.organisation.models import JobCentre
    from jobbtorg.participants.models import TargetGroup
    from tests.factories import ParticipantFactory, district

    rng = random.Random(2026)
    centres = list(JobCentre.objects.all())
    groups = list(TargetGroup.objects.all())
    reasons = ["work", "studies", "moved", "other_support", "stopped"]
    year_start = dt.date(2025, 1, 1)
    for n in range(60):
        referred = year_start + dt.timedelta(days=rng.randrange(300))
        enrolled = referred + dt.timedelta(days=rng.randrange(1, 10)) if n % 5 else None
        referral = Referral.objects.create(
            participant=ParticipantFactory(home_district=district("farsta")),
            district=district("farsta"),
            job_centre=rng.choice(centres),
            target_group=rng.choice(groups),
            basis="x",
            consent_given=True,
            referred_by=staff.officer_farsta,
            referred_at=timezone.make_aware(dt.datetime.combine(referred, dt.time(10))),
            stage="enrolled" if enrolled else "referred",
            enrolled_on=enrolled,
        )
        if enrolled and n % 3 == 0:
            reason = rng.choice(reasons)
            work = reason == "work"
            Exit.objects.create(
                referral=referral,
                date=enrolled + dt.timedelta(days=rng.randrange(5, 60)),
                reason=reason,
                reason_text="",
                employment_form="permanent" if work else "",
                extent="full" if work else "",
                wage_subsidy=False if work else None,
                recorded_by=staff.coach_sydost,
            )
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    rows = json.loads(run("--from", start.isoformat(), "--to", end.isoformat(), "--by", "jobbtorg"))
    found = {(r["indicator"], r["group"].get("jobbtorg")): r for r in rows}
    in_period = Q(referred_at__date__gte=start, referred_at__date__lte=end)
    for centre in centres:
        referrals = Referral.objects.filter(in_period, job_centre=centre).count()
        enrolled = Referral.objects.filter(
            job_centre=centre, enrolled_on__gte=start, enrolled_on__lte=end
        ).count()
        exits = Exit.objects.filter(
            referral__job_centre=centre, date__gte=start, date__lte=end
        ).aggregate(n=Count("pk"), work=Count("pk", filter=Q(reason="work")))
        row = found[("referrals", centre.slug)]
        assert (row["value"] or 0) == referrals
        assert (found[("enrolled", centre.slug)]["value"] or 0) == enrolled
        assert (found[("exits", centre.slug)]["value"] or 0) == exits["n"]
        share = found[("exits_to_work_share", centre.slug)]
        if exits["n"]:
            assert share["value"] == pytest.approx(exits["work"] / exits["n"])
            assert share["n"] == exits["n"]
        else:
            assert share["value"] is None


def test_assistance_read_as_columns_gives_the_same_figures_as_rows(cases, staff):
    from decimal import Decimal

    from jobbtorg.engines.indicators.compute import indicators
    from jobbtorg.engines.indicators.rows import Period
    from jobbtorg.followup import feed
    from jobbtorg.transfer.models import AssistanceMonth

    for n, referral in enumerate(cases[:6]):
        person = referral.participant
        for k in range(-5, 10):
            month = (TODAY.replace(day=1) + dt.timedelta(days=31 * k)).replace(day=1)
            AssistanceMonth.objects.get_or_create(
                personal_identity_number=person.personal_identity_number,
                month=month,
                defaults={"participant": person, "amount_sek": Decimal(1000 * (n + 1) * (k < 2))},
            )
    period = Period(TODAY - dt.timedelta(days=200), TODAY + dt.timedelta(days=200))
    last = feed.last_assistance_month()
    by_rows = indicators(
        feed.case_rows(),
        feed.activity_rows(),
        feed.assistance_rows(),
        period,
        last_assistance_month=last,
    )
    by_matrix = indicators(
        feed.case_rows(),
        feed.activity_rows(),
        feed.assistance_matrix(),
        period,
        last_assistance_month=last,
    )
    assert [(v.indicator, v.value, v.n) for v in by_rows] == [
        (v.indicator, v.value, v.n) for v in by_matrix
    ]
