"""Effekt (R30): the effect estimate for a period and breakdown, for managers, analysts and
administrators; everyone else gets 403. Aggregates only. For analysts every group with fewer
than 5 matched pairs (and every estimate over fewer than 5 pairs) is shown as "fewer than 5"
(disclosure control, issue 9). Each view of the numbers is audited, naming no one."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.audit.models import AuditChannel
from jobbtorg.core.errors import ValidationFailed
from jobbtorg.core.roles import Role, scope_role
from jobbtorg.core.web import add_service_errors
from jobbtorg.engines.indicators.rows import Period, tertial_of
from jobbtorg.followup.effect import EffectReport, effect_report, summary
from jobbtorg.organisation.models import District, JobCentre
from jobbtorg.participants.forms import DateInput
from jobbtorg.participants.models import TargetGroup

ROLES_WHO_SEE_EFFECT = frozenset({Role.MANAGER, Role.ANALYST, Role.ADMINISTRATOR})
SUPPRESS_BELOW = 5
_DATE_ERRORS = {"invalid": gettext_lazy("Write the date as YYYY-MM-DD, for example 2026-03-14.")}


class EffectForm(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("From"),
        widget=DateInput(),
        error_messages={
            **_DATE_ERRORS,
            "required": gettext_lazy("Give the first day of the period."),
        },
    )
    end = forms.DateField(
        label=gettext_lazy("To"),
        widget=DateInput(),
        error_messages={
            **_DATE_ERRORS,
            "required": gettext_lazy("Give the last day of the period."),
        },
    )
    by = forms.ChoiceField(
        label=gettext_lazy("Break down by"),
        required=False,
        choices=[
            ("", gettext_lazy("The whole city only")),
            ("jobbtorg", gettext_lazy("Jobbtorg")),
            ("target_group", gettext_lazy("Target group")),
            ("district", gettext_lazy("Home district")),
        ],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": gettext_lazy("Choose one of the breakdowns shown.")},
    )


def latest_finished_tertial(today: dt.date) -> Period:
    """The tertial (Jan–Apr, May–Aug, Sep–Dec) before the one `today` falls in."""
    return tertial_of(tertial_of(today).start - dt.timedelta(days=1))


@dataclass(frozen=True)
class Line:
    """One group's row on the page; `hidden`: fewer than 5 matched pairs, for an analyst."""

    label: str
    hidden: bool
    participants: int
    no_baseline: int
    matched: int
    unmatched: int
    estimates: list[dict[str, Any]]


def _names(by: str | None) -> dict[str, str]:
    """The groups' names as people read them, by code."""
    if by == "jobbtorg":
        return {c.slug: c.name for c in JobCentre.objects.all()}
    if by == "district":
        return {d.slug: d.name for d in District.objects.all()}
    if by == "target_group":
        return {g.code: str(g) for g in TargetGroup.objects.all()}
    return {}


def lines(report: EffectReport, *, suppress: bool) -> list[Line]:
    names = _names(report.by)
    out = []
    for group in report.groups:
        r = group.result
        estimates = []
        for e in r.estimates:
            estimates.append(
                {
                    "k": e.k_months,
                    "hidden": suppress and e.pairs < SUPPRESS_BELOW,
                    "pairs": e.pairs,
                    "participants": None
                    if e.share_participants is None
                    else 100 * e.share_participants,
                    "comparison": None if e.share_comparison is None else 100 * e.share_comparison,
                    "difference": None if e.difference is None else 100 * e.difference,
                    "ci_low": None if e.ci_low is None else 100 * e.ci_low,
                    "ci_high": None if e.ci_high is None else 100 * e.ci_high,
                }
            )
        out.append(
            Line(
                names.get(code, code)
                if (code := next(iter(group.group.values()), None))
                else _("The whole city"),
                suppress and r.matched < SUPPRESS_BELOW,
                r.participants,
                r.no_baseline,
                r.matched,
                r.unmatched,
                estimates,
            )
        )
    return out


@login_required
@require_GET
def effect_page(request: HttpRequest) -> HttpResponse:
    role = scope_role(request.user)
    if role not in ROLES_WHO_SEE_EFFECT:
        raise PermissionDenied(
            _("The effect estimate is for managers, analysts and administrators.")
        )
    if request.GET:
        form = EffectForm(request.GET)
    else:
        period = latest_finished_tertial(timezone.localdate())
        form = EffectForm({"start": period.start.isoformat(), "end": period.end.isoformat()})
    context: dict[str, Any] = {"form": form, "suppress_below": SUPPRESS_BELOW}
    if form.is_valid():
        data = form.cleaned_data
        try:
            report = effect_report(
                data["start"], data["end"], by=data["by"] or None, today=timezone.localdate()
            )
        except ValidationFailed as error:
            add_service_errors(form, error)
        else:
            suppress = role == Role.ANALYST
            context.update(
                report=report,
                lines=lines(report, suppress=suppress),
                suppressed=suppress,
                ks=[e.k_months for e in report.groups[0].result.estimates],
            )
            audit.indicators_computed(
                AuditContext.from_request(request, AuditChannel.PAGE),
                {
                    "estimate": "effect",
                    **summary(report),
                    "suppressed_below": SUPPRESS_BELOW if suppress else None,
                },
            )
    return render(request, "followup/effect.html", context)
