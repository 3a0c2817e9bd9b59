"""Season set-up, allocation rounds in the product, offers and the season page (R26)."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.organisation.models import District
from jobbtorg.summerjobs.models import (
    ApplicationChoice,
    Offer,
    Period,
    Season,
    SummerApplication,
    SummerWorkplace,
    VerifiedPriority,
)
from jobbtorg.summerjobs.services import allocation_run, season_create, season_move
from tests.conftest import client_for
from tests.factories import valid_personal_identity_number
from tests.participants.scenarios import context

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = timezone.localdate()
REFERENCE = dt.date(TODAY.year, 6, 15)


def make_season(staff, **changes) -> Season:
    values = {
        "name": f"Sommarjobb {TODAY.year}",
        "year": TODAY.year,
        "opens_on": TODAY - dt.timedelta(days=30),
        "closes_on": TODAY - dt.timedelta(days=1),
        "reference_date": REFERENCE,
        "min_age": 16,
        "max_age": 19,
        "goal": 3,
    } | changes
    season = season_create(staff.administrator, **values)
    Period.objects.create(
        season=season, name="v. 26–28", starts_on=REFERENCE, ends_on=REFERENCE + dt.timedelta(21)
    )
    return season


def workplace(season, code, places=1, district="farsta", **changes) -> SummerWorkplace:
    return SummerWorkplace.objects.create(
        season=season,
        code=code,
        name=f"Arbetsplats {code}",
        organisation="Stockholms stad",
        kind="city_unit",
        district=District.objects.get(slug=district),
        tasks="Parkskötsel",
        places=places,
        contact_name="Kim",
        contact_email="kim@example.org",
        status="approved",
        **changes,
    )


def applicant(season, n, choices, *, age=17, district="farsta") -> SummerApplication:
    born = REFERENCE.replace(year=REFERENCE.year - age) - dt.timedelta(days=10)
    application = SummerApplication.objects.create(
        season=season,
        personal_identity_number=valid_personal_identity_number(500 + n, born=born),
        birth_date=born,
        first_name=f"Ung{n}",
        last_name="Sökande",
        home_district=District.objects.get(slug=district),
        confirmation_code_hash="x" * 64,
    )
    for rank, choice in enumerate(choices, start=1):
        if isinstance(choice, list):
            ApplicationChoice.objects.create(
                application=application, rank=rank, area_districts=choice
            )
        else:
            ApplicationChoice.objects.create(application=application, rank=rank, workplace=choice)
    return application


def test_a_new_season_gets_the_citys_four_priority_grounds_in_order(staff):
    season = make_season(staff)
    assert list(season.priority_grounds.values_list("code", flat=True)) == [
        "first_time",
        "left_upper_secondary",
        "disability",
        "social_reasons",
    ]


@pytest.mark.parametrize("username", ["matcher_sydost", "manager_sydost", "coach_sydost"])
def test_only_an_administrator_sets_up_a_season(staff, username):
    with pytest.raises(NotAllowed):
        season_create(getattr(staff, username), name="x", year=2027)


def test_a_season_moves_one_step_at_a_time(staff):
    season = make_season(staff)  # draft
    with pytest.raises(ValidationFailed):
        season_move(staff.administrator, season, "close")
    season_move(staff.administrator, season, "open")
    season_move(staff.administrator, season, "close")
    assert Season.objects.get().status == "closed"


def closed_season(staff) -> Season:
    season = make_season(staff)
    season_move(staff.administrator, season, "open")
    season_move(staff.administrator, season, "close")
    return season


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


def test_the_allocation_waits_for_the_window_to_close(staff):
    season = make_season(staff)
    season_move(staff.administrator, season, "open")
    with pytest.raises(ValidationFailed, match="Close the application window"):
        allocation_run(context(staff.matcher_sydost), season, seed=1)


@pytest.mark.parametrize("username", ["coach_sydost", "administrator", "analyst"])
def test_only_matchers_and_managers_run_the_allocation(staff, username):
    season = closed_season(staff)
    with pytest.raises(NotAllowed):
        allocation_run(context(getattr(staff, username)), season, seed=1)


def test_the_season_page_shows_the_figures_against_the_goal(staff):
    season = closed_season(staff)
    park = workplace(season, "park", places=2)
    applicant(season, 1, [park], age=16)
    applicant(season, 2, [park], age=18, district="skarholmen")
    applicant(season, 3, [park], age=25)  # too old: applied, not eligible
    client = client_for(staff.matcher_sydost, language="en")
    url = reverse("summerjobs:season", args=[season.pk])
    response = client.post(url, {"action": "run", "seed": "9"})
    assert response.status_code == 302
    Offer.objects.filter(application__first_name="Ung1").update(status="accepted")
    page = client_for(staff.analyst, language="en").get(url).content.decode()
    assert "Eligible (age)" in page
    figures = page.split("Where the season stands")[1]
    assert "Ung1" not in page  # aggregates only
    assert ">3<" in figures and ">2<" in figures  # applied 3, eligible and placed 2
    assert "Skärholmen" in figures


@pytest.mark.parametrize(
    ("username", "status"),
    [("analyst", 200), ("administrator", 200), ("coach_sydost", 403), ("officer_farsta", 403)],
)
def test_who_sees_the_season_page(staff, username, status):
    season = make_season(staff)
    url = reverse("summerjobs:season", args=[season.pk])
    assert client_for(getattr(staff, username)).get(url).status_code == status


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
