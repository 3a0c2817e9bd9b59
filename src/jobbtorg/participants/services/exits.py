"""The individual's path (R7–R19): referral, first meeting, coach, assessment, interruption,
exit and reports to the district. Each service validates, writes in one transaction, records the
audit entry and, where the district must know, a district event."""

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.core.roles import Role
from jobbtorg.engines.rules import deadlines
from jobbtorg.organisation.models import District, User
from jobbtorg.participants.models import (
    AfRegistration,
    Assessment,
    CoachAssignment,
    DistrictEvent,
    EmploymentExtent,
    EmploymentForm,
    EventKind,
    Exit,
    ExitReason,
    FirstMeeting,
    HealthEntry,
    HomeDistrictChange,
    IntakeSlot,
    Interruption,
    InterruptionReason,
    LimitException,
    MeetingOutcome,
    Participant,
    Referral,
    Stage,
    TargetGroup,
)
from jobbtorg.participants.services import officers_district, person_checked

ASSESSMENT_FIELDS = [
    "education_level",
    "education_field",
    "foreign_education",
    "work_history",
    "languages",
    "swedish_level",
    "sfi_test_result",
    "driving_licence",
    "wishes",
    "long_term_goal",
    "obstacles",
]


class ConcurrentChange(ValidationFailed):
    """Someone else saved first. The message says what changed; nothing was overwritten."""


def _today() -> dt.date:
    return timezone.localdate()


def require_staff_of(actor: Any, referral: Referral, roles: set[str], what: str) -> None:
    if getattr(actor, "role", None) not in roles or actor.job_centre_id != referral.job_centre_id:
        raise NotAllowed(
            _("%(what)s is done by the coach or manager at Jobbtorg %(centre)s.")
            % {"what": what, "centre": referral.job_centre.name}
        )


def _event_moment() -> dt.datetime:
    # Milliseconds, as JSON carries them: a district system that asks for events `since` the
    # last time it saw gets exactly the later ones.
    now = timezone.now()
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def district_event_record(
    *, referral: Referral, kind: EventKind, summary: str = "", data: dict[str, Any] | None = None
) -> DistrictEvent:
    """Tell the district that referred the case (R15, R33): its officers' inbox and its
    system's feed. The case is that district's: a person who has moved since has a new case of
    the new district, and the former district hears only that they moved."""
    return DistrictEvent.objects.create(
        district=referral.district,
        participant=referral.participant,
        referral=referral,
        kind=kind,
        occurred_at=_event_moment(),
        summary=summary[:300],
        data=data or {},
    )


def _book_first_meeting(
    referral: Referral, now: dt.datetime, *, within_working_days: int | None = 5
) -> IntakeSlot | None:
    """The earliest free intake slot of the Jobbtorg, within 5 working days by default (R7)."""
    candidates = IntakeSlot.objects.filter(
        job_centre=referral.job_centre, referral__isnull=True, starts_at__gte=now
    ).order_by("starts_at")
    if within_working_days is not None:
        last_day = deadlines.add_working_days(timezone.localdate(now), within_working_days)
        candidates = candidates.filter(starts_at__date__lte=last_day)
    for slot in candidates[:20]:
        # Compare-and-set: two referrals at once cannot both take the same slot.
        if IntakeSlot.objects.filter(pk=slot.pk, referral__isnull=True).update(referral=referral):
            slot.referral = referral
            return slot
    return None


CONTACT_FIELDS = ("phone", "email", "address", "interpreter_language")


def neutral_refusal_message() -> str:
    """What an officer is told about a person whose case is at another unit: nothing that
    names the unit or a date (R34: each district is its own authority)."""
    return _("The person cannot be referred now. Contact the Jobbtorg.")


