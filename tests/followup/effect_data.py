"""A generated data set for the effect estimate, read through the transfer import: people
enrolled in a reference month M and a pool never enrolled, with their monthly assistance."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import valid_personal_identity_number

TODAY = timezone.localdate()
BORN = dt.date(1990, 3, 1)


def month_add(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


# The reference month: ten months back, so that m + 8 is in the data.
M = month_add(TODAY.replace(day=1), -10)


M_END = month_add(M, 1) - dt.timedelta(days=1)


def pnr(n: int) -> str:
    return valid_personal_identity_number(n, born=BORN)


def import_files(tmp_path, participants: list[str], assistance: list[str]) -> None:
    folder = tmp_path / f"in{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    (folder / "participants.csv").write_text(
        "personnummer,first_name,last_name,home_district,target_group,referred_on,enrolled_on\n"
        + "".join(line + "\n" for line in participants),
        encoding="utf-8",
    )
    (folder / "assistance.csv").write_text(
        "personnummer,month,amount_sek,district\n" + "".join(line + "\n" for line in assistance),
        encoding="utf-8",
    )
    out = io.StringIO()
    try:
        call_command("transfer", "import", str(folder), stdout=out, stderr=io.StringIO())
    except SystemExit:  # rows were rejected: the data set is not what the test means
        pytest.fail(out.getvalue())


def months(first: int, last: int, person: str, district: str = "farsta", amount: int = 8000):
    return [
        f"{person},{month_add(M, k):%Y-%m},{amount + 37 * (k % 3)},{district}"
        for k in range(first, last + 1)
    ]


def planted(
    tmp_path, *, treated: int = 80, pool: int = 80, district: str = "farsta", first: int = 100
) -> None:
    """`treated` participants enrolled in month M, `pool` people never enrolled, all in one
    district and age band with 12 months of assistance before M. 70 % of the participants and
    30 % of the pool have no assistance from M on: a planted effect of +40 points."""
    participants, assistance = [], []
    for i in range(treated):
        person = pnr(first + i)
        enrolled = M + dt.timedelta(days=i % 20)
        participants.append(
            f"{person},P{i},Test,{district},resurs,{enrolled - dt.timedelta(days=3)},{enrolled}"
        )
        stops = i < treated * 7 // 10
        assistance += months(-12, -1 if stops else 9, person, district, 8000 + 10 * (i % 7))
    for j in range(pool):
        person = pnr(first + 300 + j)
        stops = j < pool * 3 // 10
        assistance += months(-12, -1 if stops else 9, person, district, 8000 + 10 * (j % 7))
    import_files(tmp_path, participants, assistance)


PERIOD = ["--from", M.isoformat(), "--to", M_END.isoformat()]
