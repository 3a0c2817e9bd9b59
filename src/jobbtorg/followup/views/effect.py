"""Effekt (R30): the effect estimate for a period and breakdown, for managers, analysts and
administrators (`permissions.can_view_key_figures`); everyone else gets 403. Aggregates only.
For analysts every group with fewer than 5 matched pairs (and every estimate over fewer than 5
pairs) is shown as "fewer than 5" (disclosure control). Each view of the numbers is audited,
naming no one.

The page does not compute: it shows the estimate the worker stored for the question, with when
it was computed (services/refresh.py, as the key figures); a question not asked before is
computed by the worker while the page says so and reloads itself."""

from dataclasses import dataclass
from decimal import Decimal
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
from jobbtorg.core.numbers import exact
from jobbtorg.core.web import add_service_errors
from jobbtorg.followup.forms import EffectForm
from jobbtorg.followup.permissions import can_view_key_figures, figures_are_suppressed_for
from jobbtorg.followup.selectors import group_labels
from jobbtorg.followup.services import refresh
from jobbtorg.followup.services.effect import check_question
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


def _percent(share: float | None) -> Decimal | None:
    # Exact (0.3925 → 39.25), for the page to round half up (core/numbers.py).
    return None if share is None else exact(share) * 100


def lines(stored: dict[str, Any], by: str | None, *, suppress: bool) -> list[Line]:
    """The stored estimate (`effect.as_stored`) as the page's rows."""
    names = group_labels(by)
    out = []
    for group in stored["groups"]:
        estimates = [
            {
                "k": e["k_months"],
                "hidden": suppress and e["pairs"] < SUPPRESS_BELOW,
                "pairs": e["pairs"],
                "participants": _percent(e["share_participants"]),
                "comparison": _percent(e["share_comparison"]),
                "difference": _percent(e["difference"]),
                "ci_low": _percent(e["ci_low"]),
                "ci_high": _percent(e["ci_high"]),
            }
            for e in group["estimates"]
        ]
        code = next(iter(group["group"].values()), None)
        out.append(
            Line(
                names.get(code, code) if code else _("The whole city"),
                suppress and group["matched"] < SUPPRESS_BELOW,
                group["participants"],
                group["no_baseline"],
                group["matched"],
                group["unmatched"],
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
    if not form.is_valid():
        return render(request, "followup/effect.html", context)
    data = form.cleaned_data
    by = data["by"] or None
    try:
        check_question(data["start"], data["end"], by)
    except ValidationFailed as error:
        add_service_errors(form, error)
        return render(request, "followup/effect.html", context)
    question = refresh.effect_question(data["start"], data["end"], by)
    stored = refresh.results_for_page([question])
    context.update(stored.freshness())
    if not stored.complete:
        # The worker has not computed this question yet: the page says so and reloads.
        context.update(preparing=True)
        return render(request, "followup/effect.html", context)
    result = stored.results[question]
    suppress = figures_are_suppressed_for(request.user)
    context.update(
        summary=result["summary"],
        lines=lines(result, by, suppress=suppress),
        suppressed=suppress,
        ks=[e["k_months"] for e in result["groups"][0]["estimates"]],
    )
    audit.indicators_computed(
        AuditContext.from_request(request, AuditChannel.PAGE),
        {
            "estimate": "effect",
            **result["summary"],
            "suppressed_below": SUPPRESS_BELOW if suppress else None,
        },
    )
    return render(request, "followup/effect.html", context)