def _open_case_answer(
    participant: Participant,
    district: District | None,
    centre: Any,
    errors: dict[str, str],
) -> bool:
    """Put the answer about the person's open case into `errors`, if they have one. Named
    only when the case is the officer's own district's or its Jobbtorg's; anywhere else the
    answer is neutral, and True is returned (the look-up is to be logged)."""
    open_case = (
        Referral.objects.filter(participant=participant)
        .exclude(stage=Stage.EXITED)
        .select_related("job_centre")
        .first()
    )
    if open_case is None:
        return False
    own = district is not None and (
        open_case.district_id == district.pk
        or (centre is not None and open_case.job_centre_id == centre.pk)
    )
    if own:
        errors["personal_identity_number"] = _(
            "The person is already enrolled at Jobbtorg %(centre)s (referred %(date)s). "
            "A new referral can be made after the exit."
        ) % {
            "centre": open_case.job_centre.name,
            "date": timezone.localdate(open_case.referred_at).isoformat(),
        }
        return False
    errors["personal_identity_number"] = neutral_refusal_message()
    return True


def _move_confirmed(
    district: District,
    confirm_move: bool,
    moved_to_district_on: dt.date | None,
    errors: dict[str, str],
) -> dt.date | None:
    """The day from which the officer confirms that the person, recorded in another district,
    now lives in this one. The question names neither the other district nor any case."""
    if not confirm_move:
        errors["confirm_move"] = _(
            "Confirm that the person lives in %(district)s, and from which date."
        ) % {"district": district}
        return None
    day = moved_to_district_on or _today()
    if day > _today():
        errors["moved_to_district_on"] = _(
            "The date cannot be in the future: refer the person once they live in %(district)s."
        ) % {"district": district}
        return None
    return day


def _record_home_district(
    *,
    participant: Participant,
    former: District | None,
    district: District,
    moved_on: dt.date,
    referral: Referral,
    actor: Any,
    audit_context: audit.AuditContext,
) -> HomeDistrictChange:
    """The home district from a date, as history; the former district is told the person
    moved (and where to: it is the former home district), never anything of the new case."""
    change = HomeDistrictChange.objects.create(
        participant=participant,
        from_district=former,
        to_district=district,
        moved_on=moved_on,
        referral=referral,
        recorded_by=actor,
    )
    audit.home_district_changed(audit_context, change)
    if former is not None:
        DistrictEvent.objects.create(
            district=former,
            participant=participant,
            referral=None,
            kind=EventKind.MOVED_AWAY,
            occurred_at=_event_moment(),
            summary=(
                _("Moved to %(district)s from %(date)s.")
                % {"district": district, "date": moved_on.isoformat()}
            )[:300],
            data={"to_district": district.slug, "moved_on": moved_on.isoformat()},
        )
    return change


def _replace_contact_details(
    participant: Participant,
    contact: dict[str, str],
    audit_context: audit.AuditContext,
) -> None:
    """A referral brings the contact details of its case: they replace the person's current
    ones, blanks too, so that a new case never shows what was given with another unit's case.
    The earlier values stay in the audit entry only."""
    before = {name: getattr(participant, name) for name in CONTACT_FIELDS}
    if before == contact:
        return
    for name, value in contact.items():
        setattr(participant, name, value)
    participant.save(update_fields=[*CONTACT_FIELDS, "updated_at"])
    audit.contact_details_replaced(audit_context, participant, before=before, after=contact)


