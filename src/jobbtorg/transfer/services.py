"""Import of the transfer format (issue 5): validated records in, the product's rows out.

The engine (`jobbtorg.engines.transfer`) reads and validates with the product's rules; this
module matches each record with what is already here and creates, updates or leaves it. Rows are
read and written in bulk, because a municipality moves tens of thousands of people at once.
Matching keys: a person by personnummer; their case by referral date, or else their open case;
a plan by its source-system id (`plan_ref`); an activity by plan, type, provider and start; an
interruption by its start; an exit by case; assistance by personnummer and month.

A Jobbtorg manager's upload is limited to the manager's Jobbtorg (`unit_of`): the check decides
from the rows and what the Jobbtorg already has (`UnitScope`), and a person the Jobbtorg does
not have but the city does is held back, never written (see `transfer_import`).
"""

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.roles import Role
from jobbtorg.engines.rules.personal_identity import parse_personal_identity_number
from jobbtorg.engines.transfer import format as fmt
from jobbtorg.engines.transfer.read import ArchiveLimits, ArchiveTooLarge, UnusableInput
from jobbtorg.engines.transfer.records import TransferRecords
from jobbtorg.engines.transfer.validate import Reject, UnitScope, ValidationResult
from jobbtorg.engines.transfer.write import record_to_row, write_rejects
from jobbtorg.organisation.models import District, JobCentre, User
from jobbtorg.organisation.selectors import district_ids_served_by
from jobbtorg.participants.models import (
    AfRegistration,
    Exit,
    ExitReason,
    Interruption,
    InterruptionReason,
    Participant,
    Referral,
    Stage,
    TargetGroup,
)
from jobbtorg.plans.models import FollowUp, FollowUpOutcome, PlanActivity, PlanStatus, PlanVersion
from jobbtorg.providers.models import ActivityType
from jobbtorg.transfer.models import AssistanceMonth, ImportRun

TRANSFER_ACCOUNT = "system-transfer"
# SQLite allows at most 999 variables in one statement on older builds.
CHUNK = 900
REJECTS_SHOWN = 100
IMPORTED_BASIS = "Överförd från tidigare system (överföringsformat version 1)."

Progress = Callable[[str, int, int], None]
_T = TypeVar("_T")


@dataclass(frozen=True)
class Unit:
    """The Jobbtorg an upload is limited to, and what the check may know of it."""

    job_centre_id: int
    scope: UnitScope


def reference_codes(unit: Unit | None = None) -> fmt.ReferenceCodes:
    """The product's code lists as the engine needs them (`jobbtorg transfer codes` too); for a
    unit's upload, its own coaches only."""
    coaches = User.objects.filter(role=Role.COACH, is_active=True)
    if unit is not None:
        coaches = coaches.filter(job_centre_id=unit.job_centre_id)
    return fmt.ReferenceCodes.build(
        target_groups=TargetGroup.objects.filter(is_active=True).values_list("code", flat=True),
        activity_types=ActivityType.objects.filter(is_active=True).values_list("code", flat=True),
        exit_reasons=ExitReason.values,
        interruption_reasons=InterruptionReason.values,
        districts=District.objects.values_list("slug", "name"),
        coaches=coaches.values_list("username", flat=True),
    )


def archive_limits() -> ArchiveLimits:
    return ArchiveLimits(
        max_unpacked_bytes=settings.JOBBTORG_TRANSFER_MAX_UNPACKED_MB * 1024 * 1024,
        max_members=settings.JOBBTORG_TRANSFER_MAX_MEMBERS,
    )


