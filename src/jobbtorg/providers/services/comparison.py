"""The same yardstick for all (R27, R30): reads participations into the comparison engine's
plain rows, and lays the result out as the table the page and the exports show.

Aggregates only: the rows carry an opaque person key for the masking and never leave this
module; what goes out is counts and sums per group, with groups of fewer than 5 people masked.
Who may see it: managers, analysts and administrators, over the whole city (the point is one
yardstick for every provider, whoever bought it).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from jobbtorg.engines.comparison import (
    Comparison,
    ExitKind,
    Measures,
    Period,
    Row,
    compare,
    months_active,
)
from jobbtorg.participants.models import ExitReason
from jobbtorg.providers.models import (
    CONTRACTED_KINDS,
    ActivityParticipation,
    ActivityType,
    ParticipationStatus,
    Provider,
    ProviderKind,
)

BY_PROVIDER = "provider"
BY_ACTIVITY_TYPE = "activity_type"
# How each view groups: by provider (with its kind), or by activity type with the kinds of
# provider side by side (own operation next to procured) on the same yardstick.
GROUPINGS = {
    BY_PROVIDER: ("provider_kind", "provider"),
    BY_ACTIVITY_TYPE: ("activity_type", "provider_kind"),
}

# What approved payment runs paid is read through the reverse relation of the payments app's
# lines (`payment_lines`), by the stored value of an approved run's status: the catalog sits
# below payments and does not import it.
APPROVED_RUN = "approved"

_EXIT_KINDS = {ExitReason.WORK: ExitKind.WORK, ExitReason.STUDIES: ExitKind.STUDIES}


def last_12_months(today: dt.date) -> tuple[dt.date, dt.date]:
    """From the day after the same day a year ago, to today."""
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return year_ago + dt.timedelta(days=1), today


def _cost(participation: Any, paid: Decimal | None, as_of: dt.date) -> Decimal | None:
    """Contracted offerings: what approved payment runs paid for the participation (nothing
    paid yet is 0). The city's own operations (and others with no contract): months active ×
    the offering's own cost per participant and month; unknown when that is not set."""
    offering = participation.offering
    if offering.contract_id is not None or offering.provider.kind in CONTRACTED_KINDS:
        return paid if paid is not None else Decimal(0)
    if offering.own_cost_per_month is None:
        return None
    months = months_active(participation.started_on, participation.ended_on, as_of)
    return Decimal(months) * offering.own_cost_per_month


def comparison_rows(period: Period, as_of: dt.date, participations: Any = None) -> list[Row]:
    """One plain row per participation started in the period."""
    queryset = participations if participations is not None else ActivityParticipation.objects
    queryset = (
        queryset.filter(started_on__range=(period.start, period.end))
        .select_related("offering__provider", "offering__activity_type", "referral__exit")
        .annotate(
            paid=Sum(
                "payment_lines__amount",
                filter=Q(payment_lines__run__status=APPROVED_RUN),
            )
        )
    )
    rows = []
    for participation in queryset:
        exit_ = getattr(participation.referral, "exit", None)
        rows.append(
            Row(
                person=participation.referral.participant_id,
                provider=participation.offering.provider.slug,
                provider_kind=participation.offering.provider.kind,
                activity_type=participation.offering.activity_type.code,
                started_on=participation.started_on,
                ended_on=participation.ended_on,
                completed=participation.status == ParticipationStatus.COMPLETED,
                exit_on=exit_.date if exit_ is not None else None,
                exit_reason=(
                    _EXIT_KINDS.get(exit_.reason, ExitKind.OTHER)
                    if exit_ is not None
                    else ExitKind.NONE
                ),
                cost=_cost(participation, participation.paid, as_of),
            )
        )
    return rows


# The table (page and exports)


@dataclass
class TableLine:
    labels: list[str]
    masked: bool
    measures: Measures | None


@dataclass
class Table:
    comparison: Comparison
    headers: list[str]
    lines: list[TableLine]
    total: Measures | None


def _label_lookups() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    providers = dict(Provider.objects.values_list("slug", "name"))
    types = {t.code: t.name for t in ActivityType.objects.all()}
    kinds = {str(value): str(label) for value, label in ProviderKind.choices}
    return providers, types, kinds


def measure_headers() -> list[str]:
    return [
        _("Participants started"),
        _("Completed"),
        _("Into work within 90 days"),
        _("Into studies within 90 days"),
        _("Total cost (SEK)"),
        _("Cost per participant (SEK)"),
        _("Cost per person into work (SEK)"),
    ]


def measure_cells(measures: Measures | None) -> list[Any]:
    """The measure cells of one line: "fewer than 5" when masked, "–" when unknown."""
    if measures is None:
        return [_("fewer than 5")] * 7
    return [
        measures.started,
        measures.completed,
        measures.into_work,
        measures.into_studies,
        *(
            value if value is not None else "–"
            for value in (
                measures.total_cost,
                measures.cost_per_participant,
                measures.cost_per_person_into_work,
            )
        ),
    ]


def comparison_table(period: Period, by: str, as_of: dt.date) -> Table:
    fields = GROUPINGS[by]
    result = compare(comparison_rows(period, as_of), period, fields)
    providers, types, kinds = _label_lookups()
    names = {"provider": providers, "activity_type": types, "provider_kind": kinds}
    headers = {
        "provider": _("Provider"),
        "activity_type": _("Activity type"),
        "provider_kind": _("Kind of provider"),
    }
    lines = [
        TableLine(
            labels=[
                names[name].get(value, value) for name, value in zip(fields, group.key, strict=True)
            ],
            masked=group.masked,
            measures=group.measures,
        )
        for group in result.groups
    ]
    # By provider, the kind comes first in the key (own operations grouped together); the
    # table shows the provider first.
    if by == BY_PROVIDER:
        for line in lines:
            line.labels.reverse()
        label_headers = [headers["provider"], headers["provider_kind"]]
    else:
        label_headers = [headers[name] for name in fields]
    return Table(
        comparison=result,
        headers=label_headers + measure_headers(),
        lines=lines,
        total=result.shown_total,
    )


def table_rows(table: Table) -> list[list[Any]]:
    """Every line as cells, the total of the groups shown last: what the exports write."""
    rows = [line.labels + measure_cells(line.measures) for line in table.lines]
    if table.total is not None:
        blanks = [""] * (len(table.headers) - 8)
        rows.append([_("All groups shown"), *blanks, *measure_cells(table.total)])
    return rows
