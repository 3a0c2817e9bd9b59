"""Reads of participants. Every one starts from `participants_visible_to`."""

from jobbtorg.participants.selectors.assessments import (
    assessment_for_display,
)
from jobbtorg.participants.selectors.audit_extract import (
    audit_entries_for,
    audit_extract_exported,
    audit_extract_shown,
)
from jobbtorg.participants.selectors.cases import (
    cases_of,
    current_referral,
    enrolled_referrals_for,
    latest_case,
    open_case_of,
    participation_end_of,
    referral_get,
)
from jobbtorg.participants.selectors.district_events import (
    district_events_shown,
    inbox_events_shown,
    unhandled_counts_by_kind,
)
from jobbtorg.participants.selectors.intake_slots import (
    earliest_free_slot,
    has_future_slot,
    intake_slots_shown,
)
from jobbtorg.participants.selectors.participants import (
    home_district_since,
    participant_for_display,
    participant_get,
    participant_search,
    participant_shown,
    participants_listed,
    participants_shown,
    stages_of,
)
from jobbtorg.participants.selectors.scope import (
    assessments_visible_to,
    case_sharing_consents_visible_to,
    coach_assignments_visible_to,
    district_events_visible_to,
    exits_visible_to,
    first_meetings_visible_to,
    health_entries_visible_to,
    holds_case,
    home_district_changes_visible_to,
    intake_slots_visible_to,
    interruptions_visible_to,
    limit_exceptions_visible_to,
    one_in_scope,
    participants_visible_to,
    referrals_held_by,
    referrals_visible_to,
)
from jobbtorg.participants.selectors.sharing import (
    shared_parts_for,
    sharing_consents_of,
)

__all__ = [
    "assessment_for_display",
    "assessments_visible_to",
    "audit_entries_for",
    "audit_extract_exported",
    "audit_extract_shown",
    "case_sharing_consents_visible_to",
    "cases_of",
    "coach_assignments_visible_to",
    "current_referral",
    "district_events_shown",
    "district_events_visible_to",
    "earliest_free_slot",
    "enrolled_referrals_for",
    "exits_visible_to",
    "first_meetings_visible_to",
    "has_future_slot",
    "health_entries_visible_to",
    "home_district_changes_visible_to",
    "holds_case",
    "home_district_since",
    "inbox_events_shown",
    "unhandled_counts_by_kind",
    "intake_slots_shown",
    "intake_slots_visible_to",
    "interruptions_visible_to",
    "latest_case",
    "limit_exceptions_visible_to",
    "one_in_scope",
    "open_case_of",
    "participant_for_display",
    "participant_shown",
    "participant_get",
    "participant_search",
    "participants_listed",
    "participants_shown",
    "participants_visible_to",
    "participation_end_of",
    "referral_get",
    "referrals_held_by",
    "referrals_visible_to",
    "shared_parts_for",
    "sharing_consents_of",
    "stages_of",
]
