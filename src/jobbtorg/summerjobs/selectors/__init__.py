"""Every read of summer jobs (R26). Each model that holds or names a person is read from its
`<model>s_visible_to(user)`; the reads that return an applicant for display write the
read-audit entry (a list in one write), so no page can forget it.

Staff (matchers and managers, permissions.py) see every application of the city's season. The
applicant has no account: their own application is found by their confirmation code (the
services' look-up) and kept in their session; the workplace's contact reads the young people
placed there through the workplace's secret link.
"""

from jobbtorg.summerjobs.selectors.applications import (
    LIVE_OFFERS,
    applicant_application,
    application_for_applicant,
    application_for_staff,
    application_of,
    applications_page,
    applications_search,
    applications_visible_to,
    current_offer,
    district_names,
    explanations_visible_to,
    may_answer,
    offer_of_applicant,
    offers_visible_to,
    verified_priorities_visible_to,
    verified_priority_of,
)
from jobbtorg.summerjobs.selectors.explanations import (
    RoundExplanation,
    explanations_for,
)
from jobbtorg.summerjobs.selectors.seasons import (
    allocation_runs_visible_to,
    birth_date_range,
    open_season,
    season_actions,
    season_figures,
    season_for_reports,
    seasons_visible_to,
    staff_season,
    upcoming_season,
)
from jobbtorg.summerjobs.selectors.workplaces import (
    PlacedApplicant,
    allocation_has_happened,
    placed_at,
    published_workplaces,
    staff_workplaces,
    token_hash,
    workplace_by_token,
    workplace_of,
    workplaces_visible_to,
)

__all__ = [
    "LIVE_OFFERS",
    "PlacedApplicant",
    "RoundExplanation",
    "allocation_has_happened",
    "allocation_runs_visible_to",
    "applicant_application",
    "application_for_applicant",
    "application_for_staff",
    "application_of",
    "applications_page",
    "applications_search",
    "applications_visible_to",
    "birth_date_range",
    "current_offer",
    "district_names",
    "explanations_for",
    "explanations_visible_to",
    "may_answer",
    "offer_of_applicant",
    "offers_visible_to",
    "open_season",
    "placed_at",
    "published_workplaces",
    "season_actions",
    "season_figures",
    "season_for_reports",
    "seasons_visible_to",
    "staff_season",
    "staff_workplaces",
    "token_hash",
    "upcoming_season",
    "verified_priorities_visible_to",
    "verified_priority_of",
    "workplace_by_token",
    "workplace_of",
    "workplaces_visible_to",
]
