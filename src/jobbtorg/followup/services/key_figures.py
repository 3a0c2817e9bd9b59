"""Key figures per tertial (R28–R31): the indicators for a tertial, each against the
committee's target (met / near / not met) and the same tertial a year earlier.

Who sees what (`followup.permissions`):
- Managers, analysts and administrators see the figures for the whole city and every breakdown
  (the point is one yardstick for all; a manager compares their Jobbtorg with the others).
- Analysts see aggregates only: every group under 5 people is "fewer than 5", with neither value
  nor n (`suppress(..., below=5)`), on the page and in the report they download.
- Managers and administrators see every group unsuppressed.
- Everyone else is refused.

The engine (`engines/indicators`) is reached through one function, `compute_rows`, over the
records read and prepared once per run (`services/records.Source`). No page calls it: the
dashboard shows what the worker stored (`services/refresh.py`); the refresh, the worker's
tertial report files and the command do.

Targets: an indicator's target for a row is the committee's target for the row's target group
when there is one, else the city-wide target; of those, the one with the latest
`valid_from_year` on or before the tertial's year.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.errors import NotAllowed
from jobbtorg.core.numbers import decimal_text, percent_text, rounded
from jobbtorg.engines.indicators.rows import Period
from jobbtorg.engines.indicators.suppress import suppress
from jobbtorg.engines.indicators.targets import target_status
from jobbtorg.followup.permissions import can_view_key_figures, figures_are_suppressed_for
from jobbtorg.followup.selectors import Target, group_labels, targets_for
from jobbtorg.followup.services.records import Source

# Disclosure control for analysts: a group under this many people is not shown.
SUPPRESS_BELOW = 5

# (first month, last month) of each tertial.
TERTIALS = {1: (1, 4), 2: (5, 8), 3: (9, 12)}
TERTIAL_LABELS = {1: _("January–April"), 2: _("May–August"), 3: _("September–December")}

BREAKDOWNS = ("jobbtorg", "target_group", "district", "provider", "activity_type")
BREAKDOWN_LABELS: dict[str | None, Any] = {
    None: _("The whole city"),
    "jobbtorg": _("By Jobbtorg"),
    "target_group": _("By target group"),
    "district": _("By home district"),
    "provider": _("By provider"),
    "activity_type": _("By activity type"),
}

# The fixed indicator names, in the order they are shown.
INDICATORS: dict[str, Any] = {
    "referrals": _("Referrals"),
    "enrolled": _("Enrolled (first meetings)"),
    "active": _("Active participants"),
    "exits": _("Exits"),
    "exits_to_work_share": _("Share of exits to work"),
    "exits_to_studies_share": _("Share of exits to studies"),
    "exits_to_work_or_studies_share": _("Share of exits to work or studies (Kolada)"),
    "exits_by_employment_form": _("Exits to work by employment form"),
    "plan_within_5_working_days_share": _("Share with a plan within 5 working days"),
    "median_days_to_exit": _("Median days from enrolment to exit"),
    "exited_within_18_months_share": _("Share exited within 18 months"),
    "to_work_or_studies_within_18_months_share": _("Share into work or studies within 18 months"),
    "assistance_reduction_2m": _("Reduction of social assistance 2 months after exit"),
    "assistance_reduction_8m": _("Reduction of social assistance 8 months after exit"),
}
# Figures shown among another indicator's details, not as one of their own: the indicator they
# belong with, and their label.
DETAILS: dict[str, tuple[str, Any]] = {
    "exits_to_studies_student_finance_unknown": (
        "exits_to_work_or_studies_share",
        _(
            "Exits to studies not known to qualify for student finance (left out of the "
            "share until it is known)"
        ),
    ),
}
# Fractions 0..1, shown as per cent; their change is in percentage points.
SHARES = frozenset(
    name for name in INDICATORS if name.endswith("_share") or name.startswith("assistance_")
)


class Status(models.TextChoices):
    MET = "met", _("met")
    NEAR = "near", _("near")
    NOT_MET = "not_met", _("not met")


def tertial_period(year: int, tertial: int) -> tuple[dt.date, dt.date]:
    first, last = TERTIALS[tertial]
    end = dt.date(year + 1, 1, 1) if last == 12 else dt.date(year, last + 1, 1)
    return dt.date(year, first, 1), end - dt.timedelta(days=1)


def latest_finished_tertial(today: dt.date) -> tuple[int, int]:
    """The last tertial that ended before today."""
    current = 1 + (today.month - 1) // 4
    return (today.year - 1, 3) if current == 1 else (today.year, current - 1)


def number_text(is_share: bool, value: float | int | None) -> str:
    """A value as a person reads it: shares in per cent with one decimal, whole numbers as
    they are, others with one decimal; in the language's number format. None is "–"."""
    if value is None:
        return "–"
    # Rounded half up (core/numbers.py): 39,29 % reads "39,3 %", not "39,2 %".
    if is_share:
        return percent_text(value)
    # Thousands grouped ("1 250"), here and not by USE_THOUSAND_SEPARATOR: that setting would
    # group every number a template prints, years and ids in addresses too.
    if isinstance(value, float) and not value.is_integer():
        return decimal_text(value, 1, grouping=True)
    return decimal_text(int(value), 0, grouping=True)


