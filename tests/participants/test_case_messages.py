"""Messages between the person and the Jobbtorg (ADR 0005 point 7): the person writes about
their own case, the coach (or the Jobbtorg's manager) answers, everyone who may read the case
reads them, nobody else; bad input saves nothing and says why in Swedish; every write audited."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.audit.models import AuditAction, AuditChannel, AuditEntry
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.participants.models import CaseMessage, MessageAuthor, MessageThread, Referral
from jobbtorg.participants.permissions import can_answer_case_messages, coach_is_present
from jobbtorg.participants.selectors import (
    message_threads_visible_to,
    message_threads_visible_to_participant,
)
from jobbtorg.participants.selectors.case_messages import (
    coach_unread_messages,
    unanswered_without_present_coach,
)
from jobbtorg.participants.services.case_messages import (
    BODY_MAX_CHARACTERS,
    message_from_participant,
    message_from_staff,
    messages_mark_read,
    participant_threads_opened,
)
from jobbtorg.participants.services.sharing import case_sharing_consent_record
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.participants.scenarios import active_case, context

pytestmark = pytest.mark.django_db

# The portal's own context: no staff user acts, on the person's channel (ADR 0005 point 6).
PERSON = AuditContext(actor=None, channel=AuditChannel.PARTICIPANT, path="/mina-sidor/meddelanden/")

# Who may read the case (the existing scoping) and who may answer it.
READERS = {
    "coach_sydost",
    "other_coach_sydost",
    "matcher_sydost",
    "manager_sydost",
    "officer_farsta",
}
ANSWERERS = {"coach_sydost", "manager_sydost"}
EVERYONE = READERS | {
    "coach_jarva",
    "manager_jarva",
    "officer_skarpnack",
    "provider_staff",
    "analyst",
    "administrator",
}


@pytest.fixture
def world(staff):
    staff.other_coach_sydost = UserFactory(username="coach-sydost-2", coach=True)
    case = active_case(staff, first_name="Amal", last_name="Ali")
    other = active_case(staff, first_name="Bo", last_name="Berg")
    first = message_from_participant(
        participant=case.participant,
        referral=case,
        subject="Tid för möte",
        body="Hej! Kan vi ses på tisdag i stället?",
        audit_context=PERSON,
    )
    return staff, case, other, first.thread


def user(staff, name):
    return getattr(staff, name)


# The person's side


def test_the_person_starts_a_thread_in_their_own_case_and_it_is_audited(world):
    staff, case, _, thread = world
    assert thread.referral == case and thread.subject == "Tid för möte"
    message = thread.messages.get()
    assert message.author == MessageAuthor.PARTICIPANT and message.staff_author is None
    assert message.read_at is None
    entry = AuditEntry.objects.filter(action=AuditAction.CASE_MESSAGE_SENT).get()
    assert entry.actor is None and entry.participant_id == case.participant_id
    assert entry.object_id == str(message.pk)
    # The text stays with the case; the log says who wrote where, and how much.
    assert "tisdag" not in str(entry.changes)
    assert entry.changes["after"]["subject"] == "Tid för möte"


def test_the_person_writes_again_in_their_thread(world):
    _, case, _, thread = world
    message_from_participant(
        participant=case.participant, thread=thread, body="Eller onsdag.", audit_context=PERSON
    )
    assert list(thread.messages.values_list("body", flat=True)) == [
        "Hej! Kan vi ses på tisdag i stället?",
        "Eller onsdag.",
    ]


def test_the_person_cannot_write_in_another_persons_case_or_thread(world):
    _, case, other, thread = world
    before = CaseMessage.objects.count(), AuditEntry.objects.count()
    with pytest.raises(NotAllowed):
        message_from_participant(
            participant=other.participant,
            referral=case,
            subject="Hej",
            body="Hej",
            audit_context=PERSON,
        )
    with pytest.raises(NotAllowed):
        message_from_participant(
            participant=other.participant, thread=thread, body="Hej", audit_context=PERSON
        )
    assert (CaseMessage.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.parametrize(
    ("subject", "body", "field", "text"),
    [
        ("Fråga", "", "body", "Skriv ditt meddelande."),
        ("Fråga", "   \n ", "body", "Skriv ditt meddelande."),
        ("Fråga", "x" * (BODY_MAX_CHARACTERS + 1), "body", "Meddelandet får vara högst 4000"),
        ("", "Hej", "subject", "Skriv vad ditt meddelande handlar om."),
        ("x" * 121, "Hej", "subject", "Ämnet får vara högst 120 tecken. Ditt har 121."),
    ],
)
def test_bad_input_saves_nothing_and_names_the_field_in_swedish(
    world, swedish, subject, body, field, text
):
    _, case, _, _ = world
    before = MessageThread.objects.count(), CaseMessage.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        message_from_participant(
            participant=case.participant,
            referral=case,
            subject=subject,
            body=body,
            audit_context=PERSON,
        )
    assert text in refused.value.errors[field][0]
    after = MessageThread.objects.count(), CaseMessage.objects.count(), AuditEntry.objects.count()
    assert after == before


def test_the_person_sees_only_their_own_threads(world):
    _, case, other, thread = world
    assert list(message_threads_visible_to_participant(case.participant)) == [thread]
    assert not message_threads_visible_to_participant(other.participant).exists()


def test_the_person_reading_the_answer_marks_it_read_for_the_coach_to_see(world):
    staff, case, other, thread = world
    answer = message_from_staff(
        actor=staff.coach_sydost, thread=thread, body="Tisdag 10 går bra.", audit_context=PERSON
    )
    with pytest.raises(NotAllowed):
        messages_mark_read(thread=thread, participant=other.participant, audit_context=PERSON)
    assert messages_mark_read(thread=thread, participant=case.participant, audit_context=PERSON)
    answer.refresh_from_db()
    assert answer.read_at is not None
    # Nothing left for the person to read: a second look marks nothing and writes no entry.
    entries = AuditEntry.objects.count()
    assert (
        messages_mark_read(thread=thread, participant=case.participant, audit_context=PERSON) == 0
    )
    assert AuditEntry.objects.count() == entries


def test_the_person_opens_their_own_threads_only_and_the_reading_is_audited(world):
    staff, case, other, thread = world
    answer = message_from_staff(
        actor=staff.coach_sydost, thread=thread, body="Tisdag 10 går bra.", audit_context=PERSON
    )
    assert participant_threads_opened(participant=other.participant, audit_context=PERSON) == []
    shown = participant_threads_opened(participant=case.participant, audit_context=PERSON)
    assert [item.thread for item in shown] == [thread]
    assert [m.body for m in shown[0].messages][-1] == "Tisdag 10 går bra."
    answer.refresh_from_db()
    assert answer.read_at is not None
    viewed = AuditEntry.objects.filter(action=AuditAction.CASE_MESSAGES_VIEWED).get()
    assert viewed.actor is None and viewed.participant_id == case.participant_id
    assert viewed.object_id == str(thread.pk)


# The staff's side, per role


@pytest.mark.parametrize("name", sorted(EVERYONE))
def test_who_reads_the_messages_is_who_reads_the_case(world, name):
    staff, _, _, thread = world
    assert message_threads_visible_to(user(staff, name)).filter(pk=thread.pk).exists() == (
        name in READERS
    )


@pytest.mark.parametrize("name", sorted(EVERYONE))
def test_only_the_cases_coach_and_the_manager_answer(world, name):
    staff, case, _, thread = world
    actor = user(staff, name)
    before = CaseMessage.objects.count()
    if name in ANSWERERS:
        answer = message_from_staff(
            actor=actor, thread=thread, body="Vi ses på tisdag.", audit_context=context(actor)
        )
        assert answer.staff_author == actor and answer.author == MessageAuthor.STAFF
        entry = AuditEntry.objects.filter(action=AuditAction.CASE_MESSAGE_SENT, actor=actor).get()
        assert entry.participant_id == case.participant_id
        # Answering reads what the person wrote.
        assert thread.messages.get(author=MessageAuthor.PARTICIPANT).read_at is not None
    else:
        with pytest.raises(NotAllowed):
            message_from_staff(
                actor=actor, thread=thread, body="Vi ses.", audit_context=context(actor)
            )
        assert CaseMessage.objects.count() == before


def test_bad_answer_saves_nothing(world, swedish):
    staff, _, _, thread = world
    before = CaseMessage.objects.count(), AuditEntry.objects.count()
    for body in ("", "x" * (BODY_MAX_CHARACTERS + 1)):
        with pytest.raises(ValidationFailed) as refused:
            message_from_staff(
                actor=staff.coach_sydost, thread=thread, body=body, audit_context=PERSON
            )
        assert "body" in refused.value.errors
    assert (CaseMessage.objects.count(), AuditEntry.objects.count()) == before
    assert thread.messages.get().read_at is None


def test_a_case_shared_for_its_plans_and_exit_only_keeps_its_messages(world):
    staff, case, _, thread = world
    for part, seen in (("plans_and_exit", False), ("case_file", True)):
        case_sharing_consent_record(
            actor=staff.coach_sydost,
            audit_context=context(staff.coach_sydost),
            referral=case,
            unit="jobbtorg:jarva",
            shared_part=part,
        )
        assert message_threads_visible_to(staff.coach_jarva).filter(pk=thread.pk).exists() == seen
    # Reading a shared case is not answering it.
    assert not can_answer_case_messages(staff.manager_jarva, case)


def test_only_those_who_answer_mark_the_persons_messages_read(world):
    staff, _, _, thread = world
    for reader in (staff.officer_farsta, staff.matcher_sydost, staff.other_coach_sydost):
        assert messages_mark_read(thread=thread, actor=reader, audit_context=context(reader)) == 0
    assert thread.messages.get().read_at is None
    assert (
        messages_mark_read(
            thread=thread, actor=staff.coach_sydost, audit_context=context(staff.coach_sydost)
        )
        == 1
    )
    assert AuditEntry.objects.filter(action=AuditAction.CASE_MESSAGES_MARKED_READ).count() == 1


# Who is there to answer


def test_a_coach_is_present_unless_missing_closed_or_moved(world):
    staff, case, _, _ = world
    assert coach_is_present(case)
    staff.coach_sydost.is_active = False
    staff.coach_sydost.save()
    assert not coach_is_present(Referral.objects.get(pk=case.pk))
    Referral.objects.filter(pk=case.pk).update(coach=None)
    assert not coach_is_present(Referral.objects.get(pk=case.pk))


def test_the_coachs_unread_are_their_own_peoples(world):
    staff, case, other, thread = world
    found = coach_unread_messages(staff.coach_sydost)
    assert found["unread_messages"] == 1 and found["unread_threads"] == [thread]
    assert coach_unread_messages(staff.other_coach_sydost)["unread_messages"] == 0
    message_from_staff(
        actor=staff.manager_sydost, thread=thread, body="Jag svarar.", audit_context=PERSON
    )
    assert coach_unread_messages(staff.coach_sydost)["unread_messages"] == 0


def test_the_manager_sees_the_unanswered_of_cases_without_a_present_coach(world):
    staff, case, _, thread = world
    assert unanswered_without_present_coach(staff.manager_sydost) == []
    staff.coach_sydost.is_active = False
    staff.coach_sydost.save()
    assert unanswered_without_present_coach(staff.manager_sydost) == [thread]
    assert unanswered_without_present_coach(staff.manager_jarva) == []
    message_from_staff(
        actor=staff.manager_sydost, thread=thread, body="Jag svarar.", audit_context=PERSON
    )
    assert unanswered_without_present_coach(staff.manager_sydost) == []


def test_the_manager_sees_a_message_the_coach_left_unanswered_for_two_working_days(world):
    staff, case, _, thread = world
    # Written on Friday 4 December; the coach answers by Tuesday 8 December.
    written = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)
    thread.messages.update(created_at=written)
    monday, tuesday, wednesday = dt.date(2026, 12, 7), dt.date(2026, 12, 8), dt.date(2026, 12, 9)
    assert unanswered_without_present_coach(staff.manager_sydost, tuesday) == []
    shown = unanswered_without_present_coach(staff.manager_sydost, wednesday)
    assert shown == [thread] and shown[0].overdue
    assert unanswered_without_present_coach(staff.manager_jarva, wednesday) == []
    # The manager's Min dag (today) lists it and says why.
    thread.messages.update(created_at=timezone.now() - dt.timedelta(days=30))
    page = client_for(staff.manager_sydost).get(reverse("web:home")).content.decode()
    assert "Amal Ali: Tid för möte" in page
    assert "har inte svarat på två arbetsdagar" in page
    # An answer takes it off the list, whenever it comes.
    message_from_staff(
        actor=staff.coach_sydost, thread=thread, body="Förlåt dröjsmålet.", audit_context=PERSON
    )
    assert unanswered_without_present_coach(staff.manager_sydost, wednesday) == []
    assert unanswered_without_present_coach(staff.manager_sydost, monday) == []


# The pages


def messages_url(case):
    return reverse("participants:case_messages", args=[case.participant_id])


@pytest.mark.parametrize("name", sorted(EVERYONE))
def test_the_messages_page_per_role(world, name):
    staff, case, _, thread = world
    answer = client_for(user(staff, name)).get(messages_url(case))
    if name not in READERS:
        assert answer.status_code == 404
        return
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "Tid för möte" in page and "Kan vi ses på tisdag" in page
    assert ("Skicka svaret" in page) == (name in ANSWERERS)
    assert AuditEntry.objects.filter(
        action=AuditAction.CASE_MESSAGES_VIEWED, object_id=str(thread.pk)
    ).exists()


def test_the_coach_answers_from_the_page(world):
    staff, case, _, thread = world
    browser = client_for(staff.coach_sydost)
    answer = browser.post(
        messages_url(case), {"thread": str(thread.pk), "body": "Tisdag kl 10 går bra."}
    )
    assert answer.status_code == 302
    assert thread.messages.filter(author=MessageAuthor.STAFF, staff_author=staff.coach_sydost)
    page = browser.get(answer["Location"]).content.decode()
    assert "Ditt svar är skickat" in page and "Tisdag kl 10 går bra." in page
    assert "inte läst av personen än" in page


@pytest.mark.parametrize(
    ("name", "status"),
    [("matcher_sydost", 403), ("officer_farsta", 403), ("other_coach_sydost", 403)]
    + [(n, 404) for n in ("coach_jarva", "manager_jarva", "provider_staff", "analyst")],
)
def test_who_may_not_answer_is_refused_and_nothing_is_saved(world, name, status):
    staff, case, _, thread = world
    before = CaseMessage.objects.count()
    answer = client_for(user(staff, name)).post(
        messages_url(case), {"thread": str(thread.pk), "body": "Hej"}
    )
    assert answer.status_code == status
    assert CaseMessage.objects.count() == before


def test_a_thread_of_another_person_is_404_on_this_persons_page(world):
    staff, case, other, thread = world
    before = CaseMessage.objects.count()
    for bad in (str(thread.pk), "inte-ett-id"):
        answer = client_for(staff.coach_sydost).post(
            messages_url(other), {"thread": bad, "body": "Hej"}
        )
        assert answer.status_code == 404
    assert CaseMessage.objects.count() == before


@pytest.mark.parametrize(
    ("body", "text"),
    [("", "Skriv ditt svar."), ("y" * (BODY_MAX_CHARACTERS + 1), "Meddelandet får vara högst")],
)
def test_a_bad_answer_on_the_page_keeps_what_was_typed_and_says_why(world, body, text):
    staff, case, _, thread = world
    before = CaseMessage.objects.count()
    answer = client_for(staff.coach_sydost).post(
        messages_url(case), {"thread": str(thread.pk), "body": body}
    )
    assert answer.status_code == 200
    page = answer.content.decode()
    assert text in page and "Ditt svar" in page
    if body:
        assert body in page
    assert CaseMessage.objects.count() == before


def test_the_participant_page_shows_the_threads_and_the_answer_form(world):
    staff, case, _, thread = world
    page = client_for(staff.coach_sydost).get(
        reverse("web:participant", args=[case.participant_id])
    )
    text = page.content.decode()
    assert "Tid för möte" in text and "Skicka svaret" in text
    # Opening the person's page read their message: Min dag's count goes down.
    assert thread.messages.get().read_at is not None
    matcher = client_for(staff.matcher_sydost).get(
        reverse("web:participant", args=[case.participant_id])
    )
    assert "Tid för möte" in matcher.content.decode()
    assert "Skicka svaret" not in matcher.content.decode()


def test_min_dag_lists_the_coachs_unread_and_the_managers_unanswered(world):
    staff, case, _, thread = world
    home = client_for(staff.coach_sydost).get(reverse("web:home")).content.decode()
    assert "1</strong> oläst meddelande" in home
    assert messages_url(case) + f"#thread-{thread.pk}" in home
    other = client_for(staff.other_coach_sydost).get(reverse("web:home")).content.decode()
    assert "Inga olästa meddelanden." in other
    manager = client_for(staff.manager_sydost).get(reverse("web:home")).content.decode()
    assert "Inget meddelande väntar på svar" in manager
    Referral.objects.filter(pk=case.pk).update(coach=None)
    manager = client_for(staff.manager_sydost).get(reverse("web:home")).content.decode()
    assert messages_url(case) + f"#thread-{thread.pk}" in manager and "ingen coach" in manager
