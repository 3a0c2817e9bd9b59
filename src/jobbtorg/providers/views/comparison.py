"""The comparison page (R27, R30) and its exports: aggregates only, for managers, analysts and
administrators; everyone else gets 403. The same table, with the same masking, on the page and
in the CSV and XLSX files."""

import csv
import io
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from jobbtorg.engines.cells import neutralised_row
from jobbtorg.engines.comparison import Period
from jobbtorg.providers.forms import ComparisonForm
from jobbtorg.providers.permissions import can_view_comparison
from jobbtorg.providers.services.comparison import (
    Table,
    comparison_table,
    last_12_months,
    table_rows,
)


def _require_comparer(request: HttpRequest) -> None:
    if not can_view_comparison(request.user):
        raise PermissionDenied(
            _("The comparison of providers is for managers, analysts and administrators.")
        )


def _form(request: HttpRequest) -> ComparisonForm:
    """The period asked for; with nothing asked, the last 12 months by provider."""
    if request.GET:
        data = request.GET.copy()
        data.setdefault("by", "provider")
        return ComparisonForm(data)
    start, end = last_12_months(timezone.localdate())
    return ComparisonForm({"start": start.isoformat(), "end": end.isoformat(), "by": "provider"})


def _table(form: ComparisonForm) -> Table | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    return comparison_table(Period(data["start"], data["end"]), data["by"], timezone.localdate())


@login_required
@require_GET
def comparison(request: HttpRequest) -> HttpResponse:
    _require_comparer(request)
    form = _form(request)
    table = _table(form)
    context: dict[str, Any] = {"form": form, "table": table}
    if table is not None:
        query = form.cleaned_data
        context["query"] = (
            f"start={query['start'].isoformat()}&end={query['end'].isoformat()}&by={query['by']}"
        )
    return render(request, "providers/comparison.html", context)


def _filename(form: ComparisonForm, extension: str) -> str:
    data = form.cleaned_data
    return f"jamforelse-{data['by']}-{data['start']:%Y-%m-%d}-{data['end']:%Y-%m-%d}.{extension}"


def _refused(form: ComparisonForm) -> HttpResponse:
    """An export of a period that does not make sense: 400 with the reasons in plain text."""
    lines = [
        f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()
    ]
    return HttpResponse("\n".join(lines), status=400, content_type="text/plain; charset=utf-8")


@login_required
@require_GET
def comparison_csv(request: HttpRequest) -> HttpResponse:
    _require_comparer(request)
    form = _form(request)
    table = _table(form)
    if table is None:
        return _refused(form)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(form, "csv")}"'
    # A BOM so that Excel reads the Swedish letters right.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(neutralised_row(table.headers))
    for row in table_rows(table):
        writer.writerow(neutralised_row(row))
    return response


@login_required
@require_GET
def comparison_xlsx(request: HttpRequest) -> HttpResponse:
    _require_comparer(request)
    form = _form(request)
    table = _table(form)
    if table is None:
        return _refused(form)
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Comparison")[:31]
    sheet.append(neutralised_row(table.headers))
    for row in table_rows(table):
        sheet.append(
            neutralised_row(cell if isinstance(cell, int | Decimal) else str(cell) for cell in row)
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(form, "xlsx")}"'
    return response
