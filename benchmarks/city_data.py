"""A city's staff and their day's work, for the city-scale benchmark (bench_city_scale.py).

Three steps, each run by the benchmark as a process of the revision it measures (PYTHONPATH
pointing at that revision's src/), against the database the server will use:

    python benchmarks/city_data.py staff STAFF.json      accounts; writes who they are
    python benchmarks/city_data.py files DIR STAFF.json  the people in the transfer format
    jobbtorg transfer import DIR                          (the product's own command)
    python benchmarks/city_data.py work STAFF.json       inbox events, exceptions, first meetings

The accounts are made by the product's service (`user_create`), the people come in through the
transfer import with their coach named in participants.csv (30 coaches per Jobbtorg at city
size share its open cases), and the day's work is written by the services a coach uses:
absences reported to the district (the officers' inbox), exceptions to the 18-month limit asking
for the manager's decision, intake times today with first meetings booked. Every account has the
password in BENCH_PASSWORD (set by the benchmark), hashed once: hashing 200 passwords one by one
would take minutes and is not what is measured.

tests/benchmarks/test_city_data.py runs these functions at a tiny size against the test database.
"""

import datetime as dt
import json
import math
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CITY_PEOPLE = 50_000
PREFIX = "bench-"


@dataclass(frozen=True)
class Staffing:
    """How many accounts of each role: at city size 150 coaches (30 per Jobbtorg), 5 managers,
    15 matchers, 28 district officers (two per district) and 2 analysts, 200 in all; smaller
    cities have fewer coaches, so that a coach's caseload stays a city coach's."""

    coaches_per_centre: int
    matchers_per_centre: int
    officers_per_district: int
    analysts: int

    @classmethod
    def for_people(cls, people: int) -> "Staffing":
        share = people / CITY_PEOPLE
        return cls(
            coaches_per_centre=max(2, math.ceil(30 * share)),
            matchers_per_centre=max(1, math.ceil(3 * share)),
            officers_per_district=max(1, math.ceil(2 * share)),
            analysts=max(1, math.ceil(2 * share)),
        )


