"""`jobbtorg followup indicators --from F --to T [--by BREAKDOWN] [--format json|csv|xlsx]
[--suppress-below N] [--out FILE]` (issue 9); `jobbtorg followup report ...`: the tertial
report (`followup/report_command.py`, docs/key-figures.md).

JSON is a list of rows `{"indicator": name, "group": {...}, "value": number or null, "n": int}`;
CSV and XLSX have the columns indicator, group (key=value pairs joined by `;`), value, n and
suppressed ("yes" for a hidden group). The
command line is run by an operator and shows everything unless `--suppress-below N` is given:
then a group under N people has neither value nor n (`"suppressed": true`)."""

import csv
import datetime as dt
import io
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from openpyxl import Workbook

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.engines.cells import neutralised_row
from jobbtorg.followup import effect_command
from jobbtorg.followup.report_command import add_report_parser, handle_report
from jobbtorg.followup.service import Source, compute_rows

BREAKDOWNS = ["jobbtorg", "target_group", "district", "provider", "activity_type"]
FORMATS = ["json", "csv", "xlsx"]


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{option} {text!r} is not a date: give it as YYYY-MM-DD.") from None


def group_text(group: dict[str, str]) -> str:
    return ";".join(f"{key}={value}" for key, value in sorted(group.items()))


def csv_text(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["indicator", "group", "value", "n", "suppressed"])
    for row in rows:
        value = "" if row["value"] is None else row["value"]
        n = "" if row["n"] is None else row["n"]
        hidden = "yes" if row.get("suppressed") else ""
        writer.writerow(
            neutralised_row([row["indicator"], group_text(row["group"]), value, n, hidden])
        )
    return out.getvalue()


def xlsx_bytes(rows: list[dict[str, Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "indicators"
    sheet.append(["indicator", "group", "value", "n", "suppressed"])
    for row in rows:
        hidden = "yes" if row.get("suppressed") else None
        sheet.append(
            neutralised_row(
                [row["indicator"], group_text(row["group"]), row["value"], row["n"], hidden]
            )
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def compute(
    start: dt.date, end: dt.date, by: str | None, suppress_below: int | None
) -> list[dict[str, Any]]:
    """The same rows as the dashboard's, for the whole city (cached alike)."""
    return compute_rows(
        start, end, by=by, job_centre=None, suppress_below=suppress_below, source=Source()
    )


class Command(BaseCommand):
    help = "Key figures (issue 9): `followup indicators --from F --to T` (docs/indicators.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        figures = commands.add_parser("indicators", help="the indicators for a period")
        figures.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
        figures.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
        figures.add_argument("--by", choices=BREAKDOWNS, help="a breakdown; none: the city")
        figures.add_argument("--format", choices=FORMATS, default="json")
        figures.add_argument(
            "--suppress-below",
            type=int,
            default=None,
            help="hide the value and n of groups with fewer people than this",
        )
        figures.add_argument("--out", help="write to this file instead of standard output")
        add_report_parser(commands)
        effect_command.add_parser(commands)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "report":
            handle_report(self, options)
            return
        if options["action"] == "effect":
            return effect_command.handle(self, options)
        start = _date(options["start"], "--from")
        end = _date(options["end"], "--to")
        if end < start:
            raise CommandError("--to is before --from.")
        below = options["suppress_below"]
        if below is not None and below < 1:
            raise CommandError("--suppress-below is a whole number, 1 or more.")
        rows = compute(start, end, options["by"], below)
        fmt = options["format"]
        out_path = options["out"]
        if fmt == "xlsx":
            data = xlsx_bytes(rows)
            if out_path:
                with open(out_path, "wb") as f:
                    f.write(data)
            else:
                sys.stdout.buffer.write(data)
        else:
            text = (
                json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
                if fmt == "json"
                else csv_text(rows)
            )
            if out_path:
                with open(out_path, "w", encoding="utf-8") as f:
                    f.write(text)
            else:
                self.stdout.write(text, ending="")
        audit.indicators_computed(
            AuditContext.for_command("followup indicators"),
            {
                "from": start.isoformat(),
                "to": end.isoformat(),
                "by": options["by"],
                "rows": len(rows),
            },
        )
