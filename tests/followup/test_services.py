"""The follow-up's services: tertials, targets and statuses, the figures a user may see
(computed once per question in a request), and the effect estimate's comparison pool."""

import datetime as dt

import pytest
from django.utils import timezone

from jobbtorg.followup.models import KeyFigureResult, TertialReportFile
from jobbtorg.followup.services import key_figures as service
from jobbtorg.followup.services import refresh, report_files
from jobbtorg.followup.services.effect import build_pool, effect_report
from jobbtorg.followup.services.records import Source
from jobbtorg.transfer.models import AssistanceMonth
from tests.followup.effect_data import BORN, M_END, TODAY, M, import_files, month_add, planted, pnr
from tests.followup.known_records import YEAR

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_the_service_refuses_other_roles(staff, known):
    from jobbtorg.core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        service.figures(staff.coach_sydost, year=YEAR, tertial=1)


@pytest.mark.parametrize(
    "today, expected",
    [
        (dt.date(2026, 1, 1), (2025, 3)),
        (dt.date(2026, 4, 30), (2025, 3)),
        (dt.date(2026, 5, 1), (2026, 1)),
        (dt.date(2026, 8, 31), (2026, 1)),
        (dt.date(2026, 9, 1), (2026, 2)),
        (dt.date(2026, 12, 31), (2026, 2)),
    ],
)
def test_the_latest_finished_tertial(today, expected):
    assert service.latest_finished_tertial(today) == expected


@pytest.mark.parametrize(
    "tertial, start, end",
    [
        (1, dt.date(2024, 1, 1), dt.date(2024, 4, 30)),
        (2, dt.date(2024, 5, 1), dt.date(2024, 8, 31)),
        (3, dt.date(2024, 9, 1), dt.date(2024, 12, 31)),
    ],
)
def test_tertials_are_january_april_may_august_september_december(tertial, start, end):
    assert service.tertial_period(2024, tertial) == (start, end)


@pytest.mark.parametrize(
    "value, target, higher_is_better, margin, status",
    [
        (0.84, 0.84, True, 0.05, "met"),
        (42 / 50, 0.84, True, 0.05, "met"),
        (0.90, 0.84, True, 0.05, "met"),
        (0.80, 0.84, True, 0.05, "near"),
        (0.79, 0.84, True, 0.05, "near"),
        (0.78, 0.84, True, 0.05, "not_met"),
        (0.84, 0.84, True, 0.0, "met"),
        (0.83, 0.84, True, 0.0, "not_met"),
        (180, 180, False, 10, "met"),
        (150, 180, False, 10, "met"),
        (190, 180, False, 10, "near"),
        (191, 180, False, 10, "not_met"),
        (None, 0.84, True, 0.05, ""),
    ],
)
def test_status_against_the_target(value, target, higher_is_better, margin, status):
    assert service.status_of(value, target, higher_is_better, margin) == status


def test_figures_are_computed_once_per_question_in_a_request(staff, known):
    cache = service.Cache()
    service.figures(staff.manager_sydost, year=YEAR, tertial=1, cache=cache)
    service.figures(staff.manager_sydost, year=YEAR, tertial=1, cache=cache)
    assert len(known.calls) == 2  # this tertial and a year earlier, once each


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
    source = Source(TODAY)
    pool = build_pool(source.assistance().person_index.keys(), source.latest_districts(), TODAY)
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


# The stored figures and their refresh (services/refresh.py)


def test_the_stored_figures_are_the_numbers_computed_on_the_spot(staff, known):
    """The refresh stores what the engine gives: the figures built from them are identical."""
    questions = refresh.dashboard_questions(YEAR, 1, "target_group", None, 5)
    stored = refresh.results_for_page(questions)
    assert stored.complete
    from_store = service.build_figures(
        year=YEAR,
        tertial=1,
        by="target_group",
        suppress_below=5,
        cache=service.Cache(rows=stored.cache_rows()),
    )
    on_the_spot = service.build_figures(
        year=YEAR, tertial=1, by="target_group", suppress_below=5, cache=service.Cache()
    )
    assert from_store == on_the_spot
    assert any(f.suppressed for f in from_store)


def test_a_second_refresh_finds_nothing_to_compute(staff, known):
    refresh.results_for_page(refresh.dashboard_questions(YEAR, 1, None, None, None))
    calls = len(known.calls)
    assert refresh.refresh_stale() == 0
    assert len(known.calls) == calls


def test_figures_computed_yesterday_are_computed_again(staff, known):
    """An open case's participation end is counted as of today: a new day is new figures."""
    from jobbtorg.followup.selectors import figures_version

    refresh.results_for_page(refresh.dashboard_questions(YEAR, 1, None, None, None))
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    KeyFigureResult.objects.update(data_version=figures_version(yesterday))
    assert refresh.refresh_stale() == 2


def test_a_question_nobody_asked_for_in_30_days_is_dropped(staff, known):
    refresh.results_for_page(refresh.dashboard_questions(YEAR, 1, None, None, None))
    KeyFigureResult.objects.update(asked_at=timezone.now() - dt.timedelta(days=31))
    refresh.refresh_stale()
    assert not KeyFigureResult.objects.exists()


def test_while_a_refresh_waits_asking_again_enqueues_nothing(staff, known, monkeypatch):
    """Coalesced: the waiting refresh computes every question recorded before it starts."""
    monkeypatch.setattr(refresh, "refresh_waiting", lambda: True)
    refresh.request_refresh(refresh.dashboard_questions(YEAR, 1, None, None, None))
    assert not known.calls
    assert KeyFigureResult.objects.filter(result__isnull=True).count() == 2


# Tertial report files (services/report_files.py)


def test_preparing_a_ready_report_again_changes_nothing(staff, known):
    made = report_files.tertial_report_request(
        staff.manager_sydost, year=YEAR, tertial=1, job_centre=None, format="xlsx"
    )
    made.refresh_from_db()
    assert made.status == "ready" and made.content
    calls = len(known.calls)
    assert report_files.tertial_report_prepare(made.pk) == "ready"
    again = TertialReportFile.objects.get(pk=made.pk)
    assert (bytes(again.content), again.finished_at) == (bytes(made.content), made.finished_at)
    assert len(known.calls) == calls


def test_only_follow_up_readers_ask_for_a_report(staff, known):
    from jobbtorg.core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        report_files.tertial_report_request(
            staff.coach_sydost, year=YEAR, tertial=1, job_centre=None, format="pdf"
        )
    assert not TertialReportFile.objects.exists()
