"""Lex Sarah in the key figures (/nyckeltal/lex-sarah/): per tertial, the reports filed, of
them assessed as serious and the median days from report to decision, for the whole city, per
Jobbtorg and per provider type. For the key figures' readers (managers, analysts,
administrators); everyone else gets 403, as on the dashboard. Analysts see every group of
fewer than 5 reports as "fewer than 5". Each view is audited like the other key-figure views,
naming what was shown and no one."""

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
from jobbtorg.followup.forms import LexSarahForm
from jobbtorg.followup.permissions import can_view_key_figures, figures_are_suppressed_for
from jobbtorg.followup.services import lex_sarah as service
from jobbtorg.followup.services.key_figures import (
    TERTIAL_LABELS,
    latest_finished_tertial,
    tertial_period,
)


@login_required
@require_GET
def lex_sarah_page(request: HttpRequest) -> HttpResponse:
    if not can_view_key_figures(request.user):
        raise PermissionDenied(_("Key figures are for managers, analysts and administrators."))
    year, tertial = latest_finished_tertial(timezone.localdate())
    data = request.GET.copy()
    data.setdefault("ar", str(year))
    data.setdefault("tertial", str(tertial))
    form = LexSarahForm(data)
    context: dict[str, Any] = {"form": form, "tables": None}
    if form.is_valid():
        year, tertial = form.cleaned_data["ar"], form.cleaned_data["tertial"]
        tables = service.tables_for(request.user, year=year, tertial=tertial)
        suppressed = figures_are_suppressed_for(request.user)
        start, end = tertial_period(year, tertial)
        context.update(
            tables=tables,
            year=year,
            tertial=tertial,
            tertial_label=TERTIAL_LABELS[tertial],
            start=start,
            end=end,
            suppressed=suppressed,
        )
        audit.indicators_computed(
            AuditContext.from_request(request),
            {
                "view": "lex sarah",
                "year": year,
                "tertial": tertial,
                "suppressed": suppressed,
                "rows": sum(len(table.lines) for table in tables),
            },
        )
    return render(request, "followup/lex_sarah.html", context)