def create_staff(staffing: Staffing, password: str) -> dict[str, Any]:
    """The accounts, through the product's service; returns who they are (usernames by role
    and unit, the coaches of each district's Jobbtorg) as JSON-ready data."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from jobbtorg.organisation.models import District, JobCentre, User
    from jobbtorg.organisation.services import user_create

    today = timezone.localdate()
    staff: dict[str, Any] = {
        "coach": {},
        "manager": {},
        "matcher": {},
        "district_officer": {},
        "analyst": [],
        "coaches_by_district": {},
        "staffing": asdict(staffing),
    }
    made = []
    for centre in JobCentre.objects.filter(is_active=True).order_by("slug"):
        for role, count in (
            ("coach", staffing.coaches_per_centre),
            ("manager", 1),
            ("matcher", staffing.matchers_per_centre),
        ):
            names = [f"{PREFIX}{role}-{centre.slug}-{i + 1:02d}" for i in range(count)]
            for username in names:
                made.append(user_create(username=username, role=role, job_centre=centre.slug))
            staff[role][centre.slug] = names
        for district in centre.districts_on(today):
            staff["coaches_by_district"][district.slug] = staff["coach"][centre.slug]
    for district in District.objects.filter(is_active=True).order_by("slug"):
        names = [
            f"{PREFIX}officer-{district.slug}-{i + 1}"
            for i in range(staffing.officers_per_district)
        ]
        for username in names:
            made.append(
                user_create(username=username, role="district_officer", district=district.slug)
            )
        staff["district_officer"][district.slug] = names
    for i in range(staffing.analysts):
        username = f"{PREFIX}analyst-{i + 1}"
        made.append(user_create(username=username, role="analyst"))
        staff["analyst"].append(username)
    User.objects.filter(pk__in=[u.pk for u in made]).update(password=make_password(password))
    return staff


def write_people(directory: Path, people: int, staff: dict[str, Any]) -> None:
    """The people in the transfer format: spread over every district the staff serve, each open
    case with a coach of the district's Jobbtorg in turn, one in twelve awaiting a first
    meeting."""
    from benchmarks.transfer_files import write_transfer
    from django.utils import timezone

    districts = sorted(staff["coaches_by_district"])
    write_transfer(
        directory,
        people,
        today=timezone.localdate(),
        districts=districts,
        coaches=staff["coaches_by_district"],
        awaiting_every=12,
    )


# One open case in EVENT_EVERY has an absence reported to its district (the officers' inbox).
EVENT_EVERY = 25
EXCEPTIONS_PER_CENTRE = 3


def add_days_work(staff: dict[str, Any]) -> dict[str, int]:
    """What staff find waiting: absences reported by coaches (the district officers' inbox),
    exceptions to the 18-month limit awaiting each manager, and for each coach an intake time
    later today booked for a person awaiting a first meeting (when the day has time left).
    Through the services a coach and a manager use, each with its audit entries."""
    from django.db import transaction
    from django.utils import timezone

    from jobbtorg.core.audit.events import AuditContext
    from jobbtorg.core.errors import ValidationFailed
    from jobbtorg.organisation.models import User
    from jobbtorg.participants.models import EventKind, Referral, Stage
    from jobbtorg.participants.services.district_events import district_report
    from jobbtorg.participants.services.first_meetings import (
        first_meeting_book,
        intake_slot_publish,
    )
    from jobbtorg.participants.services.limit_exceptions import limit_exception_request

    accounts = {u.username: u for u in User.objects.filter(username__startswith=PREFIX)}

    def context(user: Any) -> AuditContext:
        return AuditContext.for_command("bench city data", actor=user)

    counts = {"inbox events": 0, "exceptions awaiting a decision": 0, "first meetings today": 0}
    open_cases = (
        Referral.objects.filter(stage=Stage.ENROLLED, coach__isnull=False)
        .select_related("coach", "job_centre", "district", "participant")
        .order_by("referred_at", "pk")
    )
    with transaction.atomic():
        for referral in open_cases[::EVENT_EVERY]:
            district_report(
                actor=referral.coach,
                audit_context=context(referral.coach),
                referral=referral,
                kind=EventKind.ABSENCE,
                text="Frånvarande utan anmälan två dagar i rad.",
            )
            counts["inbox events"] += 1
    today = timezone.localdate()
    for centre, coaches in staff["coach"].items():
        asked = 0
        for referral in open_cases.filter(job_centre__slug=centre).order_by("enrolled_on")[:20]:
            if asked == EXCEPTIONS_PER_CENTRE:
                break
            try:
                limit_exception_request(
                    actor=referral.coach,
                    audit_context=context(referral.coach),
                    referral=referral,
                    reason="Anställning med lönestöd väntar; avbrott skulle bryta planen.",
                    until=today + dt.timedelta(days=700),
                )
            except ValidationFailed:
                continue  # a limit beyond the date asked: another case
            asked += 1
        counts["exceptions awaiting a decision"] += asked
        # Intake times in the coming hours of today, booked by the manager for the people
        # awaiting a first meeting; none when the day is nearly over.
        manager = accounts[staff["manager"][centre][0]]
        starts = timezone.localtime().replace(minute=0, second=0, microsecond=0)
        for i, username in enumerate(coaches):
            slot_at = starts + dt.timedelta(hours=1 + i % 3, minutes=15 * (i // 3 % 4))
            if timezone.localdate(slot_at) != today:
                break
            intake_slot_publish(actor=accounts[username], starts_at=slot_at, minutes=15)
        waiting = Referral.objects.filter(
            job_centre__slug=centre, stage=Stage.REFERRED, first_meeting_slot__isnull=True
        ).order_by("referred_at", "pk")
        for referral in waiting[: len(coaches)]:
            try:
                first_meeting_book(actor=manager, audit_context=context(manager), referral=referral)
            except ValidationFailed:
                break  # no free time left today
            counts["first meetings today"] += 1
    return counts


def main(argv: list[str]) -> None:
    import django

    django.setup()
    step, *paths = argv
    if step == "staff":
        people = int(os.environ["BENCH_PEOPLE"])
        staff = create_staff(Staffing.for_people(people), os.environ["BENCH_PASSWORD"])
        Path(paths[0]).write_text(json.dumps(staff))
    elif step == "files":
        staff = json.loads(Path(paths[1]).read_text())
        write_people(Path(paths[0]), int(os.environ["BENCH_PEOPLE"]), staff)
    elif step == "work":
        staff = json.loads(Path(paths[0]).read_text())
        print(json.dumps(add_days_work(staff)))
    else:
        raise SystemExit(f"unknown step {step!r}: staff, files or work")


if __name__ == "__main__":
    main(sys.argv[1:])
