"""The benchmarks' transfer files give every coach open cases of their own, as a city's coaches
have: a coach with only exited people made the city benchmark open another coach's person."""

import datetime as dt

from benchmarks.transfer_files import transfer_rows


def test_every_coach_has_open_and_exited_cases_whatever_the_number_of_coaches():
    districts = ["farsta", "skarpnack", "rinkeby-kista", "spanga-tensta"]
    for per_district in (2, 6, 30):
        coaches = {d: [f"{d}-{i}" for i in range(per_district)] for d in districts}
        tables = transfer_rows(
            per_district * 40, today=dt.date(2026, 12, 6), districts=districts, coaches=coaches
        )
        exited = {row["personnummer"] for row in tables["exits"]}
        open_of, exited_of = set(), set()
        for row in tables["participants"]:
            (exited_of if row["personnummer"] in exited else open_of).add(row["coach"])
        every = {name for names in coaches.values() for name in names}
        assert open_of == every, per_district
        assert exited_of == every, per_district
