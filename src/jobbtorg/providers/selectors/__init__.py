"""Every read of the providers app starts from a scoping function here:
`participations_visible_to`, `provider_reports_visible_to`, `attendance_registers_visible_to`,
`offerings_visible_to`."""

from jobbtorg.providers.selectors.participations import (
    is_own_case,
    participation_fields_visible_to,
    participations_visible_to,
    provider_reports_visible_to,
)

__all__ = [
    "is_own_case",
    "participation_fields_visible_to",
    "participations_visible_to",
    "provider_reports_visible_to",
]
