"""What staff see at once of an absence the person reported themselves (ADR 0005, 8): the
provider's day and week lists (filled in with the reason, marked as reported by the person,
still correctable) and the coach's Min dag; per role, and the reads audited."""

import pytest
from django.urls import reverse

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.audit.models import AuditAction, AuditChannel
from jobbtorg.providers.models import AttendanceRegister
from jobbtorg.providers.services.absence_reports import absence_report_by_participant
from tests.audit_reads import people_named
from tests.conftest import client_for
from tests.factories import ProviderFactory, UserFactory
from tests.providers.helpers import FRIDAY, THURSDAY, TUESDAY, WEDNESDAY, in_training, page_url
from tests.providers.test_attendance_week import cell, form_as_shown, week_url

pytestmark = pytest.mark.django_db

TODAY = WEDNESDAY
MARK_EN = "absence reported by the participant"
MARK_SV = "anmäld frånvaro av deltagaren"


@pytest.fixture
def reported(staff, on_day):
    """Amira reported herself sick from today (Wednesday) to Friday; Bo, in the same
    activity, reported nothing."""
    amira = in_training(staff)
    bo = in_training(staff, first_name="Bo", last_name="Berg")
    absence_report_by_participant(
        participant=amira.referral.participant,
        reason="illness",
        first_day=TODAY,
        last_day=FRIDAY,
        audit_context=AuditContext(actor=None, channel=AuditChannel.PAGE),
        today=TODAY,
    )
    on_day(TODAY)
    return amira, bo


def _row(html, participation):
    start = html.index(f'id="row-{participation.pk}"')
    return html[start : html.index("</tr>", start)]


# The provider's day list


def test_the_day_list_is_filled_in_with_the_reason_and_marked_as_the_persons(staff, reported):
    amira, bo = reported
    html = client_for(staff.provider_staff, "en").get(page_url(TODAY)).content.decode()
    row = _row(html, amira)
    assert MARK_EN in row
    assert 'value="absent_valid" checked' in row
    assert 'value="illness" selected' in row
    assert MARK_EN not in _row(html, bo)
    # The coming days are listed too: the provider knows before the day comes.
    section = html[html.index('id="absences-reported-title"') :]
    section = section[: section.index("</section>")]
    assert amira.referral.participant.full_name in section and "Bo Berg" not in section
    for day in (WEDNESDAY, THURSDAY, FRIDAY):
        assert day.isoformat() in section


def test_the_day_list_reads_swedish(staff, reported):
    html = client_for(staff.provider_staff).get(page_url(TODAY)).content.decode()
    assert MARK_SV in html
    assert "Anmäld frånvaro av deltagaren" in html


def test_the_provider_corrects_it_from_the_day_list(staff, reported):
    amira, _bo = reported
    client = client_for(staff.provider_staff, "en")
    response = client.post(page_url(TODAY), {f"status-{amira.pk}": "present"})
    assert response.status_code == 302
    register = AttendanceRegister.objects.get(participation=amira, day=TODAY)
    assert (register.status, register.reported_by_participant) == ("present", False)
    assert register.registered_by == staff.provider_staff
    assert MARK_EN not in _row(client.get(page_url(TODAY)).content.decode(), amira)


def test_the_lists_shown_name_the_people_in_the_audit_log(staff, reported):
    amira, _bo = reported
    client_for(staff.provider_staff, "en").get(page_url(TODAY))
    assert amira.referral.participant_id in people_named(AuditAction.ATTENDANCE_VIEWED)


# The provider's week list


def test_the_week_list_shows_today_filled_in_and_the_coming_days_reported(staff, reported):
    amira, _bo = reported
    client = client_for(staff.provider_staff, "en")
    html = client.get(week_url(amira.offering)).content.decode()
    shown = form_as_shown(html)
    assert shown[cell(amira, TODAY)] == "absent_valid:illness"
    assert shown[cell(amira, TUESDAY)] == "present"  # not reported: present by default
    assert html.count(MARK_EN) == 1  # today's cell, marked
    # Thursday and Friday have not come: the person's report is shown instead of "Not yet".
    assert html.count("Absence reported by the participant: Illness") == 2
    assert "Not yet" not in html
    # Saving the week as shown keeps the person's report as theirs.
    assert client.post(week_url(amira.offering), shown).status_code == 302
    kept = AttendanceRegister.objects.get(participation=amira, day=TODAY)
    assert kept.reported_by_participant and kept.registered_by is None


# Who sees it


def test_another_providers_staff_see_nothing_of_it(staff, reported):
    amira, _bo = reported
    stranger = UserFactory(
        username="other-provider", provider_staff=True, provider=ProviderFactory()
    )
    client = client_for(stranger, "en")
    name = amira.referral.participant.full_name
    assert name not in client.get(page_url(TODAY)).content.decode()
    assert client.get(week_url(amira.offering)).status_code == 404
    assert name not in client.get(reverse("web:home")).content.decode()


@pytest.mark.parametrize("who", ["coach_sydost", "officer_farsta", "analyst", "administrator"])
def test_the_provider_lists_stay_the_providers(staff, reported, who):
    amira, _bo = reported
    client = client_for(getattr(staff, who), "en")
    assert client.get(page_url(TODAY)).status_code == 403
    assert client.get(week_url(amira.offering)).status_code == 403


# The coach's Min dag


def test_the_coach_sees_it_on_min_dag_at_once(staff, reported):
    amira, bo = reported
    html = client_for(staff.coach_sydost, "en").get(reverse("web:home")).content.decode()
    section = html[html.index('id="absences-reported-title"') :]
    section = section[: section.index("</section>")]
    person = amira.referral.participant
    assert reverse("web:participant", args=[person.pk]) in section
    assert person.full_name in section and "Bo Berg" not in section
    assert f"{WEDNESDAY.isoformat()}, {THURSDAY.isoformat()}, {FRIDAY.isoformat()}" in section
    assert "Illness" in section
    assert person.pk in people_named(AuditAction.ATTENDANCE_VIEWED)


def test_min_dag_reads_swedish(staff, reported):
    html = client_for(staff.coach_sydost).get(reverse("web:home")).content.decode()
    assert "Anmäld frånvaro av deltagaren" in html and "Sjukdom" in html


@pytest.mark.parametrize("who", ["coach_jarva", "officer_farsta", "analyst", "provider_staff"])
def test_min_dag_of_others_does_not_show_the_coachs_list(staff, reported, who):
    html = client_for(getattr(staff, who), "en").get(reverse("web:home")).content.decode()
    assert 'id="absences-reported-title"' not in html


def test_another_coach_at_the_same_jobbtorg_does_not_see_it(staff, reported):
    other = UserFactory(username="coach-two", coach=True)
    html = client_for(other, "en").get(reverse("web:home")).content.decode()
    assert 'id="absences-reported-title"' not in html


def test_a_corrected_day_leaves_min_dag(staff, reported):
    amira, _bo = reported
    client_for(staff.provider_staff, "en").post(page_url(TODAY), {f"status-{amira.pk}": "present"})
    html = client_for(staff.coach_sydost, "en").get(reverse("web:home")).content.decode()
    section = html[html.index('id="absences-reported-title"') :]
    section = section[: section.index("</section>")]
    assert WEDNESDAY.isoformat() not in section
    assert THURSDAY.isoformat() in section
