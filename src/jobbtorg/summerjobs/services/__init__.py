"""Every write of summer jobs, one module per noun: applications (the public form, the answer to
an offer, later submissions), confirmation codes (and the limit on wrong ones), workplaces,
priority grounds, seasons and allocation rounds."""

from jobbtorg.summerjobs.services.allocation import allocation_run
from jobbtorg.summerjobs.services.applications import (
    ApplicationData,
    Saved,
    applicant_lookup,
    application_submit,
    later_submission_resolve,
    offer_answer,
    snapshot,
)
from jobbtorg.summerjobs.services.confirmation_codes import (
    TooManyTries,
    claim_try,
    code_display,
    code_hash,
    new_confirmation_code,
)
from jobbtorg.summerjobs.services.priorities import priority_remove, priority_verify
from jobbtorg.summerjobs.services.seasons import (
    season_create,
    season_move,
    seed_priority_grounds,
)
from jobbtorg.summerjobs.services.workplaces import (
    Reported,
    WorkplaceData,
    workplace_decide,
    workplace_report,
)

__all__ = [
    "ApplicationData",
    "Reported",
    "Saved",
    "TooManyTries",
    "WorkplaceData",
    "allocation_run",
    "applicant_lookup",
    "application_submit",
    "claim_try",
    "code_display",
    "code_hash",
    "later_submission_resolve",
    "new_confirmation_code",
    "offer_answer",
    "priority_remove",
    "priority_verify",
    "season_create",
    "season_move",
    "seed_priority_grounds",
    "snapshot",
    "workplace_decide",
    "workplace_report",
]
