"""Messages with the coach on the person's own pages (ADR 0005, point 7): the person writes,
the coach sees it unread on Min dag and answers on the person's staff page, the person sees
the answer marked new and then read; only their own threads (another person's is 404);
bad input says why in Swedish and saves nothing; every read and write audited on the
channel `participant`."""

import pytest
from django.test import Client
from django.urls import reverse

from jobbtorg.core.audit.models import AuditAction, AuditChannel, AuditEntry
from jobbtorg.participants.models import CaseMessage, MessageAuthor, MessageThread, Referral, Stage
from jobbtorg.participants.services.case_messages import (
    BODY_MAX_CHARACTERS,
    SUBJECT_MAX_CHARACTERS,
)
from tests.conftest import client_for
from tests.factories import ParticipantFactory
from tests.portal.cases import own_case, signed_in_as, thread_written

pytestmark = pytest.mark.django_db

LIST = "/mina-sidor/meddelanden/"
NEW = "/mina-sidor/meddelanden/nytt/"


def thread_url(thread) -> str:
    return f"/mina-sidor/meddelanden/{thread.pk}/"


def staff_messages_url(case) -> str:
    return reverse("participants:case_messages", args=[case.participant_id])


@pytest.fixture
def mona(staff):
    coach = staff.coach_sydost
    coach.first_name, coach.last_name = "Cecilia", "Coach"
    coach.save()
    return own_case(staff, first_name="Mona", last_name="Minsson")


@pytest.fixture
def otto(staff):
    return own_case(staff, first_name="Otto", last_name="Andersson")


def entries(action, person, **filters):
    return AuditEntry.objects.filter(action=action, participant=person, **filters)


# Both ways, through the pages


def test_messages_go_both_ways_through_the_pages_with_the_audit_on_each_side(staff, mona):
    person = mona.participant
    browser = signed_in_as(person)

    # The person writes a new thread about their current case.
    form = browser.get(NEW).content.decode()
    assert "Ditt meddelande går till din coach Cecilia Coach" in form
    sent = browser.post(NEW, {"subject": "Tid för möte", "body": "Kan vi ses på tisdag?"})
    assert sent.status_code == 302
    thread = MessageThread.objects.get(referral=mona)
    assert sent["Location"] == thread_url(thread)
    page = browser.get(sent["Location"]).content.decode()
    assert "Ditt meddelande är skickat." in page and "Kan vi ses på tisdag?" in page
    written = entries(AuditAction.CASE_MESSAGE_SENT, person).get()
    assert written.channel == AuditChannel.PARTICIPANT and written.actor is None
    assert written.changes["after"]["subject"] == "Tid för möte"

    # The coach sees it unread on Min dag, and answers on the person's staff page.
    coach = client_for(staff.coach_sydost)
    home = coach.get(reverse("web:home")).content.decode()
    assert f"{staff_messages_url(mona)}#thread-{thread.pk}" in home
    assert "Mona Minsson: Tid för möte" in home
    answered = coach.post(
        staff_messages_url(mona), {"thread": str(thread.pk), "body": "Tisdag kl. 10 går bra."}
    )
    assert answered.status_code == 302
    assert "Mona Minsson: Tid för möte" not in coach.get(reverse("web:home")).content.decode()
    staff_entry = entries(AuditAction.CASE_MESSAGE_SENT, person, actor=staff.coach_sydost).get()
    assert staff_entry.channel == AuditChannel.PAGE

    # The person sees the answer marked new: on Min sida, in the list and in the thread.
    assert "Du har 1 nytt svar." in browser.get("/mina-sidor/").content.decode()
    listed = browser.get(LIST).content.decode()
    assert "Tid för möte" in listed and "1 nytt svar" in listed
    opened = browser.get(thread_url(thread)).content.decode()
    assert "Cecilia Coach skrev" in opened and "Tisdag kl. 10 går bra." in opened
    assert "Nytt svar" in opened
    read = entries(AuditAction.CASE_MESSAGES_MARKED_READ, person, actor__isnull=True).get()
    assert read.channel == AuditChannel.PARTICIPANT and read.object_id == str(thread.pk)
    viewed = entries(AuditAction.CASE_MESSAGES_VIEWED, person, channel=AuditChannel.PARTICIPANT)
    assert viewed.filter(object_id=str(thread.pk)).count() >= 2  # the list and the thread

    # Then read: nothing new any more, and the coach sees that the person read it.
    assert "Nytt svar" not in browser.get(thread_url(thread)).content.decode()
    assert "Du har inga nya svar." in browser.get("/mina-sidor/").content.decode()
    assert "nytt svar" not in browser.get(LIST).content.decode()
    assert "läst av personen" in coach.get(staff_messages_url(mona)).content.decode()

    # The person answers in the thread: the coach has it unread again.
    again = browser.post(thread_url(thread), {"body": "Tack, då ses vi."})
    assert again.status_code == 302 and again["Location"].startswith(thread_url(thread))
    assert "Ditt svar är skickat." in browser.get(again["Location"]).content.decode()
    assert thread.messages.filter(author=MessageAuthor.PARTICIPANT).count() == 2
    assert "Mona Minsson: Tid för möte" in coach.get(reverse("web:home")).content.decode()
    assert entries(AuditAction.CASE_MESSAGE_SENT, person, actor__isnull=True).count() == 2


