"""The person's page: their places with providers, and how each provider was chosen (the
participant's choice, the default rule, or placed by the coach), with the link to record a
choice in the choice system."""

from typing import Any

from django import template

from jobbtorg.participants.models import Stage
from jobbtorg.participants.pages import open_case_of
from jobbtorg.providers.free_choice import choice_system_types, may_record_choice
from jobbtorg.providers.selectors import participations_visible_to

register = template.Library()


@register.inclusion_tag("providers/_provider_choices.html", takes_context=True)
def provider_choices(context: dict[str, Any], participant: Any) -> dict[str, Any]:
    user = context["request"].user
    participations = list(
        participations_visible_to(user)
        .filter(referral__participant=participant)
        .order_by("-planned_start", "-created_at")
    )
    case = open_case_of(user, participant)
    may_choose = (
        case is not None
        and case.stage == Stage.ENROLLED
        and may_record_choice(user, case)
        and bool(choice_system_types())
    )
    return {"participant": participant, "participations": participations, "may_choose": may_choose}