def refusal_text(error: UnusableInput) -> str:
    """Why an input cannot be used, for the page and the command."""
    if isinstance(error, ArchiveTooLarge):
        if error.members > error.limits.max_members:
            return _(
                "%(name)s holds %(count)s files, more than the %(limit)s allowed. Nothing in it "
                "was read: split the transfer into smaller files."
            ) % {"name": error.name, "count": error.members, "limit": error.limits.max_members}
        return _(
            "%(name)s unpacks to more than %(limit)s MB. Nothing in it was read: split the "
            "transfer into smaller files."
        ) % {"name": error.name, "limit": error.limits.max_unpacked_bytes // (1024 * 1024)}
    return str(error)


def not_in_unit_message() -> str:
    # Says nothing of where the person is, or whether the city knows them at all.
    return _("The person is not in your Jobbtorg.")


def _current_cases(people: Iterable[Participant]) -> dict[Any, Referral]:
    """Each person's current case: the open one wins, otherwise the latest."""
    cases: dict[Any, Referral] = {}
    for part in _chunks(list(people)):
        for case in Referral.objects.filter(participant__in=part).order_by("referred_at"):
            current = cases.get(case.participant_id)
            if current is None or current.stage == Stage.EXITED:
                cases[case.participant_id] = case
    return cases


def unit_of(actor: User | None) -> Unit | None:
    """A Jobbtorg manager's uploads are limited to their Jobbtorg; administrators' and the
    command line's are city-wide (None). The Jobbtorg's people: those whose home district it
    serves today and whose current case, if they have one, is at it."""
    if actor is None or actor.role != Role.MANAGER:
        return None
    if actor.job_centre_id is None:
        raise ValueError("A manager without a Jobbtorg cannot import.")
    served = list(district_ids_served_by(actor.job_centre_id).values_list("district_id", flat=True))
    residents = list(Participant.objects.filter(home_district_id__in=served))
    cases = _current_cases(residents)
    own = frozenset(
        p.personal_identity_number
        for p in residents
        if p.pk not in cases or cases[p.pk].job_centre_id == actor.job_centre_id
    )
    slugs = frozenset(District.objects.filter(pk__in=served).values_list("slug", flat=True))
    return Unit(
        job_centre_id=actor.job_centre_id,
        scope=UnitScope(own_people=own, served_districts=slugs, message=not_in_unit_message()),
    )


def transfer_account() -> User:
    """Writes by the command line are made in this account's name; it cannot sign in."""
    user, created = User.objects.get_or_create(
        username=TRANSFER_ACCOUNT,
        defaults={"role": Role.ADMINISTRATOR, "is_active": False, "first_name": "Överföring"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _chunks(items: Sequence[_T]) -> Iterable[Sequence[_T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


class _Counts:
    def __init__(self) -> None:
        self.by_file: dict[str, Counter[str]] = {}

    def add(self, file: str, outcome: str) -> None:
        self.by_file.setdefault(file, Counter())[outcome] += 1


def _changed(obj: Any, values: dict[str, Any]) -> list[str]:
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return changed


class _Importer:
    def __init__(self, actor: User, progress: Progress | None, unit: Unit | None = None) -> None:
        self.actor = actor
        self.unit = unit
        # Per person (personnummer): the files whose rows created or changed their data.
        self.written: dict[str, set[str]] = {}
        self.progress = progress or (lambda file, done, total: None)
        self.counts = _Counts()
        self.today = timezone.localdate()
        self.people: dict[str, Participant] = {}
        self.cases: dict[str, Referral] = {}
        self.plans: dict[tuple[str, str], PlanVersion] = {}

    def _wrote(self, number: str, file: str) -> None:
        self.written.setdefault(number, set()).add(file)

    def _tick(self, file: str, done: int, total: int) -> None:
        if done == total or done % 500 == 0:
            self.progress(file, done, total)

    # People and their cases

    def participants(self, records: TransferRecords) -> None:
        numbers = sorted(
            {r.personnummer for r in records.participants}
            | {r.personnummer for r in records.plans}
            | {r.personnummer for r in records.activities}
            | {r.personnummer for r in records.interruptions}
            | {r.personnummer for r in records.exits}
            | {r.personnummer for r in records.assistance}
        )
        for part in _chunks(numbers):
            for person in Participant.objects.filter(personal_identity_number__in=part):
                self.people[person.personal_identity_number] = person
        numbers_by_id = {p.pk: number for number, p in self.people.items()}
        for person_id, case in _current_cases(self.people.values()).items():
            self.cases[numbers_by_id[person_id]] = case
        districts = {d.slug: d for d in District.objects.all()}
        groups = {g.code: g for g in TargetGroup.objects.all()}
        coaches = {u.username: u for u in User.objects.filter(role=Role.COACH)}
        centres: dict[tuple[str, dt.date], JobCentre | None] = {}
        new_people, changed_people = [], []
        # A person row is "updated" when the person or their case changed.
        outcome: dict[str, str] = {}
        total = len(records.participants)
        for done, record in enumerate(records.participants, start=1):
            district = districts[record.home_district]
            values = {
                "first_name": record.first_name,
                "last_name": record.last_name,
                "home_district_id": district.pk,
            }
            person = self.people.get(record.personnummer)
            if person is None:
                identity = parse_personal_identity_number(record.personnummer)
                person = Participant(
                    personal_identity_number=identity.number,
                    is_coordination_number=identity.is_coordination_number,
                    birth_date=identity.birth_date,
                    created_by=self.actor,
                    **values,
                )
                new_people.append(person)
                self.people[record.personnummer] = person
                outcome[record.personnummer] = "created"
            elif _changed(person, values):
                changed_people.append(person)
                outcome[record.personnummer] = "updated"
            else:
                outcome[record.personnummer] = "unchanged"
            self._tick("participants", done, total)
        Participant.objects.bulk_create(new_people, batch_size=CHUNK)
        Participant.objects.bulk_update(
            changed_people, ["first_name", "last_name", "home_district"], batch_size=CHUNK
        )
        new_cases, changed_cases = [], []
        case_fields = [
            "target_group",
            "enrolled_on",
            "stage",
            "coach",
            "af_registration",
            "af_registration_on",
            "referred_at",
            "job_centre",
            "district",
        ]
        for record in records.participants:
            person = self.people[record.personnummer]
            district = districts[record.home_district]
            key = (district.slug, record.referred_on)
            if key not in centres:
                centres[key] = district.job_centre_on(record.referred_on) or district.job_centre_on(
                    self.today
                )
            coach = coaches.get(record.coach) if record.coach else None
            af = (
                ""
                if record.af_registered is None
                else AfRegistration.REGISTERED
                if record.af_registered
                else AfRegistration.NOT_APPLICABLE
            )
            case = self.cases.get(record.personnummer)
            if (
                case is not None
                and case.stage == Stage.EXITED
                and (timezone.localdate(case.referred_at) != record.referred_on)
            ):
                case = None  # a new referral after an earlier exit
            values = {
                "target_group_id": groups[record.target_group].pk,
                "enrolled_on": record.enrolled_on,
                "coach_id": coach.pk if coach is not None else (case.coach_id if case else None),
                "af_registration": af,
                "referred_at": _midnight(record.referred_on),
                # A unit's upload writes cases of that unit only.
                "job_centre_id": self.unit.job_centre_id
                if self.unit is not None
                else centres[key].pk
                if centres[key]
                else None,
                "district_id": district.pk,
            }
            if case is None:
                case = Referral(
                    participant=person,
                    basis=IMPORTED_BASIS,
                    consent_given=None,
                    referred_by=self.actor,
                    stage=Stage.ENROLLED if record.enrolled_on else Stage.REFERRED,
                    **values,
                )
                new_cases.append(case)
                self.cases[record.personnummer] = case
            else:
                if case.stage != Stage.EXITED:
                    values["stage"] = Stage.ENROLLED if record.enrolled_on else Stage.REFERRED
                if _changed(case, values):
                    changed_cases.append(case)
                    if outcome[record.personnummer] == "unchanged":
                        outcome[record.personnummer] = "updated"
        for number, result in outcome.items():
            self.counts.add("participants", result)
            if result != "unchanged":
                self._wrote(number, "participants")
        Referral.objects.bulk_create(new_cases, batch_size=CHUNK)
        Referral.objects.bulk_update(changed_cases, case_fields, batch_size=CHUNK)

    # Plans and activities

    def plan_versions(self, records: TransferRecords) -> None:
        cases = [self.cases[r.personnummer] for r in records.plans]
        existing: dict[tuple[Any, str], PlanVersion] = {}
        numbers: Counter[Any] = Counter()
        for part in _chunks([c.pk for c in cases]):
            for plan in PlanVersion.objects.filter(referral_id__in=part):
                numbers[plan.referral_id] = max(numbers[plan.referral_id], plan.number)
                # Versions written in the product are exported as v1, v2, ...: the same key
                # finds them again when an export is imported.
                existing[(plan.referral_id, plan.source_ref or f"v{plan.number}")] = plan
        # Which version is active: the latest approved; a later unapproved one awaits.
        by_case: dict[Any, list[Any]] = {}
        for record in records.plans:
            by_case.setdefault(self.cases[record.personnummer].pk, []).append(record)
        status_of: dict[tuple[str, str], str] = {}
        for plan_records in by_case.values():
            approved = [r for r in plan_records if r.approved_on]
            latest_approved = max(
                approved, key=lambda r: (r.approved_on, r.drawn_up_on), default=None
            )
            pending = [r for r in plan_records if not r.approved_on]
            latest_pending = max(pending, key=lambda r: r.drawn_up_on, default=None)
            for r in plan_records:
                key = (r.personnummer, r.plan_ref)
                if r is latest_approved:
                    status_of[key] = PlanStatus.APPROVED
                elif r is latest_pending and (
                    latest_approved is None or r.drawn_up_on >= latest_approved.drawn_up_on
                ):
                    status_of[key] = PlanStatus.AWAITING_APPROVAL
                else:
                    status_of[key] = PlanStatus.SUPERSEDED
        new, changed = [], []
        for record in sorted(records.plans, key=lambda r: (r.personnummer, r.drawn_up_on)):
            case = self.cases[record.personnummer]
            status = status_of[(record.personnummer, record.plan_ref)]
            values = {
                "start": record.start,
                "end": record.end,
                "drawn_up_on": record.drawn_up_on,
                "status": status,
                "decided_at": _midnight(record.approved_on) if record.approved_on else None,
            }
            plan = existing.get((case.pk, record.plan_ref))
            if plan is None:
                numbers[case.pk] += 1
                plan = PlanVersion(
                    referral=case,
                    number=numbers[case.pk],
                    source_ref=record.plan_ref,
                    written_by=self.actor,
                    decided_by=self.actor if record.approved_on else None,
                    **values,
                )
                new.append(plan)
                self.counts.add("plans", "created")
                self._wrote(record.personnummer, "plans")
            elif _changed(plan, values):
                changed.append(plan)
                self.counts.add("plans", "updated")
                self._wrote(record.personnummer, "plans")
            else:
                self.counts.add("plans", "unchanged")
            self.plans[(record.personnummer, record.plan_ref)] = plan
        # One active plan per case: whatever else is approved there steps aside first, then the
        # demoted versions are saved, then the approved ones and the new rows.
        approved = [p for p in list(changed) + new if p.status == PlanStatus.APPROVED]
        for part in _chunks(approved):
            PlanVersion.objects.filter(
                referral_id__in=[p.referral_id for p in part], status=PlanStatus.APPROVED
            ).exclude(pk__in=[p.pk for p in part]).update(status=PlanStatus.SUPERSEDED)
        fields = ["start", "end", "drawn_up_on", "status", "decided_at"]
        PlanVersion.objects.bulk_update(
            [p for p in changed if p.status != PlanStatus.APPROVED], fields, batch_size=CHUNK
        )
        PlanVersion.objects.bulk_update(
            [p for p in changed if p.status == PlanStatus.APPROVED], fields, batch_size=CHUNK
        )
        PlanVersion.objects.bulk_create(new, batch_size=CHUNK)

    def activities(self, records: TransferRecords) -> None:
        types = {t.code: t for t in ActivityType.objects.all()}
        # Activities whose plan came in an earlier import (a corrected rejects file).
        missing = {(r.personnummer, r.plan_ref) for r in records.activities} - set(self.plans)
        if missing:
            cases = {self.cases[number].pk: number for number, _ref in missing}
            for plan in PlanVersion.objects.filter(referral_id__in=list(cases)):
                key = (cases[plan.referral_id], plan.source_ref or f"v{plan.number}")
                if key in missing:
                    self.plans[key] = plan
        plans = {p.pk: p for p in self.plans.values()}
        existing: dict[tuple[Any, str, str, dt.date], PlanActivity] = {}
        followed: set[int] = set()
        for part in _chunks(list(plans)):
            for activity in PlanActivity.objects.filter(plan_id__in=part):
                key = (
                    activity.plan_id,
                    activity.activity_type_id,
                    activity.provider_name.lower(),
                    activity.start,
                )
                existing[key] = activity  # type: ignore[index]
            followed.update(
                FollowUp.objects.filter(activity__plan_id__in=part).values_list(
                    "activity_id", flat=True
                )
            )
        new, changed, outcomes = [], [], []
        for record in records.activities:
            plan = self.plans[(record.personnummer, record.plan_ref)]
            activity_type = types[record.activity_type]
            values = {
                "end": record.end,
                "hours_per_week": record.hours_per_week
                if record.hours_per_week is not None
                else Decimal(0),
                "goal": record.goal,
            }
            key = (plan.pk, activity_type.pk, record.provider.lower(), record.start)
            activity = existing.get(key)  # type: ignore[arg-type]
            if activity is None:
                activity = PlanActivity(
                    plan=plan,
                    activity_type=activity_type,
                    provider_name=record.provider,
                    start=record.start,
                    **values,
                )
                new.append(activity)
                self.counts.add("activities", "created")
                self._wrote(record.personnummer, "activities")
            elif _changed(activity, values):
                changed.append(activity)
                self.counts.add("activities", "updated")
                self._wrote(record.personnummer, "activities")
            else:
                self.counts.add("activities", "unchanged")
            if record.status in {"completed", "interrupted"} and activity.pk not in followed:
                outcomes.append((activity, record))
        PlanActivity.objects.bulk_create(new, batch_size=CHUNK)
        PlanActivity.objects.bulk_update(
            changed, ["end", "hours_per_week", "goal"], batch_size=CHUNK
        )
        FollowUp.objects.bulk_create(
            [
                FollowUp(
                    activity=activity,
                    done_on=min(record.end, self.today),
                    outcome=FollowUpOutcome.COMPLETED
                    if record.status == "completed"
                    else FollowUpOutcome.INTERRUPTED,
                    note=record.outcome,
                    recorded_by=self.actor,
                )
                for activity, record in outcomes
            ],
            batch_size=CHUNK,
        )

    # Interruptions, exits, assistance

    def interruptions(self, records: TransferRecords) -> None:
        cases = {self.cases[r.personnummer].pk for r in records.interruptions}
        existing = {}
        for part in _chunks(list(cases)):
            for i in Interruption.objects.filter(referral_id__in=part):
                existing[(i.referral_id, i.start)] = i
        new, changed = [], []
        for record in records.interruptions:
            case = self.cases[record.personnummer]
            values = {"reason": record.reason, "reason_text": record.reason_text, "end": record.end}
            interruption = existing.get((case.pk, record.start))
            if interruption is None:
                new.append(
                    Interruption(
                        referral=case, start=record.start, recorded_by=self.actor, **values
                    )
                )
                self.counts.add("interruptions", "created")
                self._wrote(record.personnummer, "interruptions")
            elif _changed(interruption, values):
                changed.append(interruption)
                self.counts.add("interruptions", "updated")
                self._wrote(record.personnummer, "interruptions")
            else:
                self.counts.add("interruptions", "unchanged")
        Interruption.objects.bulk_update(
            changed, ["reason", "reason_text", "end"], batch_size=CHUNK
        )
        Interruption.objects.bulk_create(new, batch_size=CHUNK)

    def exits(self, records: TransferRecords) -> None:
        cases = [self.cases[r.personnummer] for r in records.exits]
        existing = {}
        for part in _chunks([c.pk for c in cases]):
            for e in Exit.objects.filter(referral_id__in=part):
                existing[e.referral_id] = e
        new, changed, closed = [], [], []
        fields = [
            "date",
            "reason",
            "reason_text",
            "employment_form",
            "extent",
            "hours_per_week",
            "wage_subsidy",
            "employer",
            "occupation_ssyk",
        ]
        for record in records.exits:
            case = self.cases[record.personnummer]
            values = {
                "date": record.exit_date,
                "reason": record.reason,
                "reason_text": record.reason_text,
                "employment_form": record.employment_form,
                "extent": record.extent,
                "hours_per_week": record.hours_per_week,
                "wage_subsidy": record.wage_subsidy,
                "employer": record.employer,
                "occupation_ssyk": record.occupation_ssyk,
            }
            exit_ = existing.get(case.pk)
            if exit_ is None:
                new.append(Exit(referral=case, recorded_by=self.actor, **values))
                self.counts.add("exits", "created")
                self._wrote(record.personnummer, "exits")
            elif _changed(exit_, values):
                changed.append(exit_)
                self.counts.add("exits", "updated")
                self._wrote(record.personnummer, "exits")
            else:
                self.counts.add("exits", "unchanged")
            if case.stage != Stage.EXITED:
                case.stage = Stage.EXITED
                closed.append(case)
        Referral.objects.bulk_update(closed, ["stage"], batch_size=CHUNK)
        Exit.objects.bulk_update(changed, fields, batch_size=CHUNK)
        Exit.objects.bulk_create(new, batch_size=CHUNK)

    def assistance(self, records: TransferRecords) -> None:
        numbers = sorted({r.personnummer for r in records.assistance})
        existing = {}
        for part in _chunks(numbers):
            for a in AssistanceMonth.objects.filter(personal_identity_number__in=part):
                existing[(a.personal_identity_number, a.month)] = a
        district_ids = dict(District.objects.values_list("slug", "pk"))
        new, changed = [], []
        total = len(records.assistance)
        for done, record in enumerate(records.assistance, start=1):
            person = self.people.get(record.personnummer)
            row = existing.get((record.personnummer, record.month))
            if row is None:
                new.append(
                    AssistanceMonth(
                        personal_identity_number=record.personnummer,
                        participant=person,
                        month=record.month,
                        amount_sek=record.amount_sek,
                        district_id=district_ids.get(record.district),
                    )
                )
                self.counts.add("assistance", "created")
                self._wrote(record.personnummer, "assistance")
            elif _changed(
                row,
                {
                    "amount_sek": record.amount_sek,
                    "participant_id": person.pk if person else row.participant_id,
                    # An empty district keeps the one recorded before.
                    "district_id": district_ids.get(record.district, row.district_id),
                },
            ):
                changed.append(row)
                self.counts.add("assistance", "updated")
                self._wrote(record.personnummer, "assistance")
            else:
                self.counts.add("assistance", "unchanged")
            self._tick("assistance", done, total)
        AssistanceMonth.objects.bulk_create(new, batch_size=CHUNK)
        AssistanceMonth.objects.bulk_update(
            changed, ["amount_sek", "participant", "district"], batch_size=CHUNK
        )


def known_people(unit: Unit | None = None) -> frozenset[str]:
    """The people already in the product; for a unit's upload, in that unit."""
    if unit is not None:
        return unit.scope.own_people
    return frozenset(Participant.objects.values_list("personal_identity_number", flat=True))


def known_plans(unit: Unit | None = None) -> dict[tuple[str, str], tuple[dt.date, dt.date]]:
    """Plans already in the product, by personnummer and source id; for a unit's upload, its
    own people's only (another unit's plan must not make an activity row acceptable)."""
    plans = PlanVersion.objects.exclude(source_ref="")
    if unit is not None:
        plans = plans.filter(referral__job_centre_id=unit.job_centre_id)
    # The validator keeps, of these, only the plans of the unit's own people.
    return {
        (number, ref): (start, end)
        for number, ref, start, end in plans.values_list(
            "referral__participant__personal_identity_number", "source_ref", "start", "end"
        )
    }


def _held_back(records: TransferRecords, unit: Unit) -> set[str]:
    """People the check took for new in the unit (a row of a district it serves) whom the
    city already has, at another unit: they are not written."""
    outside = {r.personnummer for r in records.participants} - unit.scope.own_people
    held: set[str] = set()
    numbers = sorted(outside)
    for part in _chunks(numbers):
        held.update(
            Participant.objects.filter(personal_identity_number__in=part).values_list(
                "personal_identity_number", flat=True
            )
        )
    return held


def _without(
    records: TransferRecords, held: set[str]
) -> tuple[TransferRecords, list[tuple[str, Any]]]:
    """The records less those of the held-back people, and those taken out with their file."""
    kept: dict[str, tuple[Any, ...]] = {}
    taken: list[tuple[str, Any]] = []
    for name in fmt.FILE_NAMES:
        rows = getattr(records, name)
        kept[name] = tuple(r for r in rows if r.personnummer not in held)
        taken.extend((name, r) for r in rows if r.personnummer in held)
    return TransferRecords(**kept), taken


def reconciliation(
    result: ValidationResult,
    counts: dict[str, Counter[str]] | None,
    rejects: Sequence[Reject] | None = None,
) -> dict[str, dict[str, int]]:
    """Per file: read, created, updated, unchanged, rejected."""
    table = {}
    for name, read in result.read.items():
        done = (counts or {}).get(name, Counter())
        filename = f"{name}.csv"
        rejected = (
            result.rejected_rows(name)
            if rejects is None
            else len({r.row for r in rejects if r.file == filename})
        )
        table[name] = {
            "read": read,
            "created": done["created"],
            "updated": done["updated"],
            "unchanged": done["unchanged"],
            "rejected": rejected,
        }
    return table


def transfer_import(
    *,
    result: ValidationResult,
    source: str,
    actor: User | None,
    audit_context: audit.AuditContext,
    dry_run: bool = False,
    all_or_nothing: bool = False,
    progress: Progress | None = None,
    run: ImportRun | None = None,
    unit: Unit | None = None,
    rejects_beside: str = "",
) -> tuple[ImportRun, dict[str, dict[str, int]]]:
    """Write the good records of a validated transfer; nothing when dry-run, or when any row was
    rejected under all-or-nothing. One transaction; one audit entry naming who imported what,
    and one for each person whose data it created or changed.

    `unit` limits the import to a Jobbtorg (a manager's upload, validated with the same unit).
    A person the check took for new there, whom the city already has at another unit, is held
    back: on a dry run their rows count as the rows of a new person would (created), so that the
    check tells nothing of the rest of the city; on the import they are rejected with the same
    message as any row outside the unit, nothing of theirs is written, and their audit extract
    records the attempt. `rejects_beside`: write the rejects files beside this input path."""
    writes = not dry_run and not (all_or_nothing and result.rejects)
    counts = None
    rejects = list(result.rejects)
    records = result.records
    held_rows: list[tuple[str, Any]] = []
    with transaction.atomic():
        if unit is not None:
            held = _held_back(records, unit)
            records, held_rows = _without(records, held)
        if not (all_or_nothing and result.rejects):
            # A dry run makes the same writes and rolls them back, so that its counts of what
            # would be created, updated and left unchanged are the real ones.
            with transaction.atomic():
                importer = _Importer(actor or transfer_account(), progress, unit)
                importer.participants(records)
                importer.plan_versions(records)
                importer.activities(records)
                importer.interruptions(records)
                importer.exits(records)
                importer.assistance(records)
                counts = importer.counts.by_file
                if not writes:
                    transaction.set_rollback(True)
            for name, record in held_rows:
                if writes:
                    rejects.append(_held_reject(name, record))
                else:
                    importer.counts.add(name, "created")
        rejects.sort(key=lambda r: (fmt.FILE_NAMES.index(r.file.removesuffix(".csv")), r.row))
        if rejects_beside and rejects:
            write_rejects(rejects_beside, rejects)
        table = reconciliation(result, counts, rejects)
        run = run or ImportRun(imported_by=actor)
        run.source = source[:500]
        run.dry_run = not writes
        run.all_or_nothing = all_or_nothing
        run.reconciliation = table
        run.rejects_total = len(rejects)
        run.rejects_sample = [
            {"file": r.file, "row": r.row, "column": r.column, "message": r.message}
            for r in rejects[:REJECTS_SHOWN]
        ]
        run.save()
        audit.transfer_imported(audit_context, run)
        if writes and counts is not None:
            audit.transfer_people_imported(
                audit_context,
                run,
                [
                    (importer.people[number], sorted(files))
                    for number, files in sorted(importer.written.items())
                    if number in importer.people
                ],
            )
            refused = sorted({record.personnummer for _name, record in held_rows})
            for part in _chunks(refused):
                audit.transfer_people_refused(
                    audit_context,
                    run,
                    Participant.objects.filter(personal_identity_number__in=part),
                )
    return run, table


def _held_reject(name: str, record: Any) -> Reject:
    return Reject(
        file=f"{name}.csv",
        row=record.row,
        column="",
        message=not_in_unit_message(),
        values=record_to_row(record),
    )


# Export: the product's records in the same format.


def _af_text(code: str) -> bool | None:
    if code in {AfRegistration.REGISTERED, AfRegistration.REGISTERED_TODAY}:
        return True
    if code == AfRegistration.NOT_APPLICABLE:
        return False
    return None


def transfer_export_records() -> TransferRecords:
    """Every person's current case (the open one, else the latest) with its plan versions
    (rejected versions have no place in the format and are left out), activities,
    interruptions and exit, and all assistance months."""
    from jobbtorg.engines.transfer.records import (
        ActivityRecord,
        AssistanceRecord,
        ExitRecord,
        InterruptionRecord,
        ParticipantRecord,
        PlanRecord,
    )

    today = timezone.localdate()
    cases: dict[Any, Referral] = {}
    for case in Referral.objects.select_related(
        "participant", "district", "target_group", "coach"
    ).order_by("referred_at"):
        current = cases.get(case.participant_id)
        if current is None or current.stage == Stage.EXITED:
            cases[case.participant_id] = case
    people, plans, activities, interruptions, exits = [], [], [], [], []
    chosen = {case.pk: case for case in cases.values()}
    for case in sorted(chosen.values(), key=lambda c: c.participant.personal_identity_number):
        person = case.participant
        people.append(
            ParticipantRecord(
                personnummer=person.personal_identity_number,
                first_name=person.first_name,
                last_name=person.last_name,
                home_district=case.district.slug,
                target_group=case.target_group.code,
                referred_on=timezone.localdate(case.referred_at),
                enrolled_on=case.enrolled_on,
                coach=case.coach.username if case.coach else "",
                af_registered=_af_text(case.af_registration),
            )
        )
    number_of = {pk: c.participant.personal_identity_number for pk, c in chosen.items()}
    follow_ups = {
        f.activity_id: f
        for f in FollowUp.objects.filter(activity__plan__referral_id__in=list(chosen)).order_by(
            "done_on", "created_at"
        )
    }
    for plan in (
        PlanVersion.objects.filter(referral_id__in=list(chosen))
        .exclude(status=PlanStatus.REJECTED)
        .prefetch_related("activities__activity_type", "activities__provider")
        .order_by("referral_id", "number")
    ):
        number = number_of[plan.referral_id]
        ref = plan.source_ref or f"v{plan.number}"
        approved = plan.decided_at is not None and plan.status in {
            PlanStatus.APPROVED,
            PlanStatus.SUPERSEDED,
        }
        plans.append(
            PlanRecord(
                personnummer=number,
                plan_ref=ref,
                drawn_up_on=plan.drawn_up_on or timezone.localdate(plan.created_at),
                start=plan.start,
                end=plan.end,
                approved_on=timezone.localdate(plan.decided_at) if approved else None,
            )
        )
        for activity in plan.activities.all():
            follow_up = follow_ups.get(activity.pk)
            if follow_up is not None and follow_up.outcome in {
                FollowUpOutcome.COMPLETED,
                FollowUpOutcome.INTERRUPTED,
            }:
                status = follow_up.outcome
            else:
                status = "planned" if activity.start > today else "ongoing"
            activities.append(
                ActivityRecord(
                    personnummer=number,
                    plan_ref=ref,
                    activity_type=activity.activity_type.code,
                    provider=activity.provider_label,
                    start=activity.start,
                    end=activity.end,
                    status=status,
                    outcome=follow_up.note if follow_up else "",
                    hours_per_week=activity.hours_per_week or None,
                    goal=activity.goal,
                )
            )
    for interruption in Interruption.objects.filter(referral_id__in=list(chosen)).order_by(
        "referral_id", "start"
    ):
        interruptions.append(
            InterruptionRecord(
                personnummer=number_of[interruption.referral_id],
                reason=interruption.reason,
                start=interruption.start,
                end=interruption.end,
                reason_text=interruption.reason_text,
            )
        )
    for exit_ in Exit.objects.filter(referral_id__in=list(chosen)):
        exits.append(
            ExitRecord(
                personnummer=number_of[exit_.referral_id],
                exit_date=exit_.date,
                reason=exit_.reason,
                reason_text=exit_.reason_text,
                employment_form=exit_.employment_form,
                extent=exit_.extent,
                hours_per_week=exit_.hours_per_week,
                wage_subsidy=exit_.wage_subsidy,
                employer=exit_.employer,
                occupation_ssyk=exit_.occupation_ssyk,
            )
        )
    assistance = [
        AssistanceRecord(
            personnummer=a.personal_identity_number,
            month=a.month,
            amount_sek=a.amount_sek,
            district=a.district.slug if a.district else "",
        )
        for a in AssistanceMonth.objects.select_related("district").order_by(
            "personal_identity_number", "month"
        )
    ]
    return TransferRecords(
        participants=tuple(people),
        plans=tuple(plans),
        activities=tuple(activities),
        interruptions=tuple(interruptions),
        exits=tuple(sorted(exits, key=lambda e: e.personnummer)),
        assistance=tuple(assistance),
    )


def transfer_export(
    *, path: str, actor: User | None, audit_context: audit.AuditContext
) -> dict[str, int]:
    """Write every file of the format into the directory `path`; one audit entry."""
    from jobbtorg.engines.transfer.write import records_to_rows, write_csv_directory

    records = transfer_export_records()
    tables = records_to_rows(records)
    write_csv_directory(path, tables)
    counts = {name: len(rows) for name, rows in tables.items()}
    audit.transfer_exported(audit_context, path, counts)
    return counts
