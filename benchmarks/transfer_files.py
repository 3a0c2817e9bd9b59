"""Invented people in the transfer format, as a municipality moving over would send them: the
benchmarks that need a city's worth of data write it here and import it the product's way
(`jobbtorg transfer import`).

Each person has a case with a plan of two activities, a third of them have exited, and every
one has `months` months of assistance. With `coaches` (district slug → the usernames of the
coaches of the Jobbtorg serving it), every case gets one of them in turn, and every
`awaiting_every`-th person is referred recently and not yet met (no plan, no coach): the
caseloads a Jobbtorg's staff work from.

Plain Python over the transfer format's engine (no Django), so it runs before any database
exists and under any revision of the product.
"""

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from jobbtorg.engines.transfer.write import write_csv_directory

# Six districts of five Jobbtorg: the transfer import benchmarks' spread.
SOME_DISTRICTS = ("farsta", "skarpnack", "rinkeby-kista", "bromma", "sodermalm", "alvsjo")
TABLES = ("participants", "plans", "activities", "exits", "assistance")


def personnummer(n: int, born: dt.date = dt.date(1980, 1, 1)) -> str:
    """The n-th invented personnummer (12 digits) with the right control digit (the Luhn sum
    over the ten digits after the century); the same numbers as the tests' factories."""
    birth = born + dt.timedelta(days=n // 900)
    ten = f"{birth:%y%m%d}{100 + n % 900:03d}"
    total = 0
    for i, digit in enumerate(ten):
        product = int(digit) * (2 if i % 2 == 0 else 1)
        total += product // 10 + product % 10
    return f"{birth:%Y%m%d}{100 + n % 900:03d}{(10 - total % 10) % 10}"


def first_of_month(today: dt.date, months_back: int) -> dt.date:
    index = today.year * 12 + today.month - 1 - months_back
    return dt.date(index // 12, index % 12 + 1, 1)


def transfer_rows(
    people: int,
    *,
    today: dt.date,
    months: int = 24,
    districts: Sequence[str] = SOME_DISTRICTS,
    coaches: Mapping[str, Sequence[str]] | None = None,
    awaiting_every: int = 0,
) -> dict[str, list[dict[str, str]]]:
    """The rows of each file, person by person (see the module's docstring)."""
    tables: dict[str, list[dict[str, str]]] = {name: [] for name in TABLES}
    assigned: Counter[tuple[str, bool]] = Counter()
    for n in range(people):
        pnr = personnummer(n)
        district = districts[n % len(districts)]
        awaiting = awaiting_every > 0 and n % awaiting_every == awaiting_every - 1
        referred = today - dt.timedelta(days=(n % 20) if awaiting else 60 + n % 500)
        enrolled = referred + dt.timedelta(days=3)
        coach = ""
        if coaches and not awaiting:
            # Open and exited cases each go round every coach: one turn over all of them
            # gave some coaches only people who had exited (every third is).
            in_turn = coaches[district]
            turn = (district, n % 3 == 0)
            coach = in_turn[assigned[turn] % len(in_turn)]
            assigned[turn] += 1
        tables["participants"].append(
            {
                "personnummer": pnr,
                "first_name": f"Förnamn{n}",
                "last_name": f"Efternamn{n}",
                "home_district": district,
                "target_group": "resurs",
                "referred_on": referred.isoformat(),
                "enrolled_on": "" if awaiting else enrolled.isoformat(),
                "coach": coach,
                "af_registered": "yes",
            }
        )
        if not awaiting:
            _plan_rows(tables, n, pnr, start=enrolled + dt.timedelta(days=2), today=today)
        for m in range(months):
            tables["assistance"].append(
                {
                    "personnummer": pnr,
                    "month": first_of_month(today, months - m).strftime("%Y-%m"),
                    "amount_sek": str(7000 + n % 900),
                }
            )
    return tables


def _plan_rows(
    tables: dict[str, list[dict[str, str]]], n: int, pnr: str, *, start: dt.date, today: dt.date
) -> None:
    tables["plans"].append(
        {
            "personnummer": pnr,
            "plan_ref": f"P{n}",
            "drawn_up_on": start.isoformat(),
            "start": start.isoformat(),
            "end": (start + dt.timedelta(days=150)).isoformat(),
            "approved_on": (start + dt.timedelta(days=1)).isoformat(),
        }
    )
    for kind, offset in (("job_search", 0), ("placement", 60)):
        a_start = start + dt.timedelta(days=offset)
        tables["activities"].append(
            {
                "personnummer": pnr,
                "plan_ref": f"P{n}",
                "activity_type": kind,
                "provider": "Jobbtorget",
                "start": a_start.isoformat(),
                "end": (a_start + dt.timedelta(days=55)).isoformat(),
                "status": "ongoing",
                "outcome": "",
            }
        )
    if n % 3 == 0:
        tables["exits"].append(
            {
                "personnummer": pnr,
                "exit_date": (today - dt.timedelta(days=1)).isoformat(),
                "reason": "studies",
            }
        )


def write_transfer(directory: Path, people: int, *, today: dt.date, **shape: object) -> None:
    """The files of `transfer_rows(people, today=today, **shape)` as CSV in `directory`."""
    write_csv_directory(directory, transfer_rows(people, today=today, **shape))  # type: ignore[arg-type]
