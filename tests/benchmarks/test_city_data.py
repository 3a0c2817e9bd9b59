"""The city-scale benchmark's data builder (benchmarks/city_data.py) at a tiny size: the staff,
the people imported by `jobbtorg transfer import` with their coaches, the day's work waiting.
The load run itself is not a test (make bench runs it)."""

import io

import pytest
from benchmarks.city_data import Staffing, add_days_work, create_staff, write_people
from django.core.management import call_command
from django.urls import reverse

from jobbtorg.organisation.models import JobCentre, User
from jobbtorg.participants.models import DistrictEvent, LimitException, Referral, Stage

pytestmark = pytest.mark.django_db

PEOPLE = 96
PASSWORD = "a-bench-password-for-every-account"


@pytest.fixture
def city(tmp_path):
    staff = create_staff(Staffing.for_people(PEOPLE), PASSWORD)
    write_people(tmp_path / "transfer", PEOPLE, staff)
    try:
        call_command("transfer", "import", str(tmp_path / "transfer"), stdout=io.StringIO())
    except SystemExit as stop:  # the command's exit code: 0 when every row went in
        assert not stop.code, f"the import refused rows (exit {stop.code})"
    return staff


def test_every_jobbtorg_has_its_staff_and_every_coach_a_caseload(city):
    centres = set(JobCentre.objects.filter(is_active=True).values_list("slug", flat=True))
    assert set(city["coach"]) == set(city["manager"]) == centres
    assert len(city["district_officer"]) == 14
    for centre, coaches in city["coach"].items():
        assert len(coaches) == 2
        for username in coaches:
            held = Referral.objects.filter(coach__username=username, job_centre__slug=centre)
            assert held.filter(stage=Stage.ENROLLED).exists(), username
    # One in twelve awaits a first meeting, with no coach yet.
    awaiting = Referral.objects.filter(stage=Stage.REFERRED)
    assert awaiting.count() == PEOPLE // 12
    assert not awaiting.filter(coach__isnull=False).exists()


def test_the_day_s_work_waits_in_the_inbox_and_on_the_manager_s_page(city, client):
    counts = add_days_work(city)
    assert counts["inbox events"] == DistrictEvent.objects.count() > 0
    pending = LimitException.objects.filter(approved__isnull=True).count()
    assert counts["exceptions awaiting a decision"] == pending > 0
    booked = Referral.objects.filter(first_meeting_slot__isnull=False).count()
    assert counts["first meetings today"] == booked

    # An officer signs in through the form with the benchmark's password and sees the events.
    event = DistrictEvent.objects.select_related("district").first()
    officer = city["district_officer"][event.district.slug][0]
    signed_in = client.post(reverse("web:login"), {"username": officer, "password": PASSWORD})
    assert signed_in.status_code == 302
    inbox = client.get(reverse("participants:inbox"))
    assert inbox.status_code == 200
    assert event.participant.last_name in inbox.content.decode()


def test_every_account_is_made_by_the_service_with_the_one_password(city):
    accounts = User.objects.filter(username__startswith="bench-")
    assert accounts.count() == 5 * (2 + 1 + 1) + 14 + 1
    assert all(user.check_password(PASSWORD) for user in accounts[:3])
