"""Free choice of provider (LOV, 2019): for an activity type run in the choice system, the
participant chooses among the approved providers; if they make no choice, the default rule
(engines/rules/free_choice.py, a rotation by provider slug) assigns one. Either way the choice
is recorded on the participation (`choice`) and in the audit log (docs/free-choice.md).

Also what the coach's page shows of each provider: neutral facts only (place, district,
languages, free places, results from follow-up with the same "fewer than 5" masking as the
comparison page), in an order shuffled per person.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.engines.comparison import Measures, Period, compare
from jobbtorg.engines.rules.free_choice import Candidate, next_default, rotation_order
from jobbtorg.participants.models import Referral
from jobbtorg.providers.models import (
    ActivityParticipation,
    ActivityType,
    ChoiceKind,
    ChoiceRotation,
    Offering,
    PaymentLevel,
    Provider,
    ProviderKind,
)
from jobbtorg.providers.permissions import can_record_choice
from jobbtorg.providers.services.comparison import comparison_rows, last_12_months
from jobbtorg.providers.services.participations import participation_place, places_taken


def choice_system_types() -> list[ActivityType]:
    return list(ActivityType.objects.filter(choice_system=True, is_active=True))


def choice_offerings(
    activity_type: ActivityType, start: dt.date, end: dt.date
) -> list[tuple[Offering, int]]:
    """The offerings of approved choice-system providers for the type, in force for the whole of
    start..end (the offering and its contract), with their free places in that period."""
    offerings = (
        Offering.objects.filter(
            activity_type=activity_type,
            is_active=True,
            provider__is_active=True,
            provider__kind=ProviderKind.CHOICE_SYSTEM,
            valid_from__lte=start,
            contract__valid_from__lte=start,
            contract__valid_until__gte=end,
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=end))
        .select_related("provider", "location__district", "contract")
        .order_by("provider__slug", "location__name", "created_at")
    )
    return [
        (offering, max(offering.capacity - places_taken(offering, start, end), 0))
        for offering in offerings
    ]


def _problems(
    activity_type: ActivityType, planned_start: Any, planned_end: Any, level: str
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not activity_type.choice_system or not activity_type.is_active:
        problems["activity_type"] = _(
            "%(type)s is not run in the choice system: place the person through the plan."
        ) % {"type": activity_type.name}
    if not isinstance(planned_start, dt.date):
        problems["planned_start"] = _("Give the day the activity starts.")
    if not isinstance(planned_end, dt.date):
        problems["planned_end"] = _("Give the day the activity ends.")
    elif isinstance(planned_start, dt.date) and planned_end < planned_start:
        problems["planned_end"] = _("The end date is before the start date.")
    if level not in PaymentLevel.values:
        problems["level"] = _("Choose level A, B or C.")
    return problems


def provider_choose(
    ctx: AuditContext,
    *,
    referral: Referral,
    activity_type: ActivityType,
    offering: Offering | None = None,
    planned_start: dt.date,
    planned_end: dt.date,
    level: str = PaymentLevel.B,
) -> ActivityParticipation:
    """Record the participant's choice of provider (`offering`), or, with no choice made
    (`offering` None), place them with the provider the default rule gives, and move the
    rotation on. Refuses, writing nothing, a type not in the choice system, a choice that is not
    an approved provider's offering of the type in force with a free place, and a default when
    no approved provider has a free place."""
    actor = ctx.actor
    if not can_record_choice(actor, referral):
        raise NotAllowed(
            _("The choice of provider is recorded by staff at Jobbtorg %(centre)s.")
            % {"centre": referral.job_centre.name}
        )
    problems = _problems(activity_type, planned_start, planned_end, level)
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        if offering is not None:
            free = dict(
                (o.pk, places)
                for o, places in choice_offerings(activity_type, planned_start, planned_end)
            )
            if offering.pk not in free:
                raise ValidationFailed(
                    {
                        "offering": _(
                            "That is not an approved provider's offering of %(type)s in force "
                            "for these dates."
                        )
                        % {"type": activity_type.name}
                    }
                )
            if free[offering.pk] <= 0:
                raise ValidationFailed(
                    {
                        "offering": _(
                            "%(provider)s has no free place in that period: the participant "
                            "can choose another provider."
                        )
                        % {"provider": offering.provider.name}
                    }
                )
            participation = participation_place(
                ctx,
                referral=referral,
                offering=offering,
                planned_start=planned_start,
                planned_end=planned_end,
                level=level,
                choice=ChoiceKind.CHOSEN,
            )
            audit.provider_chosen(
                ctx,
                participation,
                {
                    "choice": ChoiceKind.CHOSEN,
                    "activity_type": activity_type.code,
                    "provider": offering.provider.slug,
                    "offering": str(offering.pk),
                    "rotation_position": None,
                },
            )
            return participation
        return _default(ctx, referral, activity_type, planned_start, planned_end, level)


def _default(
    ctx: AuditContext,
    referral: Referral,
    activity_type: ActivityType,
    planned_start: dt.date,
    planned_end: dt.date,
    level: str,
) -> ActivityParticipation:
    """The default rule, inside the caller's transaction. The rotation row is locked first, so
    two coaches recording a default at once take turns, never the same one."""
    ChoiceRotation.objects.get_or_create(activity_type=activity_type)
    rotation = (
        # of=("self",): PostgreSQL locks no row of the nullable last_provider join.
        ChoiceRotation.objects.select_for_update(of=("self",))
        .select_related("last_provider")
        .get(activity_type=activity_type)
    )
    offerings = choice_offerings(activity_type, planned_start, planned_end)
    candidates = [Candidate(o.provider.slug, places) for o, places in offerings]
    last = rotation.last_provider.slug if rotation.last_provider is not None else None
    chosen = next_default(candidates, last)
    if chosen is None:
        raise ValidationFailed(
            {
                "offering": _(
                    "No approved provider of %(type)s has a free place in that period: the "
                    "default rule cannot assign one. Try other dates."
                )
                % {"type": activity_type.name}
            }
        )
    offering = next(o for o, places in offerings if o.provider.slug == chosen and places > 0)
    order = [c.key for c in rotation_order(candidates)]
    participation = participation_place(
        ctx,
        referral=referral,
        offering=offering,
        planned_start=planned_start,
        planned_end=planned_end,
        level=level,
        choice=ChoiceKind.DEFAULT_ROTATION,
    )
    rotation.last_provider = offering.provider
    rotation.save(update_fields=["last_provider", "updated_at"])
    audit.provider_chosen(
        ctx,
        participation,
        {
            "choice": ChoiceKind.DEFAULT_ROTATION,
            "activity_type": activity_type.code,
            "provider": chosen,
            "offering": str(offering.pk),
            "previous_default": last,
            "rotation_position": order.index(chosen) + 1,
            "rotation": order,
        },
    )
    return participation


# What the coach's page shows


@dataclass
class ProviderFacts:
    """Neutral facts about one approved provider: nothing that ranks or recommends."""

    provider: Provider
    offerings: list[tuple[Offering, int]] = field(default_factory=list)
    masked: bool = True
    share_completed: Decimal | None = None
    share_into_work_or_studies: Decimal | None = None

    @property
    def free_places(self) -> int:
        return sum(places for _, places in self.offerings)

    @property
    def languages(self) -> str:
        seen: list[str] = []
        for offering, _places in self.offerings:
            for language in offering.languages.split(","):
                if language.strip() and language.strip() not in seen:
                    seen.append(language.strip())
        return ", ".join(seen)


def _share(part: int, whole: int) -> Decimal:
    """In per cent, unrounded: the page rounds it half up (core/numbers.py)."""
    return Decimal(100) * part / whole


def follow_up_results(activity_type: ActivityType, today: dt.date) -> dict[str, Measures | None]:
    """Each provider's results for the type over the last 12 months, from the comparison
    engine: None for a provider with fewer than 5 people (masked) or none at all."""
    period = Period(*last_12_months(today))
    rows = comparison_rows(
        period, today, ActivityParticipation.objects.filter(offering__activity_type=activity_type)
    )
    result = compare(rows, period, by=("provider",))
    return {group.key[0]: group.measures for group in result.groups}


def provider_facts(
    activity_type: ActivityType,
    start: dt.date,
    end: dt.date,
    *,
    seed: str,
    today: dt.date,
) -> list[ProviderFacts]:
    """The approved providers with an offering of the type in force, in a neutral order:
    shuffled with a seed of the person and the type, so no provider always comes first, and
    the same person sees the same order each time they look."""
    by_provider: dict[str, ProviderFacts] = {}
    for offering, places in choice_offerings(activity_type, start, end):
        facts = by_provider.setdefault(offering.provider.slug, ProviderFacts(offering.provider))
        facts.offerings.append((offering, places))
    results = follow_up_results(activity_type, today)
    for slug, facts in by_provider.items():
        measures = results.get(slug)
        if measures is not None:
            facts.masked = False
            facts.share_completed = _share(measures.completed, measures.started)
            facts.share_into_work_or_studies = _share(
                measures.into_work + measures.into_studies, measures.started
            )
    ordered = [by_provider[slug] for slug in sorted(by_provider)]
    random.Random(seed).shuffle(ordered)
    return ordered
