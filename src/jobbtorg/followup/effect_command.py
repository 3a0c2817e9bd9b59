"""`jobbtorg followup effect --from F --to T [--by jobbtorg|target_group|district]
[--format json|csv] [--caliper X] [--seed N] [--out FILE]` (issue 9, R30; docs/effect.md).

JSON is `{"asked": {...}, "rows": [...]}`: what was asked with the pool's counts, then one row
per group (the whole city first, `group` empty) and per k (2 and 8 months): participants,
matched, unmatched, no_baseline, pairs (matched pairs whose month m + k is in the data), the
share without assistance in each group, the difference and its 95 % interval. CSV has the
same rows, the group as `key=value`. The run is audited (`indicators.computed`, naming no one).
Kept out of `followup.py` so that the subcommand is one parser and one branch there.
"""

import csv
import datetime as dt
import io
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.errors import ValidationFailed
from jobbtorg.engines.cells import neutralised_row
from jobbtorg.engines.indicators.effect import DEFAULT_CALIPER
from jobbtorg.followup.effect import EFFECT_BREAKDOWNS, as_rows, effect_report, summary

FORMATS = ["json", "csv"]
CSV_COLUMNS = [
    "group",
    "k_months",
    "participants",
    "matched",
    "unmatched",
    "no_baseline",
    "pairs",
    "share_without_assistance_participants",
    "share_without_assistance_comparison",
    "difference",
    "ci_low",
    "ci_high",
]
OPTION_OF = {"start": "--from", "end": "--to", "caliper": "--caliper", "seed": "--seed"}


def add_parser(commands: Any) -> None:
    """The `effect` subparser, on the `followup` command's subparsers."""
    parser = commands.add_parser("effect", help="the effect estimate against a comparison group")
    parser.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
    parser.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
    parser.add_argument("--by", choices=EFFECT_BREAKDOWNS, help="a breakdown; none: the city")
    parser.add_argument("--format", choices=FORMATS, default="json")
    parser.add_argument(
        "--caliper",
        type=float,
        default=DEFAULT_CALIPER,
        help=f"largest matching distance in standard deviations (default {DEFAULT_CALIPER})",
    )
    parser.add_argument("--seed", type=int, default=0, help="order of matching (default 0)")
    parser.add_argument("--out", help="write to this file instead of standard output")


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{option} {text!r} is not a date: give it as YYYY-MM-DD.") from None


def csv_text(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        group = ";".join(f"{k}={v}" for k, v in sorted(row["group"].items()))
        writer.writerow(
            neutralised_row([group, *("" if row[c] is None else row[c] for c in CSV_COLUMNS[1:])])
        )
    return out.getvalue()


def handle(command: BaseCommand, options: dict[str, Any]) -> None:
    start = _date(options["start"], "--from")
    end = _date(options["end"], "--to")
    try:
        report = effect_report(
            start, end, by=options["by"], caliper=options["caliper"], seed=options["seed"]
        )
    except ValidationFailed as error:
        raise CommandError(
            " ".join(
                f"{OPTION_OF.get(field, '--' + field)}: {' '.join(messages)}"
                for field, messages in error.errors.items()
            )
        ) from None
    rows = as_rows(report)
    asked = summary(report)
    if options["format"] == "csv":
        text = csv_text(rows)
    else:
        text = json.dumps({"asked": asked, "rows": rows}, ensure_ascii=False, indent=1) + "\n"
    if options["out"]:
        with open(options["out"], "w", encoding="utf-8") as f:
            f.write(text)
    else:
        command.stdout.write(text, ending="")
    audit.indicators_computed(
        AuditContext.for_command("followup effect"),
        {"estimate": "effect", **asked, "groups": len(report.groups)},
    )
