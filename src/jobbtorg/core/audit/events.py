"""One named function per audit event, over one private writer.

Every read and write of personal data calls one of these inside the same transaction as the
work itself, so an action that is not logged does not happen.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest

from jobbtorg.core.audit import chain
from jobbtorg.core.audit.models import AuditAction, AuditChannel, AuditEntry

if TYPE_CHECKING:
    # Core names no app's model: a staff account and a participant are hinted as Django's.
    from django.contrib.auth.base_user import AbstractBaseUser as User
    from django.db.models import Model as Participant


@dataclass(frozen=True)
class AuditContext:
    """Where an action comes from: who, through which channel, from which address and path."""

    actor: "User | None"
    channel: AuditChannel
    ip_address: str | None = None
    path: str = ""

    @classmethod
    def from_request(
        cls, request: HttpRequest, channel: AuditChannel = AuditChannel.PAGE
    ) -> "AuditContext":
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
        return cls(
            actor=actor,
            channel=channel,
            ip_address=request.META.get("REMOTE_ADDR") or None,
            path=request.get_full_path()[:500],
        )

    @classmethod
    def for_participant(cls, request: HttpRequest) -> "AuditContext":
        """The person on their own pages: no staff user; the entries name them as the subject."""
        return cls(
            actor=None,
            channel=AuditChannel.PARTICIPANT,
            ip_address=request.META.get("REMOTE_ADDR") or None,
            path=request.get_full_path()[:500],
        )

    @classmethod
    def for_command(cls, command: str, actor: "User | None" = None) -> "AuditContext":
        return cls(actor=actor, channel=AuditChannel.COMMAND, path=f"jobbtorg {command}"[:500])

    def as_json(self) -> dict[str, Any]:
        """The context as a task's arguments or a row can keep it: a worker writes the entries
        of the work in the name of the request that asked for it."""
        return {
            "actor": self.actor.pk if self.actor is not None else None,
            "channel": str(self.channel),
            "ip_address": self.ip_address,
            "path": self.path,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "AuditContext":
        actor = (
            get_user_model().objects.filter(pk=data["actor"]).first()
            if data.get("actor") is not None
            else None
        )
        return cls(
            actor=actor,
            channel=AuditChannel(data["channel"]),
            ip_address=data.get("ip_address"),
            path=data.get("path", ""),
        )


def _entry(
    context: AuditContext,
    *,
    action: AuditAction,
    participant: "Participant | None",
    obj: Any = None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    target = obj if obj is not None else participant
    actor = context.actor
    return AuditEntry(
        actor=actor,
        actor_username=actor.get_username() if actor is not None else "",
        actor_role=getattr(actor, "role", "") if actor is not None else "",
        action=action,
        participant=participant,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        channel=context.channel,
        ip_address=context.ip_address,
        path=context.path,
        changes=changes or {},
    )


def _write(context: AuditContext, **kwargs: Any) -> AuditEntry:
    entry = _entry(context, **kwargs)
    chain.append([entry])
    return entry


def _write_list(
    context: AuditContext,
    action: AuditAction,
    pairs: Iterable[tuple[Any, Any]],
    *,
    shown: Any = None,
) -> int:
    """A list that names people is one entry, however long: each (participant, object) pair is
    a narrow AuditEntryPerson row of it, written in one more statement, and the entry's hash
    covers them all. `shown` is the one object the whole list is of (a payment run): the entry
    names it, and is written even when the list names no one, so the act is on record. Returns
    the number of people named."""
    pairs = list(pairs)
    if not pairs and shown is None:
        return 0
    own_objects = {obj._meta.label_lower for _, obj in pairs if obj is not None}
    if shown is not None:
        object_type = shown._meta.label_lower
    elif len(own_objects) == 1:
        object_type = own_objects.pop()
    else:
        object_type = next((p._meta.label_lower for p, _ in pairs if p is not None), "")
    entry = _entry(context, action=action, participant=None, obj=shown)
    entry.object_type = object_type
    people = [
        (
            participant.pk if participant is not None else None,
            str(obj.pk) if obj is not None else "",
        )
        for participant, obj in pairs
    ]
    chain.append([entry], people=people)
    return len(pairs)


def sign_in_refused(context: AuditContext, reason: str) -> AuditEntry:
    return _write(
        context, action=AuditAction.SIGN_IN_REFUSED, participant=None, changes={"reason": reason}
    )


def participant_signed_in(context: AuditContext, participant: "Participant") -> AuditEntry:
    """The person signed in with e-ID and was shown their own name."""
    return _write(context, action=AuditAction.PARTICIPANT_SIGNED_IN, participant=participant)


def participant_viewed(context: AuditContext, participant: "Participant") -> AuditEntry:
    return _write(context, action=AuditAction.PARTICIPANT_VIEWED, participant=participant)


def participant_and_plans_viewed(
    context: AuditContext, participant: "Participant", plans: Iterable[Any]
) -> list[AuditEntry]:
    """The participant page: the person and each plan it shows, as participant_viewed and
    plan_viewed each, chained in one write."""
    entries = [_entry(context, action=AuditAction.PARTICIPANT_VIEWED, participant=participant)]
    entries += [
        _entry(context, action=AuditAction.PLAN_VIEWED, participant=participant, obj=plan)
        for plan in plans
    ]
    chain.append(entries)
    return entries


def participants_listed(context: AuditContext, participants: Iterable["Participant"]) -> int:
    """A list shows names and numbers: one entry naming each person on it."""
    return _write_list(context, AuditAction.PARTICIPANT_LISTED, ((p, None) for p in participants))


def participant_created(
    context: AuditContext, participant: "Participant", after: dict[str, Any]
) -> AuditEntry:
    return _write(
        context,
        action=AuditAction.PARTICIPANT_CREATED,
        participant=participant,
        changes={"before": None, "after": after},
    )


def participant_looked_up(
    context: AuditContext, participant: "Participant", reason: str
) -> AuditEntry:
    """A referral or registration refused because of the person's case at another unit: the
    answer reads the person's data (that they exist), so it is logged as a read of them."""
    return _write(
        context,
        action=AuditAction.PARTICIPANT_LOOKED_UP,
        participant=participant,
        changes={"refused": reason},
    )


