"""The summer-job writes refuse whom permissions.py refuses and what the season's table does not
allow, and audit each act under its own action."""

import datetime as dt
import io
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.summerjobs.models import (
    Offer,
    Season,
    SummerApplication,
    VerifiedPriority,
)
from jobbtorg.summerjobs.services import (
    allocation_run,
    applications,
    later_submission_resolve,
    priority_remove,
    priority_verify,
    season_create,
    season_move,
    workplace_decide,
)
from jobbtorg.summerjobs.services import confirmation_codes as code_tries
from jobbtorg.summerjobs.services.confirmation_codes import (
    ADDRESS_MAX_TRIES,
    PERSON_FREE_TRIES,
    PERSON_MAX_WAIT,
    TooManyTries,
    person_wait,
)
from tests.summerjobs.conftest import (
    form_data,
    make_application,
    make_season,
    pin_aged,
)
from tests.summerjobs.helpers import (
    TODAY,
    applicant,
    closed_season,
    from_address,
    look_up,
    season_set_up,
    workplace,
)

pytestmark = pytest.mark.usefixtures("english")

NOT_SUMMER_STAFF = ["coach_sydost", "officer_farsta", "provider_staff", "analyst", "administrator"]


def context(user=None) -> AuditContext:
    return AuditContext.for_command("test", actor=user)


def test_removing_a_verified_priority_is_audited_as_removed_not_as_verified(staff, summer):
    application = make_application(summer)
    user = staff.matcher_sydost
    verified = priority_verify(
        application=application,
        ground=summer.grounds["disability"],
        note="Intyg",
        user=user,
        context=context(user),
    )
    priority_remove(verified=verified, user=user, context=context(user))
    assert not VerifiedPriority.objects.exists()
    removed = AuditEntry.objects.get(action=AuditAction.SUMMER_PRIORITY_REMOVED)
    assert removed.changes == {"before": {"ground": "disability"}, "after": None}
    assert removed.object_id == str(application.pk)
    verified_entry = AuditEntry.objects.get(action=AuditAction.SUMMER_PRIORITY_VERIFIED)
    assert verified_entry.changes == {"before": None, "after": {"ground": "disability"}}


@pytest.mark.parametrize("username", NOT_SUMMER_STAFF)
def test_only_summer_staff_verify_remove_decide_and_resolve(staff, summer, username):
    user = getattr(staff, username)
    application = make_application(summer)
    verified = VerifiedPriority.objects.create(
        application=application,
        ground=summer.grounds["first_time"],
        verified_by=staff.matcher_sydost,
        note="x",
    )
    with pytest.raises(NotAllowed):
        priority_verify(
            application=application,
            ground=summer.grounds["disability"],
            note="Intyg",
            user=user,
            context=context(user),
        )
    with pytest.raises(NotAllowed):
        priority_remove(verified=verified, user=user, context=context(user))
    with pytest.raises(NotAllowed):
        workplace_decide(workplace=summer.reported, approve=True, user=user)
    with pytest.raises(NotAllowed):
        later_submission_resolve(later=application, keep=False, user=user, context=context(user))
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("status", "action", "after"),
    [
        ("draft", "open", "open"),
        ("open", "close", "closed"),
        ("closed", "finish", "finished"),
    ],
)
def test_a_season_takes_the_steps_its_table_allows(staff, db, status, action, after):
    season = make_season(status=status)
    season_move(staff.administrator, season, action)
    assert Season.objects.get(pk=season.pk).status == after


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("draft", "close"),
        ("draft", "finish"),
        ("open", "open"),
        ("open", "finish"),
        ("closed", "open"),
        ("finished", "open"),
        ("finished", "close"),
        ("finished", "finish"),
        ("draft", "closed"),  # a status is not a step
        ("draft", ""),
    ],
)
def test_a_season_refuses_every_other_step(staff, db, status, action):
    season = make_season(status=status)
    with pytest.raises(ValidationFailed, match="one step at a time"):
        season_move(staff.administrator, season, action)
    assert Season.objects.get(pk=season.pk).status == status


