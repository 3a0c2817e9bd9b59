"""Writing people and their cases (referrals) from participants.csv. Matching: a person by
personnummer; their case by referral date, or else their open case."""

import datetime as dt

from django.utils import timezone

from jobbtorg.core.bulk import insert_objects
from jobbtorg.core.roles import Role
from jobbtorg.engines.rules.personal_identity import parse_personal_identity_number
from jobbtorg.engines.transfer.records import TransferRecords
from jobbtorg.organisation.models import District, JobCentre, User
from jobbtorg.organisation.selectors import JobCentreCalendar
from jobbtorg.participants.models import (
    AfRegistration,
    Participant,
    Referral,
    Stage,
    TargetGroup,
)
from jobbtorg.transfer.services.bulk import apply_changes, chunks, midnight, update_changed
from jobbtorg.transfer.services.checks import current_cases
from jobbtorg.transfer.services.importer import Importer

IMPORTED_BASIS = "Överförd från tidigare system (överföringsformat version 1)."


def write_people(importer: Importer, records: TransferRecords) -> None:
    numbers = sorted(
        {r.personnummer for r in records.participants}
        | {r.personnummer for r in records.plans}
        | {r.personnummer for r in records.activities}
        | {r.personnummer for r in records.interruptions}
        | {r.personnummer for r in records.exits}
        | {r.personnummer for r in records.assistance}
    )
    for part in chunks(numbers):
        for person in Participant.objects.filter(personal_identity_number__in=part):
            importer.people[person.personal_identity_number] = person
    numbers_by_id = {p.pk: number for number, p in importer.people.items()}
    for person_id, case in current_cases(importer.people.values()).items():
        importer.cases[numbers_by_id[person_id]] = case
    districts = {d.slug: d for d in District.objects.all()}
    groups = {g.code: g for g in TargetGroup.objects.all()}
    coaches = {u.username: u for u in User.objects.filter(role=Role.COACH)}
    centres: dict[tuple[str, dt.date], JobCentre | None] = {}
    calendar = JobCentreCalendar()
    new_people, changed_people = [], []
    # A person row is "updated" when the person or their case changed.
    outcome: dict[str, str] = {}
    for record in records.participants:
        district = districts[record.home_district]
        values = {
            "first_name": record.first_name,
            "last_name": record.last_name,
            "home_district_id": district.pk,
        }
        person = importer.people.get(record.personnummer)
        if person is None:
            identity = parse_personal_identity_number(record.personnummer)
            person = Participant(
                personal_identity_number=identity.number,
                is_coordination_number=identity.is_coordination_number,
                birth_date=identity.birth_date,
                created_by=importer.actor,
                **values,
            )
            new_people.append(person)
            importer.people[record.personnummer] = person
            outcome[record.personnummer] = "created"
        elif apply_changes(person, values):
            changed_people.append(person)
            outcome[record.personnummer] = "updated"
        else:
            outcome[record.personnummer] = "unchanged"
    insert_objects(Participant, new_people)
    update_changed(Participant, changed_people, ["first_name", "last_name", "home_district"])
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
        person = importer.people[record.personnummer]
        district = districts[record.home_district]
        key = (district.slug, record.referred_on)
        if key not in centres:
            centres[key] = calendar.job_centre_on(
                district, record.referred_on
            ) or calendar.job_centre_on(district, importer.today)
        coach = coaches.get(record.coach) if record.coach else None
        af = (
            ""
            if record.af_registered is None
            else AfRegistration.REGISTERED
            if record.af_registered
            else AfRegistration.NOT_APPLICABLE
        )
        case = importer.cases.get(record.personnummer)
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
            "referred_at": midnight(record.referred_on),
            # A unit's upload writes cases of that unit only.
            "job_centre_id": importer.unit.job_centre_id
            if importer.unit is not None
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
                referred_by=importer.actor,
                stage=Stage.ENROLLED if record.enrolled_on else Stage.REFERRED,
                **values,
            )
            new_cases.append(case)
            importer.cases[record.personnummer] = case
        else:
            if case.stage != Stage.EXITED:
                values["stage"] = Stage.ENROLLED if record.enrolled_on else Stage.REFERRED
            if apply_changes(case, values):
                changed_cases.append(case)
                if outcome[record.personnummer] == "unchanged":
                    outcome[record.personnummer] = "updated"
    for number, result in outcome.items():
        importer.counts.add("participants", result)
        if result != "unchanged":
            importer.wrote(number, "participants")
    insert_objects(Referral, new_cases)
    update_changed(Referral, changed_cases, case_fields)
