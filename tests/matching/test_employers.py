"""Employers and the contact log: validation, uniqueness, the 14-day warning, and who may."""

import datetime as dt

import pytest
from django.utils import timezone

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.matching.models import Employer, EmployerContact, EmployerKind
from jobbtorg.matching.selectors import recent_contacts
from jobbtorg.matching.services.employers import (
    employer_contact_record,
    employer_create,
    employer_update,
)
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

VALID = "556016-0680"
OTHER_VALID = "5569616161"


def test_a_matcher_registers_an_employer_with_a_valid_number(staff):
    employer = employer_create(
        actor=staff.matcher_sydost,
        name=" Bygg AB ",
        kind=EmployerKind.COMPANY,
        organisation_number=VALID,
    )
    assert employer.organisation_number == "5560160680"
    assert employer.name == "Bygg AB"
    assert employer.created_by == staff.matcher_sydost


def test_a_wrong_check_digit_is_refused_and_nothing_is_written(staff, english):
    with pytest.raises(ValidationFailed) as refused:
        employer_create(
            actor=staff.matcher_sydost, name="Bygg AB", organisation_number="556016-0681"
        )
    assert "check the last digit" in refused.value.errors["organisation_number"][0]
    assert not Employer.objects.exists()


def test_a_duplicate_organisation_number_is_refused(staff, english):
    employer_create(actor=staff.matcher_sydost, name="Bygg AB", organisation_number=VALID)
    with pytest.raises(ValidationFailed) as refused:
        employer_create(
            actor=staff.manager_jarva, name="Bygg AB igen", organisation_number="5560160680"
        )
    assert (
        "Bygg AB already has organisation number" in refused.value.errors["organisation_number"][0]
    )
    assert Employer.objects.count() == 1


def test_an_update_may_not_take_another_employers_number(staff, english):
    employer_create(actor=staff.matcher_sydost, name="A", organisation_number=VALID)
    b = employer_create(actor=staff.matcher_sydost, name="B", organisation_number=OTHER_VALID)
    with pytest.raises(ValidationFailed):
        employer_update(actor=staff.matcher_sydost, employer=b, organisation_number=VALID)
    b.refresh_from_db()
    assert b.organisation_number == OTHER_VALID
    updated = employer_update(
        actor=staff.manager_jarva, employer=b, kind=EmployerKind.STAFFING_FIRM, industry="Bemanning"
    )
    assert (updated.kind, updated.industry) == (EmployerKind.STAFFING_FIRM, "Bemanning")


def test_a_name_is_needed(staff):
    with pytest.raises(ValidationFailed) as refused:
        employer_create(actor=staff.matcher_sydost, name="  ")
    assert "name" in refused.value.errors


@pytest.mark.parametrize("who", ["coach_sydost", "officer_farsta", "provider_staff", "analyst"])
def test_only_matchers_and_managers_write(staff, who):
    with pytest.raises(NotAllowed):
        employer_create(actor=getattr(staff, who), name="Bygg AB")
    assert not Employer.objects.exists()


def _employer(staff):
    return employer_create(actor=staff.matcher_sydost, name="Bygg AB", organisation_number=VALID)


def test_contacts_in_the_last_14_days_are_the_warning_newest_first(staff):
    employer = _employer(staff)
    today = dt.date(2025, 3, 20)
    for days_ago, subject in [(20, "old"), (14, "edge"), (3, "placement"), (0, "today")]:
        employer_contact_record(
            actor=staff.matcher_sydost,
            employer=employer,
            contacted_on=today - dt.timedelta(days=days_ago),
            channel="phone",
            subject=subject,
            today=today,
        )
    recent = recent_contacts(employer, today)
    assert [r.contact.subject for r in recent] == ["today", "placement", "edge"]
    assert [r.days_ago for r in recent] == [0, 3, 14]


def test_a_contact_needs_a_subject_and_a_past_date(staff, english):
    employer = _employer(staff)
    with pytest.raises(ValidationFailed) as refused:
        employer_contact_record(
            actor=staff.matcher_sydost,
            employer=employer,
            contacted_on=timezone.localdate() + dt.timedelta(days=1),
            channel="pigeon",
            subject=" ",
        )
    assert set(refused.value.errors) == {"contacted_on", "channel", "subject"}
    assert not EmployerContact.objects.exists()


# Pages


