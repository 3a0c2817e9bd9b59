"""Who may file, read, investigate and designate (R35; ADR 0006).

- Anyone on staff files a report, provider staff included, and reads their own reports' status
  (never the investigation).
- A lex Sarah officer is a staff account the administrator designated, for one Jobbtorg or
  city-wide. Officers read and investigate the reports of their Jobbtorg; a city-wide officer
  every report, those of the city's own operations outside a Jobbtorg included.
- Nobody else sees a report: not the manager, not the analyst, not the administrator.
"""

from typing import Any

from jobbtorg.core.roles import JOB_CENTRE_ROLES, Role, scope_role

# Who may be designated: the Jobbtorg's own staff (for their Jobbtorg or city-wide) and the
# city's analysts and administrators. Provider staff and district officers work for other
# principals and report to their own officers.
DESIGNABLE_ROLES = JOB_CENTRE_ROLES | {Role.ANALYST, Role.ADMINISTRATOR}


def can_file_report(user: Any, obj: Any = None) -> bool:
    return scope_role(user) != ""


def officer_units(user: Any) -> tuple[bool, frozenset[Any]]:
    """(city-wide, the Jobbtorgs' ids) of the user's designations in force; (False, {}) for
    anyone who is not an officer or is signed out or deactivated."""
    if scope_role(user) == "":
        return False, frozenset()
    cached = getattr(user, "_lex_sarah_units", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    centres = list(
        user.lex_sarah_designations.filter(ended_at__isnull=True).values_list(
            "job_centre_id", flat=True
        )
    )
    units = (None in centres, frozenset(c for c in centres if c is not None))
    # Asked by the navigation and again by the page: once per request object.
    user._lex_sarah_units = units
    return units


def is_lex_sarah_officer(user: Any, obj: Any = None) -> bool:
    city_wide, centres = officer_units(user)
    return city_wide or bool(centres)


def can_handle_report(user: Any, report: Any) -> bool:
    """Read the whole report, investigate it, produce the IVO documents, close it."""
    city_wide, centres = officer_units(user)
    return city_wide or (report.job_centre_id is not None and report.job_centre_id in centres)


def can_follow_report_status(user: Any, report: Any) -> bool:
    """The reporter sees their own report's status and receipt."""
    return scope_role(user) != "" and report.reported_by_id == user.pk


def can_designate_officers(user: Any, obj: Any = None) -> bool:
    return scope_role(user) == Role.ADMINISTRATOR


def can_be_designated(user: Any, job_centre: Any) -> bool:
    """A Jobbtorg's staff for their own Jobbtorg or city-wide; analysts and administrators for
    any; nobody else, and no closed account."""
    role = scope_role(user)
    if role not in DESIGNABLE_ROLES:
        return False
    if role in JOB_CENTRE_ROLES and job_centre is not None:
        return bool(user.job_centre_id == job_centre.pk)
    return True


def sees_ivo_escalations(user: Any) -> bool:
    """The manager's start page shows the Jobbtorg's serious reports overdue at IVO, by
    reference number only (no content): the manager answers for the operation."""
    return scope_role(user) == Role.MANAGER and bool(user.job_centre_id)