def referral_create(
    *,
    actor: Any,
    audit_context: audit.AuditContext,
    personal_identity_number: str,
    first_name: str,
    last_name: str,
    district: District | str,
    target_group: str,
    basis: str,
    consent_given: bool | None = None,
    legal_basis: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    interpreter_language: str = "",
    require_consent_or_legal_basis: bool = False,
    confirm_move: bool = False,
    moved_to_district_on: dt.date | None = None,
) -> Referral:
    """A district officer refers a person of their district; the first meeting is booked at once.

    A person recorded in another district is referred once the officer confirms that they live
    in the district and from which date: the home district then changes, with history, and the
    former one is told. A person new to the city is registered in the officer's district. A
    person with an open case at another unit is refused with a neutral answer, and the look-up
    is logged.
    """
    if getattr(actor, "role", None) != Role.DISTRICT_OFFICER:
        raise NotAllowed(_("Only a district officer refers people to a Jobbtorg."))
    errors: dict[str, str] = {}
    identity, first, last = person_checked(personal_identity_number, first_name, last_name, errors)
    found_district = officers_district(
        district,
        actor,
        errors,
        field="district",
        refusal=_("You can only refer people whose home district is %(district)s."),
    )
    group = TargetGroup.objects.filter(code=(target_group or "").strip(), is_active=True).first()
    if group is None:
        codes = ", ".join(TargetGroup.objects.filter(is_active=True).values_list("code", flat=True))
        errors["target_group"] = _("Choose a target group. Codes: %(codes)s.") % {"codes": codes}
    if not (basis or "").strip():
        errors["basis"] = _("Write the basis of the district's decision.")
    if require_consent_or_legal_basis and not consent_given and not (legal_basis or "").strip():
        errors["legal_basis"] = _(
            "Record the person's consent to passing the data on, or the legal basis when "
            "consent is not the basis."
        )
    centre = found_district.job_centre_on(_today()) if found_district else None
    if found_district is not None and centre is None:
        errors["district"] = _("%(district)s belongs to no Jobbtorg today.") % {
            "district": found_district
        }
    participant = None
    looked_up = False
    if identity is not None:
        participant = (
            Participant.objects.filter(personal_identity_number=identity.number)
            .select_related("home_district")
            .first()
        )
        if participant is not None:
            looked_up = _open_case_answer(participant, found_district, centre, errors)
    moved_on = None
    if (
        found_district is not None
        and participant is not None
        and participant.home_district_id != found_district.pk
        and not looked_up
    ):
        moved_on = _move_confirmed(found_district, confirm_move, moved_to_district_on, errors)
    if errors:
        if looked_up:
            assert participant is not None
            with transaction.atomic():
                audit.participant_looked_up(
                    audit_context, participant, reason="open_case_elsewhere"
                )
        raise ValidationFailed(errors)
    assert identity is not None and found_district is not None and centre is not None
    contact = {
        "phone": (phone or "").strip(),
        "email": (email or "").strip(),
        "address": (address or "").strip(),
        "interpreter_language": (interpreter_language or "").strip(),
    }
    now = timezone.now()
    try:
        with transaction.atomic():
            former = None
            if participant is None:
                participant = Participant.objects.create(
                    personal_identity_number=identity.number,
                    is_coordination_number=identity.is_coordination_number,
                    birth_date=identity.birth_date,
                    first_name=first,
                    last_name=last,
                    home_district=found_district,
                    created_by=actor,
                    **contact,
                )
                audit.participant_created(
                    audit_context,
                    participant,
                    after={
                        "personal_identity_number": identity.number,
                        "first_name": first,
                        "last_name": last,
                        "home_district": found_district.slug,
                    },
                )
            else:
                # Lock the person: a concurrent referral or move waits for this one.
                participant = Participant.objects.select_for_update().get(pk=participant.pk)
                former = participant.home_district
                if moved_on is not None:
                    participant.home_district = found_district
                    participant.save(update_fields=["home_district", "updated_at"])
                _replace_contact_details(participant, contact, audit_context)
            referral = Referral.objects.create(
                participant=participant,
                district=found_district,
                job_centre=centre,
                target_group=group,
                basis=basis.strip(),
                consent_given=consent_given,
                legal_basis=(legal_basis or "").strip(),
                referred_by=actor,
                referred_at=now,
            )
            if moved_on is not None:
                _record_home_district(
                    participant=participant,
                    former=former,
                    district=found_district,
                    moved_on=moved_on,
                    referral=referral,
                    actor=actor,
                    audit_context=audit_context,
                )
            slot = _book_first_meeting(referral, now)
            audit.referral_created(
                audit_context,
                referral,
                after={
                    "job_centre": centre.slug,
                    "target_group": group.code,
                    "consent_given": consent_given,
                    "first_meeting_at": slot.starts_at.isoformat() if slot else None,
                },
            )
    except IntegrityError:
        raise ValidationFailed(
            # Someone referred the person a moment ago, perhaps at another unit: say nothing more.
            {"personal_identity_number": neutral_refusal_message()}
        ) from None
    return referral


