"""The loggutdrag: a Jobbtorg manager pulls who has looked at a person, as a page and as CSV."""

import csv
import io

import pytest
from django.urls import reverse

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from tests.conftest import api_client_for, client_for


def test_manager_sees_everyone_who_looked_at_the_person_newest_first(staff, people):
    person = people.in_farsta
    client_for(staff.coach_sydost).get(reverse("web:participant", args=[person.pk]))
    api_client_for(staff.officer_farsta).get(f"/api/v1/participants/{person.pk}")

    response = client_for(staff.manager_sydost, language="en").get(
        reverse("participants:audit_extract", args=[person.pk])
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "coach-sydost" in html and "officer-farsta" in html
    assert html.index("manager-sydost") < html.index("officer-farsta") < html.index("coach-sydost")
    # Another person's entries never appear in this person's extract.
    client_for(staff.coach_sydost).get(reverse("web:participant", args=[people.in_skarpnack.pk]))
    assert AuditEntry.objects.filter(participant=people.in_skarpnack).count() == 1
    rows = client_for(staff.manager_sydost).get(
        reverse("participants:audit_extract_csv", args=[person.pk])
    )
    assert "Skarpnäcksson" not in rows.content.decode()


def test_the_csv_has_one_row_per_entry_with_who_what_when_and_from_where(staff, people):
    person = people.in_farsta
    client_for(staff.coach_sydost).get(reverse("web:participant", args=[person.pk]))

    response = client_for(staff.manager_sydost).get(
        reverse("participants:audit_extract_csv", args=[person.pk])
    )

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    # The export itself is the newest entry.
    assert [(r["actor_username"], r["action"]) for r in rows] == [
        ("manager-sydost", AuditAction.AUDIT_EXTRACT_EXPORTED),
        ("coach-sydost", AuditAction.PARTICIPANT_VIEWED),
    ]
    assert rows[1]["actor_role"] == "coach"
    assert rows[1]["ip_address"] == "127.0.0.1"
    assert rows[1]["channel"] == "page"


@pytest.mark.parametrize("username", ["coach_sydost", "matcher_sydost", "officer_farsta"])
def test_other_roles_who_see_the_person_are_refused_the_extract(staff, people, username):
    client = client_for(getattr(staff, username))
    for name in ("participants:audit_extract", "participants:audit_extract_csv"):
        response = client.get(reverse(name, args=[people.in_farsta.pk]))
        assert response.status_code == 403
    api = api_client_for(getattr(staff, username))
    assert api.get(f"/api/v1/participants/{people.in_farsta.pk}/audit-log").status_code == 403
    assert not AuditEntry.objects.filter(
        action__in=[AuditAction.AUDIT_EXTRACT_VIEWED, AuditAction.AUDIT_EXTRACT_EXPORTED]
    ).exists()


@pytest.mark.parametrize(
    "username", ["manager_jarva", "provider_staff", "analyst", "administrator"]
)
def test_roles_outside_the_persons_scope_get_404(staff, people, username):
    client = client_for(getattr(staff, username))
    response = client.get(reverse("participants:audit_extract", args=[people.in_farsta.pk]))
    assert response.status_code == 404


def test_the_manager_link_is_shown_only_to_managers(staff, people):
    url = reverse("web:participant", args=[people.in_farsta.pk])
    extract_url = reverse("participants:audit_extract", args=[people.in_farsta.pk])
    assert extract_url in client_for(staff.manager_sydost).get(url).content.decode()
    assert extract_url not in client_for(staff.coach_sydost).get(url).content.decode()