def home_district_changed(context: AuditContext, change: Any) -> AuditEntry:
    return _write(
        context,
        action=AuditAction.HOME_DISTRICT_CHANGED,
        participant=change.participant,
        obj=change,
        changes={
            "before": {
                "home_district": change.from_district.slug if change.from_district else None
            },
            "after": {
                "home_district": change.to_district.slug,
                "moved_on": change.moved_on.isoformat(),
            },
        },
    )


def contact_details_replaced(
    context: AuditContext, participant: "Participant", before: dict[str, Any], after: dict[str, Any]
) -> AuditEntry:
    """The earlier contact details are kept here only: a new case does not show them."""
    return _write(
        context,
        action=AuditAction.CONTACT_DETAILS_REPLACED,
        participant=participant,
        changes={"before": before, "after": after},
    )


def case_shared(context: AuditContext, consent: Any) -> AuditEntry:
    return _write(
        context,
        action=AuditAction.CASE_SHARED,
        participant=consent.referral.participant,
        obj=consent,
        changes={
            "after": {
                "case": str(consent.referral_id),
                "job_centre": consent.job_centre.slug if consent.job_centre else None,
                "district": consent.district.slug if consent.district else None,
                "shared_part": consent.shared_part,
            }
        },
    )


def case_sharing_withdrawn(context: AuditContext, consent: Any) -> AuditEntry:
    return _write(
        context,
        action=AuditAction.CASE_SHARING_WITHDRAWN,
        participant=consent.referral.participant,
        obj=consent,
    )


def audit_extract_viewed(context: AuditContext, participant: "Participant") -> AuditEntry:
    return _write(context, action=AuditAction.AUDIT_EXTRACT_VIEWED, participant=participant)


