"""The participant page: one person, one page. It shows the case from participants, the plans,
the activities the person is placed in, the link to matching, and the consents to share."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from jobbtorg.core.web import audit_context
from jobbtorg.participants.models import Participant, Referral, Stage
from jobbtorg.participants.permissions import (
    can_pull_audit_extract,
    can_refer,
    can_see_contact_details,
    sharing_cases_of,
)
from jobbtorg.participants.selectors import (
    home_district_since,
    sharing_consents_of,
)
from jobbtorg.participants.services.case_messages import case_threads_opened
from jobbtorg.participants.views.case_messages import with_answer_forms
from jobbtorg.providers.permissions import can_place_participation, can_view_week
from jobbtorg.providers.selectors import participations_visible_to
from jobbtorg.providers.selectors.pauses import with_pauses
from jobbtorg.web.participant_overview import overview_for_display


def sharing_context(
    user: Any, participant: Participant, visible: list[Referral] | None = None
) -> dict[str, Any]:
    """What the person's page shows of consents: those recorded for the user's own unit's
    cases, and whether the user may record one (the unit that holds a case)."""
    cases = sharing_cases_of(user, participant, visible=visible)
    return {
        "may_share": bool(cases),
        "sharing_consents": list(sharing_consents_of(cases)),
        "home_since": home_district_since(participant),
    }


@login_required
@require_GET
def participant_page(request: HttpRequest, participant_id: str) -> HttpResponse:
    user = request.user
    participant, overview = overview_for_display(
        user=user, participant_id=participant_id, audit_context=audit_context(request)
    )
    case = overview.case
    # The person's messages, answered from here (ADR 0005 point 7); opening them reads them.
    threads = with_answer_forms(
        case_threads_opened(
            user=user, participant=participant, audit_context=audit_context(request)
        )
    )
    return render(
        request,
        "web/participant.html",
        {
            # Only what the table shows (providers/_participations.html): the scope's four
            # other joins cost PostgreSQL more to plan than the rows took to read.
            "activity_participations": with_pauses(
                participations_visible_to(user)
                .filter(referral__participant=participant)
                .select_related(None)
                .select_related(
                    "offering__provider", "offering__activity_type", "offering__location"
                ),
                timezone.localdate(),
                # The page is the case's: its people read the reason of the pause.
                own_case=case is not None,
            ),
            "may_place": case is not None
            and case.stage == Stage.ENROLLED
            and can_place_participation(user, case)
            and user.job_centre_id == case.job_centre_id,  # type: ignore[union-attr]
            "may_see_week": can_view_week(user),
            "participant": participant,
            # Shown only for a person without a case the user sees.
            "job_centre": None
            if case is not None
            else participant.home_district.job_centre_on(timezone.localdate()),
            "overview": overview,
            "threads": threads,
            "may_refer": can_refer(user),
            "may_pull_audit_extract": can_pull_audit_extract(user, participant),
            # Contact details belong to the person's current case: only its unit sees them.
            "show_contact": can_see_contact_details(user, participant),
            **sharing_context(user, participant, overview.cases),
        },
    )
