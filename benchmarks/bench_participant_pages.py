"""What the pages that list and show people cost, per view: time over the test client and the
number of queries, for Min dag (coach and manager), the participant list (first page, a page far
in, a name search, a personnummer search), one participant (a full case file, and a person with a
plain case) and the API's participant detail, as a coach, a manager and a district officer.

The data: BENCH_PEOPLE people (default 3000) spread over every district, nine in ten with a case
at the Jobbtorg that serves their district (a third of those exited, the rest enrolled with one of
30 coaches, an approved plan of two activities), and a few people with a full case file (plans,
follow-ups, an interruption, an exception asked for, reports to the district, a place with a
provider, a consent to share).

BENCH_BASELINE=<git rev> measures that revision too, from a git worktree of it with the same
venv, each in a process of its own, and prints the ratios now/before. BENCH_PROFILE=<page label>
prints a cProfile of that page's views. Database: SQLite in memory, or DATABASE_URL if set (then a
test database beside it). Run with `make bench`.
"""

import cProfile
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CODE_DIR = Path(os.environ.get("BENCH_CODE_DIR") or Path(__file__).resolve().parents[1])
sys.path.insert(0, str(CODE_DIR))
sys.path.insert(0, str(CODE_DIR / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobbtorg.config.settings.test")

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "3000"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "20"))
FULL_CASES = 5
# Coaches at Jobbtorg Sydost, whose first coach is the one measured: fewer, a bigger caseload
# (a city coach holds about 220 open cases: BENCH_PEOPLE=20000 BENCH_COACHES=10).
COACHES = int(os.environ.get("BENCH_COACHES", "30"))


