"""Registering a person: who may, and what bad input gets (a clear message, nothing written)."""

import pytest
from django.urls import reverse

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.participants.models import Participant
from jobbtorg.participants.services.participants import participant_create
from tests.conftest import api_client_for, client_for
from tests.factories import valid_personal_identity_number

pytestmark = pytest.mark.usefixtures("english")

GOOD_NUMBER = valid_personal_identity_number(4242)
BAD_INPUT = [
    # (field values, field with the error, words the message must contain)
    (
        {"personal_identity_number": GOOD_NUMBER[:-1] + str((int(GOOD_NUMBER[-1]) + 1) % 10)},
        "personal_identity_number",
        "control digit",
    ),
    ({"personal_identity_number": "19900230-1234"}, "personal_identity_number", "does not exist"),
    ({"personal_identity_number": "19901301-1234"}, "personal_identity_number", "does not exist"),
    ({"personal_identity_number": "12345"}, "personal_identity_number", "10 or 12 digits"),
    ({"personal_identity_number": ""}, "personal_identity_number", "Enter"),
    ({"first_name": "   "}, "first_name", "Enter the first name"),
    ({"last_name": "x" * 101}, "last_name", "at most 100"),
]


def _fields(**overrides):
    return {
        "personal_identity_number": GOOD_NUMBER,
        "first_name": "Nora",
        "last_name": "Nyström",
        "home_district": "farsta",
    } | overrides


def _create(user, **overrides):
    return participant_create(
        actor=user,
        audit_context=AuditContext.for_command("test", actor=user),
        **_fields(**overrides),
    )


def test_officer_registers_a_person_of_their_district_and_it_is_audited(staff):
    person = _create(
        staff.officer_farsta, personal_identity_number=GOOD_NUMBER[2:8] + "-" + GOOD_NUMBER[8:]
    )
    assert person.personal_identity_number == GOOD_NUMBER
    assert person.home_district.slug == "farsta"
    entry = AuditEntry.objects.get(participant=person)
    assert entry.action == AuditAction.PARTICIPANT_CREATED
    assert entry.actor == staff.officer_farsta
    assert entry.changes["after"]["personal_identity_number"] == GOOD_NUMBER


@pytest.mark.parametrize("number", ["701063-2391", "197010632391"])
def test_samordningsnummer_is_accepted_and_flagged(staff, number):
    person = _create(staff.officer_farsta, personal_identity_number=number)
    assert person.is_coordination_number
    assert person.birth_date.isoformat() == "1970-10-03"


@pytest.mark.parametrize(("overrides", "field", "words"), BAD_INPUT)
def test_bad_input_names_the_field_and_writes_nothing(staff, overrides, field, words):
    with pytest.raises(ValidationFailed) as raised:
        _create(staff.officer_farsta, **overrides)
    assert words in " ".join(raised.value.errors[field])
    assert not Participant.objects.exists()
    assert not AuditEntry.objects.exists()


def test_unknown_district_is_named_in_the_message(staff):
    with pytest.raises(ValidationFailed) as raised:
        _create(staff.officer_farsta, home_district="atlantis")
    assert "atlantis" in raised.value.errors["home_district"][0]
    assert not Participant.objects.exists()


def test_duplicate_person_is_refused_with_where_they_are_registered(staff):
    _create(staff.officer_farsta)
    with pytest.raises(ValidationFailed) as raised:
        _create(staff.officer_farsta, first_name="Another")
    assert "already registered" in raised.value.errors["personal_identity_number"][0]
    assert "Farsta" in raised.value.errors["personal_identity_number"][0]
    assert Participant.objects.count() == 1
    assert AuditEntry.objects.count() == 1


@pytest.mark.parametrize(
    "username",
    [
        "coach_sydost",
        "matcher_sydost",
        "manager_sydost",
        "provider_staff",
        "analyst",
        "administrator",
    ],
)
def test_only_district_officers_register_people(staff, username):
    with pytest.raises(NotAllowed):
        _create(getattr(staff, username))
    assert not Participant.objects.exists()


def test_officer_cannot_register_a_person_of_another_district(staff):
    with pytest.raises(NotAllowed):
        _create(staff.officer_farsta, home_district="rinkeby-kista")
    assert not Participant.objects.exists()


# Through the page


def test_officer_registers_through_the_form_and_lands_on_the_persons_page(staff):
    client = client_for(staff.officer_farsta)
    response = client.post(
        reverse("participants:create"),
        {"personal_identity_number": GOOD_NUMBER, "first_name": "Nora", "last_name": "Nyström"},
    )
    person = Participant.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:participant", args=[person.pk])
    assert person.home_district == staff.officer_farsta.district


def test_the_form_keeps_what_was_typed_and_links_the_error_to_its_field(staff):
    client = client_for(staff.officer_farsta, language="en")
    response = client.post(
        reverse("participants:create"),
        {"personal_identity_number": "19900230-1234", "first_name": "Nora", "last_name": "Nyström"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Nyström"' in html
    assert 'href="#id_personal_identity_number"' in html
    assert 'aria-invalid="true"' in html
    assert (
        'aria-describedby="id_personal_identity_number_helptext id_personal_identity_number_error"'
        in html
    )
    assert not Participant.objects.exists()


@pytest.mark.parametrize(
    "username", ["coach_sydost", "manager_sydost", "analyst", "provider_staff"]
)
def test_the_form_is_refused_to_other_roles_with_a_reason(staff, username):
    client = client_for(getattr(staff, username), language="en")
    response = client.get(reverse("participants:create"))
    assert response.status_code == 403
    assert "district officer" in response.content.decode()


# Through the API


def test_officer_registers_through_the_api(staff):
    client = api_client_for(staff.officer_farsta)
    response = client.post("/api/v1/participants", _fields(), content_type="application/json")
    assert response.status_code == 201
    assert response.json()["personal_identity_number"] == f"{GOOD_NUMBER[:8]}-{GOOD_NUMBER[8:]}"
    assert response.json()["job_centre"] == "sydost"


@pytest.mark.parametrize(("overrides", "field", "words"), BAD_INPUT)
def test_the_api_answers_422_naming_the_field_and_writes_nothing(staff, overrides, field, words):
    client = api_client_for(staff.officer_farsta)
    response = client.post(
        "/api/v1/participants",
        _fields(**overrides),
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert words in " ".join(response.json()["errors"][field])
    assert not Participant.objects.exists()


def test_the_api_refuses_other_roles_with_403(staff):
    client = api_client_for(staff.coach_sydost)
    response = client.post("/api/v1/participants", _fields(), content_type="application/json")
    assert response.status_code == 403
    assert not Participant.objects.exists()


def test_the_api_answers_422_for_a_missing_field(staff):
    client = api_client_for(staff.officer_farsta)
    body = _fields()
    del body["last_name"]
    response = client.post("/api/v1/participants", body, content_type="application/json")
    assert response.status_code == 422
    assert not Participant.objects.exists()
