"""Lex Sarah in the key figures (R35): per tertial, the reports filed, of them assessed as
serious, and the median days from report to decision, for the city (or one Jobbtorg, in its
tertial report), per Jobbtorg and per provider type. The definitions are the engine's
(`engines/indicators/lex_sarah.py`); this lays them out with the groups' names.

Who sees what is the key figures' rule (`followup.permissions`): managers, analysts and
administrators; analysts with every group of fewer than 5 reports as "fewer than 5" (and a
median over fewer than 5 decisions). Computed when asked, unlike the indicators: it reads one
small query of the reports of one tertial (a city files hundreds a year), never every case."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from jobbtorg.core.errors import NotAllowed
from jobbtorg.engines.indicators.compute import IndicatorValue
from jobbtorg.engines.indicators.lex_sarah import (
    MEDIAN_DAYS,
    NONE,
    REPORTS,
    SERIOUS,
    lex_sarah_figures,
    suppress_groups,
)
from jobbtorg.engines.indicators.rows import Period
from jobbtorg.followup.lex_sarah_selectors import lex_sarah_rows
from jobbtorg.followup.permissions import can_view_key_figures, figures_are_suppressed_for
from jobbtorg.followup.selectors import group_labels, job_centre_slugs
from jobbtorg.followup.services.key_figures import SUPPRESS_BELOW, number_text, tertial_period
from jobbtorg.providers.models import ProviderKind

BREAKDOWN_LABELS: dict[str | None, Any] = {
    None: _("The whole city"),
    "jobbtorg": _("By Jobbtorg"),
    "provider_kind": _("By provider type"),
}
NO_JOB_CENTRE = _("The city's own operations outside a Jobbtorg")
NO_PROVIDER = _("No provider: the Jobbtorg's or the city's own work")


@dataclass(frozen=True)
class Line:
    """One group's three figures; `suppressed`: the group has fewer than 5 reports (for an
    analyst), so none of them is shown."""

    label: str
    reports: IndicatorValue
    serious: IndicatorValue
    median_days: IndicatorValue

    @property
    def suppressed(self) -> bool:
        return self.reports.suppressed

    @property
    def reports_text(self) -> str:
        return number_text(False, self.reports.value)

    @property
    def serious_text(self) -> str:
        return number_text(False, self.serious.value)

    @property
    def decided_text(self) -> str:
        return number_text(False, self.median_days.n)

    @property
    def median_text(self) -> str:
        return number_text(False, self.median_days.value)


@dataclass(frozen=True)
class Table:
    by: str | None
    label: str
    lines: list[Line]


def _names(by: str | None, scope: str) -> dict[str, str]:
    if by == "jobbtorg":
        return {**group_labels("jobbtorg"), NONE: str(NO_JOB_CENTRE)}
    if by == "provider_kind":
        return {**{kind.value: str(kind.label) for kind in ProviderKind}, NONE: str(NO_PROVIDER)}
    return {"": scope}


def _lines(values: list[IndicatorValue], by: str | None, scope: str) -> list[Line]:
    names = _names(by, scope)
    grouped: dict[str, dict[str, IndicatorValue]] = {}
    for value in values:
        grouped.setdefault(value.group.get(by or "", ""), {})[value.indicator] = value
    lines = [
        Line(names.get(key, key), found[REPORTS], found[SERIOUS], found[MEDIAN_DAYS])
        for key, found in grouped.items()
    ]
    # In name order, with the group of none ("no provider", "outside a Jobbtorg") last.
    return sorted(
        lines, key=lambda line: (by is not None and line.label == names[NONE], line.label)
    )


def tables(
    *,
    year: int,
    tertial: int,
    job_centre: str | None = None,
    scope: str = "",
    suppress_below: int | None,
) -> list[Table]:
    """The city's tables (the whole city, by Jobbtorg, by provider type), or, for a Jobbtorg,
    its own (the Jobbtorg, by provider type). `scope` names the first table's one group."""
    start, end = tertial_period(year, tertial)
    period = Period(start, end)
    rows = lex_sarah_rows(start, end, job_centre=job_centre)
    breakdowns: list[str | None] = [None, "provider_kind"]
    if job_centre is None:
        breakdowns.insert(1, "jobbtorg")
    out = []
    for by in breakdowns:
        values = lex_sarah_figures(
            rows,
            period,
            by=by,
            job_centres=job_centre_slugs() if by == "jobbtorg" else (),
            provider_kinds=ProviderKind.values if by == "provider_kind" else (),
        )
        if suppress_below:
            values = suppress_groups(values, below=suppress_below)
        label = str(BREAKDOWN_LABELS[by])
        out.append(Table(by, label, _lines(values, by, scope or str(BREAKDOWN_LABELS[None]))))
    return out


def tables_for(user: Any, *, year: int, tertial: int) -> list[Table]:
    """The city's lex Sarah figures of a tertial as `user` may see them: a follow-up reader;
    for an analyst, small groups suppressed."""
    if not can_view_key_figures(user):
        raise NotAllowed(_("Key figures are for managers, analysts and administrators."))
    return tables(
        year=year,
        tertial=tertial,
        suppress_below=SUPPRESS_BELOW if figures_are_suppressed_for(user) else None,
    )
