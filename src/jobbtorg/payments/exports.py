"""The invoice basis of an approved payment run, as CSV and XLSX (R27; docs/payments.md).

Both carry the same columns, one row per line, no names of people: the finance systems read the
participation's id. The columns are a contract: new ones are added at the end. CSV:
`;`-separated, UTF-8 with a byte order mark (so Excel reads å, ä, ö), amounts as plain
`1234.50`. XLSX: a sheet "lines" with a provider column and the amounts as
numbers shown with 2 decimals, and a sheet "totals" with one row per provider.
"""

import csv
import io
from collections.abc import Sequence

import openpyxl
from openpyxl.styles import Font

from jobbtorg.engines.cells import neutralised_row
from jobbtorg.payments.models import PaymentRun
from jobbtorg.payments.reasons import participation_reference, reason_text
from jobbtorg.payments.selectors import ProviderLines
from jobbtorg.payments.services import run_ref

COLUMNS = [
    "run",
    "month",
    "provider",
    "provider_name",
    "organisation_number",
    "contract",
    "contract_number",
    "participation",
    "step",
    "period",
    "level",
    "amount",
    "reason",
    # Added after the first columns (which stay as they are): the participation's short
    # reference, the activity and the reason in the language of the download, as on the page.
    "participation_reference",
    "activity",
    "reason_description",
]
TOTAL_COLUMNS = ["run", "month", "provider", "provider_name", "organisation_number", "amount"]
MONEY_FORMAT = "0.00"


def _rows(run: PaymentRun, groups: Sequence[ProviderLines]) -> list[list[object]]:
    rows: list[list[object]] = []
    for group in groups:
        provider = group.provider
        for line in group.lines:
            rows.append(
                [
                    run_ref(run),
                    f"{run.month:%Y-%m}",
                    provider.slug,
                    provider.name,
                    provider.organisation_number,
                    str(line.contract_id),
                    line.contract.number,
                    str(line.participation_id or ""),
                    line.kind,
                    f"{line.period:%Y-%m}" if line.period else "",
                    line.level,
                    line.amount,
                    line.reason,
                    participation_reference(line.participation_id),
                    line.participation.offering.activity_type.name if line.participation else "",
                    reason_text(line.reason_details, line.reason),
                ]
            )
    return rows


def invoice_basis_csv(run: PaymentRun, groups: Sequence[ProviderLines]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in _rows(run, groups):
        # Decimal prints as 1234.50: no thousands separator, a point for decimals. Text that a
        # spreadsheet would run as a formula is neutralised; amounts stay numbers.
        writer.writerow([str(value) for value in neutralised_row(row)])
    return buffer.getvalue().encode("utf-8-sig")


def invoice_basis_xlsx(run: PaymentRun, groups: Sequence[ProviderLines]) -> bytes:
    workbook = openpyxl.Workbook()
    lines = workbook.active
    lines.title = "lines"
    lines.append(COLUMNS)
    amount_column = COLUMNS.index("amount") + 1
    for row in _rows(run, groups):
        lines.append(neutralised_row(row))
        lines.cell(row=lines.max_row, column=amount_column).number_format = MONEY_FORMAT
    totals = workbook.create_sheet("totals")
    totals.append(TOTAL_COLUMNS)
    for group in groups:
        provider = group.provider
        totals.append(
            neutralised_row(
                [
                    run_ref(run),
                    f"{run.month:%Y-%m}",
                    provider.slug,
                    provider.name,
                    provider.organisation_number,
                    group.total,
                ]
            )
        )
        totals.cell(row=totals.max_row, column=len(TOTAL_COLUMNS)).number_format = MONEY_FORMAT
    for sheet in (lines, totals):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
