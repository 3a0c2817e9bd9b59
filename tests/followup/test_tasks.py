"""The follow-up's tasks on the real queue (the worker loop in the test process): the dashboard
says the figures are being computed until the worker has run, then shows them; a tertial report
is being prepared until the worker has written it, then downloads; asking twice while a refresh
waits queues one; a change of the records enqueues one refresh and the pages answer from what
is stored meanwhile, computing nothing; the effect estimate the same way. And the morning
refresh's place in the schedule."""

import datetime as dt
import json
import re

import pytest
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task

from jobbtorg.config.settings.base import JOBBTORG_SCHEDULE
from jobbtorg.engines.rules.periodic import parse_schedule
from jobbtorg.followup.models import KeyFigureResult
from tests.conftest import client_for
from tests.followup.known_records import TERTIAL, YEAR

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

URL = f"/nyckeltal/?ar={YEAR}&tertial={TERTIAL}"
REFRESH = "jobbtorg.followup.tasks.refresh_key_figures"
PREPARE = "jobbtorg.followup.tasks.prepare_tertial_report"


def paths(tasks) -> list[str]:
    return [t.task_path for t in tasks]


def test_the_dashboard_says_the_figures_are_being_computed_until_the_worker_has_run(
    staff, known, task_queue
):
    client = client_for(staff.manager_sydost, "en")
    waiting = client.get(URL)
    assert "are being computed" in waiting.content.decode()
    assert '<meta http-equiv="refresh"' in waiting.content.decode()
    assert 'id="indicator-exits_to_work_share"' not in waiting.content.decode()
    assert paths(task_queue.waiting()) == [REFRESH]
    assert not known.calls

    ran = task_queue.run()

    assert paths(ran) == [REFRESH] and ran[0].return_value == 2
    shown = client.get(URL).content.decode()
    assert 'id="indicator-exits_to_work_share"' in shown
    assert "Updated at" in shown and "are being computed" not in shown


def test_asking_while_a_refresh_waits_queues_no_second_one(staff, known, task_queue):
    client_for(staff.manager_sydost).get(URL)
    client_for(staff.analyst).get(URL)  # other questions: suppressed
    client_for(staff.manager_sydost).get(URL + "&per=jobbtorg")

    assert paths(task_queue.waiting()) == [REFRESH]
    assert KeyFigureResult.objects.filter(result__isnull=True).count() == 6

    task_queue.run()

    assert not KeyFigureResult.objects.filter(result__isnull=True).exists()


def test_a_report_is_being_prepared_until_the_worker_has_written_it(staff, known, task_queue):
    client = client_for(staff.manager_sydost, "en")
    params = {"ar": YEAR, "tertial": TERTIAL, "jobbtorg": "stad", "format": "xlsx"}
    page_url = client.post("/nyckeltal/rapport/", params)["Location"]
    assert client.post("/nyckeltal/rapport/", params)["Location"] == page_url  # two clicks
    page = client.get(page_url).content.decode()
    assert "being prepared" in page and "/fil/" not in page
    assert paths(task_queue.waiting()) == [PREPARE]

    task_queue.run()

    page = client.get(page_url).content.decode()
    link = re.search(r'href="(/nyckeltal/rapport/\d+/fil/)"', page)
    assert link, page
    download = client.get(link.group(1))
    assert download["Content-Disposition"] == (
        f'attachment; filename="tertialrapport-{YEAR}-t{TERTIAL}-stad.xlsx"'
    )
    assert download.content.startswith(b"PK")  # a zip: the XLSX


def test_the_key_figures_are_refreshed_every_morning_before_work():
    (entry,) = [e for e in parse_schedule(JOBBTORG_SCHEDULE) if e.task == REFRESH]
    assert (entry.at.hour, entry.at.minute, entry.days) == (5, 0, "daily")
    assert entry.due_on(dt.datetime(2026, 12, 5, 5, 0)) is not None  # a Saturday too
    assert isinstance(import_string(REFRESH), Task)


