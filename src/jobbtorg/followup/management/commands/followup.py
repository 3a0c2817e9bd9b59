"""The follow-up from the command line, run by an operator (docs/indicators.md,
docs/key-figures.md, docs/effect.md). Every run is audited (`indicators.computed`, naming no one).

- `jobbtorg followup indicators --from F --to T [--by BREAKDOWN] [--format json|csv|xlsx]
  [--suppress-below N] [--out FILE]`: JSON is a list of rows `{"indicator": name, "group":
  {...}, "value": number or null, "n": int}`; CSV and XLSX have the columns indicator, group
  (key=value pairs joined by `;`), value, n and suppressed ("yes" for a hidden group).
- `jobbtorg followup report --year Y --tertial N [--jobbtorg SLUG|stad] --format pdf|xlsx
  --out FILE [--suppress-below N]`: the tertial report (R31) for the city (the default) or one
  Jobbtorg.
- `jobbtorg followup effect --from F --to T [--by jobbtorg|target_group|district]
  [--format json|csv] [--caliper X] [--seed N] [--out FILE]`: the effect estimate (R30).

The operator sees everything unless `--suppress-below N` is given: then a group under N people
has neither value nor n (`"suppressed": true`)."""

import csv
import datetime as dt
import io
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from openpyxl import Workbook

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.errors import ValidationFailed
from jobbtorg.engines.cells import neutralised_row
from jobbtorg.engines.indicators.effect import DEFAULT_CALIPER
from jobbtorg.followup import selectors
from jobbtorg.followup.forms import CITY
from jobbtorg.followup.services import report as reports
from jobbtorg.followup.services.effect import (
    EFFECT_BREAKDOWNS,
    as_rows,
    effect_report,
    summary,
)
from jobbtorg.followup.services.effect import csv_text as effect_csv_text
from jobbtorg.followup.services.key_figures import BREAKDOWNS, Source, compute_rows

FORMATS = ["json", "csv", "xlsx"]
EFFECT_FORMATS = ["json", "csv"]
EFFECT_OPTION_OF = {"start": "--from", "end": "--to", "caliper": "--caliper", "seed": "--seed"}


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


def add_period_arguments(parser: Any, *, breakdowns: Any, formats: list[str]) -> None:
    """--from, --to, --by and --format, as `indicators` and `effect` both take them."""
    parser.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
    parser.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
    parser.add_argument("--by", choices=breakdowns, help="a breakdown; none: the city")
    parser.add_argument("--format", choices=formats, default="json")


def add_report_parser(commands: Any) -> None:
    report = commands.add_parser("report", help="the tertial report as PDF or XLSX")
    report.add_argument("--year", type=int, required=True, help="the year, e.g. 2026")
    report.add_argument(
        "--tertial", type=int, required=True, choices=[1, 2, 3], help="1 Jan–Apr, 2, 3"
    )
    report.add_argument(
        "--jobbtorg", default=CITY, help="a Jobbtorg's slug, or 'stad' for the city (default)"
    )
    report.add_argument("--format", choices=["pdf", "xlsx"], required=True)
    report.add_argument("--out", required=True, help="the file to write")
    report.add_argument(
        "--suppress-below",
        type=int,
        default=None,
        help="show groups with fewer people than this as 'färre än 5'",
    )


def add_effect_parser(commands: Any) -> None:
    parser = commands.add_parser("effect", help="the effect estimate against a comparison group")
    add_period_arguments(parser, breakdowns=EFFECT_BREAKDOWNS, formats=EFFECT_FORMATS)
    parser.add_argument(
        "--caliper",
        type=float,
        default=DEFAULT_CALIPER,
        help=f"largest matching distance in standard deviations (default {DEFAULT_CALIPER})",
    )
    parser.add_argument("--seed", type=int, default=0, help="order of matching (default 0)")
    parser.add_argument("--out", help="write to this file instead of standard output")


class Command(BaseCommand):
    help = "Key figures: `followup indicators --from F --to T` (docs/indicators.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        figures = commands.add_parser("indicators", help="the indicators for a period")
        add_period_arguments(figures, breakdowns=BREAKDOWNS, formats=FORMATS)
        figures.add_argument(
            "--suppress-below",
            type=int,
            default=None,
            help="hide the value and n of groups with fewer people than this",
        )
        figures.add_argument("--out", help="write to this file instead of standard output")
        add_report_parser(commands)
        add_effect_parser(commands)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "report":
            self.handle_report(options)
        elif options["action"] == "effect":
            self.handle_effect(options)
        else:
            self.handle_indicators(options)

    def handle_indicators(self, options: dict[str, Any]) -> None:
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

    def handle_report(self, options: dict[str, Any]) -> None:
        year = options["year"]
        if not 2000 <= year < 2100:
            raise CommandError("--year is a year from 2000 to 2099.")
        below = options["suppress_below"]
        if below is not None and below < 1:
            raise CommandError("--suppress-below is a whole number, 1 or more.")
        slug = options["jobbtorg"]
        job_centre = None if slug == CITY else slug
        name = ""
        if job_centre is not None:
            found = selectors.job_centre_name(job_centre)
            if found is None:
                known = ", ".join(selectors.job_centre_slugs())
                raise CommandError(
                    f"There is no Jobbtorg {job_centre!r}. Known: {known}, or 'stad'."
                )
            name = found
        with translation.override("sv"):
            document = reports.tertial_report(
                year=year,
                tertial=options["tertial"],
                job_centre=job_centre,
                job_centre_name=name,
                suppress_below=below,
            )
            data = (
                reports.pdf_bytes(document)
                if options["format"] == "pdf"
                else reports.xlsx_bytes(document)
            )
        with open(options["out"], "wb") as f:
            f.write(data)
        audit.indicators_computed(
            AuditContext.for_command("followup report"),
            {
                "view": "tertial report",
                "format": options["format"],
                "year": year,
                "tertial": options["tertial"],
                "jobbtorg": job_centre,
                "suppressed": bool(below),
                "rows": len(document.figures),
            },
        )
        self.stdout.write(f"Wrote {options['out']} ({len(data)} bytes).")

    def handle_effect(self, options: dict[str, Any]) -> None:
        start = _date(options["start"], "--from")
        end = _date(options["end"], "--to")
        try:
            report = effect_report(
                start, end, by=options["by"], caliper=options["caliper"], seed=options["seed"]
            )
        except ValidationFailed as error:
            raise CommandError(
                " ".join(
                    f"{EFFECT_OPTION_OF.get(field, '--' + field)}: {' '.join(messages)}"
                    for field, messages in error.errors.items()
                )
            ) from None
        rows = as_rows(report)
        asked = summary(report)
        if options["format"] == "csv":
            text = effect_csv_text(rows)
        else:
            text = json.dumps({"asked": asked, "rows": rows}, ensure_ascii=False, indent=1) + "\n"
        if options["out"]:
            with open(options["out"], "w", encoding="utf-8") as f:
                f.write(text)
        else:
            self.stdout.write(text, ending="")
        audit.indicators_computed(
            AuditContext.for_command("followup effect"),
            {"estimate": "effect", **asked, "groups": len(report.groups)},
        )