def median_ms(action) -> tuple[float, float]:
    """The median wall time and CPU time of this process (SQLite in memory: all the work; on
    a shared machine the steadier figure) of one call, in milliseconds."""
    action()  # warm up
    wall, cpu = [], []
    for _ in range(REPEATS):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def build(people: int) -> dict:
    """The people, their cases and the staff who look at them; returns who and whom to view."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone
    from tests.factories import UserFactory, valid_personal_identity_number

    from jobbtorg.core.roles import Role
    from jobbtorg.organisation.models import District, JobCentre
    from jobbtorg.organisation.selectors import assignments_on
    from jobbtorg.participants.models import (
        AfRegistration,
        CoachAssignment,
        Exit,
        ExitReason,
        FirstMeeting,
        MeetingOutcome,
        Participant,
        Referral,
        Stage,
        TargetGroup,
    )
    from jobbtorg.plans.models import PlanActivity, PlanStatus, PlanVersion
    from jobbtorg.providers.models import ActivityType

    today = timezone.localdate()
    now = timezone.now()
    districts = list(District.objects.order_by("slug"))
    centre_of = {a.district_id: a.job_centre_id for a in assignments_on(today)}
    sydost = JobCentre.objects.get(slug="sydost")
    coaches: dict[int, list] = {}
    for centre in JobCentre.objects.all():
        coaches[centre.pk] = [
            UserFactory(
                username=f"bench-coach-{centre.slug}-{n}",
                role=Role.COACH,
                job_centre=centre,
                first_name="Coach",
                last_name=f"{centre.name} {n}",
            )
            for n in range(COACHES if centre == sydost else 3)
        ]
    officers = {
        d.pk: UserFactory(
            username=f"bench-officer-{d.slug}", role=Role.DISTRICT_OFFICER, district=d
        )
        for d in districts
    }
    manager = UserFactory(username="bench-manager", role=Role.MANAGER, job_centre=sydost)
    group = TargetGroup.objects.get(code="unemployed_assistance")
    job_search = ActivityType.objects.get(code="job_search")

    persons = []
    for n in range(people):
        number = valid_personal_identity_number(n)
        persons.append(
            Participant(
                personal_identity_number=number,
                birth_date=dt.date(int(number[:4]), int(number[4:6]), int(number[6:8])),
                first_name=f"Förnamn{n}",
                last_name=f"Efternamn{n}",
                home_district=districts[n % len(districts)],
                phone="070-123 45 67",
            )
        )
    Participant.objects.bulk_create(persons, batch_size=1000)
    referrals, exits, meetings, assignments = [], [], [], []
    for n, person in enumerate(persons):
        centre_id = centre_of.get(person.home_district_id)
        if n % 10 == 9 or centre_id is None:
            continue  # registered, never referred
        coach = coaches[centre_id][(n // 2) % len(coaches[centre_id])]
        enrolled_on = today - dt.timedelta(days=30 + n % 400)
        referral = Referral(
            participant=person,
            district_id=person.home_district_id,
            job_centre_id=centre_id,
            target_group=group,
            basis="Arbetslös sedan ett år.",
            consent_given=True,
            referred_by=officers[person.home_district_id],
            referred_at=now - dt.timedelta(days=33 + n % 400),
            stage=Stage.EXITED if n % 3 == 0 else Stage.ENROLLED,
            enrolled_on=enrolled_on,
            duties_explained=True,
            af_registration=AfRegistration.REGISTERED,
            coach=coach,
        )
        referrals.append(referral)
        meetings.append(
            FirstMeeting(
                referral=referral,
                held_on=enrolled_on,
                outcome=MeetingOutcome.HELD,
                recorded_by=coach,
            )
        )
        assignments.append(
            CoachAssignment(
                referral=referral, coach=coach, assigned_from=enrolled_on, assigned_by=coach
            )
        )
        if referral.stage == Stage.EXITED:
            exits.append(
                Exit(
                    referral=referral,
                    date=today - dt.timedelta(days=1),
                    reason=ExitReason.STOPPED,
                    recorded_by=coach,
                )
            )
    Referral.objects.bulk_create(referrals, batch_size=1000)
    FirstMeeting.objects.bulk_create(meetings, batch_size=1000)
    CoachAssignment.objects.bulk_create(assignments, batch_size=1000)
    Exit.objects.bulk_create(exits, batch_size=1000)
    plans = [
        PlanVersion(
            referral=r,
            number=1,
            status=PlanStatus.APPROVED,
            start=r.enrolled_on + dt.timedelta(days=3),
            end=r.enrolled_on + dt.timedelta(days=150),
            written_by=r.coach,
            decided_by=r.referred_by,
            decided_at=now - dt.timedelta(days=1),
            drawn_up_on=r.enrolled_on + dt.timedelta(days=3),
        )
        for r in referrals
        if r.stage == Stage.ENROLLED
    ]
    PlanVersion.objects.bulk_create(plans, batch_size=1000)
    PlanActivity.objects.bulk_create(
        (
            PlanActivity(
                plan=plan,
                activity_type=job_search,
                provider_name="Jobbtorg",
                start=plan.start + dt.timedelta(days=offset),
                end=plan.start + dt.timedelta(days=offset + 55),
                hours_per_week=Decimal("20.0"),
                goal="Söka jobb.",
            )
            for plan in plans
            for offset in (0, 60)
        ),
        batch_size=1000,
    )
    coach = coaches[sydost.pk][0]
    full = [full_case(coach, manager, n) for n in range(FULL_CASES)]
    plain = next(
        r.participant for r in referrals if r.coach_id == coach.pk and r.stage == "enrolled"
    )
    farsta = District.objects.get(slug="farsta")
    return {
        "coach": coach,
        "manager": manager,
        "officer": officers[farsta.pk],
        "full": full[0],
        "plain": plain,
    }


def full_case(coach, manager, n: int):
    """A person of Farsta with a case file that fills every part of the page: three plan versions
    with follow-ups, an ended interruption, an exception asked for, two reports to the district,
    a place with a provider and a consent to share the case with the district."""
    import datetime as dt

    from django.utils import timezone
    from tests.factories import (
        ParticipantFactory,
        ProviderFactory,
        district,
        job_centre,
        valid_personal_identity_number,
    )
    from tests.participants.factories import ReferralFactory
    from tests.plans.factories import PlanActivityFactory, PlanVersionFactory
    from tests.providers.factories import ActivityParticipationFactory, OfferingFactory

    from jobbtorg.participants.models import (
        CaseSharingConsent,
        DistrictEvent,
        EventKind,
        Interruption,
        InterruptionReason,
        LimitException,
        SharedPart,
    )
    from jobbtorg.plans.models import FollowUp, FollowUpOutcome, PlanStatus
    from jobbtorg.providers.models import ParticipationStatus

    today = timezone.localdate()
    farsta = district("farsta")
    person = ParticipantFactory(
        personal_identity_number=valid_personal_identity_number(n, born=dt.date(1990, 6, 1)),
        home_district=farsta,
    )
    referral = ReferralFactory(participant=person, enrolled=True, coach=coach)
    for number, status in enumerate(
        (PlanStatus.SUPERSEDED, PlanStatus.APPROVED, PlanStatus.AWAITING_APPROVAL), start=1
    ):
        plan = PlanVersionFactory(referral=referral, number=number, status=status, activity=None)
        for offset in range(3):
            activity = PlanActivityFactory(plan=plan)
            for _ in range(offset):
                FollowUp.objects.create(
                    activity=activity,
                    done_on=today,
                    outcome=FollowUpOutcome.NEXT_STEP,
                    note="Går bra.",
                    recorded_by=coach,
                )
        del activity
    Interruption.objects.create(
        referral=referral,
        reason=InterruptionReason.ILLNESS,
        start=today - dt.timedelta(days=20),
        end=today - dt.timedelta(days=10),
        recorded_by=coach,
    )
    LimitException.objects.create(
        referral=referral,
        reason="Nära jobb.",
        until=today + dt.timedelta(days=90),
        requested_by=coach,
    )
    for kind in (EventKind.ABSENCE, EventKind.NON_COOPERATION):
        DistrictEvent.objects.create(
            district=farsta,
            participant=person,
            referral=referral,
            kind=kind,
            occurred_at=timezone.now(),
            summary="Kom inte.",
        )
    CaseSharingConsent.objects.create(
        referral=referral,
        job_centre=job_centre("jarva"),
        shared_part=SharedPart.PLANS_AND_EXIT,
        recorded_by=coach,
    )
    offering = OfferingFactory(provider=ProviderFactory(), made_at=coach.job_centre)
    ActivityParticipationFactory(
        referral=referral, offering=offering, status=ParticipationStatus.PLACED, placed_by=coach
    )
    return person


def measure() -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jobbtorg.core.audit.models import AuditEntry
    from jobbtorg.organisation.services import api_token_create

    who = build(PEOPLE)
    full, plain = who["full"], who["plain"]
    pages = [
        ("Min dag", "/", ("coach", "manager")),
        ("list, first page", "/deltagare/", ("coach", "manager", "officer")),
        ("list, page 40", "/deltagare/?sida=40", ("coach",)),
        ("list, name search", "/deltagare/?q=efternamn12", ("coach",)),
        ("list, personnummer search", "/deltagare/?q=800102", ("coach",)),
        ("participant, full case file", f"/deltagare/{full.pk}/", ("coach", "manager", "officer")),
        ("participant, plain case", f"/deltagare/{plain.pk}/", ("coach",)),
        ("API participant detail", f"/api/v1/participants/{full.pk}", ("coach", "officer")),
    ]
    profile_label = os.environ.get("BENCH_PROFILE", "")
    figures = []
    for label, path, roles in pages:
        for role in roles:
            user = who[role]
            if path.startswith("/api/"):
                client = Client(headers={"Authorization": f"Bearer {api_token_create(user=user)}"})
            else:
                client = Client()
                client.force_login(user)

            def view(client=client, path=path) -> None:
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)

            view()
            with CaptureQueriesContext(connection) as queries:
                view()
            query_count = len(queries)  # read now: the next request empties the log
            audit_before = AuditEntry.objects.count()
            view()
            audit_rows = AuditEntry.objects.count() - audit_before
            ms, cpu_ms = median_ms(view)
            if profile_label and profile_label == label:
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(REPEATS):
                    view()
                profiler.disable()
                print(f"--- profile: {label}, {role}, {REPEATS} views")
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
            figures.append(
                {
                    "page": label,
                    "role": role,
                    "ms": round(ms, 2),
                    "cpu_ms": round(cpu_ms, 2),
                    "queries": query_count,
                    "audit_rows": audit_rows,
                }
            )
    return {"vendor": connection.vendor, "people": PEOPLE, "figures": figures}


def run_here() -> dict:
    import logging

    import django

    django.setup()
    # One line per request on standard error would drown the figures.
    logging.getLogger("jobbtorg.requests").setLevel(logging.WARNING)
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        return measure()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run_baseline(rev: str) -> dict:
    """The same measurement by the code of `rev`, in a process of its own."""
    repo = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory(prefix="bench-baseline-") as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(
            ["git", "-C", str(repo), "worktree", "add", "--detach", "--quiet", str(tree), rev],
            check=True,
        )
        try:
            out = Path(tmp) / "figures.json"
            env = os.environ | {
                "BENCH_CODE_DIR": str(tree),
                "BENCH_JSON": str(out),
                "BENCH_BASELINE": "",
                "PYTHONPATH": str(tree / "src"),
            }
            subprocess.run([sys.executable, __file__], env=env, check=True)
            return json.loads(out.read_text())
        finally:
            subprocess.run(
                ["git", "-C", str(repo), "worktree", "remove", "--force", str(tree)], check=True
            )


def report(now: dict, before: dict | None) -> None:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"{now['vendor']}, {now['people']} people, {REPEATS} views each (median); "
        f"load average {load} on {os.cpu_count()} cores"
    )
    old = {(f["page"], f["role"]): f for f in (before or {}).get("figures", [])}
    header = f"  {'page':<30} {'role':<8} {'ms':>7} {'cpu ms':>7} {'queries':>7} {'audit':>5}"
    if before:
        header += f"   {'before: ms':>10} {'cpu ms':>7} {'queries':>7}   {'cpu now/before':>14}"
    print(header)
    for f in now["figures"]:
        line = (
            f"  {f['page']:<30} {f['role']:<8} {f['ms']:7.1f} {f['cpu_ms']:7.1f} "
            f"{f['queries']:7d} {f['audit_rows']:5d}"
        )
        was = old.get((f["page"], f["role"]))
        if was:
            line += (
                f"   {was['ms']:10.1f} {was['cpu_ms']:7.1f} {was['queries']:7d}"
                f"   {f['cpu_ms'] / was['cpu_ms']:13.2f}x"
            )
        print(line)


def main() -> None:
    baseline = os.environ.get("BENCH_BASELINE", "")
    before = run_baseline(baseline) if baseline else None
    now = run_here()
    if os.environ.get("BENCH_JSON"):
        Path(os.environ["BENCH_JSON"]).write_text(json.dumps(now))
        return
    if before:
        print(f"before: {baseline}")
    report(now, before)


if __name__ == "__main__":
    main()
