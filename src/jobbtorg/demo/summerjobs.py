"""Demo summer jobs: a season open for applications with published workplaces across the city
and a few applications, so that the public form, the staff pages and the season page have
something to show. (Confirmation codes of demo applications are not shown anywhere.)"""

import datetime as dt
import unicodedata

from django.utils import timezone
from personnummer import personnummer

from jobbtorg.demo.people import young_name
from jobbtorg.organisation.models import District, User
from jobbtorg.summerjobs.models import (
    ApplicationChoice,
    Period,
    Season,
    SummerApplication,
    SummerWorkplace,
)
from jobbtorg.summerjobs.services import code_hash, new_confirmation_code, seed_priority_grounds

WORKPLACES = [
    ("parkvard-farsta", "Parkvård Farsta", "Stockholms stad, trafikkontoret", "farsta", 6, None),
    (
        "bibliotek-rinkeby",
        "Rinkeby bibliotek",
        "Stockholms stad, kulturförvaltningen",
        "rinkeby-kista",
        3,
        None,
    ),
    (
        "forskola-skarholmen",
        "Förskolan Solrosen",
        "Stockholms stad, förskoleförvaltningen",
        "skarholmen",
        4,
        16,
    ),
    (
        "aldreboende-sodermalm",
        "Äldreboendet Ringen",
        "Stockholms stad, äldreförvaltningen",
        "sodermalm",
        5,
        18,
    ),
    ("kafe-kungsholmen", "Kafé Rådhuset", "Rådhuskaféet AB", "kungsholmen", 2, 16),
    ("idrott-bromma", "Sommarläger Bromma", "Bromma IF", "bromma", 4, None),
]


def _number(born: dt.date, n: int, woman: bool) -> str:
    stem = f"{born:%Y%m%d}{98 - n // 5:02d}{n % 5 * 2 + (0 if woman else 1)}"
    return next(stem + d for d in "0123456789" if personnummer.valid(stem + d))


APPLICANTS = 10


def _address(name: str) -> str:
    """A name as the local part of an e-mail address: lower case, a–z only."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum() or c == "-")


def load_demo_summerjobs(today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    if Season.objects.exists():
        return
    admin = User.objects.filter(role="administrator").first()
    if admin is None:
        return
    year = today.year if today.month < 6 else today.year + 1
    reference = dt.date(year, 6, 15)
    season = Season.objects.create(
        name=f"Sommarjobb {year}",
        year=year,
        opens_on=today - dt.timedelta(days=5),
        closes_on=today + dt.timedelta(days=25),
        reference_date=reference,
        min_age=16,
        max_age=19,
        goal=20,
        status="open",
        created_by=admin,
    )
    seed_priority_grounds(season)
    periods = [
        Period.objects.create(
            season=season,
            name=name,
            starts_on=reference + dt.timedelta(days=offset),
            ends_on=reference + dt.timedelta(days=offset + 20),
        )
        for name, offset in (("Period 1 (v. 25–27)", 0), ("Period 2 (v. 28–30)", 21))
    ]
    workplaces = []
    for code, name, organisation, district, places, min_age in WORKPLACES:
        workplace = SummerWorkplace.objects.create(
            season=season,
            code=code,
            name=name,
            organisation=organisation,
            kind="company" if organisation.endswith("AB") else "city_unit",
            district=District.objects.get(slug=district),
            tasks="Sommarjobb med handledare.",
            places=places,
            min_age=min_age,
            contact_name="Kontakt Demo",
            contact_email="kontakt@example.org",
            status="approved",
        )
        workplace.periods.set(periods)
        workplaces.append(workplace)
    districts = list(District.objects.all())
    for n in range(APPLICANTS):
        first, last, woman = young_name(n)
        born = reference.replace(year=reference.year - 16 - n % 4) - dt.timedelta(days=40 + n)
        application = SummerApplication.objects.create(
            season=season,
            personal_identity_number=_number(born, n, woman),
            birth_date=born,
            first_name=first,
            last_name=last,
            email=f"{_address(first)}.{_address(last)}@example.org",
            home_district=districts[n % len(districts)],
            confirmation_code_hash=code_hash(new_confirmation_code()),
        )
        application.periods.set(periods[: 1 + n % 2])
        for rank in range(3):
            ApplicationChoice.objects.create(
                application=application,
                rank=rank + 1,
                workplace=workplaces[(n + rank) % len(workplaces)],
            )
