"""One matching index for every web process: the worker builds it after a change and stores it
under the data directory; a page loads it and never builds it; a fresh install says when the
suggestions will be there."""

import datetime as dt
import json
import pickle

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jobbtorg.matching import feed, index_store
from jobbtorg.matching.tasks import rebuild_matching_index
from tests.conftest import client_for
from tests.matching.scenario import person, vacancy
from tests.participants.factories import InterruptionFactory

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def builds(monkeypatch):
    """Counts the builds of the index (each one reads the whole city)."""
    calls = []
    real = feed.build_index

    def counted(today):
        calls.append(today)
        return real(today)

    monkeypatch.setattr(feed, "build_index", counted)
    return calls


def candidates_of(job):
    return [m.person_ref for m in index_store.city_index().best_people(str(job.pk))]


def as_a_new_process():
    """What a second web process (or one just restarted) has in memory: nothing."""
    index_store.forget()


def test_a_second_process_loads_the_stored_index_without_building_it(staff, builds):
    referral = person(staff)
    job = vacancy()
    assert rebuild_matching_index.enqueue().return_value is True
    assert len(builds) == 1

    for _ in range(3):  # three more web processes
        as_a_new_process()
        assert candidates_of(job) == [str(referral.pk)]
    assert len(builds) == 1


def test_the_worker_builds_once_per_change_not_once_per_process(staff, builds):
    """Four processes answer from one stored index; a change is one build, which the four load."""
    first = person(staff, 1)
    job = vacancy()
    assert candidates_of(job) == [str(first.pk)]
    assert len(builds) == 1
    second = person(staff, 2)  # the saves ask for a rebuild; the immediate backend runs it
    built = len(builds)
    for _ in range(4):
        as_a_new_process()
        assert set(candidates_of(job)) == {str(first.pk), str(second.pk)}
    assert len(builds) == built


def test_a_rebuild_with_nothing_changed_returns_at_once(staff, builds):
    person(staff)
    vacancy()
    assert rebuild_matching_index.enqueue().return_value is True
    # Run again (as after a worker died once the index was stored): nothing to do.
    assert rebuild_matching_index.enqueue().return_value is False
    assert len(builds) == 1


def test_a_half_written_index_is_never_loaded(staff, monkeypatch):
    referral = person(staff, 1)
    job = vacancy()
    index_store.rebuild()
    before = json.loads((index_store.directory() / index_store.POINTER).read_text())

    def dies_half_way(index, out, protocol):
        out.write(pickle.dumps(index, protocol=protocol)[:1000])
        raise MemoryError("the worker was killed")

    monkeypatch.setattr(index_store.pickle, "dump", dies_half_way)
    with pytest.raises(MemoryError):
        index_store.rebuild(force=True)
    monkeypatch.undo()

    assert json.loads((index_store.directory() / index_store.POINTER).read_text()) == before
    assert not list(index_store.directory().glob(".*.tmp"))
    as_a_new_process()
    loaded = index_store._loaded()
    assert loaded is not None and loaded.key == before["key"]
    assert [m.person_ref for m in loaded.index.best_people(str(job.pk))] == [str(referral.pk)]


def test_an_index_file_that_cannot_be_read_is_not_used(staff, caplog):
    person(staff)
    vacancy()
    index_store.rebuild()
    pointer = json.loads((index_store.directory() / index_store.POINTER).read_text())
    (index_store.directory() / pointer["file"]).write_bytes(b"\x80\x05 broken")
    as_a_new_process()
    assert index_store._loaded() is None
    assert "could not be loaded" in caplog.text


def test_an_index_written_by_another_engine_is_built_afresh(staff, builds):
    referral = person(staff)
    job = vacancy()
    index_store.rebuild()
    path = index_store.directory() / index_store.POINTER
    meta = json.loads(path.read_text())
    path.write_text(json.dumps(meta | {"format": "an-older-engine"}))
    as_a_new_process()
    assert candidates_of(job) == [str(referral.pk)]
    assert len(builds) == 2


def test_old_index_files_are_removed(staff):
    person(staff)
    vacancy()
    for _ in range(4):
        index_store.rebuild(force=True)
    assert len(list(index_store.directory().glob("index-*.pickle"))) == 2


def test_the_command_line_builds_the_index_itself(staff, capsys, builds):
    person(staff)
    vacancy()
    call_command("matching", "rebuild-index")
    assert "Matching index built in" in capsys.readouterr().out
    call_command("matching", "rebuild-index")
    assert "fresh" in capsys.readouterr().out
    assert len(builds) == 1
    call_command("matching", "rebuild-index", "--force")
    assert len(builds) == 2


def test_no_index_is_built_for_changes_before_anyone_needs_one(staff, builds):
    """Before the first stored index there is nothing to keep fresh: saves ask for nothing."""
    person(staff)
    vacancy()
    assert builds == []
    assert not index_store.is_stored()


def rebuilds_waiting(task_queue):
    return [t for t in task_queue.waiting() if t.task_path == rebuild_matching_index.module_path]