def test_the_list_shows_the_latest_active_thread_first_with_its_unread_answers(staff, mona):
    older = thread_written(mona, "Om praktiken")
    newer = thread_written(mona, "Om SFI")
    coach = client_for(staff.coach_sydost)
    coach.post(staff_messages_url(mona), {"thread": str(older.pk), "body": "Svar ett."})
    coach.post(staff_messages_url(mona), {"thread": str(older.pk), "body": "Svar två."})

    page = signed_in_as(mona.participant).get(LIST).content.decode()

    assert page.index("Om praktiken") < page.index("Om SFI")  # answered last: first
    first = page[page.index("Om praktiken") : page.index("Om SFI")]
    assert "2 nya svar" in first
    assert "nytt svar" not in page[page.index("Om SFI") :]
    assert newer.pk  # listed, with no answer yet


def test_the_list_and_its_reading_are_in_the_persons_log(mona, otto):
    mine = thread_written(mona, "Tid för möte")
    thread_written(otto, "Ottos fråga")
    before = AuditEntry.objects.count()

    page = signed_in_as(mona.participant).get(LIST).content.decode()

    assert "Tid för möte" in page and "Ottos fråga" not in page
    new = AuditEntry.objects.filter(pk__gt=AuditEntry.objects.order_by("pk")[before - 1].pk)
    assert {(e.action, e.object_id, e.channel) for e in new} == {
        (AuditAction.CASE_MESSAGES_VIEWED, str(mine.pk), AuditChannel.PARTICIPANT)
    }


# Only their own


def test_another_persons_thread_by_id_is_404_and_nothing_is_read_or_written(mona, otto):
    others = thread_written(otto, "Ottos fråga", "Hemligt.")
    browser = signed_in_as(mona.participant)
    audit_before, messages_before = AuditEntry.objects.count(), CaseMessage.objects.count()

    assert browser.get(thread_url(others)).status_code == 404
    assert browser.post(thread_url(others), {"body": "Hej Otto"}).status_code == 404
    assert (
        browser.get("/mina-sidor/meddelanden/00000000-0000-0000-0000-000000000000/").status_code
        == 404
    )

    assert AuditEntry.objects.count() == audit_before
    assert CaseMessage.objects.count() == messages_before


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", LIST), ("get", NEW), ("post", NEW), ("get", "thread"), ("post", "thread")],
)
def test_a_staff_session_has_no_messages_of_its_own_here(staff, mona, method, url):
    thread = thread_written(mona, "Tid för möte")
    address = thread_url(thread) if url == "thread" else url
    before = CaseMessage.objects.count()
    answer = getattr(client_for(staff.coach_sydost), method)(
        address, {"subject": "Hej", "body": "Hej"}
    )
    assert answer.status_code == 404
    assert CaseMessage.objects.count() == before


