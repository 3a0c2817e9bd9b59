"""Who may do what in matching. Services raise NotAllowed when a predicate is false; views and
templates ask the same predicates to decide what to offer.

Employers, vacancies and recruitment fairs are shared by all Jobbtorg (matching is coordinated
across them, R23): their staff read them, matchers and managers write them. A proposal has two
sides: the person's coach side (the coach or manager of the person's Jobbtorg) agrees with the
person; the matcher side (a matcher or manager of the Jobbtorg that proposed, or of the person's
Jobbtorg) sends, records the interview, the outcome and the supervisor contacts.
"""

from typing import Any

from jobbtorg.core.roles import CASE_WORKERS, JOB_CENTRE_ROLES, MATCHING_STAFF


def _role(user: Any) -> str:
    return str(getattr(user, "role", "") or "")


def _at_a_job_centre(user: Any) -> bool:
    return bool(getattr(user, "job_centre_id", None))


def can_read_employers(user: Any) -> bool:
    """Employers and vacancies: the matchers, coaches and managers of every Jobbtorg."""
    return bool(getattr(user, "is_active", False)) and _role(user) in JOB_CENTRE_ROLES


def can_write_employers(user: Any) -> bool:
    """Registering and changing employers and vacancies, logging contacts with employers."""
    return bool(getattr(user, "is_active", False)) and _role(user) in MATCHING_STAFF


def can_use_matching(user: Any) -> bool:
    """The matching pages that show people (profiles, proposals, the to-do list, fairs)."""
    return _role(user) in JOB_CENTRE_ROLES and _at_a_job_centre(user)


def can_propose_candidates(user: Any) -> bool:
    """Seeing the best candidates for a vacancy and proposing a person for it."""
    return _role(user) in MATCHING_STAFF and _at_a_job_centre(user)


def can_edit_matching_profile(user: Any, referral: Any = None) -> bool:
    """The coach or manager of the person's Jobbtorg keeps the matching profile."""
    if _role(user) not in CASE_WORKERS:
        return False
    return referral is None or getattr(user, "job_centre_id", None) == referral.job_centre_id


def can_agree_proposal(user: Any, proposal: Any = None) -> bool:
    """The coach side: records whether the coach and the person agree."""
    if _role(user) not in CASE_WORKERS:
        return False
    return proposal is None or (
        getattr(user, "job_centre_id", None) == proposal.referral.job_centre_id
    )


def can_advance_proposal(user: Any, proposal: Any = None) -> bool:
    """The matcher side: sends the profile, records the interview, the outcome and the
    contacts with a placement's supervisor."""
    if _role(user) not in MATCHING_STAFF:
        return False
    return proposal is None or getattr(user, "job_centre_id", None) in {
        proposal.proposed_by.job_centre_id,
        proposal.referral.job_centre_id,
    }


def can_withdraw_proposal(user: Any, proposal: Any = None) -> bool:
    """Either side may withdraw a live proposal."""
    return can_advance_proposal(user, proposal) or can_agree_proposal(user, proposal)


def can_organise_fairs(user: Any) -> bool:
    """Creating a recruitment fair and seeing the engine's suggestions of whom to invite."""
    return _role(user) in MATCHING_STAFF and _at_a_job_centre(user)


def can_record_fairs(user: Any) -> bool:
    """Inviting people to a fair and recording who came and what came of it."""
    return _role(user) in JOB_CENTRE_ROLES and _at_a_job_centre(user)


def can_look_up_taxonomy(user: Any) -> bool:
    """The look-ups of occupations, skills and languages feed the forms of the staff of a
    Jobbtorg who write them (the coach's exit and matching profile, the matcher's fairs)."""
    return (
        bool(getattr(user, "is_active", False))
        and _role(user) in JOB_CENTRE_ROLES
        and _at_a_job_centre(user)
    )