def intake_slot_publish(*, actor: Any, starts_at: dt.datetime, minutes: int = 60) -> IntakeSlot:
    """A coach publishes a time for first meetings at their Jobbtorg."""
    # Only coaches: the person met becomes the coach's own (a manager cannot be the coach).
    if getattr(actor, "role", None) != Role.COACH:
        raise NotAllowed(_("Coaches publish intake times."))
    # Meeting times are whole minutes.
    starts_at = starts_at.replace(second=0, microsecond=0)
    if starts_at <= timezone.now():
        raise ValidationFailed({"starts_at": _("Choose a time in the future.")})
    if not 15 <= minutes <= 240:
        raise ValidationFailed({"minutes": _("A meeting lasts 15 to 240 minutes.")})
    try:
        with transaction.atomic():
            return IntakeSlot.objects.create(
                job_centre_id=actor.job_centre_id, coach=actor, starts_at=starts_at, minutes=minutes
            )
    except IntegrityError:
        raise ValidationFailed({"starts_at": _("You already have a time then.")}) from None


def first_meeting_record(
    *,
    actor: Any,
    audit_context: audit.AuditContext,
    referral: Referral,
    held_on: dt.date,
    outcome: str = MeetingOutcome.HELD,
    coach: User | str | None = None,
    duties_explained: bool = False,
    af_registration: str = "",
    af_registration_on: dt.date | None = None,
) -> FirstMeeting:
    """The first meeting (R8): held, with coach, duties explained and AF registration; or a
    no-show, which is reported to the district."""
    require_staff_of(actor, referral, {Role.COACH, Role.MANAGER}, _("Recording the first meeting"))
    errors: dict[str, str] = {}
    if referral.stage != Stage.REFERRED:
        raise ValidationFailed({"__all__": _("The first meeting is already recorded.")})
    if outcome not in MeetingOutcome.values:
        errors["outcome"] = _("The outcome is held or no_show.")
    if held_on > _today():
        errors["held_on"] = _("The meeting cannot be recorded before it has happened.")
    elif held_on < timezone.localdate(referral.referred_at):
        errors["held_on"] = _("The meeting cannot be before the referral (%(date)s).") % {
            "date": timezone.localdate(referral.referred_at).isoformat()
        }
    chosen_coach = None
    if outcome == MeetingOutcome.HELD:
        chosen_coach = _find_coach(coach or actor, referral, errors)
        if not duties_explained:
            errors["duties_explained"] = _(
                "Explain the rights, duties and consequences, and tick that it was done."
            )
        if af_registration not in AfRegistration.values:
            errors["af_registration"] = _(
                "Record the Arbetsförmedlingen registration: registered, registered_today or "
                "not_applicable."
            )
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        Referral.objects.select_for_update().get(pk=referral.pk)
        meeting = FirstMeeting.objects.create(
            referral=referral, held_on=held_on, outcome=outcome, recorded_by=actor
        )
        if outcome == MeetingOutcome.HELD:
            assert chosen_coach is not None
            referral.stage = Stage.ENROLLED
            referral.enrolled_on = held_on
            referral.duties_explained = True
            referral.af_registration = af_registration
            referral.af_registration_on = af_registration_on or (
                held_on if af_registration == AfRegistration.REGISTERED_TODAY else None
            )
            referral.coach = chosen_coach
            referral.save()
            CoachAssignment.objects.create(
                referral=referral, coach=chosen_coach, assigned_from=held_on, assigned_by=actor
            )
            # The assessment starts on day one (R9).
            Assessment.objects.get_or_create(referral=referral, defaults={"updated_by": actor})
        else:
            # The missed time is history (the FirstMeeting row); book the next free one.
            missed = IntakeSlot.objects.filter(referral=referral).first()
            IntakeSlot.objects.filter(referral=referral).update(referral=None)
            after = (
                max(timezone.now(), missed.starts_at + dt.timedelta(minutes=1)) if missed else None
            )
            next_slot = _book_first_meeting(referral, after or timezone.now())
            district_event_record(
                referral=referral,
                kind=EventKind.NO_SHOW,
                summary=_("Did not come to the first meeting on %(date)s.") % {"date": held_on},
                data={
                    "held_on": held_on.isoformat(),
                    "next_meeting_at": next_slot.starts_at.isoformat() if next_slot else None,
                },
            )
        audit.first_meeting_recorded(
            audit_context,
            referral,
            meeting,
            after={
                "outcome": outcome,
                "held_on": held_on.isoformat(),
                "coach": chosen_coach.username if chosen_coach else None,
                "af_registration": af_registration,
            },
        )
    return meeting


