"""Shared builders and constants for the summerjobs tests."""

import datetime as dt
import re

from django.test import Client
from django.utils import timezone

from jobbtorg.organisation.models import District
from jobbtorg.summerjobs.models import (
    ApplicationChoice,
    Period,
    Season,
    SummerApplication,
    SummerWorkplace,
)
from jobbtorg.summerjobs.selectors import token_hash
from jobbtorg.summerjobs.services import season_create, season_move
from tests.factories import district, valid_personal_identity_number
from tests.summerjobs.conftest import (
    form_data,
    make_application,
    make_offer,
    make_run,
)

URL = "/sommarjobb/"


MINE = "/sommarjobb/min-ansokan/"


def apply(client, summer, **changes):
    return client.post(URL, form_data(summer, **changes))


def code_shown(client) -> str:
    page = client.get("/sommarjobb/skickad/").content.decode()
    start = page.index('id="confirmation-code">') + len('id="confirmation-code">')
    return page[start : page.index("<", start)]


def _answer(client, summer, pin):
    """What the sender of the form sees: the status, where it leads, and the receipt page with
    its code (and the page's CSRF token) masked; and the code."""
    response = apply(client, summer, personal_identity_number=pin, first_name="Mallory")
    receipt = client.get(response["Location"])
    text = receipt.content.decode()
    start = text.index('id="confirmation-code">') + len('id="confirmation-code">')
    code = text[start : text.index("<", start)]
    masked = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text.replace(code, "CODE"))
    return (response.status_code, response["Location"], receipt.status_code, masked), code


def sign_in_as_applicant(client, pin, code):
    return client.post(MINE, {"personal_identity_number": pin, "confirmation_code": code})


def from_address(address: str) -> Client:
    client = Client(REMOTE_ADDR=address)
    client.cookies["django_language"] = "en"
    return client


def look_up(client, pin, code):
    return client.post(MINE, {"personal_identity_number": pin, "confirmation_code": code})


TODAY = timezone.localdate()


REFERENCE = dt.date(TODAY.year, 6, 15)


def season_set_up(staff, **changes) -> Season:
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


def closed_season(staff) -> Season:
    season = season_set_up(staff)
    season_move(staff.administrator, season, "open")
    season_move(staff.administrator, season, "close")
    return season


WORKPLACE_URL = "/sommarjobb/arbetsplats/"


def report_data(summer, **changes):
    data = {
        "organisation": "Stockholms stadsbibliotek",
        "name": "Farsta bibliotek",
        "kind": "city_unit",
        "district": str(district("farsta").pk),
        "address": "Farstaplan 1",
        "tasks": "Hjälpa besökare, ställa upp böcker",
        "places": "4",
        "periods": [str(p.pk) for p in summer.periods],
        "min_age": "16",
        "max_age": "",
        "language_support": "Handledare som talar somaliska",
        "contact_name": "Lena Lind",
        "contact_email": "lena@example.se",
        "contact_phone": "08-123",
    }
    data.update(changes)
    return data


def report(client, summer, **changes):
    return client.post(WORKPLACE_URL, report_data(summer, **changes))


def link_shown(client) -> str:
    page = client.get("/sommarjobb/arbetsplats/anmald/").content.decode()
    start = page.index('id="contact-link">') + len('id="contact-link">')
    return page[start : page.index("<", start)]


def placed_setup(summer):
    token = "secret-token-for-the-library"
    summer.library.contact_token_hash = token_hash(token)
    summer.library.save()
    run = make_run(summer)
    accepted = make_application(summer, n=1, first="Alva", last="Andersson")
    offered = make_application(summer, n=2, first="Olle", last="Olsson", code="ZZZZZZZZZZ")
    declined = make_application(summer, n=3, first="Dana", last="Dahl", code="YYYYYYYYYY")
    elsewhere = make_application(summer, n=4, first="Eli", last="Ek", code="XXXXXXXXXX", years=18)
    make_offer(run, accepted, summer.library, status="accepted")
    make_offer(run, offered, summer.library, status="offered")
    make_offer(run, declined, summer.library, status="declined")
    make_offer(run, elsewhere, summer.park, status="accepted")
    return token, run, accepted
