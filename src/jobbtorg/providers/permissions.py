"""Who may do what in the catalog, with participations, provider reports, attendance, free
choice and the comparison. Services refuse on these predicates; pages and templates ask the
same ones for their buttons and links."""

from typing import Any

from jobbtorg.core.roles import FOLLOW_UP_READERS, JOB_CENTRE_ROLES, Role, scope_role

# Who compare providers on one yardstick (R27, R30): those who follow the key figures.
COMPARISON_READERS = FOLLOW_UP_READERS
# Who add offerings: the administrators (for any Jobbtorg) and a manager (for their own).
OFFERING_MAKERS = frozenset({Role.ADMINISTRATOR, Role.MANAGER})


def _role(user: Any) -> str:
    return str(getattr(user, "role", "") or "")


def _at_job_centre(user: Any, *job_centre_ids: Any) -> bool:
    return bool(getattr(user, "job_centre_id", None)) and user.job_centre_id in job_centre_ids


def _at_provider(user: Any, provider_id: Any) -> bool:
    return (
        _role(user) == Role.PROVIDER_STAFF
        and bool(getattr(user, "provider_id", None))
        and user.provider_id == provider_id
    )


def is_manager(user: Any) -> bool:
    return _role(user) == Role.MANAGER


def is_provider_staff(user: Any) -> bool:
    return _role(user) == Role.PROVIDER_STAFF


# The catalog


def can_add_offering(user: Any) -> bool:
    return _role(user) in OFFERING_MAKERS


def can_view_offerings(user: Any) -> bool:
    """Staff of a Jobbtorg see the offerings made there and who is placed in them; a
    provider's staff their provider's offerings, made at any Jobbtorg."""
    if is_provider_staff(user):
        return bool(getattr(user, "provider_id", None))
    return _role(user) in JOB_CENTRE_ROLES and bool(getattr(user, "job_centre_id", None))


# Participations


def can_place_participation(user: Any, referral: Any = None) -> bool:
    """Staff of the person's Jobbtorg (coach, matcher, manager) place them in an offering, at
    their Jobbtorg or another (R2, R22); without a case: whether the role ever may."""
    if _role(user) not in JOB_CENTRE_ROLES:
        return False
    return referral is None or user.job_centre_id == referral.job_centre_id


def can_take_from_waiting_list(user: Any, participation: Any = None) -> bool:
    """Staff of the person's Jobbtorg, or of the one the offering was made at."""
    if _role(user) not in JOB_CENTRE_ROLES:
        return False
    return participation is None or _at_job_centre(
        user, participation.referral.job_centre_id, participation.offering.made_at_id
    )


def can_follow_up_result(user: Any, participation: Any = None) -> bool:
    """Staff of the person's Jobbtorg record the 3- and 6-month follow-ups of a result."""
    if _role(user) not in JOB_CENTRE_ROLES:
        return False
    return participation is None or _at_job_centre(user, participation.referral.job_centre_id)


def can_correct_participation(user: Any, participation: Any = None) -> bool:
    """A manager at the person's Jobbtorg, or at the one the offering was made at, corrects the
    facts a payment run reads."""
    if not is_manager(user):
        return False
    return participation is None or _at_job_centre(
        user, participation.referral.job_centre_id, participation.offering.made_at_id
    )


def can_view_week(user: Any) -> bool:
    """The week's schedule is kept by the person's Jobbtorg."""
    return _role(user) in JOB_CENTRE_ROLES


# Provider reports


def can_report_on_participation(user: Any, participation: Any) -> bool:
    """Staff of the participation's provider; or staff of the person's Jobbtorg (the coach may
    record what the provider told them by phone)."""
    if _role(user) == Role.PROVIDER_STAFF:
        return _at_provider(user, participation.offering.provider_id)
    return _role(user) in JOB_CENTRE_ROLES and _at_job_centre(
        user, participation.referral.job_centre_id
    )


def can_mark_report_seen(user: Any, report: Any) -> bool:
    """The person's Jobbtorg (their coach) marks a provider's report as read."""
    return _role(user) in JOB_CENTRE_ROLES and _at_job_centre(
        user, report.participation.referral.job_centre_id
    )


# Attendance (R15)


def can_use_attendance_lists(user: Any) -> bool:
    """The attendance lists are for a provider's staff."""
    return is_provider_staff(user) and bool(getattr(user, "provider_id", None))


def can_register_attendance(user: Any, participation: Any) -> bool:
    """As for a report: the provider's staff, or staff of the person's Jobbtorg."""
    return can_report_on_participation(user, participation)


# Free choice (LOV)


def can_record_choice(user: Any, referral: Any = None) -> bool:
    """The coach, matcher or manager at the person's Jobbtorg (as for any placement)."""
    return can_place_participation(user, referral)


# The comparison (R27, R30)


def can_view_comparison(user: Any) -> bool:
    return scope_role(user) in COMPARISON_READERS
