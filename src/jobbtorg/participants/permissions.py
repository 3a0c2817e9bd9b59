"""Who may do what with a participant and their cases: one predicate per decision.

Services raise `NotAllowed` when a predicate is false; pages and templates ask the same
predicate to show a button or a link. The role sets come from `core/roles.py`.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from jobbtorg.core.errors import NotAllowed
from jobbtorg.core.roles import CASE_WORKERS, JOB_CENTRE_ROLES, Role
from jobbtorg.participants.models import DistrictEvent, Participant, Referral
from jobbtorg.participants.selectors import (
    holds_case,
    latest_case,
    open_case_of,
    referrals_held_by,
)


def _role(user: Any) -> str:
    return str(getattr(user, "role", "") or "")


def _at_centre_of(user: Any, referral: Referral) -> bool:
    return bool(getattr(user, "job_centre_id", None) == referral.job_centre_id)


# People


def can_register_participant(user: Any) -> bool:
    """A district officer registers the people of their own district (R6)."""
    return _role(user) == Role.DISTRICT_OFFICER


def can_see_contact_details(user: Any, participant: Participant) -> bool:
    """Contact details (phone, e-mail, address, interpreter language) come with a referral and
    belong to the person's current case: only its unit sees them. A person without a case is
    seen by their home district and its Jobbtorg, contact details too. Call only for a
    participant fetched through `participant_get`."""
    case = latest_case(participant)
    return case is None or holds_case(user, case)


def can_pull_audit_extract(user: Any, participant: Participant | None = None) -> bool:
    """The loggutdrag: the manager of a Jobbtorg, for a person in their scope."""
    return _role(user) == Role.MANAGER


# Cases


def can_refer(user: Any) -> bool:
    """A district officer refers the people of their district to a Jobbtorg (R4–R7)."""
    return _role(user) == Role.DISTRICT_OFFICER


def can_act_on_case(user: Any, referral: Referral | None) -> bool:
    """Coach or manager of the case's Jobbtorg: who records what happens in a case."""
    return referral is not None and _role(user) in CASE_WORKERS and _at_centre_of(user, referral)


def can_read_assessment(user: Any, referral: Referral | None) -> bool:
    """The assessment is the Jobbtorg's working material: its staff read it; the district gets
    plans, reports and exits (R33)."""
    return (
        referral is not None and _role(user) in JOB_CENTRE_ROLES and _at_centre_of(user, referral)
    )


def can_see_health(user: Any, referral: Referral | None) -> bool:
    """Health-related entries: only the coach and the manager of the person's Jobbtorg."""
    return can_act_on_case(user, referral)


def can_decide_limit_exception(user: Any, referral: Referral | None) -> bool:
    """Exceptions to the 18-month limit: only the manager of the case's Jobbtorg decides."""
    return referral is not None and _role(user) == Role.MANAGER and _at_centre_of(user, referral)


def can_record_sharing(user: Any, referral: Referral) -> bool:
    """The unit that holds the case: coach or manager of its Jobbtorg, officer of its district."""
    role = _role(user)
    if role in CASE_WORKERS:
        return _at_centre_of(user, referral)
    if role == Role.DISTRICT_OFFICER:
        return bool(user.district_id == referral.district_id)
    return False


def can_be_coach_of(user: Any, referral: Referral) -> bool:
    """Who can be a case's personal coach: a coach of the case's Jobbtorg."""
    return _role(user) == Role.COACH and _at_centre_of(user, referral)


def sharing_cases_of(
    user: Any, participant: Participant, *, visible: list[Referral] | None = None
) -> list[Referral]:
    """The person's cases on which the user may record a consent to share (newest first).
    `visible`: the person's cases the page already read through `referrals_visible_to`, which
    hold every case of the user's own unit."""
    if visible is None:
        held = list(referrals_held_by(user).filter(participant=participant))
    else:
        held = [case for case in visible if holds_case(user, case)]
    held.sort(key=lambda case: case.referred_at, reverse=True)
    return [case for case in held if can_record_sharing(user, case)]