def test_changes_wait_as_one_rebuild_while_the_stored_index_answers(staff, task_queue, builds):
    first = person(staff, 1)
    job = vacancy()
    index_store.rebuild()
    assert rebuilds_waiting(task_queue) == []

    second = person(staff, 2)  # many saves: a case, its enrolment, a profile
    job.headline = "Undersköterska, kväll"
    job.save()
    assert len(rebuilds_waiting(task_queue)) == 1
    # While it waits, every process answers from the stored index, and builds nothing.
    for _ in range(2):
        as_a_new_process()
        assert candidates_of(job) == [str(first.pk)]
    assert len(rebuilds_waiting(task_queue)) == 1
    assert len(builds) == 1

    task_queue.run()
    assert rebuilds_waiting(task_queue) == []
    assert len(builds) == 2
    as_a_new_process()
    assert set(candidates_of(job)) == {str(first.pk), str(second.pk)}


def test_a_fresh_install_says_when_the_suggestions_will_be_there(staff, task_queue, builds):
    referral = person(staff)
    job = vacancy()
    page = client_for(staff.matcher_sydost)
    url = reverse("matching:candidates", args=[job.pk])

    response = page.get(url)
    assert response.status_code == 200
    assert "Förslagen förbereds – klara om ungefär en minut." in response.content.decode()
    page.get(url)
    assert len(rebuilds_waiting(task_queue)) == 1
    assert builds == []

    task_queue.run()
    response = page.get(url)
    assert "Förslagen förbereds" not in response.content.decode()
    assert referral.participant.full_name in response.content.decode()


def test_the_profile_page_says_so_too_on_a_fresh_install(staff, task_queue):
    referral = person(staff)
    vacancy()
    response = client_for(staff.coach_sydost).get(
        reverse("matching:profile", args=[referral.participant_id])
    )
    assert response.status_code == 200
    assert "Förslagen förbereds – klara om ungefär en minut." in response.content.decode()


def test_the_fair_page_says_so_too_and_still_lists_the_invited(staff, task_queue):
    from tests.matching.scenario import a_fair

    person(staff)
    fair = a_fair(staff)
    response = client_for(staff.matcher_sydost).get(reverse("matching:fair", args=[fair.pk]))
    assert response.status_code == 200
    assert "Förslagen förbereds – klara om ungefär en minut." in response.content.decode()
    assert "Vårdmässan" in response.content.decode()


def test_a_stored_index_of_yesterday_answers_and_asks_for_todays(staff, task_queue, builds):
    referral = person(staff)
    job = vacancy()
    index_store.rebuild()
    path = index_store.directory() / index_store.POINTER
    meta = json.loads(path.read_text())
    yesterday = (dt.date.fromisoformat(meta["day"]) - dt.timedelta(days=1)).isoformat()
    # As it was stored yesterday: the day is part of the freshness key too.
    key = meta["key"].replace(meta["day"], yesterday)
    path.write_text(json.dumps(meta | {"day": yesterday, "key": key}))
    as_a_new_process()

    assert candidates_of(job) == [str(referral.pk)]
    assert len(rebuilds_waiting(task_queue)) == 1
    task_queue.run()
    as_a_new_process()
    assert index_store.current().day == meta["day"]
    assert len(builds) == 2


def test_a_bulk_write_no_signal_sees_is_caught_by_the_periodic_check(staff, settings, builds):
    first = person(staff, 1)
    job = vacancy()
    assert candidates_of(job) == [str(first.pk)]
    settings.JOBBTORG_MATCHING_RECHECK_SECONDS = 3600
    InterruptionFactory._meta.model.objects.bulk_create(
        [InterruptionFactory.build(referral=first, start=timezone.localdate())]
    )
    assert candidates_of(job) == [str(first.pk)]  # checked less than an hour ago
    index_store._state["checked"] = float("-inf")  # an hour later
    assert candidates_of(job) == []


def test_the_api_says_whether_the_suggestions_are_ready(staff, task_queue):
    from tests.conftest import api_client_for

    person(staff)
    vacancy()
    client = api_client_for(staff.matcher_sydost)
    response = client.get("/api/v1/matching/index")
    assert response.status_code == 503
    assert response.json() == {
        "status": "preparing",
        "detail": "Förslagen förbereds – klara om ungefär en minut.",
        "ready_in_seconds": index_store.SECONDS_AT_LEAST,
    }
    assert response["Retry-After"] == str(index_store.SECONDS_AT_LEAST)

    task_queue.run()
    response = client.get("/api/v1/matching/index")
    assert response.status_code == 200
    assert response.json()["status"] == "ready"
    assert response.json()["day"] == timezone.localdate().isoformat()


@pytest.mark.parametrize("username", ["analyst", "officer_farsta", "provider_staff"])
def test_only_the_jobbtorg_staff_ask_the_api_about_suggestions(staff, username):
    from tests.conftest import api_client_for

    response = api_client_for(getattr(staff, username)).get("/api/v1/matching/index")
    assert response.status_code == 403
    assert not index_store.is_stored()


def test_the_worker_rebuilds_the_index_every_day_after_midnight(settings):
    assert {
        "task": rebuild_matching_index.module_path,
        "at": "00:05",
        "days": "daily",
    } in settings.JOBBTORG_SCHEDULE
