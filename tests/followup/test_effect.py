"""The effect estimate in the product (issue 9, R30): the comparison pool, the command
`jobbtorg followup effect` on a generated data set with a planted effect, and the page
/nyckeltal/effekt/ (roles, the analyst's suppression, bad input, audit)."""

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.followup.effect import build_pool, effect_report, read_assistance
from jobbtorg.organisation.models import District
from jobbtorg.transfer.models import AssistanceMonth
from tests.conftest import client_for
from tests.factories import valid_personal_identity_number

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = timezone.localdate()
URL = "/nyckeltal/effekt/"
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


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("followup", "effect", *args, stdout=out)
    return out.getvalue()


PERIOD = ["--from", M.isoformat(), "--to", M_END.isoformat()]


# The pool


def test_the_pool_holds_no_enrolled_person_and_takes_the_district_from_the_file_or_the_person(
    tmp_path,
):
    enrolled, referred, outsider, homeless, elsewhere = (pnr(n) for n in (1, 2, 3, 4, 5))
    import_files(
        tmp_path,
        [
            f"{enrolled},E,Test,farsta,resurs,{M},{M + dt.timedelta(days=2)}",
            f"{referred},R,Test,rinkeby-kista,resurs,{M},",
            f"{elsewhere},X,Test,farsta,resurs,{M},",
        ],
        [
            f"{enrolled},{month_add(M, -1):%Y-%m},5000,farsta",
            f"{referred},{month_add(M, -1):%Y-%m},5000,",
            f"{outsider},{month_add(M, -2):%Y-%m},5000,skarpnack",
            f"{outsider},{month_add(M, -1):%Y-%m},5000,",
            f"{homeless},{month_add(M, -1):%Y-%m},5000,",
            # The column wins over the participant's home district; the latest month counts.
            f"{elsewhere},{month_add(M, -3):%Y-%m},5000,rinkeby-kista",
            f"{elsewhere},{month_add(M, -1):%Y-%m},5000,skarpnack",
        ],
    )
    AssistanceMonth.objects.create(
        personal_identity_number="199013011234", month=month_add(M, -1), amount_sek=100
    )
    matrix, latest = read_assistance()
    pool = build_pool(matrix.person_index.keys(), latest, TODAY)
    assert enrolled not in pool.people
    assert pool.people[referred] == (BORN, "rinkeby-kista")
    assert pool.people[outsider] == (BORN, "skarpnack")
    assert pool.people[elsewhere] == (BORN, "skarpnack")
    assert homeless not in pool.people and pool.no_district == 1
    assert pool.invalid_number == 1
    assert set(pool.people) == {referred, outsider, elsewhere}


def test_the_report_counts_the_pool_and_what_was_left_out(tmp_path):
    planted(tmp_path, treated=6, pool=6)
    AssistanceMonth.objects.create(
        personal_identity_number=pnr(900), month=month_add(M, -1), amount_sek=100
    )
    report = effect_report(M, M_END, today=TODAY)
    assert len(report.pool.people) == 6
    assert report.pool.no_district == 1
    assert all(ref not in report.pool.people for ref in (pnr(100 + i) for i in range(6)))


# The command


def test_a_planted_effect_is_recovered_within_its_interval(tmp_path):
    planted(tmp_path)
    result = json.loads(run(*PERIOD))
    city = {row["k_months"]: row for row in result["rows"] if row["group"] == {}}
    assert set(city) == {2, 8}
    for k in (2, 8):
        row = city[k]
        assert row["participants"] == 80
        assert row["matched"] == 80 and row["unmatched"] == 0 and row["no_baseline"] == 0
        assert row["pairs"] == 80
        assert row["share_without_assistance_participants"] == pytest.approx(0.7)
        assert row["share_without_assistance_comparison"] == pytest.approx(0.3)
        assert row["ci_low"] < 0.4 < row["ci_high"]
        assert row["ci_low"] > 0  # the effect is told apart from none
    assert result["asked"]["pool"] == 80
    assert result["asked"]["from"] == M.isoformat()


def test_no_effect_gives_an_interval_around_zero_and_a_breakdown_by_district(tmp_path):
    participants, assistance = [], []
    for i in range(40):
        person = pnr(100 + i)
        participants.append(f"{person},P{i},Test,skarpnack,youth,{M},{M}")
        assistance += months(-12, -1 if i % 2 else 9, person, "skarpnack")
        other = pnr(400 + i)
        assistance += months(-12, -1 if i % 2 else 9, other, "skarpnack")
    import_files(tmp_path, participants, assistance)
    result = json.loads(run(*PERIOD, "--by", "district"))
    groups = {json.dumps(r["group"]) for r in result["rows"]}
    assert groups == {"{}", '{"district": "skarpnack"}'}
    for row in result["rows"]:
        assert row["matched"] == 40
        assert row["ci_low"] <= 0 <= row["ci_high"]


