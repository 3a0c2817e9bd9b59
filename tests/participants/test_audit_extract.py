"""The loggutdrag: a Jobbtorg manager pulls who has looked at a person, as a page and as CSV."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from jobbtorg.core.audit.models import AuditAction, AuditChainCheck, AuditEntry
from tests.conftest import api_client_for, client_for
from tests.tampering import append_only_lifted


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


def _extract_page(staff, person, language=None):
    response = client_for(staff.manager_sydost, language=language).get(
        reverse("participants:audit_extract", args=[person.pk])
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_extract_says_the_audit_logs_chain_is_intact(staff, people):
    person = people.in_farsta
    client_for(staff.coach_sydost).get(reverse("web:participant", args=[person.pk]))

    html = _extract_page(staff, person)
    assert "Loggens hashkedja är obruten från dess första post till detta loggutdrags" in html
    assert "Hela kedjan kontrollerades senast från första posten" in html

    pulls = [
        lambda: client_for(staff.manager_sydost).get(
            reverse("participants:audit_extract_csv", args=[person.pk])
        ),
        lambda: api_client_for(staff.manager_sydost).get(
            f"/api/v1/participants/{person.pk}/audit-log"
        ),
    ]
    for pull in pulls:
        response = pull()
        newest = AuditEntry.objects.filter(participant=person).order_by("-id").first()
        assert response.status_code == 200
        assert response["X-Audit-Chain"].startswith(f"intact; up-to-entry={newest.pk};")


def test_the_extract_says_the_chain_is_broken_and_where(staff, people):
    person = people.in_farsta
    client_for(staff.coach_sydost).get(reverse("web:participant", args=[person.pk]))
    viewed = AuditEntry.objects.get(participant=person)
    with append_only_lifted() as cursor:
        cursor.execute(
            "UPDATE core_auditentry SET actor_username = 'nobody' WHERE id = %s", [viewed.pk]
        )

    html = _extract_page(staff, person)
    assert "Loggens hashkedja är bruten." in html
    assert f"Post {viewed.pk} har ändrats efter att den skrevs" in html
    assert "obruten" not in html
    response = client_for(staff.manager_sydost).get(
        reverse("participants:audit_extract_csv", args=[person.pk])
    )
    assert response["X-Audit-Chain"].startswith(f"broken; entry={viewed.pk}; problem=changed;")


def test_the_extract_checks_only_the_entries_since_the_last_check(staff, people):
    """The whole chain is walked by `audit verify`; a page goes on from the newest check, so
    that it does not walk millions of entries."""
    person = people.in_farsta
    for _ in range(30):
        client_for(staff.coach_sydost).get(reverse("web:participant", args=[person.pk]))
    call_command("audit", "verify", stdout=io.StringIO())
    client_for(staff.coach_sydost).get(reverse("web:participant", args=[person.pk]))

    _extract_page(staff, person)
    check = AuditChainCheck.objects.order_by("-id").first()
    # The one view since the command, and the extract's own entry.
    assert (check.from_start, check.entries_checked, check.intact) == (False, 2, True)
    # A second look at once walks nothing it has walked before.
    _extract_page(staff, person)
    assert AuditChainCheck.objects.order_by("-id").first().entries_checked == 1