def _find_coach(coach: User | str, referral: Referral, errors: dict[str, str]) -> User | None:
    found = (
        coach
        if isinstance(coach, User)
        else User.objects.filter(username=coach, is_active=True).first()
    )
    if found is None or found.role != Role.COACH or found.job_centre_id != referral.job_centre_id:
        errors["coach"] = _("Choose a coach at Jobbtorg %(centre)s.") % {
            "centre": referral.job_centre.name
        }
        return None
    return found


def coach_change(
    *, actor: Any, audit_context: audit.AuditContext, referral: Referral, coach: User | str
) -> Referral:
    """A new personal coach from today; the earlier ones stay in the history."""
    require_staff_of(actor, referral, {Role.COACH, Role.MANAGER}, _("Changing the coach"))
    errors: dict[str, str] = {}
    if referral.stage != Stage.ENROLLED:
        errors["__all__"] = _("A coach is assigned at the first meeting.")
    new_coach = _find_coach(coach, referral, errors)
    if new_coach is not None and new_coach.pk == referral.coach_id:
        errors["coach"] = _("%(coach)s is already the personal coach.") % {
            "coach": new_coach.get_full_name() or new_coach.username
        }
    if errors:
        raise ValidationFailed(errors)
    assert new_coach is not None
    with transaction.atomic():
        before = referral.coach.username if referral.coach else ""
        referral.coach = new_coach
        referral.save(update_fields=["coach", "updated_at"])
        CoachAssignment.objects.create(
            referral=referral, coach=new_coach, assigned_from=_today(), assigned_by=actor
        )
        audit.coach_assigned(audit_context, referral, before, new_coach.username)
    return referral


def assessment_update(
    *,
    actor: Any,
    audit_context: audit.AuditContext,
    assessment: Assessment,
    based_on_version: int,
    values: dict[str, Any],
) -> Assessment:
    """Save the assessment; refused when someone else saved since it was opened."""
    require_staff_of(
        actor, assessment.referral, {Role.COACH, Role.MANAGER}, _("Changing the assessment")
    )
    unknown = set(values) - set(ASSESSMENT_FIELDS)
    if unknown:
        raise ValidationFailed({"__all__": _("Unknown fields: %(f)s") % {"f": ", ".join(unknown)}})
    with transaction.atomic():
        current = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if current.version != based_on_version:
            raise ConcurrentChange(
                {
                    "__all__": _(
                        "Someone else saved the assessment at %(time)s. Your changes were not "
                        "saved: look at theirs and make yours again."
                    )
                    % {"time": timezone.localtime(current.updated_at).strftime("%H:%M")}
                }
            )
        before = {f: getattr(current, f) for f in values if getattr(current, f) != values[f]}
        for field, value in values.items():
            setattr(current, field, value)
        current.version += 1
        current.updated_by = actor
        current.save()
        audit.assessment_updated(
            audit_context, current, before=before, after={f: values[f] for f in before}
        )
    return current


def health_entry_add(
    *, actor: Any, audit_context: audit.AuditContext, referral: Referral, text: str
) -> HealthEntry:
    require_staff_of(
        actor, referral, {Role.COACH, Role.MANAGER}, _("Writing health-related entries")
    )
    if not (text or "").strip():
        raise ValidationFailed({"text": _("Write the entry.")})
    with transaction.atomic():
        entry = HealthEntry.objects.create(referral=referral, text=text.strip(), written_by=actor)
        audit.health_entry_added(audit_context, entry)
    return entry


