"""Nyckeltal: the dashboard per tertial and the tertial report files. For managers, analysts
and administrators (`permissions.can_view_key_figures`); everyone else gets 403. Analysts see
groups under 5 people as "fewer than 5", on the page and in the report. Every view of figures and
every download is audited, naming what was shown and no one.

Neither computes on the request: the dashboard shows the figures the worker stored, with when
(services/refresh.py); a report is asked for, prepared by the worker and then downloaded
(services/report_files.py)."""

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.followup import selectors
from jobbtorg.followup.forms import CITY, DashboardForm, ReportForm
from jobbtorg.followup.models import ReportStatus
from jobbtorg.followup.permissions import can_view_key_figures, figures_are_suppressed_for
from jobbtorg.followup.services import charts, refresh, report_files
from jobbtorg.followup.services import key_figures as service


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


def overview_rows(figures: list[service.Figure]) -> list[service.Figure]:
    """Every key figure for the whole question (the city, or the Jobbtorg asked about), in the
    fixed order: the one-screen overview above the details. A figure split by a breakdown is a
    detail; one split by its own kind (exits by employment form) is listed per kind."""
    return [f for f in figures if not set(f.group) & set(service.BREAKDOWNS)]


def overview_counts(rows: list[service.Figure]) -> dict[str, int]:
    """How many figures of the overview are met, near, not met, and without a target or value."""
    counts = {"met": 0, "near": 0, "not_met": 0, "no_status": 0}
    for figure in rows:
        counts[figure.status or "no_status"] += 1
    return counts


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
        suppressed = figures_are_suppressed_for(request.user)
        stored = refresh.results_for_page(
            refresh.dashboard_questions(
                year, tertial, by, job_centre, service.SUPPRESS_BELOW if suppressed else None
            )
        )
        context.update(stored.freshness())
        if not stored.complete:
            # The worker has not computed this question yet: the page says so and reloads.
            context.update(preparing=True, year=year, tertial=tertial)
            return render(request, "followup/dashboard.html", context)
        cache = service.Cache(rows=stored.cache_rows())
        figures = service.figures(
            request.user, year=year, tertial=tertial, by=by, job_centre=job_centre, cache=cache
        )
        texts = {"fewer": _("fewer than 5"), "none": _("no one to count"), "target": _("target")}
        sections = []
        details = service.details_of(figures)
        for indicator, rows in service.by_indicator(figures):
            label = str(service.INDICATORS.get(indicator, indicator))
            # A chart with no bar says nothing: the page says in words that there is no data.
            has_data = any(f.value is not None or f.previous_value is not None for f in rows)
            sections.append(
                {
                    "indicator": indicator,
                    "label": label,
                    "figures": rows,
                    "has_data": has_data,
                    "chart": charts.svg_data_uri(rows) if has_data else "",
                    "alt": charts.alt_text(label, rows, texts) if has_data else "",
                    "details": [
                        {"label": detail, "figures": detail_rows}
                        for detail, detail_rows in details.get(indicator, [])
                    ],
                }
            )
        whole = (
            figures
            if by is None
            else service.figures(
                request.user, year=year, tertial=tertial, job_centre=job_centre, cache=cache
            )
        )
        overview = overview_rows(whole)
        centre_name = selectors.job_centre_name(job_centre)
        start, end = service.tertial_period(year, tertial)
        base = {"ar": year, "tertial": tertial}
        context.update(
            {
                "sections": sections,
                "overview": overview,
                "overview_counts": overview_counts(overview),
                "effect_query": _query(start=start.isoformat(), end=end.isoformat()),
                "year": year,
                "tertial": tertial,
                "tertial_label": service.TERTIAL_LABELS[tertial],
                "start": start,
                "end": end,
                "by": by,
                "by_label": service.BREAKDOWN_LABELS[by],
                "job_centre": job_centre,
                "centre_name": centre_name,
                "suppressed": suppressed,
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
                "suppressed": suppressed,
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
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    """GET: the question (a link or a bookmark) with a button to ask for the report; the file
    already asked for over the same records, if any, is linked. POST: ask for it (the worker
    prepares it) and go to its page."""
    _require_viewer(request)
    form = ReportForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        return _refused(form)
    data = form.cleaned_data
    if request.method == "POST":
        made = report_files.tertial_report_request(
            request.user,
            year=data["ar"],
            tertial=data["tertial"],
            job_centre=data.get("jobbtorg"),
            format=data["format"],
        )
        return redirect("followup:report_file", made.pk)
    return render(
        request,
        "followup/report_request.html",
        {
            "form": form,
            "year": data["ar"],
            "tertial_label": service.TERTIAL_LABELS[data["tertial"]],
            "centre_name": selectors.job_centre_name(data.get("jobbtorg")),
            "format_label": dict(form.fields["format"].choices)[data["format"]],
        },
    )


@login_required
@require_GET
def report_file(request: HttpRequest, report_file_id: int) -> HttpResponse:
    """A requested report: being prepared (the page reloads itself), ready (the download link)
    or failed (ask again)."""
    _require_viewer(request)
    found = get_object_or_404(
        selectors.tertial_report_files_visible_to(request.user).defer("content"),
        pk=report_file_id,
    )
    report_files.given_up(found)
    return render(
        request,
        "followup/report_file.html",
        {
            "file": found,
            "tertial_label": service.TERTIAL_LABELS.get(found.tertial, ""),
            "centre_name": selectors.job_centre_name(found.job_centre or None),
            "preparing": found.status == ReportStatus.PREPARING,
            "ready": found.status == ReportStatus.READY,
            "again": _query(
                ar=found.year,
                tertial=found.tertial,
                jobbtorg=found.job_centre or CITY,
                format=found.format,
            ),
        },
    )


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
@require_GET
def report_download(request: HttpRequest, report_file_id: int) -> HttpResponse:
    """The prepared document, to a reader who would see the same figures; audited as every
    download."""
    _require_viewer(request)
    found = get_object_or_404(
        selectors.tertial_report_files_visible_to(request.user).filter(status=ReportStatus.READY),
        pk=report_file_id,
    )
    audit.indicators_computed(
        AuditContext.from_request(request),
        {
            "view": "tertial report",
            "format": found.format,
            "year": found.year,
            "tertial": found.tertial,
            "jobbtorg": found.job_centre or None,
            "suppressed": found.suppressed,
            "rows": found.figures,
        },
    )
    response = HttpResponse(bytes(found.content or b""), content_type=CONTENT_TYPES[found.format])
    response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    return response