def test_csv_has_the_same_rows(tmp_path):
    planted(tmp_path, treated=10, pool=10)
    as_json = json.loads(run(*PERIOD, "--by", "target_group"))["rows"]
    as_csv = list(
        csv.DictReader(io.StringIO(run(*PERIOD, "--by", "target_group", "--format", "csv")))
    )
    assert len(as_csv) == len(as_json) == 4
    assert [r["group"] for r in as_csv] == ["", "", "target_group=resurs", "target_group=resurs"]
    assert [int(r["matched"]) for r in as_csv] == [r["matched"] for r in as_json]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--from", "2026-13-01", "--to", "2026-12-31"], "--from '2026-13-01' is not a date"),
        (["--from", "2026-05-01", "--to", "yesterday"], "--to 'yesterday' is not a date"),
        (["--from", "2026-05-01", "--to", "2026-04-30"], "--to: The last day is before"),
        (["--from", "2026-05-01", "--to", "2026-08-31", "--caliper", "0"], "--caliper"),
        (["--from", "2026-05-01", "--to", "2026-08-31", "--caliper", "-1"], "above 0"),
        (["--from", "2026-05-01", "--to", "2026-08-31", "--seed", "-3"], "--seed"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_audited(args, words):
    with pytest.raises(CommandError, match=None) as refused:
        run(*args)
    assert words in str(refused.value)
    assert not AuditEntry.objects.filter(action="indicators.computed").exists()


def test_the_command_is_audited_with_what_was_asked_and_no_people(tmp_path):
    planted(tmp_path, treated=6, pool=6)
    run(*PERIOD, "--by", "district", "--caliper", "0.3", "--seed", "7")
    entry = AuditEntry.objects.get(action="indicators.computed")
    assert entry.channel == "command"
    after = entry.changes["after"]
    assert after["estimate"] == "effect"
    assert (after["from"], after["by"], after["caliper"], after["seed"]) == (
        M.isoformat(),
        "district",
        0.3,
        7,
    )
    assert entry.participant is None
    text = json.dumps(entry.changes)
    assert pnr(100) not in text and pnr(400) not in text


# The page


@pytest.mark.parametrize("who", ["manager_sydost", "analyst", "administrator"])
def test_managers_analysts_and_administrators_see_the_page(staff, who):
    response = client_for(getattr(staff, who), language="en").get(URL)
    assert response.status_code == 200
    assert "What the numbers mean" in response.content.decode()


@pytest.mark.parametrize(
    "who", ["coach_sydost", "matcher_sydost", "officer_farsta", "provider_staff"]
)
def test_other_roles_are_refused(staff, who):
    assert client_for(getattr(staff, who)).get(URL).status_code == 403
    assert not AuditEntry.objects.filter(action="indicators.computed").exists()


def test_a_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "logga-in" in response["Location"]


def test_the_default_period_is_the_latest_finished_tertial(staff):
    page = client_for(staff.analyst).get(URL).content.decode()
    from jobbtorg.engines.indicators.rows import tertial_of

    expected = tertial_of(tertial_of(TODAY).start - dt.timedelta(days=1))
    assert f'value="{expected.start.isoformat()}"' in page
    assert f'value="{expected.end.isoformat()}"' in page


def page(user, **query):
    params = {"start": M.isoformat(), "end": M_END.isoformat(), **query}
    return client_for(user, "en").get(URL, params)


def test_the_table_shows_the_shares_the_difference_and_its_interval(tmp_path, staff):
    planted(tmp_path)
    text = page(staff.manager_sydost).content.decode()
    assert "70.0 %" in text and "30.0 %" in text
    assert "40.0" in text  # the difference in percentage points
    assert "fewer than 5" not in text


def test_the_analyst_sees_fewer_than_5_for_a_small_group_and_the_manager_the_numbers(
    tmp_path, staff
):
    planted(tmp_path, treated=12, pool=12)
    # A second district with 3 participants and their comparison people.
    participants, assistance = [], []
    for i in range(3):
        person = pnr(700 + i)
        participants.append(f"{person},S{i},Test,skarpnack,youth,{M},{M}")
        assistance += months(-12, -1, person, "skarpnack") + months(
            -12, 9, pnr(800 + i), "skarpnack"
        )
    import_files(tmp_path, participants, assistance)
    analyst = page(staff.analyst, by="district").content.decode()
    manager = page(staff.manager_sydost, by="district").content.decode()
    skarpnack = District.objects.get(slug="skarpnack").name
    farsta = District.objects.get(slug="farsta").name

    def row_of(text, label, table):
        body = text.split(f'id="{table}"')[1].split("</table>")[0]
        return body.split(f'data-label="Group">{label}</th>')[1].split("</tr>")[0]

    for table in ("effect-counts", "effect-2", "effect-8"):
        assert "fewer than 5" in row_of(analyst, skarpnack, table)
        assert "fewer than 5" not in row_of(analyst, farsta, table)
        assert "fewer than 5" not in row_of(manager, skarpnack, table)
    assert "100.0 %" in row_of(manager, skarpnack, "effect-2")


def test_bad_input_on_the_page_is_refused_with_a_message_and_not_audited(staff):
    response = page(staff.manager_sydost, start="2026-02-30")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Write the date as YYYY-MM-DD" in text
    response = page(staff.manager_sydost, start=M_END.isoformat(), end=M.isoformat())
    assert "The last day is before the first day" in response.content.decode()
    response = page(staff.manager_sydost, by="provider")
    assert "Choose one of the breakdowns shown" in response.content.decode()
    assert not AuditEntry.objects.filter(action="indicators.computed").exists()


def test_the_page_is_audited_naming_who_and_what_but_no_one_counted(tmp_path, staff):
    planted(tmp_path, treated=6, pool=6)
    page(staff.analyst, by="jobbtorg")
    entry = AuditEntry.objects.get(action="indicators.computed")
    assert entry.actor == staff.analyst and entry.channel == "page"
    after = entry.changes["after"]
    assert (after["estimate"], after["by"], after["suppressed_below"]) == ("effect", "jobbtorg", 5)
    assert pnr(100) not in json.dumps(entry.changes)
