"""Workplaces report places; the contact's link shows only the young people who accepted."""

import hashlib

import pytest
from django.test import Client

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.summerjobs.models import SummerWorkplace, WorkplaceStatus
from jobbtorg.summerjobs.selectors import token_hash
from tests.conftest import english_client
from tests.factories import district
from tests.summerjobs.conftest import make_application, make_offer, make_run, make_workplace

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

URL = "/sommarjobb/arbetsplats/"


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
    return client.post(URL, report_data(summer, **changes))


def link_shown(client) -> str:
    page = client.get("/sommarjobb/arbetsplats/anmald/").content.decode()
    start = page.index('id="contact-link">') + len('id="contact-link">')
    return page[start : page.index("<", start)]


def test_a_workplace_reports_places_and_gets_its_link_once(summer):
    client = english_client()
    assert report(client, summer).status_code == 302
    workplace = SummerWorkplace.objects.get(name="Farsta bibliotek")
    assert workplace.status == WorkplaceStatus.REPORTED
    assert workplace.code.startswith("farsta-bibliotek-") and len(workplace.code) == 21
    assert workplace.places == 4 and workplace.min_age == 16 and workplace.max_age is None
    assert workplace.periods.count() == 2
    link = link_shown(client)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert workplace.contact_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(SummerWorkplace.objects.filter(pk=workplace.pk).values().get())
    # Shown once.
    assert client.get("/sommarjobb/arbetsplats/anmald/").status_code == 302
    page = english_client().get(link.replace("http://testserver", ""))
    assert page.status_code == 200
    assert "awaiting approval" in page.content.decode()


def test_two_workplaces_with_the_same_name_get_different_ids(summer):
    report(Client(), summer)
    report(Client(), summer)
    codes = set(
        SummerWorkplace.objects.filter(name="Farsta bibliotek").values_list("code", flat=True)
    )
    assert len(codes) == 2


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"places": "0"}, "places", "greater than or equal to 1"),
        ({"min_age": "18", "max_age": "16"}, "max_age", "cannot be lower"),
        ({"periods": []}, "periods", "at least one period"),
        ({"contact_email": "not-an-address"}, "contact_email", "valid email"),
        ({"tasks": ""}, "tasks", "required"),
    ],
)
def test_a_bad_report_is_refused_and_nothing_is_written(summer, changes, field, message):
    before = SummerWorkplace.objects.count()
    response = report(english_client(), summer, **changes)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert SummerWorkplace.objects.count() == before


def test_an_unknown_link_is_a_404(summer):
    assert Client().get("/sommarjobb/arbetsplats/not-a-real-token/").status_code == 404


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


def test_the_contact_sees_only_the_young_people_who_accepted_a_place_there(summer):
    token, _run, accepted = placed_setup(summer)
    response = english_client().get(f"/sommarjobb/arbetsplats/{token}/")
    text = response.content.decode()
    assert "Alva Andersson" in text
    assert "Förälder" in text  # the guardian of an under-18
    for name in ("Olle", "Dana", "Eli"):
        assert name not in text
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
    entries = AuditEntry.objects.filter(action=AuditAction.SUMMER_APPLICATIONS_LISTED)
    assert [e.object_id for e in entries] == [str(accepted.pk)]
    # The secret is not written to the audit log.
    assert token not in entries.get().path


def test_before_the_allocation_the_contact_sees_nobody(summer):
    token, run, _accepted = placed_setup(summer)
    run.offers_sent = False
    run.save()
    text = english_client().get(f"/sommarjobb/arbetsplats/{token}/").content.decode()
    assert "have not been given out yet" in text
    assert "Alva" not in text
    assert not AuditEntry.objects.filter(action=AuditAction.SUMMER_APPLICATIONS_LISTED).exists()


def test_one_workplaces_link_does_not_show_another_workplaces_young_people(summer):
    placed_setup(summer)
    token = "secret-token-for-the-park"
    summer.park.contact_token_hash = token_hash(token)
    summer.park.save()
    text = english_client().get(f"/sommarjobb/arbetsplats/{token}/").content.decode()
    assert "Eli Ek" in text and "Alva" not in text
    # An adult: no guardian shown.
    assert "Förälder" not in text


def test_a_workplace_without_a_link_cannot_be_opened_with_an_empty_token(summer):
    make_workplace(summer.season, "Utan länk")
    assert Client().get("/sommarjobb/arbetsplats/%20/").status_code == 404