def test_a_report_whose_task_was_given_up_says_so_and_can_be_asked_for_again(
    staff, known, task_queue
):
    """Its worker died three times (or it raised): the queue marks the task failed."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    client = client_for(staff.manager_sydost, "en")
    params = {"ar": YEAR, "tertial": TERTIAL, "jobbtorg": "stad", "format": "pdf"}
    page_url = client.post("/nyckeltal/rapport/", params)["Location"]
    DBTaskResult.objects.update(status=TaskResultStatus.FAILED)

    assert "could not be prepared" in client.get(page_url).content.decode()
    again = client.post("/nyckeltal/rapport/", params)["Location"]
    assert again != page_url
    assert paths(task_queue.waiting()) == [PREPARE]


# A change of the records: one refresh, and the pages answer from what is stored meanwhile


def _now() -> str:
    today = timezone.localdate()
    return f"/nyckeltal/?ar={today.year}&tertial={1 + (today.month - 1) // 4}"


def _referrals(page) -> str:
    html = page.content.decode()
    start = html.index('id="indicator-referrals"')
    body = re.sub(r"<[^>]+>", " ", html[start : html.index("</table>", start)])
    return re.sub(r"\s+", " ", body).replace("The whole city", "Whole city")


@pytest.fixture
def computing(monkeypatch):
    """Every computation of key figures or an effect estimate, recorded."""
    from jobbtorg.followup.services import effect, key_figures

    calls: list[str] = []
    real_rows, real_effect = key_figures.compute_rows, effect.effect_report

    def rows(*args, **kwargs):
        calls.append("key figures")
        return real_rows(*args, **kwargs)

    def estimate(*args, **kwargs):
        calls.append("effect")
        return real_effect(*args, **kwargs)

    monkeypatch.setattr(key_figures, "compute_rows", rows)
    monkeypatch.setattr(effect, "effect_report", estimate)
    return calls


def test_a_change_enqueues_one_refresh_and_the_page_shows_the_stored_figures_meanwhile(
    staff, cases, task_queue, computing, django_assert_max_num_queries
):
    from tests.participants.scenarios import refer

    client = client_for(staff.manager_sydost, "en")
    client.get(_now())
    task_queue.run()
    before = client.get(_now())
    assert "Whole city 10 " in _referrals(before)
    assert "Newer figures are being computed" not in before.content.decode()
    computed = len(computing)

    refer(staff.officer_farsta, first_name="Ny")
    refer(staff.officer_farsta, first_name="Nyare")

    assert paths(task_queue.waiting()) == [REFRESH]  # two changes, one refresh
    with django_assert_max_num_queries(20):
        meanwhile = client.get(_now())
    assert len(computing) == computed  # the request computed nothing
    assert "Whole city 10 " in _referrals(meanwhile)
    shown = meanwhile.content.decode()
    assert "Updated at" in shown and "Newer figures are being computed" in shown

    task_queue.run()

    after = client.get(_now())
    assert "Whole city 12 " in _referrals(after)
    assert "Newer figures are being computed" not in after.content.decode()


def test_the_effect_page_says_it_is_being_computed_until_the_worker_has_run(
    tmp_path, staff, task_queue, computing
):
    from tests.followup.effect_data import M_END, M, planted, pnr
    from tests.participants.scenarios import refer

    planted(tmp_path)
    client = client_for(staff.manager_sydost, "en")
    url = f"/nyckeltal/effekt/?start={M.isoformat()}&end={M_END.isoformat()}&by=jobbtorg"
    waiting = client.get(url).content.decode()
    assert "is being computed" in waiting and '<meta http-equiv="refresh"' in waiting
    assert 'id="effect-2"' not in waiting
    assert paths(task_queue.waiting()) == [REFRESH]
    assert not computing

    task_queue.run()

    assert computing == ["effect"]
    shown = client.get(url).content.decode()
    assert 'id="effect-2"' in shown and "70.0 %" in shown and "Updated at" in shown
    assert computing == ["effect"]  # the page read the stored estimate
    refer(staff.officer_farsta)  # a change: the stored estimate, and a newer one on its way
    meanwhile = client.get(url).content.decode()
    assert "70.0 %" in meanwhile and "Newer figures are being computed" in meanwhile
    assert computing == ["effect"] and paths(task_queue.waiting()) == [REFRESH]
    # Aggregates only: the stored estimate names no one.
    stored = json.dumps(list(KeyFigureResult.objects.values_list("result", flat=True)))
    assert pnr(100) not in stored and "pairs" in stored and "[[" not in stored


def test_a_change_before_any_page_asked_for_figures_enqueues_nothing(staff, task_queue):
    from tests.participants.scenarios import refer

    refer(staff.officer_farsta)
    assert task_queue.waiting() == []


def test_an_import_that_changes_records_enqueues_one_refresh_and_one_that_changes_none_none(
    tmp_path, staff, cases, task_queue
):
    """The transfer import writes in bulk (no post_save): it asks for the refresh itself,
    once, when it has written, so the figures include it within the worker's next turn."""
    import io

    from benchmarks.city_data import Staffing, create_staff, write_people
    from django.core.management import call_command

    client = client_for(staff.manager_sydost, "en")
    client.get(_now())
    task_queue.run()
    assert task_queue.waiting() == []
    write_people(tmp_path, 12, create_staff(Staffing.for_people(12), "lösen-ord-123"))
    call_command("transfer", "import", str(tmp_path), stdout=io.StringIO())
    assert paths(task_queue.waiting()) == [REFRESH]
    task_queue.run()
    call_command("transfer", "import", str(tmp_path), stdout=io.StringIO())  # all unchanged
    assert task_queue.waiting() == []


def test_a_corrected_month_of_assistance_changes_the_state_the_figures_are_computed_from(
    tmp_path, staff
):
    """The import updates rows in bulk: each is stamped as a save would stamp it, or the
    refresh would find the figures up to date and never show the correction."""
    import io

    from benchmarks.city_data import Staffing, create_staff, write_people
    from django.core.management import call_command

    from jobbtorg.followup.selectors import figures_version

    write_people(tmp_path, 6, create_staff(Staffing.for_people(6), "lösen-ord-123"))
    call_command("transfer", "import", str(tmp_path), stdout=io.StringIO())
    header, first, *_ = (tmp_path / "assistance.csv").read_text().splitlines()
    number, month, amount = first.split(",")[:3]
    before = figures_version()
    correction = tmp_path / "correction"
    correction.mkdir()
    (correction / "assistance.csv").write_text(
        f"personnummer,month,amount_sek\n{number},{month},{int(float(amount)) + 100}\n"
    )
    call_command("transfer", "import", str(correction), stdout=io.StringIO())
    assert figures_version() != before
