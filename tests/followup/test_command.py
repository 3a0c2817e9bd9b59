"""The `followup` command: `indicators` on records made through the services, cross-checked
against counts taken straight from the database (an independent second computation);
`report`, the tertial report over known records computed by the real engine; `effect`, on a
generated data set with a planted effect."""

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from jobbtorg.core.audit.models import AuditAction, AuditChannel, AuditEntry
from jobbtorg.followup.models import IndicatorTarget
from jobbtorg.participants.models import Exit, Referral, TargetGroup
from tests.followup.effect_data import PERIOD, M, import_files, months, planted, pnr
from tests.followup.known_records import YEAR

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = timezone.localdate()


def run(*args) -> str:
    out = io.StringIO()
    call_command("followup", "indicators", *args, stdout=out)
    return out.getvalue()


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def sheet_rows(data: bytes, sheet: str = "Nyckeltal") -> list[tuple]:
    workbook = load_workbook(io.BytesIO(data))
    return list(workbook[sheet].iter_rows(values_only=True))


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


# `jobbtorg followup report`


@pytest.fixture
def report_targets(db):
    IndicatorTarget.objects.create(
        indicator="exited_within_18_months_share",
        target_group=TargetGroup.objects.get(code="resurs"),
        value=0.84,
        near_margin=0.05,
        valid_from_year=2020,
        note="Nämndens mål",
    )
    IndicatorTarget.objects.create(
        indicator="exits_to_work_share", value=0.40, near_margin=0.05, valid_from_year=2020
    )


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_the_command_writes_the_report(fmt, tmp_path, known, report_targets):
    out = tmp_path / f"rapport.{fmt}"
    call_command(
        "followup",
        "report",
        "--year",
        str(YEAR),
        "--tertial",
        "1",
        "--format",
        fmt,
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    data = out.read_bytes()
    if fmt == "pdf":
        assert data.startswith(b"%PDF") and "42,0 %" in pdf_text(data)
        # The operator sees everything.
        assert "50,0 %" in pdf_text(data)
    else:
        rows = sheet_rows(data)
        assert ("exits_to_work_share", "Hela staden", 0.42) in [(r[1], r[2], r[3]) for r in rows]
    entry = AuditEntry.objects.get(action=AuditAction.INDICATORS_COMPUTED)
    assert entry.channel == AuditChannel.COMMAND
    assert entry.changes["after"]["format"] == fmt
    assert entry.changes["after"]["suppressed"] is False


def test_the_command_suppresses_on_request_and_for_one_jobbtorg(tmp_path, known):
    out = tmp_path / "sydost.xlsx"
    call_command(
        "followup",
        "report",
        "--year",
        str(YEAR),
        "--tertial",
        "1",
        "--jobbtorg",
        "sydost",
        "--format",
        "xlsx",
        "--out",
        str(out),
        "--suppress-below",
        "5",
        stdout=io.StringIO(),
    )
    assert {call[3:] for call in known.calls} == {("sydost", 5)}
    assert out.exists()


def test_the_command_refuses_an_unknown_jobbtorg(tmp_path, known):
    out = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match="There is no Jobbtorg 'atlantis'"):
        call_command(
            "followup",
            "report",
            "--year",
            str(YEAR),
            "--tertial",
            "1",
            "--jobbtorg",
            "atlantis",
            "--format",
            "pdf",
            "--out",
            str(out),
        )
    assert not out.exists()
    assert not AuditEntry.objects.exists()


# `jobbtorg followup effect`


def run_effect(*args: str) -> str:
    out = io.StringIO()
    call_command("followup", "effect", *args, stdout=out)
    return out.getvalue()


def test_a_planted_effect_is_recovered_within_its_interval(tmp_path):
    planted(tmp_path)
    result = json.loads(run_effect(*PERIOD))
    city = {row["k_months"]: row for row in result["rows"] if row["group"] == {}}
    assert set(city) == {2, 8}
    for k in (2, 8):
        row = city[k]
        assert row["participants"] == 80
        assert row["matched"] == 80 and row["unmatched"] == 0 and row["no_baseline"] == 0
        assert row["pairs"] == 80
        assert row["share_without_assistance_participants"] == pytest.approx(0.7)
        assert row["share_without_assistance_comparison"] == pytest.approx(0.3)
        assert row["ci_low"] < 0.4 < row["ci_high"]
        assert row["ci_low"] > 0  # the effect is told apart from none
    assert result["asked"]["pool"] == 80
    assert result["asked"]["from"] == M.isoformat()


def test_no_effect_gives_an_interval_around_zero_and_a_breakdown_by_district(tmp_path):
    participants, assistance = [], []
    for i in range(40):
        person = pnr(100 + i)
        participants.append(f"{person},P{i},Test,skarpnack,youth,{M},{M}")
        assistance += months(-12, -1 if i % 2 else 9, person, "skarpnack")
        other = pnr(400 + i)
        assistance += months(-12, -1 if i % 2 else 9, other, "skarpnack")
    import_files(tmp_path, participants, assistance)
    result = json.loads(run_effect(*PERIOD, "--by", "district"))
    groups = {json.dumps(r["group"]) for r in result["rows"]}
    assert groups == {"{}", '{"district": "skarpnack"}'}
    for row in result["rows"]:
        assert row["matched"] == 40
        assert row["ci_low"] <= 0 <= row["ci_high"]


def test_csv_has_the_same_rows(tmp_path):
    planted(tmp_path, treated=10, pool=10)
    as_json = json.loads(run_effect(*PERIOD, "--by", "target_group"))["rows"]
    as_csv = list(
        csv.DictReader(io.StringIO(run_effect(*PERIOD, "--by", "target_group", "--format", "csv")))
    )
    assert len(as_csv) == len(as_json) == 4
    assert [r["group"] for r in as_csv] == ["", "", "target_group=resurs", "target_group=resurs"]
    assert [int(r["matched"]) for r in as_csv] == [r["matched"] for r in as_json]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--from", "2026-13-01", "--to", "2026-12-31"], "--from '2026-13-01' is not a date"),
        (["--from", "2026-05-01", "--to", "yesterday"], "--to 'yesterday' is not a date"),
        (["--from", "2026-05-01", "--to", "2026-04-30"], "--to: The last day is before"),
        (["--from", "2026-05-01", "--to", "2026-08-31", "--caliper", "0"], "--caliper"),
        (["--from", "2026-05-01", "--to", "2026-08-31", "--caliper", "-1"], "above 0"),
        (["--from", "2026-05-01", "--to", "2026-08-31", "--seed", "-3"], "--seed"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_audited(args, words):
    with pytest.raises(CommandError, match=None) as refused:
        run_effect(*args)
    assert words in str(refused.value)
    assert not AuditEntry.objects.filter(action="indicators.computed").exists()


def test_the_command_is_audited_with_what_was_asked_and_no_people(tmp_path):
    planted(tmp_path, treated=6, pool=6)
    run_effect(*PERIOD, "--by", "district", "--caliper", "0.3", "--seed", "7")
    entry = AuditEntry.objects.get(action="indicators.computed")
    assert entry.channel == "command"
    after = entry.changes["after"]
    assert after["estimate"] == "effect"
    assert (after["from"], after["by"], after["caliper"], after["seed"]) == (
        M.isoformat(),
        "district",
        0.3,
        7,
    )
    assert entry.participant is None
    text = json.dumps(entry.changes)
    assert pnr(100) not in text and pnr(400) not in text
