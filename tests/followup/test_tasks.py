"""The follow-up's tasks on the real queue (the worker loop in the test process): the dashboard
says the figures are being computed until the worker has run, then shows them; a tertial report
is being prepared until the worker has written it, then downloads; asking twice while a refresh
waits queues one. And the morning refresh's place in the schedule."""

import datetime as dt
import re

import pytest
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
    assert KeyFigureResult.objects.filter(rows__isnull=True).count() == 6

    task_queue.run()

    assert not KeyFigureResult.objects.filter(rows__isnull=True).exists()


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
