"""The person's page: the link to record a choice of provider in the choice system, for the
staff who may."""

from typing import Any

from django import template

from jobbtorg.participants.models import Stage
from jobbtorg.participants.selectors import open_case_of
from jobbtorg.providers.permissions import can_record_choice
from jobbtorg.providers.services.free_choice import choice_system_types

register = template.Library()


@register.inclusion_tag("providers/_provider_choices.html", takes_context=True)
def provider_choices(context: dict[str, Any], participant: Any, case: Any = None) -> dict[str, Any]:
    """`case`: the person's case the page shows (the open one when the user sees one), so that
    it is not read again; without it, the open case is read here."""
    user = context["request"].user
    if case is None:
        case = open_case_of(user, participant)
    elif case.stage == Stage.EXITED:
        case = None
    may_choose = (
        case is not None
        and case.stage == Stage.ENROLLED
        and can_record_choice(user, case)
        and bool(choice_system_types())
    )
    return {"participant": participant, "may_choose": may_choose}
