"""Messages between the person and the Jobbtorg (ADR 0005 point 7): the person writes about
one of their own cases, the case's coach (or the Jobbtorg's manager) answers. Plain text, kept
with the case, culled with it, every write audited in both directions."""

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.participants.models import (
    CaseMessage,
    MessageAuthor,
    MessageThread,
    Participant,
    Referral,
)
from jobbtorg.participants.permissions import can_answer_case_messages
from jobbtorg.participants.selectors.case_messages import (
    ThreadShown,
    case_threads_shown,
    participant_thread_shown,
    participant_threads_shown,
)

# Long enough for a letter, short enough that a message stays a message.
BODY_MAX_CHARACTERS = 4000
SUBJECT_MAX_CHARACTERS = 120


def _body_problems(body: str) -> dict[str, str]:
    text = (body or "").strip()
    if not text:
        return {"body": _("Write your message.")}
    if len(text) > BODY_MAX_CHARACTERS:
        return {
            "body": _(
                "The message can be at most %(max)d characters long. Yours has %(n)d: "
                "shorten it or send it in two parts."
            )
            % {"max": BODY_MAX_CHARACTERS, "n": len(text)}
        }
    return {}


def _own_case(participant: Participant, referral: Referral) -> None:
    """The person writes only in their own cases; anything else is refused like a missing
    case (the portal turns it into 404)."""
    if participant is None or referral.participant_id != participant.pk:
        raise NotAllowed(_("You can only write about your own case."))


def message_from_participant(
    *,
    participant: Participant,
    body: str,
    audit_context: audit.AuditContext,
    referral: Referral | None = None,
    subject: str = "",
    thread: MessageThread | None = None,
) -> CaseMessage:
    """The person writes: in a thread of theirs (`thread`), or a new thread about `subject`
    in one of their cases (`referral`). The audit context is the portal's (channel
    participant, no staff actor)."""
    if (thread is None) == (referral is None):
        raise ValueError("Give either a thread or a case with a subject.")
    case = thread.referral if thread is not None else referral
    assert case is not None
    _own_case(participant, case)
    errors = _body_problems(body)
    subject = (subject or "").strip()
    if thread is None:
        if not subject:
            errors["subject"] = _("Write what your message is about.")
        elif len(subject) > SUBJECT_MAX_CHARACTERS:
            errors["subject"] = _(
                "The subject can be at most %(max)d characters long. Yours has %(n)d."
            ) % {"max": SUBJECT_MAX_CHARACTERS, "n": len(subject)}
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        new_thread = thread is None
        if thread is None:
            thread = MessageThread.objects.create(referral=case, subject=subject)
        else:
            # The person's answer moves the thread up in the staff's lists.
            thread.save(update_fields=["updated_at"])
        message = CaseMessage.objects.create(
            thread=thread, author=MessageAuthor.PARTICIPANT, body=body.strip()
        )
        audit.case_message_sent(audit_context, message, new_thread=new_thread)
    return message


def message_from_staff(
    *,
    actor: Any,
    thread: MessageThread,
    body: str,
    audit_context: audit.AuditContext,
) -> CaseMessage:
    """The case's coach or the Jobbtorg's manager answers. Answering reads what the person
    wrote: their unread messages in the thread are marked read with it."""
    if not can_answer_case_messages(actor, thread.referral):
        raise NotAllowed(
            _("Messages are answered by the person's coach or the manager at Jobbtorg %(centre)s.")
            % {"centre": thread.referral.job_centre.name}
        )
    errors = _body_problems(body)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        _mark_read(_unread_for_staff(thread), thread=thread, audit_context=audit_context)
        thread.save(update_fields=["updated_at"])
        message = CaseMessage.objects.create(
            thread=thread,
            author=MessageAuthor.STAFF,
            staff_author=actor,
            body=body.strip(),
        )
        audit.case_message_sent(audit_context, message, new_thread=False)
    return message


def _unread_for_staff(thread: MessageThread) -> QuerySet[CaseMessage]:
    return thread.messages.filter(author=MessageAuthor.PARTICIPANT, read_at__isnull=True)


def _mark_read(
    unread: QuerySet[CaseMessage], *, thread: MessageThread, audit_context: audit.AuditContext
) -> int:
    count = unread.update(read_at=timezone.now())
    if count:
        audit.case_messages_marked_read(audit_context, thread, count)
    return count


def messages_mark_read(
    *,
    thread: MessageThread,
    audit_context: audit.AuditContext,
    actor: Any = None,
    participant: Participant | None = None,
) -> int:
    """The other side's messages in the thread, read now: the person's, by staff who may
    answer (`actor`); the staff's answers, by the person (`participant`). Someone who only
    reads the case (another coach, a matcher, the district's officer) leaves them unread for
    the coach. Returns how many were marked."""
    if (actor is None) == (participant is None):
        raise ValueError("Give either the staff member or the person who read.")
    if participant is not None:
        _own_case(participant, thread.referral)
        unread = thread.messages.filter(author=MessageAuthor.STAFF, read_at__isnull=True)
    else:
        if not can_answer_case_messages(actor, thread.referral):
            return 0
        unread = _unread_for_staff(thread)
    with transaction.atomic():
        return _mark_read(unread, thread=thread, audit_context=audit_context)


def case_threads_opened(
    *, user: Any, participant: Participant, audit_context: audit.AuditContext
) -> list[ThreadShown]:
    """The person's threads as a staff page shows them (read-audited), and the person's
    messages in them read now by a user who answers them (the coach's count on Min dag goes
    down). The unread stay marked as new on this showing."""
    shown = case_threads_shown(user=user, participant=participant, audit_context=audit_context)
    for item in shown:
        if item.may_answer and item.unread:
            messages_mark_read(thread=item.thread, actor=user, audit_context=audit_context)
    return shown


def participant_threads_opened(
    *, participant: Participant, audit_context: audit.AuditContext
) -> list[ThreadShown]:
    """The person's own threads as the portal shows them (read-audited), and the staff's
    answers in them read now by the person (the staff see "read by the person")."""
    shown = participant_threads_shown(participant=participant, audit_context=audit_context)
    for item in shown:
        if any(m.author == MessageAuthor.STAFF and m.read_at is None for m in item.messages):
            messages_mark_read(
                thread=item.thread, participant=participant, audit_context=audit_context
            )
    return shown


def participant_thread_opened(
    *, participant: Participant, thread_id: Any, audit_context: audit.AuditContext
) -> ThreadShown | None:
    """One of the person's own threads as the portal shows it (read-audited), and the staff's
    answers in it read now by the person. The answers stay marked as new on this showing.
    None for any other id, with nothing written."""
    with transaction.atomic():
        shown = participant_thread_shown(
            participant=participant, thread_id=thread_id, audit_context=audit_context
        )
        if shown is not None and any(
            m.author == MessageAuthor.STAFF and m.read_at is None for m in shown.messages
        ):
            messages_mark_read(
                thread=shown.thread, participant=participant, audit_context=audit_context
            )
    return shown
