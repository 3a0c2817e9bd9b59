"""`jobbtorg followup report --year Y --tertial N [--jobbtorg SLUG|stad] --format pdf|xlsx
--out FILE [--suppress-below N]`: the tertial report (R31) for the city (the default) or one
Jobbtorg. Run by an operator, it shows everything unless `--suppress-below N` is given."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.followup.forms import CITY
from jobbtorg.organisation.models import JobCentre


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


def handle_report(command: BaseCommand, options: dict[str, Any]) -> None:
    from jobbtorg.followup import report as reports

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
        found = JobCentre.objects.filter(slug=job_centre).values_list("name", flat=True).first()
        if found is None:
            known = ", ".join(JobCentre.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(f"There is no Jobbtorg {job_centre!r}. Known: {known}, or 'stad'.")
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
    command.stdout.write(f"Wrote {options['out']} ({len(data)} bytes).")