def audit_extract_exported(context: AuditContext, participant: "Participant") -> AuditEntry:
    return _write(context, action=AuditAction.AUDIT_EXTRACT_EXPORTED, participant=participant)


def _recorded(
    context: AuditContext,
    action: AuditAction,
    participant: "Participant",
    obj: Any = None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """A write on the individual's path: what changed, on which object, for whom."""
    changes = {"before": before, "after": after} if (before or after) else None
    return _write(context, action=action, participant=participant, obj=obj, changes=changes)


def _viewed(
    context: AuditContext, action: AuditAction, participant: "Participant", obj: Any = None
) -> AuditEntry:
    """A read of one object of a person's case (assessment, health entries, plan)."""
    return _write(context, action=action, participant=participant, obj=obj)


# The individual's path. `case` is the referral (the person's case); `obj` what was touched.


def referral_created(context: AuditContext, case: Any, after: dict[str, Any]) -> AuditEntry:
    return _recorded(context, AuditAction.REFERRAL_CREATED, case.participant, case, after=after)


def first_meeting_recorded(
    context: AuditContext, case: Any, meeting: Any, after: dict[str, Any]
) -> AuditEntry:
    return _recorded(
        context, AuditAction.FIRST_MEETING_RECORDED, case.participant, meeting, after=after
    )


def coach_assigned(context: AuditContext, case: Any, before: str, after: str) -> AuditEntry:
    return _recorded(
        context,
        AuditAction.COACH_ASSIGNED,
        case.participant,
        case,
        before={"coach": before},
        after={"coach": after},
    )


def assessment_viewed(context: AuditContext, assessment: Any) -> AuditEntry:
    return _viewed(
        context, AuditAction.ASSESSMENT_VIEWED, assessment.referral.participant, assessment
    )


def assessment_updated(
    context: AuditContext, assessment: Any, before: dict[str, Any], after: dict[str, Any]
) -> AuditEntry:
    return _recorded(
        context,
        AuditAction.ASSESSMENT_UPDATED,
        assessment.referral.participant,
        assessment,
        before=before,
        after=after,
    )


def health_entries_viewed(context: AuditContext, case: Any) -> AuditEntry:
    return _viewed(context, AuditAction.HEALTH_ENTRIES_VIEWED, case.participant, case)


def health_entry_added(context: AuditContext, entry: Any) -> AuditEntry:
    # The text itself is not copied into the log: the log must not spread health data.
    return _recorded(context, AuditAction.HEALTH_ENTRY_ADDED, entry.referral.participant, entry)


def plan_viewed(context: AuditContext, plan: Any) -> AuditEntry:
    return _viewed(context, AuditAction.PLAN_VIEWED, plan.referral.participant, plan)


def plan_submitted(context: AuditContext, plan: Any, after: dict[str, Any]) -> AuditEntry:
    return _recorded(
        context, AuditAction.PLAN_SUBMITTED, plan.referral.participant, plan, after=after
    )


def plan_decided(context: AuditContext, plan: Any, approved: bool, reason: str = "") -> AuditEntry:
    action = AuditAction.PLAN_APPROVED if approved else AuditAction.PLAN_REJECTED
    return _recorded(
        context,
        action,
        plan.referral.participant,
        plan,
        before={"status": "awaiting_approval"},
        after={"status": plan.status, "reason": reason},
    )


def follow_up_recorded(context: AuditContext, follow_up: Any, after: dict[str, Any]) -> AuditEntry:
    participant = follow_up.activity.plan.referral.participant
    return _recorded(context, AuditAction.FOLLOW_UP_RECORDED, participant, follow_up, after=after)


def interruption_started(
    context: AuditContext, interruption: Any, after: dict[str, Any]
) -> AuditEntry:
    return _recorded(
        context,
        AuditAction.INTERRUPTION_STARTED,
        interruption.referral.participant,
        interruption,
        after=after,
    )


def interruption_ended(context: AuditContext, interruption: Any) -> AuditEntry:
    return _recorded(
        context,
        AuditAction.INTERRUPTION_ENDED,
        interruption.referral.participant,
        interruption,
        before={"end": None},
        after={"end": interruption.end.isoformat()},
    )


def exit_recorded(context: AuditContext, exit_: Any, after: dict[str, Any]) -> AuditEntry:
    return _recorded(
        context, AuditAction.EXIT_RECORDED, exit_.referral.participant, exit_, after=after
    )


def reported_to_district(context: AuditContext, event: Any) -> AuditEntry:
    return _recorded(
        context,
        AuditAction.REPORTED_TO_DISTRICT,
        event.participant,
        event,
        after={"kind": event.kind, "summary": event.summary},
    )


def district_events_read(context: AuditContext, events: Iterable[Any]) -> int:
    """The district's feed names people: one entry naming each event read and its person."""
    return _write_list(
        context, AuditAction.DISTRICT_EVENTS_READ, ((e.participant, e) for e in events)
    )


def limit_exception_requested(context: AuditContext, exception: Any) -> AuditEntry:
    return _recorded(
        context,
        AuditAction.LIMIT_EXCEPTION_REQUESTED,
        exception.referral.participant,
        exception,
        after={"until": exception.until.isoformat(), "reason": exception.reason},
    )


def limit_exception_decided(context: AuditContext, exception: Any) -> AuditEntry:
    return _recorded(
        context,
        AuditAction.LIMIT_EXCEPTION_DECIDED,
        exception.referral.participant,
        exception,
        before={"approved": None},
        after={"approved": exception.approved},
    )


def first_meeting_booked(context: AuditContext, case: Any, slot: Any) -> AuditEntry:
    return _recorded(
        context,
        AuditAction.FIRST_MEETING_BOOKED,
        case.participant,
        case,
        after={"starts_at": slot.starts_at.isoformat(), "coach": slot.coach.username},
    )


def district_event_handled(context: AuditContext, event: Any) -> AuditEntry:
    after = {"handled_at": event.handled_at.isoformat()}
    # Closed by the work itself (a plan decided or replaced, an exit), not by an officer.
    if getattr(event, "handled_reason", ""):
        after["reason"] = event.handled_reason
    return _recorded(
        context,
        AuditAction.DISTRICT_EVENT_HANDLED,
        event.participant,
        event,
        before={"handled_at": None},
        after=after,
    )


def intake_time_released(context: AuditContext, case: Any, slot: Any, reason: str) -> AuditEntry:
    """A booked intake time given back, free for others: the case's first meeting was recorded
    on another day, or the case exited before it."""
    return _recorded(
        context,
        AuditAction.INTAKE_TIME_RELEASED,
        case.participant,
        case,
        before={"starts_at": slot.starts_at.isoformat(), "coach": slot.coach.username},
        after={"starts_at": None, "reason": reason},
    )


def transfer_imported(context: AuditContext, run: Any) -> AuditEntry:
    """A bulk import is one entry naming who imported what and what came of it."""
    return _write(
        context,
        action=AuditAction.TRANSFER_IMPORTED,
        participant=None,
        obj=run,
        changes={
            "source": run.source,
            "dry_run": run.dry_run,
            "reconciliation": run.reconciliation,
        },
    )


def transfer_people_imported(
    context: AuditContext, run: Any, people: Iterable[tuple["Participant", list[str]]]
) -> int:
    """Each person whose data an import created or changed gets an entry naming the run and the
    files that did it, so that their audit extract shows it (written in one statement)."""
    entries = [
        _entry(
            context,
            action=AuditAction.TRANSFER_PERSON_IMPORTED,
            participant=person,
            obj=run,
            changes={"import_run": run.pk, "source": run.source, "files": files},
        )
        for person, files in people
    ]
    chain.append(entries)
    return len(entries)


def transfer_people_refused(
    context: AuditContext, run: Any, people: Iterable["Participant"]
) -> int:
    """An upload limited to a Jobbtorg named these people, who are not in it: nothing of theirs
    was written, and their audit extract shows who tried."""
    entries = [
        _entry(
            context,
            action=AuditAction.TRANSFER_PERSON_REFUSED,
            participant=person,
            obj=run,
            changes={"import_run": run.pk, "source": run.source},
        )
        for person in people
    ]
    chain.append(entries)
    return len(entries)


def transfer_exported(context: AuditContext, path: str, counts: dict[str, int]) -> AuditEntry:
    """A bulk export is one entry naming who exported what, where."""
    return _write(
        context,
        action=AuditAction.TRANSFER_EXPORTED,
        participant=None,
        changes={"path": path, "rows": counts},
    )


# The offering and its providers (R14–R16, R22, R27). `participation` is an
# ActivityParticipation: a person's place in a provider's offering.


def participation_placed(
    context: AuditContext, participation: Any, after: dict[str, Any]
) -> AuditEntry:
    return _recorded(
        context,
        AuditAction.PARTICIPATION_PLACED,
        participation.referral.participant,
        participation,
        after=after,
    )


def provider_chosen(context: AuditContext, participation: Any, after: dict[str, Any]) -> AuditEntry:
    return _recorded(
        context,
        AuditAction.PROVIDER_CHOSEN,
        participation.referral.participant,
        participation,
        after=after,
    )


def provider_reported(
    context: AuditContext, report: Any, before: dict[str, Any], after: dict[str, Any]
) -> AuditEntry:
    return _recorded(
        context,
        AuditAction.PROVIDER_REPORTED,
        report.participation.referral.participant,
        report,
        before=before,
        after=after,
    )


def provider_report_seen(context: AuditContext, report: Any) -> AuditEntry:
    return _viewed(
        context, AuditAction.PROVIDER_REPORT_SEEN, report.participation.referral.participant, report
    )


def result_followed_up(
    context: AuditContext, participation: Any, before: dict[str, Any], after: dict[str, Any]
) -> AuditEntry:
    return _recorded(
        context,
        AuditAction.FOLLOW_UP_RESULT_RECORDED,
        participation.referral.participant,
        participation,
        before=before,
        after=after,
    )


def attendance_registered(
    context: AuditContext,
    register: Any,
    before: dict[str, Any] | None,
    after: dict[str, Any],
) -> AuditEntry:
    return _recorded(
        context,
        AuditAction.ATTENDANCE_REGISTERED,
        register.participation.referral.participant,
        register,
        before=before,
        after=after,
    )


def attendance_viewed(context: AuditContext, participations: Iterable[Any]) -> int:
    """An attendance list names people: one entry naming each participation shown and its
    person."""
    return _write_list(
        context,
        AuditAction.ATTENDANCE_VIEWED,
        ((p.referral.participant, p) for p in participations),
    )


def schedule_viewed(context: AuditContext, participant: "Participant") -> AuditEntry:
    return _viewed(context, AuditAction.SCHEDULE_VIEWED, participant)


def _payment_run_entries(
    context: AuditContext, action: AuditAction, run: Any, participations: Iterable[Any]
) -> int:
    """A payment run lists people's participations: one entry naming the run and each person
    on it; a run with no lines still gets its entry (no person) so the act is on record."""
    people = [(p.referral.participant, None) for p in participations]
    return _write_list(context, action, people, shown=run)


def payment_run_previewed(context: AuditContext, run: Any, participations: Iterable[Any]) -> int:
    return _payment_run_entries(context, AuditAction.PAYMENT_RUN_PREVIEWED, run, participations)


def payment_run_viewed(context: AuditContext, run: Any, participations: Iterable[Any]) -> int:
    return _payment_run_entries(context, AuditAction.PAYMENT_RUN_VIEWED, run, participations)


def payment_run_approved(context: AuditContext, run: Any, participations: Iterable[Any]) -> int:
    return _payment_run_entries(context, AuditAction.PAYMENT_RUN_APPROVED, run, participations)


def payment_run_exported(context: AuditContext, run: Any, participations: Iterable[Any]) -> int:
    return _payment_run_entries(context, AuditAction.PAYMENT_RUN_EXPORTED, run, participations)


def participation_corrected(
    context: AuditContext, participation: Any, before: dict[str, Any], after: dict[str, Any]
) -> AuditEntry:
    """A manager's late correction of the facts a payment run reads (level, start, result)."""
    return _recorded(
        context,
        AuditAction.PARTICIPATION_CORRECTED,
        participation.referral.participant,
        participation,
        before=before,
        after=after,
    )


# Matching (R23–R25). `profile` is a MatchingProfile, `proposal` a Proposal.


def matching_profile_viewed(context: AuditContext, profile: Any) -> AuditEntry:
    return _viewed(
        context, AuditAction.MATCHING_PROFILE_VIEWED, profile.referral.participant, profile
    )


def matching_profile_updated(
    context: AuditContext, profile: Any, before: dict[str, Any], after: dict[str, Any]
) -> AuditEntry:
    return _recorded(
        context,
        AuditAction.MATCHING_PROFILE_UPDATED,
        profile.referral.participant,
        profile,
        before=before,
        after=after,
    )


def candidates_suggested(context: AuditContext, participants: Iterable["Participant"]) -> int:
    """A list of suggested candidates names people: one entry naming each."""
    return _write_list(context, AuditAction.CANDIDATES_SUGGESTED, ((p, None) for p in participants))


def proposal_recorded(
    context: AuditContext, proposal: Any, before: dict[str, Any] | None, after: dict[str, Any]
) -> AuditEntry:
    return _recorded(
        context,
        AuditAction.PROPOSAL_RECORDED,
        proposal.referral.participant,
        proposal,
        before=before,
        after=after,
    )


def employer_profile_shared(context: AuditContext, proposal: Any, fields: list[str]) -> AuditEntry:
    return _recorded(
        context,
        AuditAction.EMPLOYER_PROFILE_SHARED,
        proposal.referral.participant,
        proposal,
        after={"employer": proposal.vacancy.employer.name, "fields": fields},
    )


def fair_invitation_recorded(
    context: AuditContext, invitation: Any, before: dict[str, Any] | None, after: dict[str, Any]
) -> AuditEntry:
    return _recorded(
        context,
        AuditAction.FAIR_INVITATION_RECORDED,
        invitation.referral.participant,
        invitation,
        before=before,
        after=after,
    )


# Summer jobs (R26). The applicants are young people outside the Jobbtorg's cases: the entries
# name the application (object), with no participant.


def summer_application_saved(
    context: AuditContext,
    application: Any,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditEntry:
    """Saved (before None: new), or removed by staff (after None: a later submission)."""
    changes = {"before": before, "after": after}
    return _write(
        context,
        action=AuditAction.SUMMER_APPLICATION_SAVED,
        participant=None,
        obj=application,
        changes=changes,
    )


def summer_application_viewed(context: AuditContext, application: Any) -> AuditEntry:
    return _write(
        context, action=AuditAction.SUMMER_APPLICATION_VIEWED, participant=None, obj=application
    )


def summer_applications_listed(context: AuditContext, applications: Iterable[Any]) -> int:
    return _write_list(
        context, AuditAction.SUMMER_APPLICATIONS_LISTED, ((None, a) for a in applications)
    )


def summer_priority_verified(context: AuditContext, application: Any, ground: str) -> AuditEntry:
    return _write(
        context,
        action=AuditAction.SUMMER_PRIORITY_VERIFIED,
        participant=None,
        obj=application,
        changes={"before": None, "after": {"ground": ground}},
    )


def summer_allocation_run(context: AuditContext, run: Any, figures: dict[str, Any]) -> AuditEntry:
    return _write(
        context,
        action=AuditAction.SUMMER_ALLOCATION_RUN,
        participant=None,
        obj=run,
        changes={"before": None, "after": figures},
    )


def summer_offer_answered(context: AuditContext, offer: Any, before: str, after: str) -> AuditEntry:
    return _write(
        context,
        action=AuditAction.SUMMER_OFFER_ANSWERED,
        participant=None,
        obj=offer,
        changes={"before": {"status": before}, "after": {"status": after}},
    )


def indicators_computed(context: AuditContext, what: dict[str, Any]) -> AuditEntry:
    """Key figures read every case: the act is on record (what was asked, by whom), naming no
    one."""
    return _write(
        context,
        action=AuditAction.INDICATORS_COMPUTED,
        participant=None,
        changes={"before": None, "after": what},
    )


def summer_priority_removed(context: AuditContext, application: Any, ground: str) -> AuditEntry:
    """A verified priority ground taken back (e.g. recorded on the wrong applicant)."""
    return _write(
        context,
        action=AuditAction.SUMMER_PRIORITY_REMOVED,
        participant=None,
        obj=application,
        changes={"before": {"ground": ground}, "after": None},
    )


def case_files_culled(
    context: AuditContext,
    participant: "Participant",
    *,
    counts: dict[str, int],
    rule: str,
    years: int,
    kept_for_key_figures: dict[str, int],
) -> AuditEntry:
    """A person's case files culled (gallring), written in the culling's transaction: the
    entry's participant id no longer resolves. It names the person by that id only: what was
    culled by kind and count, under which rule."""
    return _write(
        context,
        action=AuditAction.CASE_FILES_CULLED,
        participant=participant,
        changes={
            "before": {"records": counts},
            "after": None,
            "rule": rule,
            "years": years,
            "kept_for_key_figures": kept_for_key_figures,
        },
    )


def assistance_pool_culled(
    context: AuditContext, *, people: int, months: int, years: int
) -> AuditEntry:
    """Months of assistance of people who never took part, culled: how many, under which
    period; the people are not named (they never had a case here)."""
    return _write(
        context,
        action=AuditAction.ASSISTANCE_POOL_CULLED,
        participant=None,
        changes={"before": {"people": people, "months": months}, "after": None, "years": years},
    )


# Messages between the person and the Jobbtorg. The text itself is never copied here: the entry
# says who wrote in which thread, and how much.


def case_message_sent(context: AuditContext, message: Any, *, new_thread: bool) -> AuditEntry:
    """A message written, by the person (channel participant, no staff actor) or by staff."""
    thread = message.thread
    after: dict[str, Any] = {
        "thread": str(thread.pk),
        "author": message.author,
        "characters": len(message.body),
    }
    if new_thread:
        after["subject"] = thread.subject
    return _recorded(
        context,
        AuditAction.CASE_MESSAGE_SENT,
        thread.referral.participant,
        message,
        after=after,
    )


def case_messages_viewed(
    context: AuditContext, participant: "Participant", threads: Iterable[Any]
) -> list[AuditEntry]:
    """The messages of each thread shown, one entry a thread, chained in one write."""
    entries = [
        _entry(context, action=AuditAction.CASE_MESSAGES_VIEWED, participant=participant, obj=t)
        for t in threads
    ]
    if entries:
        chain.append(entries)
    return entries


def case_messages_marked_read(context: AuditContext, thread: Any, count: int) -> AuditEntry:
    return _recorded(
        context,
        AuditAction.CASE_MESSAGES_MARKED_READ,
        thread.referral.participant,
        thread,
        after={"messages": count},
    )


# The person's own data page (portal): the whole read is one entry, naming the parts shown.


def my_data_viewed(
    context: AuditContext, participant: "Participant", parts: list[str], *, printed: bool = False
) -> AuditEntry:
    return _write(
        context,
        action=AuditAction.MY_DATA_PRINTED if printed else AuditAction.MY_DATA_VIEWED,
        participant=participant,
        changes={"parts": parts},
    )


def consent_withdrawal_requested(context: AuditContext, request: Any) -> AuditEntry:
    """The text is not copied here: the entry says how much was written."""
    return _recorded(
        context,
        AuditAction.CONSENT_WITHDRAWAL_REQUESTED,
        request.referral.participant,
        request,
        after={"case": str(request.referral_id), "characters": len(request.text)},
    )


def consent_withdrawal_handled(context: AuditContext, request: Any) -> AuditEntry:
    return _recorded(
        context,
        AuditAction.CONSENT_WITHDRAWAL_HANDLED,
        request.referral.participant,
        request,
        after={"handled_at": request.handled_at.isoformat()},
    )


# Lex Sarah (R35): every entry names the report (or the designation), never the participant a
# report is linked to (ADR 0006). Free text is never copied: the entry says which fields.


def _lex_sarah(
    context: AuditContext, action: AuditAction, obj: Any, changes: dict[str, Any] | None = None
) -> AuditEntry:
    return _write(context, action=action, participant=None, obj=obj, changes=changes)


def lex_sarah_report_filed(context: AuditContext, report: Any) -> AuditEntry:
    return _lex_sarah(
        context,
        AuditAction.LEX_SARAH_REPORT_FILED,
        report,
        {
            "after": {
                "reference": report.reference,
                "linked_participant": bool(report.participant_id),
            }
        },
    )


def lex_sarah_report_viewed(context: AuditContext, report: Any, *, part: str = "") -> AuditEntry:
    """`part`: what of it was read (the investigation, a version, the reporter's status)."""
    return _lex_sarah(
        context, AuditAction.LEX_SARAH_REPORT_VIEWED, report, {"part": part} if part else None
    )


def lex_sarah_reports_listed(context: AuditContext, reports: Iterable[Any]) -> int:
    return _write_list(
        context, AuditAction.LEX_SARAH_REPORTS_LISTED, ((None, report) for report in reports)
    )


def lex_sarah_investigation_saved(
    context: AuditContext, version: Any, *, before: str, fields: list[str]
) -> AuditEntry:
    return _lex_sarah(
        context,
        AuditAction.LEX_SARAH_INVESTIGATION_SAVED,
        version.report,
        {
            "before": {"assessment": before},
            "after": {
                "version": version.number,
                "assessment": version.assessment,
                "fields_changed": fields,
            },
        },
    )


def lex_sarah_ivo_document_produced(
    context: AuditContext, report: Any, *, kind: str, version: int
) -> AuditEntry:
    return _lex_sarah(
        context,
        AuditAction.LEX_SARAH_IVO_DOCUMENT_PRODUCED,
        report,
        {"document": kind, "investigation_version": version},
    )


def lex_sarah_ivo_sent(context: AuditContext, submission: Any) -> AuditEntry:
    return _lex_sarah(
        context,
        AuditAction.LEX_SARAH_IVO_SENT,
        submission.report,
        {
            "after": {
                "document": submission.kind,
                "sent_on": submission.sent_on.isoformat(),
                "investigation_version": submission.investigation_number,
            }
        },
    )


def lex_sarah_report_closed(context: AuditContext, report: Any, *, measures: int) -> AuditEntry:
    return _lex_sarah(
        context,
        AuditAction.LEX_SARAH_REPORT_CLOSED,
        report,
        {
            "after": {
                "decided_on": report.decided_on.isoformat(),
                "assessment": report.assessment,
                "measures_to_follow_up": measures,
            }
        },
    )


def lex_sarah_measure_followed_up(context: AuditContext, measure: Any) -> AuditEntry:
    return _lex_sarah(
        context,
        AuditAction.LEX_SARAH_MEASURE_FOLLOWED_UP,
        measure.report,
        {
            "after": {
                "measure": str(measure.pk),
                "followed_up_on": measure.followed_up_on.isoformat(),
            }
        },
    )


def lex_sarah_officer_designated(context: AuditContext, designation: Any) -> AuditEntry:
    return _lex_sarah(
        context,
        AuditAction.LEX_SARAH_OFFICER_DESIGNATED,
        designation,
        {
            "after": {
                "user": designation.user.get_username(),
                "job_centre": str(designation.job_centre_id or ""),
            }
        },
    )


def lex_sarah_designation_ended(context: AuditContext, designation: Any) -> AuditEntry:
    return _lex_sarah(
        context,
        AuditAction.LEX_SARAH_DESIGNATION_ENDED,
        designation,
        {"after": {"user": designation.user.get_username()}},
    )
