"""The catalog: providers' organisation numbers, contracts (with their payment models, R27) and
offerings (R21, R22)."""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.engines.payments.model import Level, PaymentModel, PaymentStep, StepKind
from jobbtorg.engines.rules.organisation_number import (
    InvalidOrganisationNumber,
    organisation_number_canonical,
)
from jobbtorg.providers.models import (
    CONTRACTED_KINDS,
    ActivityType,
    Contract,
    Offering,
    PaymentStepKind,
    Provider,
    ProviderKind,
    ProviderLocation,
)
from jobbtorg.providers.permissions import can_add_offering, is_manager


def organisation_number_clean(text: str) -> str:
    """Ten digits, or ValidationFailed saying what is wrong (the rule is
    `engines/rules/organisation_number.py`; this words its refusal for the person)."""
    try:
        return organisation_number_canonical(text)
    except InvalidOrganisationNumber:
        raise ValidationFailed(
            {
                "organisation_number": _(
                    "“%(number)s” is not a valid organisation number. It has 10 digits, "
                    "for example 556016-0680; check the last digit."
                )
                % {"number": text}
            }
        ) from None


def payment_problem_text(msgid: str, params: Mapping[str, str]) -> str:
    """A payment model's or run's problem (`engines.payments.model.Problem`) in the user's
    language, a step named by its name rather than its code."""
    shown = dict(params)
    if shown.get("step") in PaymentStepKind.values:
        shown["step"] = str(PaymentStepKind(shown["step"]).label)
    message = _(msgid)
    return message % shown if shown else message


def payment_model_of(contract_ref: str, steps: Iterable[Any]) -> PaymentModel:
    """A contract's model from its steps (ContractPaymentStep rows, or anything with `kind` and
    `amount_a/b/c`)."""
    return PaymentModel(
        contract_ref=contract_ref,
        steps=tuple(
            PaymentStep(
                kind=StepKind(step.kind),
                amount_by_level={
                    Level.A: step.amount_a,
                    Level.B: step.amount_b,
                    Level.C: step.amount_c,
                },
            )
            for step in steps
        ),
    )


def contract_in_force(provider: Provider, day: dt.date) -> Contract | None:
    return (
        provider.contracts.filter(valid_from__lte=day, valid_until__gte=day)
        .order_by("-valid_from")
        .first()
    )


def offering_problems(
    *,
    provider: Provider,
    activity_type: ActivityType,
    location: ProviderLocation,
    capacity: int | None,
    weekdays: list[int],
    starts_at: dt.time | None,
    ends_at: dt.time | None,
    valid_from: dt.date | None,
    valid_until: dt.date | None,
) -> dict[str, str]:
    """Why an offering cannot be made; empty when it can. The admin form and the service share
    it."""
    problems: dict[str, str] = {}
    kinds = activity_type.provider_kinds or []
    if kinds and provider.kind not in kinds:
        allowed = ", ".join(str(ProviderKind(k).label) for k in kinds if k in ProviderKind.values)
        problems["activity_type"] = _(
            "%(provider)s may not deliver %(type)s: it is delivered by %(allowed)s."
        ) % {"provider": provider, "type": activity_type, "allowed": allowed}
    if not activity_type.is_active:
        problems["activity_type"] = _("%(type)s is no longer offered.") % {"type": activity_type}
    if location.provider_id != provider.pk:
        problems["location"] = _("The place is not one of %(provider)s's.") % {"provider": provider}
    if capacity is None or capacity < 1:
        problems["capacity"] = _("An offering has at least one place.")
    if not weekdays or any(d not in range(7) for d in weekdays):
        problems["weekdays"] = _("Choose the weekdays it runs.")
    if starts_at and ends_at and ends_at <= starts_at:
        problems["ends_at"] = _("The end of the day must be after its start.")
    if valid_from and valid_until and valid_until < valid_from:
        problems["valid_until"] = _("The end date is before the start date.")
    if provider.kind in CONTRACTED_KINDS and valid_from:
        contract = contract_in_force(provider, valid_from)
        if contract is None:
            problems["valid_from"] = _(
                "%(provider)s has no contract in force on %(date)s: an offering of a procured "
                "or approved provider needs one."
            ) % {"provider": provider, "date": valid_from.isoformat()}
        elif valid_until is None or valid_until > contract.valid_until:
            problems["valid_until"] = _(
                "The contract %(number)s ends %(date)s: the offering must end then at the latest."
            ) % {"number": contract.number, "date": contract.valid_until.isoformat()}
    return problems


def offering_create(*, actor: Any, made_at_id: int | None = None, **values: Any) -> Offering:
    """An administrator, or a manager for their own Jobbtorg, adds an offering."""
    if not can_add_offering(actor):
        raise NotAllowed(_("Managers and administrators add offerings."))
    made_at = actor.job_centre_id if is_manager(actor) else made_at_id
    if made_at is None:
        raise ValidationFailed({"made_at": _("Choose the Jobbtorg the offering is made at.")})
    problems = offering_problems(**values)
    if problems:
        raise ValidationFailed(problems)
    provider: Provider = values["provider"]
    with transaction.atomic():
        return Offering.objects.create(
            made_at_id=made_at,
            contract=contract_in_force(provider, values["valid_from"])
            if provider.kind in CONTRACTED_KINDS
            else None,
            **values,
        )
