"""The loggutdrag: a Jobbtorg manager pulls who has looked at a person, as a page and as CSV."""

import csv
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.audit.models import AuditAction, AuditChainCheck, AuditEntry
from jobbtorg.participants.selectors import audit_entries_for
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


# A list page is one entry naming each person on it (AuditEntryPerson): the extract finds it.


def test_the_extract_shows_each_list_the_person_was_on_and_no_other(staff, people):
    coach = client_for(staff.coach_sydost)
    coach.get("/deltagare/")  # names in_farsta and in_skarpnack
    coach.get("/deltagare/", {"q": people.in_skarpnack.last_name})  # names in_skarpnack only
    api_client_for(staff.officer_farsta).get("/api/v1/participants")  # names in_farsta

    rows = _csv_rows(staff, people.in_farsta)
    assert [(r["actor_username"], r["action"], r["channel"]) for r in rows] == [
        ("manager-sydost", AuditAction.AUDIT_EXTRACT_EXPORTED, "export"),
        ("officer-farsta", AuditAction.PARTICIPANT_LISTED, "api"),
        ("coach-sydost", AuditAction.PARTICIPANT_LISTED, "page"),
    ]
    assert rows[2]["path"] == "/deltagare/" and rows[2]["object_type"] == "participants.participant"
    skarpnack = [r["action"] for r in _csv_rows(staff, people.in_skarpnack)]
    assert skarpnack.count(AuditAction.PARTICIPANT_LISTED) == 2
    # The API's extract says the same (after its own entry and the CSV's).
    answer = api_client_for(staff.manager_sydost).get(
        f"/api/v1/participants/{people.in_farsta.pk}/audit-log"
    )
    assert [e["action"] for e in answer.json()][2:] == [AuditAction.PARTICIPANT_LISTED] * 2


def _csv_rows(staff, person):
    response = client_for(staff.manager_sydost).get(
        reverse("participants:audit_extract_csv", args=[person.pk])
    )
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _seen_in_lists(staff, people, lists: int):
    context = AuditContext.for_command("test", actor=staff.coach_sydost)
    for _ in range(lists):
        audit.participants_listed(context, [people.in_farsta, people.in_skarpnack])
        audit.participant_viewed(context, people.in_farsta)


def test_the_extract_is_one_query_however_many_entries_it_holds(staff, people):
    _seen_in_lists(staff, people, 2)
    with CaptureQueriesContext(connection) as few:
        assert len(list(audit_entries_for(people.in_farsta))) == 4
    _seen_in_lists(staff, people, 40)
    with CaptureQueriesContext(connection) as many:
        assert len(list(audit_entries_for(people.in_farsta))) == 84
    assert len(few.captured_queries) == len(many.captured_queries) == 1

    # The page too: its queries do not grow with the entries.
    _extract_page(staff, people.in_farsta)  # records a chain check to go on from
    with CaptureQueriesContext(connection) as page:
        _extract_page(staff, people.in_farsta)
    _seen_in_lists(staff, people, 40)
    _extract_page(staff, people.in_farsta)
    with CaptureQueriesContext(connection) as bigger_page:
        _extract_page(staff, people.in_farsta)
    assert len(bigger_page.captured_queries) == len(page.captured_queries)


def test_the_extract_finds_the_persons_entries_by_index(staff, people):
    """Neither the entries nor a list's people are scanned whole: one person's extract stays
    fast in a log of millions."""
    _seen_in_lists(staff, people, 3)
    entries = audit_entries_for(people.in_farsta)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Tiny tables make a scan the cheapest plan; forbid it to see that an index serves.
            cursor.execute("SET LOCAL enable_seqscan = off")
            plan = entries.explain()
        assert "Seq Scan on core_audit" not in plan, plan
        assert "core_audit_person_entry" in plan, plan
    else:
        plan = entries.explain()
        assert not re.search(r"SCAN core_audit", plan), plan
        assert "SEARCH core_auditentryperson USING INDEX core_audit_person_entry" in plan
