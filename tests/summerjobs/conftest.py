"""A season open today with its four priority grounds, two periods and a few workplaces."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.utils import timezone

from jobbtorg.engines.summerjobs.model import years_before as last_birth_date
from jobbtorg.summerjobs.models import (
    AllocationRun,
    ApplicationChoice,
    Offer,
    Period,
    PriorityGround,
    Season,
    SeasonStatus,
    SummerApplication,
    SummerWorkplace,
    WorkplaceStatus,
)
from jobbtorg.summerjobs.services import code_hash
from jobbtorg.summerjobs.services import confirmation_codes as code_tries
from tests.factories import UserFactory, district, valid_personal_identity_number

GROUNDS = [
    ("first_time", "Söker för första gången", "First-time applicant"),
    ("left_upper_secondary", "Har lämnat gymnasiet", "Left upper-secondary school"),
    ("disability", "Funktionsnedsättning", "Disability"),
    ("social_reasons", "Sociala skäl", "Social reasons"),
]


# One account of each role (tests/conftest.py's `staff`), for tests that go role by role.
ROLES = [
    "coach_sydost",
    "matcher_sydost",
    "manager_sydost",
    "officer_farsta",
    "provider_staff",
    "analyst",
    "administrator",
]
SUMMER_STAFF = {"matcher_sydost", "manager_sydost"}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def years_before(day: dt.date, years: int, days: int = 0) -> dt.date:
    """`days` before the last birth date of someone `years` old on `day` (28 February for a
    29 February into a year without it)."""
    return last_birth_date(day, years) - dt.timedelta(days=days)


def make_season(*, opens_on=None, closes_on=None, status=SeasonStatus.OPEN, choices_count=3):
    today = timezone.localdate()
    admin = UserFactory(administrator=True)
    season = Season.objects.create(
        name=f"Sommarjobb {today.year}",
        year=today.year,
        opens_on=opens_on or today - dt.timedelta(days=5),
        closes_on=closes_on or today + dt.timedelta(days=10),
        reference_date=today + dt.timedelta(days=60),
        min_age=16,
        max_age=19,
        choices_count=choices_count,
        status=status,
        created_by=admin,
    )
    for rank, (code, sv, en) in enumerate(GROUNDS, start=1):
        PriorityGround.objects.create(season=season, code=code, rank=rank, name_sv=sv, name_en=en)
    Period.objects.create(
        season=season,
        name="Vecka 26–28",
        starts_on=season.reference_date,
        ends_on=season.reference_date + dt.timedelta(days=20),
    )
    Period.objects.create(
        season=season,
        name="Vecka 29–31",
        starts_on=season.reference_date + dt.timedelta(days=21),
        ends_on=season.reference_date + dt.timedelta(days=41),
    )
    return season


def make_workplace(season, name, *, slug="farsta", status=WorkplaceStatus.APPROVED, **extra):
    workplace = SummerWorkplace.objects.create(
        season=season,
        code=name.lower().replace(" ", "-"),
        name=name,
        organisation=f"{name} AB",
        kind="company",
        district=district(slug),
        tasks="Hjälpa till",
        places=extra.pop("places", 3),
        contact_name="Kim Kontakt",
        contact_email="kim@example.se",
        contact_token_hash=extra.pop("contact_token_hash", ""),
        status=status,
        **extra,
    )
    workplace.periods.set(season.periods.all())
    return workplace


@pytest.fixture
def summer(db):
    season = make_season()
    return SimpleNamespace(
        season=season,
        periods=list(season.periods.order_by("starts_on")),
        grounds={g.code: g for g in season.priority_grounds.all()},
        library=make_workplace(season, "Biblioteket"),
        park=make_workplace(season, "Parken", slug="skarpnack"),
        pool=make_workplace(season, "Badet", slug="rinkeby-kista"),
        reported=make_workplace(season, "Kiosken", status=WorkplaceStatus.REPORTED),
    )


def pin_aged(season, years: int, n: int = 1) -> str:
    """A valid personnummer of someone `years` old (a few weeks past the birthday) on the
    season's reference date."""
    return valid_personal_identity_number(
        n, born=years_before(season.reference_date, years, days=40)
    )


def form_data(summer, **changes):
    data = {
        "personal_identity_number": pin_aged(summer.season, 17),
        "first_name": "Alva",
        "last_name": "Andersson",
        "email": "alva@example.se",
        "phone": "070-1234567",
        "guardian_name": "Anna Andersson",
        "guardian_phone": "070-7654321",
        "guardian_email": "",
        "home_district": str(district("farsta").pk),
        "school": "Farsta gymnasium",
        "choice_1": str(summer.library.pk),
        "choice_2": str(summer.park.pk),
        "choice_3": "",
        "area_districts": ["farsta", "skarpnack"],
        "periods": [str(summer.periods[0].pk)],
        "languages": "svenska, arabiska",
        "needs_language_support": "",
        "confirmation_code": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def make_application(summer, *, code="ABCDEFGHJK", n=1, years=17, first="Alva", last="Andersson"):
    season = summer.season
    from jobbtorg.engines.rules.personal_identity import parse_personal_identity_number

    identity = parse_personal_identity_number(pin_aged(season, years, n))
    application = SummerApplication.objects.create(
        season=season,
        personal_identity_number=identity.number,
        birth_date=identity.birth_date,
        first_name=first,
        last_name=last,
        email=f"{first.lower()}@example.se",
        phone="070-1",
        guardian_name="Förälder" if years < 18 else "",
        guardian_phone="070-2" if years < 18 else "",
        home_district=district("farsta"),
        confirmation_code_hash=code_hash(code),
    )
    application.periods.set(season.periods.all())
    ApplicationChoice.objects.create(application=application, rank=1, workplace=summer.library)
    return application


def make_run(summer, round_number=1, sent=True):
    return AllocationRun.objects.create(
        season=summer.season,
        round_number=round_number,
        seed=42,
        ran_by=summer.season.created_by,
        applicants_csv="",
        workplaces_csv="",
        offers_sent=sent,
    )


def make_offer(run, application, workplace, status="offered", answer_by=None):
    return Offer.objects.create(
        run=run,
        application=application,
        workplace=workplace,
        status=status,
        answer_by=answer_by or timezone.localdate() + dt.timedelta(days=7),
    )


@pytest.fixture
def clock(monkeypatch):
    """The limit's clock, moved by the test."""
    now = [timezone.now()]
    monkeypatch.setattr(code_tries, "_now", lambda: now[0])

    def move(seconds: float) -> None:
        now[0] += dt.timedelta(seconds=seconds)

    return move
