"""The pages of no one app: each role's start page, the health check, the refusal and
not-found pages."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.web.views import permission_denied
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_analyst_start_page_shows_counts_per_jobbtorg_and_no_names(staff, people):
    html = client_for(staff.analyst).get(reverse("web:home")).content.decode()
    assert "Sydost" in html and "Järva" in html
    for person in (people.in_farsta, people.in_rinkeby):
        assert person.last_name not in html
        assert person.personal_identity_number_display not in html
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("username", "link_name"),
    [
        ("coach_sydost", "participants:list"),
        ("officer_farsta", "participants:create"),
        ("administrator", "admin:index"),
    ],
)
def test_each_role_starts_from_the_page_of_its_work(staff, username, link_name):
    html = client_for(getattr(staff, username)).get(reverse("web:home")).content.decode()
    assert f'href="{reverse(link_name)}"' in html


def test_the_participant_menu_is_not_shown_to_roles_without_personal_data(staff):
    for user in (staff.analyst, staff.administrator, staff.provider_staff):
        html = client_for(user).get(reverse("web:home")).content.decode()
        assert f'href="{reverse("participants:list")}"' not in html


def test_an_unknown_page_is_the_not_found_page(staff):
    response = client_for(staff.coach_sydost).get("/nowhere/")
    assert response.status_code == 404
    assert f'href="{reverse("web:home")}"' in response.content.decode()


def test_a_refusal_says_why(rf: RequestFactory, staff):
    request = rf.get("/")
    request.user = staff.coach_sydost
    response = permission_denied(request, PermissionDenied("Only managers approve plans."))
    assert response.status_code == 403
    assert "Only managers approve plans." in response.content.decode()


@pytest.mark.parametrize(
    ("who", "url"),
    [("manager_sydost", "/jamforelse/"), ("analyst", "/nyckeltal/effekt/")],
)
def test_a_period_starts_from_a_date_not_an_address(staff, who, url):
    # "From" once read "Från (adress)" everywhere: the audit extract's column of network
    # addresses took the word for itself.
    html = client_for(getattr(staff, who)).get(url).content.decode()
    assert re.search(r"<label[^>]*>\s*Från:?\s*</label>", html), html[:3000]
    assert "Från (adress)" not in html


def test_the_audit_extract_says_from_which_address(staff, people):
    html = client_for(staff.manager_sydost).get(f"/deltagare/{people.in_farsta.pk}/logg/")
    assert "Från (adress)" in html.content.decode()


@pytest.mark.parametrize(("hours", "shown"), [("40.0", "40 timmar"), ("37.5", "37,5 timmar")])
def test_hours_of_an_exit_to_work_are_written_the_swedish_way(staff, hours, shown):
    from decimal import Decimal

    from tests.participants.factories import ExitFactory

    exit_ = ExitFactory(to_work=True, hours_per_week=Decimal(hours))
    page = client_for(staff.manager_sydost).get(f"/deltagare/{exit_.referral.participant_id}/")
    assert f"{shown} i veckan" in page.content.decode()