def _sign(shown: Decimal) -> str:
    return "+" if shown > 0 else ("−" if shown < 0 else "±")


def status_of(value: float | None, target: float, higher_is_better: bool, margin: float) -> str:
    """The figure's status against its target, by the engine's rule (`target_status`)."""
    return target_status(value, target, higher_is_better, margin)


@dataclass(frozen=True)
class Figure:
    """One indicator for one group in a tertial, with what it is judged against."""

    indicator: str
    group: dict[str, str]
    value: float | int | None
    n: int | None
    suppressed: bool
    target: Target | None
    status: str
    previous_value: float | int | None
    previous_n: int | None
    previous_suppressed: bool
    group_label: str = ""

    @property
    def label(self) -> str:
        if self.indicator in DETAILS:
            return str(DETAILS[self.indicator][1])
        return str(INDICATORS.get(self.indicator, self.indicator))

    @property
    def is_share(self) -> bool:
        return self.indicator in SHARES

    @property
    def change(self) -> float | None:
        """This tertial minus the same tertial a year earlier (percentage points for shares)."""
        if self.value is None or self.previous_value is None:
            return None
        difference = float(self.value) - float(self.previous_value)
        # Rounded so that 0.42 − 0.375 reads as 4.5 points, not 4.4999….
        return round(difference * 100 if self.is_share else difference, 9)

    @property
    def value_text(self) -> str:
        return number_text(self.is_share, self.value)

    @property
    def previous_text(self) -> str:
        return number_text(self.is_share, self.previous_value)

    @property
    def target_text(self) -> str:
        return number_text(self.is_share, self.target.value) if self.target else "–"

    @property
    def change_text(self) -> str:
        """Signed; for shares, in percentage points."""
        change = self.change
        if change is None:
            return "–"
        if not self.is_share and float(change).is_integer():
            shown = rounded(change, 0)
            return f"{_sign(shown)}{abs(int(change))}"
        # The sign of what is shown: +0,04 points reads "±0,0", not "+0,0".
        shown = rounded(change, 1)
        return f"{_sign(shown)}{decimal_text(abs(shown), 1)}"

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label) if self.status else ""


@dataclass
class Cache:
    """Figures computed (or read from the stored results) in one request, per (year, tertial,
    breakdown, Jobbtorg, suppressed)."""

    source: Source = field(default_factory=Source)
    rows: dict[tuple[Any, ...], list[dict[str, Any]]] = field(default_factory=dict)
    images: dict[Any, Any] = field(default_factory=dict)


def compute_rows(
    start: dt.date,
    end: dt.date,
    *,
    by: str | None,
    job_centre: str | None,
    suppress_below: int | None,
    source: Source,
) -> list[dict[str, Any]]:
    """The engine's rows `{"indicator", "group", "value", "n"[, "suppressed"]}` for a period,
    for the city or one Jobbtorg's cases. The one place that calls the engine."""
    values = source.indicators(Period(start, end), by=by, job_centre=job_centre)
    if suppress_below:
        values = suppress(values, below=suppress_below)
    return as_dicts(values)


def as_dicts(values: list[Any]) -> list[dict[str, Any]]:
    """The engine's values as the command line's JSON rows."""
    rows = []
    for v in values:
        row: dict[str, Any] = {
            "indicator": v.indicator,
            "group": dict(v.group),
            "value": v.value,
            "n": v.n,
        }
        if getattr(v, "suppressed", False):
            row["suppressed"] = True
        rows.append(row)
    return rows


def _rows(
    cache: Cache,
    year: int,
    tertial: int,
    by: str | None,
    job_centre: str | None,
    suppress_below: int | None,
) -> list[dict[str, Any]]:
    key = (year, tertial, by, job_centre, suppress_below)
    if key not in cache.rows:
        start, end = tertial_period(year, tertial)
        cache.rows[key] = compute_rows(
            start,
            end,
            by=by,
            job_centre=job_centre,
            suppress_below=suppress_below,
            source=cache.source,
        )
    return cache.rows[key]


def _group_key(group: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((str(k), str(v)) for k, v in group.items()))


def employment_form_label(combination: str) -> str:
    """The words for a combination of the engine's exits by employment form
    (`<form>_<extent>_<subsidy>`, engines/indicators/data.py): "Tidsbegränsad anställning,
    deltid, med lönestöd". A part the record lacked says so."""
    from jobbtorg.participants.models import EmploymentExtent, EmploymentForm

    forms = {
        **{form.value: form.label for form in EmploymentForm},
        "unknown_form": _("employment form unknown"),
    }
    extents = {
        **{extent.value: str(extent.label).lower() for extent in EmploymentExtent},
        "unknown_extent": _("extent unknown"),
    }
    subsidies = {
        "with_subsidy": _("with wage subsidy"),
        "without_subsidy": _("without wage subsidy"),
        "unknown_subsidy": _("wage subsidy unknown"),
    }
    for form, form_label in forms.items():
        if not combination.startswith(form + "_"):
            continue
        rest = combination[len(form) + 1 :]
        for extent, extent_label in extents.items():
            subsidy = rest[len(extent) + 1 :]
            if rest.startswith(extent + "_") and subsidy in subsidies:
                return f"{form_label}, {extent_label}, {subsidies[subsidy]}"
    return str(_("other employment"))