def test_a_season_opens_only_with_its_periods(staff, db):
    season = make_season(status="draft")
    season.periods.all().delete()
    with pytest.raises(ValidationFailed, match="periods"):
        season_move(staff.administrator, season, "open")


@pytest.mark.parametrize(
    "username", ["matcher_sydost", "manager_sydost", "analyst", "coach_sydost"]
)
def test_only_an_administrator_moves_a_season(staff, db, username):
    season = make_season(status="draft")
    with pytest.raises(NotAllowed):
        season_move(getattr(staff, username), season, "open")


@pytest.mark.parametrize("username", NOT_SUMMER_STAFF)
def test_only_summer_staff_run_the_allocation(staff, db, username):
    season = make_season(status="closed")
    user = getattr(staff, username)
    with pytest.raises(NotAllowed):
        allocation_run(context(user), season, seed=1)


@pytest.mark.parametrize(
    ("failures", "seconds"),
    [(0, 0), (1, 0), (2, 0), (3, 2), (4, 4), (5, 8), (6, 16), (7, 32), (8, 60), (9, 60), (99, 60)],
)
def test_the_wait_for_a_personnummer_grows_by_doubling_to_a_minute(failures, seconds):
    assert PERSON_FREE_TRIES == 3
    assert dt.timedelta(seconds=60) == PERSON_MAX_WAIT
    assert person_wait(failures) == dt.timedelta(seconds=seconds)


@given(st.integers(min_value=0, max_value=10_000))
def test_the_wait_never_shrinks_and_never_passes_a_minute(failures):
    assert person_wait(failures) <= person_wait(failures + 1) <= PERSON_MAX_WAIT


@pytest.mark.django_db
def test_one_address_is_refused_after_its_wrong_codes_whichever_numbers_it_tries(summer):
    owner = make_application(summer, code="ABCDEFGHJK", n=1)
    attacker = from_address("203.0.113.7")
    for n in range(2, 2 + ADDRESS_MAX_TRIES):
        assert look_up(attacker, pin_aged(summer.season, 17, n=n), "WRONGWRONG").status_code == 400
    blocked = look_up(attacker, owner.personal_identity_number, "ABCDEFGHJK")
    assert blocked.status_code == 429
    assert "Too many tries from this connection. Wait 15 minutes" in blocked.content.decode()
    # The owner, at home, is not affected by that address.
    home = from_address("198.51.100.20")
    assert look_up(home, owner.personal_identity_number, "ABCDEFGHJK").status_code == 302


@pytest.mark.django_db
def test_guessing_one_number_from_many_addresses_is_slowed_and_the_owner_waits_seconds(
    summer, clock
):
    owner = make_application(summer, code="ABCDEFGHJK")
    pin = owner.personal_identity_number
    statuses = [
        look_up(from_address(f"203.0.113.{n}"), pin, "WRONGWRONG").status_code for n in range(20)
    ]
    assert statuses == [400] * PERSON_FREE_TRIES + [429] * (20 - PERSON_FREE_TRIES)
    home = from_address("198.51.100.20")
    refused = look_up(home, pin, "ABCDEFGHJK")
    assert refused.status_code == 429
    assert "Wait 2 seconds" in refused.content.decode()
    clock(2)
    assert look_up(home, pin, "ABCDEFGHJK").status_code == 302
    # The right code clears the back-off: the owner's next sign-in does not wait.
    assert look_up(from_address("198.51.100.21"), pin, "ABCDEFGHJK").status_code == 302


