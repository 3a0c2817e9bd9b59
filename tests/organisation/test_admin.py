"""Administrators manage reference data in Django's admin; nobody else gets in."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import district, job_centre


def _move_form(district_obj, *, name, move_from):
    """The district change form with a move to Järva, and its read-only history inline."""
    return {
        "name": name,
        "is_active": "on",
        "move_to": job_centre("jarva").pk,
        "move_from": move_from,
        "assignments-TOTAL_FORMS": "1",
        "assignments-INITIAL_FORMS": "1",
        "assignments-MIN_NUM_FORMS": "0",
        "assignments-MAX_NUM_FORMS": "1000",
        "assignments-0-id": district_obj.assignments.get().pk,
        "assignments-0-district": district_obj.pk,
    }


def test_administrator_moves_a_district_in_the_admin_and_history_is_kept(staff):
    client = client_for(staff.administrator)
    farsta = district("farsta")
    url = reverse("admin:organisation_district_change", args=[farsta.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _move_form(farsta, name="Farsta", move_from="2030-01-01"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert farsta.job_centre_on(dt.date(2030, 1, 1)).slug == "jarva"
    assert farsta.job_centre_on(dt.date(2029, 12, 31)).slug == "sydost"


def test_a_move_dated_before_the_current_belonging_is_refused_in_the_admin_with_a_message(staff):
    client = client_for(staff.administrator, language="en")
    farsta = district("farsta")
    url = reverse("admin:organisation_district_change", args=[farsta.pk])
    response = client.post(url, _move_form(farsta, name="Farsta changed", move_from="2007-01-01"))
    assert response.status_code == 200
    assert "2008-01-01" in response.content.decode()
    farsta.refresh_from_db()
    assert farsta.name == "Farsta"
    assert farsta.assignments.count() == 1


def test_a_new_district_must_be_given_a_jobbtorg(staff):
    client = client_for(staff.administrator)
    response = client.post(
        reverse("admin:organisation_district_add"),
        {
            "name": "Nytt",
            "slug": "nytt",
            "is_active": "on",
            "assignments-TOTAL_FORMS": "0",
            "assignments-INITIAL_FORMS": "0",
            "assignments-MIN_NUM_FORMS": "0",
            "assignments-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    assert not type(district("farsta")).objects.filter(slug="nytt").exists()


@pytest.mark.parametrize(
    "username",
    ["coach_sydost", "manager_sydost", "officer_farsta", "provider_staff", "analyst"],
)
def test_other_roles_cannot_reach_the_admin(staff, username):
    response = client_for(getattr(staff, username)).get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_no_personal_data_is_registered_in_the_admin():
    from django.contrib import admin

    from jobbtorg.participants.models import Participant

    assert Participant not in admin.site._registry


def test_administrator_adds_a_target_group_and_can_retire_but_not_delete_one(staff):
    from jobbtorg.participants.models import TargetGroup

    client = client_for(staff.administrator)
    response = client.post(
        reverse("admin:participants_targetgroup_add"),
        {
            "code": "nyanlanda",
            "name_sv": "Nyanlända",
            "name_en": "Newly arrived",
            "position": 9,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert TargetGroup.objects.filter(code="nyanlanda").exists()
    group = TargetGroup.objects.get(code="youth")
    delete_url = reverse("admin:participants_targetgroup_delete", args=[group.pk])
    assert client.get(delete_url).status_code == 403