def interruption_start(
    *,
    actor: Any,
    audit_context: audit.AuditContext,
    referral: Referral,
    reason: str,
    start: dt.date,
    expected_end: dt.date | None = None,
    reason_text: str = "",
) -> Interruption:
    """Pause the participation (R17): the 18-month clock stops, activities are paused."""
    require_staff_of(actor, referral, {Role.COACH, Role.MANAGER}, _("Interrupting"))
    errors: dict[str, str] = {}
    if referral.stage != Stage.ENROLLED:
        errors["__all__"] = _("Only an enrolled participation can be interrupted.")
    if reason not in InterruptionReason.values:
        errors["reason"] = _("The reason is pregnancy, parental_leave, illness or other.")
    elif reason == InterruptionReason.OTHER and not (reason_text or "").strip():
        errors["reason_text"] = _("Explain the interruption when the reason is other.")
    if referral.enrolled_on and start < referral.enrolled_on:
        errors["start"] = _("The interruption cannot start before the enrolment (%(date)s).") % {
            "date": referral.enrolled_on.isoformat()
        }
    if expected_end is not None and expected_end < start:
        errors["expected_end"] = _("The expected end cannot be before the start.")
    if referral.interruptions.filter(end__isnull=True).exists():
        errors["__all__"] = _("The participation is already interrupted: end that first.")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        interruption = Interruption.objects.create(
            referral=referral,
            reason=reason,
            reason_text=(reason_text or "").strip(),
            start=start,
            expected_end=expected_end,
            recorded_by=actor,
        )
        district_event_record(
            referral=referral,
            kind=EventKind.INTERRUPTION_STARTED,
            summary=_("Interrupted from %(date)s: %(reason)s.")
            % {"date": start, "reason": InterruptionReason(reason).label},
            data={
                "interruption": str(interruption.pk),
                "reason": reason,
                "start": start.isoformat(),
            },
        )
        audit.interruption_started(
            audit_context, interruption, after={"reason": reason, "start": start.isoformat()}
        )
    return interruption


def interruption_end(
    *, actor: Any, audit_context: audit.AuditContext, interruption: Interruption, end: dt.date
) -> Interruption:
    referral = interruption.referral
    require_staff_of(actor, referral, {Role.COACH, Role.MANAGER}, _("Restarting"))
    if interruption.end is not None:
        raise ValidationFailed({"__all__": _("The interruption has already ended.")})
    if end > _today():
        raise ValidationFailed({"end": _("Record the restart on the day it happens, not before.")})
    if end < interruption.start:
        raise ValidationFailed(
            {
                "end": _("The end cannot be before the start (%(date)s).")
                % {"date": interruption.start}
            }
        )
    with transaction.atomic():
        interruption.end = end
        interruption.save(update_fields=["end", "updated_at"])
        district_event_record(
            referral=referral,
            kind=EventKind.INTERRUPTION_ENDED,
            summary=_("Participation restarted on %(date)s.") % {"date": end},
            data={"interruption": str(interruption.pk), "end": end.isoformat()},
        )
        audit.interruption_ended(audit_context, interruption)
    return interruption


def _employment_errors(employment: dict[str, Any] | None, errors: dict[str, str]) -> dict[str, Any]:
    employment = dict(employment or {})
    if employment.get("form") not in EmploymentForm.values:
        errors["employment.form"] = _(
            "An exit to work records the form of employment: permanent, temporary or "
            "municipal_measure."
        )
    if employment.get("extent") not in EmploymentExtent.values:
        errors["employment.extent"] = _("Record the extent: full or part time.")
    if not isinstance(employment.get("wage_subsidy"), bool):
        errors["employment.wage_subsidy"] = _("Record whether the job has a wage subsidy.")
    hours = employment.get("hours_per_week")
    if hours not in (None, ""):
        try:
            employment["hours_per_week"] = Decimal(str(hours))
            if not 0 < employment["hours_per_week"] <= 80:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors["employment.hours_per_week"] = _("Hours per week is a number from 1 to 80.")
    elif employment.get("extent") == EmploymentExtent.PART:
        errors["employment.hours_per_week"] = _("Record the hours per week of a part-time job.")
    return employment