# Messages between the person and the Jobbtorg (ADR 0005 point 7)


def coach_is_present(referral: Referral) -> bool:
    """Whether the case has a coach who can answer: an active account that is still a coach at
    the case's Jobbtorg. Nothing in the product records a coach's leave or holiday, so "away"
    is known only this way: no coach, a closed account, or a coach who moved on."""
    coach = referral.coach
    return (
        coach is not None
        and coach.is_active
        and _role(coach) == Role.COACH
        and coach.job_centre_id == referral.job_centre_id
    )


def can_answer_case_messages(user: Any, referral: Referral | None) -> bool:
    """The case's own coach, or the manager of its Jobbtorg. The manager may answer whether or
    not the coach is present: a coach's leave is recorded nowhere, so the manager stands in
    whenever needed; Min dag shows the manager the unanswered messages of cases without a
    present coach (`coach_is_present`). Others who read the case read its messages only."""
    if referral is None or not getattr(user, "is_active", False):
        return False
    role = _role(user)
    if role == Role.COACH:
        return bool(referral.coach_id == user.pk and _at_centre_of(user, referral))
    return role == Role.MANAGER and _at_centre_of(user, referral)


# Intake times


def can_publish_intake_slot(user: Any) -> bool:
    """Only coaches: the person met becomes the coach's own (a manager cannot be the coach)."""
    return _role(user) == Role.COACH


def can_see_intake_slots(user: Any) -> bool:
    """The intake times of a Jobbtorg: its coaches (their own) and its manager (all)."""
    return _role(user) in CASE_WORKERS


# The district's events and the caseload's deadlines


def can_read_district_events(user: Any) -> bool:
    """The inbox and the events feed: the district's social-assistance officers."""
    return _role(user) == Role.DISTRICT_OFFICER


def can_handle_district_event(user: Any, event: DistrictEvent) -> bool:
    """An officer of the event's district marks it as dealt with."""
    return can_read_district_events(user) and user.district_id == event.district_id


def can_list_deadlines(user: Any) -> bool:
    """The deadlines list: a coach's own caseload, a manager's whole Jobbtorg."""
    return _role(user) in CASE_WORKERS


# Refusals, with who may instead


def require_case_worker(actor: Any, referral: Referral, what: str) -> None:
    """NotAllowed, naming the Jobbtorg, unless the actor may act on the case."""
    if not can_act_on_case(actor, referral):
        raise NotAllowed(
            _("%(what)s is done by the coach or manager at Jobbtorg %(centre)s.")
            % {"what": what, "centre": referral.job_centre.name}
        )


def require_staff(user: Any, what: str, referral: Referral | None = None) -> None:
    """Refuse (403, with who can do it instead) a user who may not act on the case."""
    if referral is not None:
        try:
            require_case_worker(user, referral, what)
        except NotAllowed as error:
            raise PermissionDenied(str(error)) from None
    elif _role(user) not in CASE_WORKERS:
        raise PermissionDenied(
            _("%(what)s is done by the coach or manager at the person's Jobbtorg.") % {"what": what}
        )


def case_to_act_on(user: Any, participant: Participant, what: str) -> Referral | None:
    """The person's open case, when the user may act on it; 403 (saying who may) otherwise.
    None when there is no open case: the page says so."""
    case = open_case_of(user, participant)
    require_staff(user, what, case)
    return case


def require_exception_decider(user: Any, referral: Referral) -> None:
    """403, naming who decides, for anyone but the manager of the case's Jobbtorg."""
    if not can_decide_limit_exception(user, referral):
        raise PermissionDenied(
            _(
                "Only the manager of Jobbtorg %(centre)s decides on exceptions to the "
                "18-month limit."
            )
            % {"centre": referral.job_centre.name}
        )
