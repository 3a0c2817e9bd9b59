"""Transfer input built in memory: one good row per file, and code lists to check it against."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from jobbtorg.engines.transfer.format import BY_NAME, FILE_NAMES, ReferenceCodes
from jobbtorg.engines.transfer.read import TransferInput, table_from_rows

TODAY = dt.date(2026, 11, 22)
ANNA = "19900101-0017"
ANNA_STORED = "199001010017"
# Never a participant: in assistance.csv only, as part of the comparison pool.
BO = "121212-1212"

CODES = ReferenceCodes.build(
    target_groups=["youth", "adults"],
    activity_types=["cv_workshop", "practice"],
    exit_reasons=["work", "studies", "moved", "other"],
    interruption_reasons=["illness", "parental_leave", "other"],
    districts=[("farsta", "Farsta"), ("rinkeby-kista", "Rinkeby-Kista")],
    coaches=["coach-sydost"],
)

GOOD: dict[str, list[dict[str, str]]] = {
    "participants": [
        {
            "personnummer": ANNA,
            "first_name": "Anna",
            "last_name": "Berg",
            "home_district": "farsta",
            "target_group": "youth",
            "referred_on": "2026-01-05",
            "enrolled_on": "2026-01-12",
            "coach": "coach-sydost",
            "af_registered": "yes",
        }
    ],
    "plans": [
        {
            "personnummer": ANNA,
            "plan_ref": "P1",
            "drawn_up_on": "2026-01-14",
            "start": "2026-01-15",
            "end": "2026-07-14",
            "approved_on": "2026-01-20",
        }
    ],
    "activities": [
        {
            "personnummer": ANNA,
            "plan_ref": "P1",
            "activity_type": "cv_workshop",
            "provider": "Acme",
            "start": "2026-01-15",
            "end": "2026-03-31",
            "status": "completed",
            "outcome": "",
            "hours_per_week": "20",
            "goal": "A CV",
        }
    ],
    "interruptions": [
        {
            "personnummer": ANNA,
            "reason": "illness",
            "reason_text": "",
            "start": "2026-08-01",
            "end": "2026-08-31",
        }
    ],
    "exits": [
        {
            "personnummer": ANNA,
            "exit_date": "2026-10-01",
            "reason": "work",
            "reason_text": "",
            "employment_form": "permanent",
            "extent": "part",
            "hours_per_week": "20",
            "wage_subsidy": "no",
            "employer": "Acme AB",
            "occupation_ssyk": "5120",
            "student_finance": "",
        }
    ],
    "assistance": [
        {"personnummer": ANNA, "month": "2026-01", "amount_sek": "8500.50", "district": ""},
        {"personnummer": BO, "month": "2026-02", "amount_sek": "1000", "district": ""},
    ],
}


def transfer_input(tables: Mapping[str, Sequence[Mapping[str, str]]]) -> TransferInput:
    """An input as read from files holding `tables` (file name -> rows), header first."""
    read = {}
    for name in FILE_NAMES:
        if name not in tables:
            continue
        rows = tables[name]
        columns = list(BY_NAME[name].columns)
        for row in rows:
            columns += [column for column in row if column not in columns]
        cells = [columns] + [[row.get(column, "") for column in columns] for row in rows]
        read[name] = table_from_rows(name, cells)
    return TransferInput(source="memory", tables=read)


def good_tables(**changes: Mapping[str, str]) -> dict[str, list[dict[str, str]]]:
    """The good rows, with the first row of each named file changed."""
    tables = {name: [dict(row) for row in rows] for name, rows in GOOD.items()}
    for name, change in changes.items():
        tables[name][0].update(change)
    return tables