def exit_record(
    *,
    actor: Any,
    audit_context: audit.AuditContext,
    referral: Referral,
    date: dt.date | None,
    reason: str | None,
    reason_text: str = "",
    employment: dict[str, Any] | None = None,
    studies_with_student_finance: bool | None = None,
) -> Exit:
    """End the participation (R19). Never without a reason; an exit to work with the job."""
    require_staff_of(actor, referral, {Role.COACH, Role.MANAGER}, _("Recording an exit"))
    errors: dict[str, str] = {}
    if referral.stage == Stage.EXITED:
        raise ValidationFailed({"__all__": _("The person has already exited.")})
    if reason not in ExitReason.values:
        errors["reason"] = _(
            "Every exit has a reason: work, studies, af_guarantee, moved, other_support, "
            "no_assistance, stopped or other."
        )
    elif reason == ExitReason.OTHER and not (reason_text or "").strip():
        errors["reason_text"] = _("Explain the exit when the reason is other.")
    if date is None:
        errors["date"] = _("Give the exit date.")
    elif date > _today():
        errors["date"] = _("The exit date cannot be in the future.")
    elif date < timezone.localdate(referral.referred_at):
        errors["date"] = _("The exit cannot be before the referral.")
    job: dict[str, Any] = {}
    if reason == ExitReason.WORK:
        job = _employment_errors(employment, errors)
    if errors:
        raise ValidationFailed(errors)
    assert date is not None and reason is not None
    with transaction.atomic():
        Referral.objects.select_for_update().get(pk=referral.pk)
        exit_ = Exit.objects.create(
            referral=referral,
            date=date,
            reason=reason,
            reason_text=(reason_text or "").strip(),
            employment_form=job.get("form", ""),
            extent=job.get("extent", ""),
            hours_per_week=job.get("hours_per_week") or None,
            wage_subsidy=job.get("wage_subsidy"),
            employer=str(job.get("employer", "") or "")[:200],
            occupation_ssyk=str(job.get("occupation_ssyk", "") or "")[:8],
            studies_with_student_finance=studies_with_student_finance
            if reason == ExitReason.STUDIES
            else None,
            recorded_by=actor,
        )
        referral.interruptions.filter(end__isnull=True).update(end=date)
        referral.stage = Stage.EXITED
        referral.save(update_fields=["stage", "updated_at"])
        district_event_record(
            referral=referral,
            kind=EventKind.EXIT,
            summary=_("Exited on %(date)s: %(reason)s.")
            % {"date": date, "reason": ExitReason(reason).label},
            data={"date": date.isoformat(), "reason": reason},
        )
        audit.exit_recorded(
            audit_context,
            exit_,
            after={
                "date": date.isoformat(),
                "reason": reason,
                **{k: str(v) for k, v in job.items()},
            },
        )
    return exit_


def district_report(
    *, actor: Any, audit_context: audit.AuditContext, referral: Referral, kind: str, text: str
) -> DistrictEvent:
    """The coach reports absence or non-cooperation; the district decides on consequences."""
    require_staff_of(actor, referral, {Role.COACH, Role.MANAGER}, _("Reporting to the district"))
    if kind not in {EventKind.ABSENCE, EventKind.NON_COOPERATION}:
        raise ValidationFailed({"kind": _("The report is absence or non_cooperation.")})
    if not (text or "").strip():
        raise ValidationFailed({"text": _("Describe what happened.")})
    with transaction.atomic():
        event = district_event_record(referral=referral, kind=EventKind(kind), summary=text.strip())
        audit.reported_to_district(audit_context, event)
    return event