def test_the_employer_page_warns_about_a_recent_contact(staff, english):
    employer = _employer(staff)
    employer_contact_record(
        actor=staff.manager_jarva,
        employer=employer,
        contacted_on=timezone.localdate() - dt.timedelta(days=2),
        channel="phone",
        person="Eva",
        subject="Placements in the spring",
    )
    page = client_for(staff.coach_sydost, "en").get(f"/matchning/arbetsgivare/{employer.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Contacted in the last 14 days" in html
    assert "manager-jarva" in html and "Placements in the spring" in html
    # The warning and the log come before the facts and the vacancies.
    assert html.index("Contact log") < html.index("About the employer")
    assert "Log the contact" not in html  # coaches read only


def test_no_warning_without_a_recent_contact(staff, english):
    employer = _employer(staff)
    EmployerContact.objects.create(
        employer=employer,
        contacted_by=staff.matcher_sydost,
        contacted_on=timezone.localdate() - dt.timedelta(days=30),
        channel="email",
        subject="Old",
    )
    html = (
        client_for(staff.matcher_sydost, "en")
        .get(f"/matchning/arbetsgivare/{employer.pk}/")
        .content.decode()
    )
    assert "Contacted in the last" not in html
    assert "Old" in html


def test_a_matcher_logs_a_contact_on_the_page(staff, english):
    employer = _employer(staff)
    client = client_for(staff.matcher_sydost, "en")
    answer = client.post(
        f"/matchning/arbetsgivare/{employer.pk}/kontakt/",
        {"contacted_on": timezone.localdate().isoformat(), "channel": "visit", "subject": "Visit"},
    )
    assert answer.status_code == 302
    assert EmployerContact.objects.get().contacted_by == staff.matcher_sydost
    bad = client.post(
        f"/matchning/arbetsgivare/{employer.pk}/kontakt/",
        {"contacted_on": timezone.localdate().isoformat(), "channel": "visit", "subject": ""},
    )
    assert bad.status_code == 400
    assert EmployerContact.objects.count() == 1


def test_the_employer_form_shows_a_wrong_check_digit(staff, english):
    client = client_for(staff.manager_sydost, "en")
    answer = client.post(
        "/matchning/arbetsgivare/ny/",
        {"name": "X AB", "kind": "company", "organisation_number": "5560160681"},
    )
    assert answer.status_code == 400
    assert "check the last digit" in answer.content.decode()
    assert not Employer.objects.exists()
    answer = client.post(
        "/matchning/arbetsgivare/ny/",
        {"name": "X AB", "kind": "staffing_firm", "organisation_number": VALID},
    )
    assert answer.status_code == 302
    listing = client.get("/matchning/arbetsgivare/?kind=staffing_firm").content.decode()
    assert "X AB" in listing and "Staffing firm" in listing


def test_employers_search(staff):
    _employer(staff)
    employer_create(actor=staff.matcher_sydost, name="Vård AB", industry="Vård")
    client = client_for(staff.coach_sydost, "en")
    html = client.get("/matchning/arbetsgivare/?q=bygg").content.decode()
    assert "Bygg AB" in html and "Vård AB" not in html
    html = client.get("/matchning/arbetsgivare/?q=556016").content.decode()
    assert "Bygg AB" in html


@pytest.mark.parametrize(
    ("who", "read", "write"),
    [
        ("matcher_sydost", 200, 200),
        ("manager_jarva", 200, 200),
        ("coach_sydost", 200, 403),
        ("officer_farsta", 403, 403),
        ("provider_staff", 403, 403),
        ("analyst", 403, 403),
    ],
)
def test_access_per_role(staff, who, read, write):
    employer = _employer(staff)
    client = client_for(getattr(staff, who))
    assert client.get("/matchning/arbetsgivare/").status_code == read
    assert client.get(f"/matchning/arbetsgivare/{employer.pk}/").status_code == read
    assert client.get("/matchning/arbetsgivare/ny/").status_code == write
    assert client.get(f"/matchning/arbetsgivare/{employer.pk}/andra/").status_code == write
    answer = client.post(
        f"/matchning/arbetsgivare/{employer.pk}/kontakt/",
        {"contacted_on": timezone.localdate().isoformat(), "channel": "phone", "subject": "x"},
    )
    assert answer.status_code == (302 if write == 200 else 403)


def test_employers_write_no_participant_audit_entries(staff):
    employer = _employer(staff)
    client_for(staff.matcher_sydost).get(f"/matchning/arbetsgivare/{employer.pk}/")
    assert not AuditEntry.objects.filter(participant__isnull=False).exists()


def test_signed_out_visitors_are_sent_to_sign_in(db):
    from django.test import Client

    assert Client().get("/matchning/arbetsgivare/").status_code == 302