def test_without_a_session_the_messages_send_to_the_sign_in(mona):
    thread = thread_written(mona, "Tid för möte")
    for url in (LIST, NEW, thread_url(thread)):
        answer = Client().get(url)
        assert answer.status_code == 302 and answer["Location"] == "/mina-sidor/"
    assert Client().post(NEW, {"subject": "Hej", "body": "Hej"}).status_code == 302
    assert MessageThread.objects.count() == 1


def test_a_post_without_the_csrf_token_is_refused(mona):
    browser = signed_in_as(mona.participant)
    browser.handler.enforce_csrf_checks = True
    answer = browser.post(NEW, {"subject": "Hej", "body": "Hej"})
    assert answer.status_code == 403
    assert not MessageThread.objects.exists()


def test_the_new_message_goes_to_the_open_case_not_an_earlier_closed_one(staff, mona):
    earlier = own_case(staff, first_name="Mona", last_name="Minsson")
    Referral.objects.filter(pk=earlier.pk).update(participant=mona.participant, stage=Stage.EXITED)
    signed_in_as(mona.participant).post(NEW, {"subject": "Fråga", "body": "Hej"})
    assert MessageThread.objects.get().referral == mona


# Bad input


@pytest.mark.parametrize(
    ("subject", "body", "field", "text"),
    [
        ("Tid för möte", "", "body", "Skriv ditt meddelande."),
        ("Tid för möte", "   ", "body", "Skriv ditt meddelande."),
        ("", "Hej!", "subject", "Skriv vad ditt meddelande handlar om."),
        (
            "Tid för möte",
            "x" * (BODY_MAX_CHARACTERS + 1),
            "body",
            f"Meddelandet får vara högst {BODY_MAX_CHARACTERS} tecken",
        ),
        (
            "y" * (SUBJECT_MAX_CHARACTERS + 1),
            "Hej!",
            "subject",
            f"Ämnet får vara högst {SUBJECT_MAX_CHARACTERS} tecken",
        ),
    ],
)
def test_a_bad_new_message_says_why_on_its_field_keeps_what_was_typed_and_saves_nothing(
    mona, subject, body, field, text
):
    before = AuditEntry.objects.count()
    answer = signed_in_as(mona.participant).post(NEW, {"subject": subject, "body": body})
    assert answer.status_code == 200
    page = answer.content.decode()
    assert text in page
    # The message sits on its field and the summary links to it.
    assert f'href="#id_{field}"' in page
    assert 'aria-invalid="true"' in page
    for typed in (subject, body.strip()):
        if typed:
            assert typed in page
    assert not MessageThread.objects.exists() and not CaseMessage.objects.exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ("", "Skriv ditt meddelande."),
        ("z" * (BODY_MAX_CHARACTERS + 1), "Meddelandet får vara högst"),
    ],
)
def test_a_bad_answer_says_why_and_saves_nothing(mona, body, text):
    thread = thread_written(mona, "Tid för möte")
    answer = signed_in_as(mona.participant).post(thread_url(thread), {"body": body})
    assert answer.status_code == 200
    page = answer.content.decode()
    assert text in page and 'href="#id_body"' in page
    assert thread.messages.count() == 1
    assert (
        not entries(AuditAction.CASE_MESSAGE_SENT, mona.participant)
        .exclude(object_id=str(thread.messages.get().pk))
        .exists()
    )


def test_a_person_without_a_case_cannot_start_a_thread():
    browser = signed_in_as(ParticipantFactory())
    page = browser.get(LIST).content.decode()
    assert "Du har inget ärende hos Jobbtorg nu." in page and NEW not in page
    assert browser.get(NEW).status_code == 404
    assert browser.post(NEW, {"subject": "Hej", "body": "Hej"}).status_code == 404
    assert not MessageThread.objects.exists()