@pytest.mark.django_db
def test_a_long_guessing_run_keeps_the_owner_out_a_minute_at_most(summer, clock):
    owner = make_application(summer, code="ABCDEFGHJK")
    pin = owner.personal_identity_number
    for n in range(60):
        look_up(from_address(f"203.0.{n}.1"), pin, "WRONGWRONG")
        clock(5)
    home = from_address("198.51.100.20")
    clock(61)
    assert look_up(home, pin, "ABCDEFGHJK").status_code == 302


@pytest.mark.django_db
def test_the_application_forms_code_field_is_limited_alike(summer, clock):
    pin = pin_aged(summer.season, 17, n=1)
    make_application(summer, code="ABCDEFGHJK", n=1)
    statuses = []
    for n in range(6):
        response = from_address(f"203.0.113.{n}").post(
            "/sommarjobb/",
            form_data(summer, personal_identity_number=pin, confirmation_code="WRONGWRONG"),
        )
        statuses.append(response.status_code)
    assert statuses == [400] * PERSON_FREE_TRIES + [429] * (6 - PERSON_FREE_TRIES)
    assert "Too many tries" in response.content.decode()
    # Counted with the look-up: the same personnummer waits there too.
    assert look_up(from_address("198.51.100.20"), pin, "ABCDEFGHJK").status_code == 429
    application = SummerApplication.objects.get()
    assert application.first_name == "Alva" and application.version == 1
    # After the wait the owner replaces the application with the right code.
    clock(60)
    response = from_address("198.51.100.20").post(
        "/sommarjobb/",
        form_data(summer, personal_identity_number=pin, confirmation_code="ABCDE-FGHJK"),
    )
    assert response.status_code == 302
    assert SummerApplication.objects.get().version == 2


@pytest.mark.django_db
def test_a_try_is_counted_before_the_code_is_compared(summer, monkeypatch):
    """The atomic step, deterministically: a second request arriving while the first compares
    its code (the moment a check-then-count limiter lets both through) finds the last try
    taken."""
    owner = make_application(summer, code="ABCDEFGHJK")
    monkeypatch.setattr(code_tries, "ADDRESS_MAX_TRIES", 1)
    compared = []
    inner = []
    real = applications.code_matches

    def comparing(application, code):
        compared.append(code)
        if len(compared) == 1:
            try:
                inner.append(
                    applications.applicant_lookup(
                        personal_identity_number=owner.personal_identity_number,
                        code="WRONGWRONG",
                        ip_address="203.0.113.7",
                    )
                )
            except TooManyTries as error:
                inner.append(error)
        return real(application, code)

    monkeypatch.setattr(applications, "code_matches", comparing)
    assert (
        applications.applicant_lookup(
            personal_identity_number=owner.personal_identity_number,
            code="WRONGWRONG",
            ip_address="203.0.113.7",
        )
        is None
    )
    assert isinstance(inner[0], TooManyTries) and inner[0].address
    assert compared == ["WRONGWRONG"]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="parallel writers need PostgreSQL (SQLite in memory locks whole tables)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_wrong_codes_never_compare_more_than_the_limit(summer, monkeypatch):
    """Many requests at the same moment from one address: no more codes are compared than the
    limit allows, however the threads interleave."""
    owner = make_application(summer, code="ABCDEFGHJK")
    monkeypatch.setattr(code_tries, "PERSON_FREE_TRIES", 1000)
    threads_n = 3 * ADDRESS_MAX_TRIES
    barrier = threading.Barrier(threads_n)
    lock = threading.Lock()
    compared = []
    refused = []
    real = applications.code_matches

    def counting(application, code):
        with lock:
            compared.append(code)
        return real(application, code)

    monkeypatch.setattr(applications, "code_matches", counting)

    def attempt():
        from django.db import connections

        try:
            barrier.wait()
            applications.applicant_lookup(
                personal_identity_number=owner.personal_identity_number,
                code="WRONGWRONG",
                ip_address="203.0.113.7",
            )
        except TooManyTries:
            with lock:
                refused.append(1)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(compared) == ADDRESS_MAX_TRIES
    assert len(refused) == threads_n - ADDRESS_MAX_TRIES


