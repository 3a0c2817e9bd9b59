"""Nyckeltal: the dashboard per tertial and the tertial report download. For managers,
analysts and administrators (`permissions.can_view_key_figures`); everyone else gets 403.
Analysts see groups under 5 people as "fewer than 5", on the page and in the report. Every view
is audited, naming what was shown and no one."""

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.followup import selectors
from jobbtorg.followup.forms import CITY, DashboardForm, ReportForm
from jobbtorg.followup.permissions import can_view_key_figures, figures_are_suppressed_for
from jobbtorg.followup.services import charts
from jobbtorg.followup.services import key_figures as service
from jobbtorg.followup.services import report as reports


def _require_viewer(request: HttpRequest) -> None:
    if not can_view_key_figures(request.user):
        raise PermissionDenied(_("Key figures are for managers, analysts and administrators."))


def _form(request: HttpRequest) -> DashboardForm:
    year, tertial = service.latest_finished_tertial(timezone.localdate())
    data = request.GET.copy()
    data.setdefault("ar", str(year))
    data.setdefault("tertial", str(tertial))
    return DashboardForm(data)


def _query(**params: Any) -> str:
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    _require_viewer(request)
    form = _form(request)
    context: dict[str, Any] = {"form": form, "sections": None}
    if form.is_valid():
        data = form.cleaned_data
        year, tertial = data["ar"], data["tertial"]
        by = data.get("per") or None
        job_centre = data.get("jobbtorg")
        cache = service.Cache()
        figures = service.figures(
            request.user, year=year, tertial=tertial, by=by, job_centre=job_centre, cache=cache
        )
        texts = {"fewer": _("fewer than 5"), "none": _("no one to count"), "target": _("target")}
        sections = []
        for indicator, rows in service.by_indicator(figures):
            label = str(service.INDICATORS.get(indicator, indicator))
            sections.append(
                {
                    "indicator": indicator,
                    "label": label,
                    "figures": rows,
                    "chart": charts.svg_data_uri(rows) if rows else "",
                    "alt": charts.alt_text(label, rows, texts),
                }
            )
        centre_name = selectors.job_centre_name(job_centre)
        start, end = service.tertial_period(year, tertial)
        base = {"ar": year, "tertial": tertial}
        context.update(
            {
                "sections": sections,
                "year": year,
                "tertial": tertial,
                "tertial_label": service.TERTIAL_LABELS[tertial],
                "start": start,
                "end": end,
                "by": by,
                "by_label": service.BREAKDOWN_LABELS[by],
                "job_centre": job_centre,
                "centre_name": centre_name,
                "suppressed": figures_are_suppressed_for(request.user),
                "breakdowns": [
                    {
                        "by": b,
                        "label": service.BREAKDOWN_LABELS[b],
                        "query": _query(**base, per=b, jobbtorg=job_centre),
                        "current": b == by,
                    }
                    for b in (None, *service.BREAKDOWNS)
                    if not (job_centre and b == "jobbtorg")
                ],
                "city_query": _query(**base, per=by if by != "jobbtorg" else None),
                "drill_query": _query(**base, per="target_group"),
                "report_city": _query(**base, jobbtorg=CITY),
                "report_centre": _query(**base, jobbtorg=job_centre) if job_centre else "",
            }
        )
        audit.indicators_computed(
            AuditContext.from_request(request),
            {
                "view": "dashboard",
                "year": year,
                "tertial": tertial,
                "by": by,
                "jobbtorg": job_centre,
                "suppressed": figures_are_suppressed_for(request.user),
                "rows": len(figures),
            },
        )
    return render(request, "followup/dashboard.html", context)


def _refused(form: ReportForm) -> HttpResponse:
    lines = [
        f"{form.fields[name].label if name in form.fields else name}: {' '.join(errors)}"
        for name, errors in form.errors.items()
    ]
    return HttpResponse("\n".join(lines), status=400, content_type="text/plain; charset=utf-8")


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    _require_viewer(request)
    form = ReportForm(request.GET)
    if not form.is_valid():
        return _refused(form)
    data = form.cleaned_data
    job_centre = data.get("jobbtorg")
    name = selectors.job_centre_name(job_centre)
    suppressed = figures_are_suppressed_for(request.user)
    # The committee's document is Swedish, whatever the page's language.
    with translation.override("sv"):
        document = reports.tertial_report(
            year=data["ar"],
            tertial=data["tertial"],
            job_centre=job_centre,
            job_centre_name=name or "",
            suppress_below=service.SUPPRESS_BELOW if suppressed else None,
        )
        body = (
            reports.pdf_bytes(document) if data["format"] == "pdf" else reports.xlsx_bytes(document)
        )
    content_type = (
        "application/pdf"
        if data["format"] == "pdf"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    audit.indicators_computed(
        AuditContext.from_request(request),
        {
            "view": "tertial report",
            "format": data["format"],
            "year": data["ar"],
            "tertial": data["tertial"],
            "jobbtorg": job_centre,
            "suppressed": suppressed,
            "rows": len(document.figures),
        },
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename(data["format"])}"'
    return response