# The words for the values of a figure's sub-groups (a group within the breakdown's group).
SUB_GROUP_LABELS = {"employment_form": employment_form_label}


def sub_group_label(key: str, value: Any) -> str:
    label = SUB_GROUP_LABELS.get(key)
    return label(str(value)) if label else str(value)


def _group_label(group: dict[str, Any], by: str | None, names: dict[str, str]) -> str:
    if not group:
        return str(_("The whole city"))
    parts = []
    for key, value in sorted(group.items(), key=lambda item: item[0] != by):
        parts.append(
            names.get(str(value), str(value)) if key == by else sub_group_label(key, value)
        )
    return ", ".join(parts)


def _order(name: str) -> int:
    return list(INDICATORS).index(name) if name in INDICATORS else len(INDICATORS)


def build_figures(
    *,
    year: int,
    tertial: int,
    by: str | None,
    job_centre: str | None = None,
    suppress_below: int | None,
    cache: Cache,
) -> list[Figure]:
    """The figures for a tertial with targets, statuses and a year earlier, in indicator order
    (the city first within each indicator, then groups by name)."""
    if tertial not in TERTIALS:
        raise ValueError(f"tertial {tertial} is not 1, 2 or 3")
    if by is not None and by not in BREAKDOWNS:
        raise ValueError(f"breakdown {by!r} is unknown")
    now = _rows(cache, year, tertial, by, job_centre, suppress_below)
    before = {
        (row["indicator"], _group_key(row["group"])): row
        for row in _rows(cache, year - 1, tertial, by, job_centre, suppress_below)
    }
    targets = targets_for(year)
    names = group_labels(by)
    figures = []
    for row in now:
        group = dict(row["group"])
        suppressed = bool(row.get("suppressed"))
        value = None if suppressed else row["value"]
        target = targets.get((row["indicator"], group.get("target_group"))) or targets.get(
            (row["indicator"], None)
        )
        status = (
            status_of(value, target.value, target.higher_is_better, target.near_margin)
            if target is not None
            else ""
        )
        earlier = before.get((row["indicator"], _group_key(group)))
        earlier_suppressed = bool(earlier and earlier.get("suppressed"))
        figures.append(
            Figure(
                indicator=row["indicator"],
                group=group,
                value=value,
                n=None if suppressed else row["n"],
                suppressed=suppressed,
                target=target,
                status=status,
                previous_value=None if earlier is None or earlier_suppressed else earlier["value"],
                previous_n=None if earlier is None or earlier_suppressed else earlier["n"],
                previous_suppressed=earlier_suppressed,
                group_label=_group_label(group, by, names),
            )
        )
    figures.sort(key=lambda f: (_order(f.indicator), bool(f.group), f.group_label))
    return figures


def figures(
    user: Any,
    *,
    year: int,
    tertial: int,
    by: str | None = None,
    job_centre: str | None = None,
    cache: Cache | None = None,
) -> list[Figure]:
    """The figures `user` may see for a tertial: suppressed for analysts (groups under 5)."""
    if not can_view_key_figures(user):
        raise NotAllowed(
            _("Key figures are for managers, analysts and administrators."),
        )
    return build_figures(
        year=year,
        tertial=tertial,
        by=by,
        job_centre=job_centre,
        suppress_below=SUPPRESS_BELOW if figures_are_suppressed_for(user) else None,
        cache=cache if cache is not None else Cache(),
    )


def by_indicator(figures: list[Figure]) -> list[tuple[str, list[Figure]]]:
    """The figures grouped per indicator, in the fixed order; those shown among another's
    details (`DETAILS`) are left to `details_of`."""
    grouped: dict[str, list[Figure]] = {}
    for figure in figures:
        if figure.indicator not in DETAILS:
            grouped.setdefault(figure.indicator, []).append(figure)
    return sorted(grouped.items(), key=lambda item: _order(item[0]))


def details_of(figures: list[Figure]) -> dict[str, list[tuple[str, list[Figure]]]]:
    """Per indicator, the figures shown among its details: [(label, figures)]."""
    grouped: dict[str, list[Figure]] = {}
    for figure in figures:
        if figure.indicator in DETAILS:
            grouped.setdefault(figure.indicator, []).append(figure)
    details: dict[str, list[tuple[str, list[Figure]]]] = {}
    for name, rows in grouped.items():
        host, label = DETAILS[name]
        details.setdefault(host, []).append((str(label), rows))
    return details