@pytest.mark.django_db
def test_the_back_off_starts_afresh_only_after_a_quarter_of_an_hour_without_tries(summer, clock):
    pin = make_application(summer, code="ABCDEFGHJK").personal_identity_number

    def guess(n):
        return look_up(from_address(f"203.0.113.{n % 250}"), pin, "WRONGWRONG").status_code

    assert [guess(n) for n in range(4)] == [400, 400, 400, 429]
    # Guessing on, once a minute for twenty minutes, never earns free tries back.
    for n in range(20):
        clock(61)
        assert guess(n) == 400
        assert guess(n + 100) == 429
    clock(15 * 60 + 1)
    assert [guess(n) for n in range(4)] == [400, 400, 400, 429]


@pytest.mark.django_db
def test_a_new_season_gets_the_citys_four_priority_grounds_in_order(staff):
    season = season_set_up(staff)
    assert list(season.priority_grounds.values_list("code", flat=True)) == [
        "first_time",
        "left_upper_secondary",
        "disability",
        "social_reasons",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["matcher_sydost", "manager_sydost", "coach_sydost"])
def test_only_an_administrator_sets_up_a_season(staff, username):
    with pytest.raises(NotAllowed):
        season_create(getattr(staff, username), name="x", year=2027)


@pytest.mark.django_db
def test_a_season_moves_one_step_at_a_time(staff):
    season = season_set_up(staff)  # draft
    with pytest.raises(ValidationFailed):
        season_move(staff.administrator, season, "close")
    season_move(staff.administrator, season, "open")
    season_move(staff.administrator, season, "close")
    assert Season.objects.get().status == "closed"


@pytest.mark.django_db
def test_a_verified_ground_goes_first_and_the_offers_carry_a_deadline(staff):
    season = closed_season(staff)
    park = workplace(season, "park")
    plain = applicant(season, 1, [park])
    prioritised = applicant(season, 2, [park])
    VerifiedPriority.objects.create(
        application=prioritised,
        ground=season.priority_grounds.get(code="disability"),
        verified_by=staff.matcher_sydost,
        note="Intyg",
    )
    run = allocation_run(context(staff.matcher_sydost), season, seed=7)
    offer = Offer.objects.get()
    assert offer.application == prioritised
    assert offer.answer_by == TODAY + dt.timedelta(days=season.offer_days)
    assert run.figures["placed"] == 1 and run.figures["empty_places"] == 0
    assert plain.explanations.get().details["reason_code"] == "all_choices_full"
    assert AuditEntry.objects.filter(action="summer_allocation.run").count() == 1


@pytest.mark.django_db
def test_an_area_choice_reaches_places_in_those_districts(staff):
    season = closed_season(staff)
    wanted = workplace(season, "wanted")
    other = workplace(season, "bibliotek", district="skarholmen")
    applicant(season, 1, [wanted])
    second = applicant(season, 2, [wanted, ["skarholmen"]])
    VerifiedPriority.objects.create(
        application=SummerApplication.objects.get(first_name="Ung1"),
        ground=season.priority_grounds.get(code="first_time"),
        verified_by=staff.matcher_sydost,
        note="x",
    )
    allocation_run(context(staff.matcher_sydost), season, seed=1)
    assert Offer.objects.get(application=second).workplace == other


@pytest.mark.django_db
def test_a_next_round_never_takes_an_accepted_place_and_fills_declined_ones(staff):
    season = closed_season(staff)
    park = workplace(season, "park", places=2)
    first, second, third = (applicant(season, n, [park]) for n in (1, 2, 3))
    allocation_run(context(staff.matcher_sydost), season, seed=3)
    offers = {o.application_id: o for o in Offer.objects.all()}
    assert len(offers) == 2
    holders = list(offers.values())
    holders[0].status = "accepted"
    holders[0].save()
    holders[1].status = "declined"
    holders[1].save()
    waiting = ({first.pk, second.pk, third.pk} - set(offers)).pop()

    second_round = allocation_run(context(staff.matcher_sydost), season, seed=3)
    assert second_round.round_number == 2
    assert Offer.objects.get(pk=holders[0].pk).status == "accepted"
    new = Offer.objects.get(run=second_round)
    assert new.application_id == waiting
    # The one who declined is not offered again.
    assert not Offer.objects.filter(run=second_round, application_id=holders[1].application_id)


