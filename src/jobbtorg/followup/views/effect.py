"""Effekt (R30): the effect estimate for a period and breakdown, for managers, analysts and
administrators (`permissions.can_view_key_figures`); everyone else gets 403. Aggregates only.
For analysts every group with fewer than 5 matched pairs (and every estimate over fewer than 5
pairs) is shown as "fewer than 5" (disclosure control). Each view of the numbers is audited,
naming no one."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.audit.models import AuditChannel
from jobbtorg.core.errors import ValidationFailed
from jobbtorg.core.web import add_service_errors
from jobbtorg.followup.forms import EffectForm
from jobbtorg.followup.permissions import can_view_key_figures, figures_are_suppressed_for
from jobbtorg.followup.selectors import group_labels
from jobbtorg.followup.services.effect import EffectReport, effect_report, summary
from jobbtorg.followup.services.key_figures import (
    SUPPRESS_BELOW,
    latest_finished_tertial,
    tertial_period,
)


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


def lines(report: EffectReport, *, suppress: bool) -> list[Line]:
    names = group_labels(report.by)
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
    if not can_view_key_figures(request.user):
        raise PermissionDenied(
            _("The effect estimate is for managers, analysts and administrators.")
        )
    if request.GET:
        form = EffectForm(request.GET)
    else:
        start, end = tertial_period(*latest_finished_tertial(timezone.localdate()))
        form = EffectForm({"start": start.isoformat(), "end": end.isoformat()})
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
            suppress = figures_are_suppressed_for(request.user)
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