def limit_exception_request(
    *,
    actor: Any,
    audit_context: audit.AuditContext,
    referral: Referral,
    reason: str,
    until: dt.date | None,
) -> LimitException:
    """The coach asks, with reasons, that the participation go on past 18 months (R13)."""
    require_staff_of(actor, referral, {Role.COACH, Role.MANAGER}, _("Asking for an exception"))
    from jobbtorg.participants.selectors import case_deadlines

    errors: dict[str, str] = {}
    if referral.stage != Stage.ENROLLED:
        errors["__all__"] = _("Only an ongoing participation can be extended.")
    if not (reason or "").strip():
        errors["reason"] = _("Give the reasons for the exception.")
    ends = case_deadlines(referral).participation_ends
    if until is None:
        errors["until"] = _("Give the date the participation should go on until.")
    elif ends is not None and until <= ends:
        errors["until"] = _("The date must be after the limit, %(date)s.") % {"date": ends}
    if referral.limit_exceptions.filter(approved__isnull=True).exists():
        errors["__all__"] = _("An exception already awaits the manager's decision.")
    if errors:
        raise ValidationFailed(errors)
    assert until is not None
    with transaction.atomic():
        exception = LimitException.objects.create(
            referral=referral, reason=reason.strip(), until=until, requested_by=actor
        )
        audit.limit_exception_requested(audit_context, exception)
    return exception


def limit_exception_decide(
    *,
    actor: Any,
    audit_context: audit.AuditContext,
    exception: LimitException,
    approve: bool,
    note: str = "",
) -> LimitException:
    """The manager of the Jobbtorg approves or refuses the exception."""
    if (
        getattr(actor, "role", None) != Role.MANAGER
        or actor.job_centre_id != exception.referral.job_centre_id
    ):
        raise NotAllowed(
            _("Only the manager of Jobbtorg %(centre)s decides on exceptions.")
            % {"centre": exception.referral.job_centre.name}
        )
    if exception.approved is not None:
        raise ValidationFailed({"__all__": _("The exception is already decided.")})
    if exception.referral.stage != Stage.ENROLLED:
        raise ValidationFailed({"__all__": _("The participation has ended: nothing to decide.")})
    if not approve and not (note or "").strip():
        raise ValidationFailed({"note": _("Say why the exception is refused.")})
    with transaction.atomic():
        exception.approved = approve
        exception.decided_by = actor
        exception.decided_at = timezone.now()
        exception.decision_note = (note or "").strip()
        exception.save()
        audit.limit_exception_decided(audit_context, exception)
    return exception


def first_meeting_book(
    *, actor: Any, audit_context: audit.AuditContext, referral: Referral
) -> IntakeSlot:
    """Book the earliest free intake time for a referral that has none (the manager's "no slot"
    list), however far ahead it is."""
    require_staff_of(actor, referral, {Role.COACH, Role.MANAGER}, _("Booking a first meeting"))
    if referral.stage != Stage.REFERRED:
        raise ValidationFailed({"__all__": _("The first meeting is already recorded.")})
    if IntakeSlot.objects.filter(referral=referral, starts_at__gte=timezone.now()).exists():
        raise ValidationFailed({"__all__": _("A first meeting is already booked.")})
    with transaction.atomic():
        IntakeSlot.objects.filter(referral=referral).update(referral=None)
        slot = _book_first_meeting(referral, timezone.now(), within_working_days=None)
        if slot is None:
            raise ValidationFailed(
                {"__all__": _("There is no free intake time. Ask a coach to publish more times.")}
            )
        audit.first_meeting_booked(audit_context, referral, slot)
    return slot


def district_event_handle(
    *, actor: Any, event: DistrictEvent, audit_context: audit.AuditContext | None = None
) -> DistrictEvent:
    """An officer marks an inbox event as dealt with; the event itself stays as it was."""
    if (
        getattr(actor, "role", None) != Role.DISTRICT_OFFICER
        or actor.district_id != event.district_id
    ):
        raise NotAllowed(_("The district's officers deal with its inbox."))
    if event.handled_at is None:
        DistrictEvent.objects.filter(pk=event.pk, handled_at__isnull=True).update(
            handled_at=timezone.now(), handled_by=actor
        )
        event.refresh_from_db()
        if audit_context is not None:
            audit.district_event_handled(audit_context, event)
    return event