@pytest.mark.django_db
def test_unanswered_offers_expire_before_the_next_round(staff):
    season = closed_season(staff)
    park = workplace(season, "park")
    first, second = applicant(season, 1, [park]), applicant(season, 2, [park])
    allocation_run(context(staff.matcher_sydost), season, seed=5)
    offer = Offer.objects.get()
    Offer.objects.filter(pk=offer.pk).update(answer_by=TODAY - dt.timedelta(days=1))
    allocation_run(context(staff.matcher_sydost), season, seed=5)
    assert Offer.objects.get(pk=offer.pk).status == "expired"
    other = second if offer.application_id == first.pk else first
    assert Offer.objects.get(status="offered").application == other


@pytest.mark.django_db
def test_anyone_can_re_run_a_round_from_its_inputs_and_seed(staff, tmp_path: Path):
    season = closed_season(staff)
    places = [workplace(season, f"w{n}", places=1 + n % 2) for n in range(4)]
    for n in range(10):
        applicant(season, n, [places[(n + k) % 4] for k in range(3)], age=16 + n % 4)
    run = allocation_run(context(staff.matcher_sydost), season, seed=42)
    (tmp_path / "A.csv").write_text(run.applicants_csv)
    (tmp_path / "W.csv").write_text(run.workplaces_csv)
    call_command(
        "summerjobs",
        "allocate",
        "--applicants",
        str(tmp_path / "A.csv"),
        "--workplaces",
        str(tmp_path / "W.csv"),
        "--on",
        season.reference_date.isoformat(),
        "--seed",
        "42",
        "--out",
        str(tmp_path / "M.csv"),
        stdout=io.StringIO(),
    )
    rows = (tmp_path / "M.csv").read_text().splitlines()[1:]
    from_file = {a: w for a, w in (row.split(",") for row in rows) if w}
    in_product = {
        str(o.application_id): o.workplace.code for o in Offer.objects.select_related("workplace")
    }
    assert from_file == in_product


@pytest.mark.django_db
def test_the_allocation_waits_for_the_window_to_close(staff):
    season = season_set_up(staff)
    season_move(staff.administrator, season, "open")
    with pytest.raises(ValidationFailed, match="Close the application window"):
        allocation_run(context(staff.matcher_sydost), season, seed=1)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["coach_sydost", "administrator", "analyst"])
def test_only_matchers_and_managers_run_the_allocation(staff, username):
    season = closed_season(staff)
    with pytest.raises(NotAllowed):
        allocation_run(context(getattr(staff, username)), season, seed=1)


@pytest.mark.django_db
def test_the_applicant_reads_the_runs_explanation_in_words(staff):
    from jobbtorg.summerjobs.selectors import explanations_for

    season = closed_season(staff)
    park = workplace(season, "park")
    winner = applicant(season, 1, [park])
    loser = applicant(season, 2, [park])
    VerifiedPriority.objects.create(
        application=winner,
        ground=season.priority_grounds.get(code="first_time"),
        verified_by=staff.matcher_sydost,
        note="x",
    )
    allocation_run(context(staff.matcher_sydost), season, seed=2)
    (explained,) = explanations_for(loser)
    assert "number 2 in line for 1 places" in explained.lines[0]
    assert "the last one to get a place there was number 1" in explained.lines[0]
    assert explained.lottery
    (won,) = explanations_for(winner)
    assert "Arbetsplats park" in won.summary
