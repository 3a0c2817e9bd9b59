"""The demo's participant pages beyond Min sida: a person of the demo coach's with messages
both ways and one day of absence they reported, seen by the person and by the demo coach."""

from django.urls import reverse
from django.utils import timezone

from jobbtorg.demo.portal import demo_portal_case
from jobbtorg.organisation.models import User
from jobbtorg.participants.models import MessageAuthor, MessageThread
from jobbtorg.participants.selectors.for_participant import people_to_sign_in_as_in_demo
from jobbtorg.providers.models import AttendanceRegister, AttendanceStatus
from tests.conftest import client_for
from tests.portal.cases import signed_in_as


def test_a_demo_person_has_messages_both_ways_and_a_reported_absence(demo, settings):
    settings.DEMO_MODE = True
    case = demo_portal_case()
    assert case is not None and case.coach.username == "coach"
    person = case.participant
    assert people_to_sign_in_as_in_demo(timezone.localdate()).filter(pk=person.pk).exists()

    threads = MessageThread.objects.filter(referral=case)
    assert threads.count() == 2
    authors = {m.author for t in threads for m in t.messages.all()}
    assert authors == {MessageAuthor.PARTICIPANT, MessageAuthor.STAFF}

    reported = AttendanceRegister.objects.get(
        participation__referral=case, reported_by_participant=True
    )
    assert (reported.status, reported.reason) == (AttendanceStatus.ABSENT_VALID, "illness")

    # The person sees one answer not read yet; the coach one message not read yet.
    assert "Du har 1 nytt svar." in signed_in_as(person).get("/mina-sidor/").content.decode()
    home = client_for(User.objects.get(username="coach")).get(reverse("web:home"))
    assert f"{person.full_name}: Byta tid för mötet" in home.content.decode()
