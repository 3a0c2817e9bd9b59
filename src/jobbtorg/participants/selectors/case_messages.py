"""Reads of the messages between the person and the Jobbtorg: the threads of a person's page,
the coach's unread messages and the manager's unanswered ones (Min dag). Every read starts from
`message_threads_visible_to(user)`; what a page shows is audited by the caller's one write."""

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from jobbtorg.core.audit import events as audit
from jobbtorg.engines.rules import deadlines as deadline_rules
from jobbtorg.participants.models import CaseMessage, MessageAuthor, MessageThread, Participant
from jobbtorg.participants.permissions import can_answer_case_messages, coach_is_present
from jobbtorg.participants.selectors.scope import (
    message_threads_visible_to,
    message_threads_visible_to_participant,
)

# How many threads Min dag lists; the count says how many there are in all.
MY_DAY_THREADS = 10


@dataclass
class ThreadShown:
    """A thread as a page shows it: its messages oldest first, and whether the user answers."""

    thread: MessageThread
    messages: list[CaseMessage] = field(default_factory=list)
    may_answer: bool = False
    # The page's answer form for it, where the user answers (set by the view).
    answer_form: Any = None

    @property
    def unread(self) -> int:
        """The person's messages nobody who answers has read yet."""
        return sum(
            1 for m in self.messages if m.author == MessageAuthor.PARTICIPANT and m.read_at is None
        )


def _with_messages(threads: Any) -> Any:
    return threads.select_related(
        "referral__job_centre", "referral__coach", "referral__participant"
    ).prefetch_related(
        Prefetch(
            "messages", CaseMessage.objects.select_related("staff_author").order_by("created_at")
        )
    )


def case_threads_shown(
    *, user: Any, participant: Participant, audit_context: audit.AuditContext
) -> list[ThreadShown]:
    """The threads of the person's cases that the user may read, the latest active first, with
    the read-audit of each thread shown (one write). Call for a person read through
    `participant_get` (in the user's scope)."""
    threads = list(
        _with_messages(
            message_threads_visible_to(user).filter(referral__participant=participant)
        ).order_by("-updated_at")
    )
    audit.case_messages_viewed(audit_context, participant, threads)
    return [
        ThreadShown(
            thread=thread,
            messages=list(thread.messages.all()),
            may_answer=can_answer_case_messages(user, thread.referral),
        )
        for thread in threads
    ]


def case_thread_get(*, user: Any, participant: Participant, thread_id: Any) -> MessageThread | None:
    """One thread of the person's cases in the user's scope; None otherwise (the page's 404),
    a malformed id too."""
    try:
        pk = uuid.UUID(str(thread_id))
    except ValueError:
        return None
    return (
        message_threads_visible_to(user)
        .filter(referral__participant=participant, pk=pk)
        .select_related("referral__job_centre", "referral__coach", "referral__participant")
        .first()
    )


def participant_threads_shown(
    *, participant: Participant, audit_context: audit.AuditContext
) -> list[ThreadShown]:
    """The person's own threads with their messages, the latest active first, for the portal,
    with the read-audit of each thread shown (one write, the portal's channel)."""
    threads = list(
        _with_messages(message_threads_visible_to_participant(participant)).order_by("-updated_at")
    )
    audit.case_messages_viewed(audit_context, participant, threads)
    return [ThreadShown(thread=t, messages=list(t.messages.all())) for t in threads]


def _unread_answers() -> Q:
    return Q(messages__author=MessageAuthor.STAFF, messages__read_at__isnull=True)


def participant_threads_listed(
    *, participant: Participant, audit_context: audit.AuditContext
) -> list[MessageThread]:
    """The person's own threads for the portal's list, the latest active first, each with
    `unread_answers` (the staff's answers the person has not opened yet) and `last_at` (the
    latest message), with the read-audit of each thread listed (one write)."""
    threads = list(
        message_threads_visible_to_participant(participant)
        .annotate(
            unread_answers=Count("messages", filter=_unread_answers()),
            last_at=Max("messages__created_at"),
        )
        .order_by("-updated_at")
    )
    audit.case_messages_viewed(audit_context, participant, threads)
    return threads


def participant_thread_shown(
    *, participant: Participant, thread_id: Any, audit_context: audit.AuditContext
) -> ThreadShown | None:
    """One of the person's own threads with its messages, oldest first, and its read-audit;
    None for any other id (the portal's 404), with nothing written."""
    try:
        pk = uuid.UUID(str(thread_id))
    except ValueError:
        return None
    thread = (
        _with_messages(message_threads_visible_to_participant(participant)).filter(pk=pk).first()
    )
    if thread is None:
        return None
    audit.case_messages_viewed(audit_context, participant, [thread])
    return ThreadShown(thread=thread, messages=list(thread.messages.all()))


def participant_unread_answers(participant: Participant) -> int:
    """How many of the staff's answers the person has not opened yet (Min sida's count)."""
    return CaseMessage.objects.filter(
        thread__in=message_threads_visible_to_participant(participant),
        author=MessageAuthor.STAFF,
        read_at__isnull=True,
    ).count()


def _unread_from_people() -> Q:
    return Q(messages__author=MessageAuthor.PARTICIPANT, messages__read_at__isnull=True)


def coach_unread_messages(user: Any) -> dict[str, Any]:
    """For the coach's Min dag: the threads of their own cases with messages from the person
    they have not read, the latest first (at most MY_DAY_THREADS), and the count in all."""
    threads = (
        message_threads_visible_to(user)
        .filter(referral__coach_id=user.pk, referral__job_centre_id=user.job_centre_id)
        .annotate(
            unread=Count("messages", filter=_unread_from_people()),
            last_at=Max("messages__created_at", filter=_unread_from_people()),
        )
        .filter(unread__gt=0)
        .select_related("referral__participant")
        .order_by("-last_at")
    )
    rows = list(threads[:MY_DAY_THREADS])
    total = sum(t.unread for t in rows)
    if len(rows) == MY_DAY_THREADS:
        total = sum(t.unread for t in threads)
    return {"unread_threads": rows, "unread_messages": total}


def unanswered_without_present_coach(
    user: Any, today: dt.date | None = None
) -> list[MessageThread]:
    """For the manager's Min dag: the threads of the Jobbtorg's cases whose last message is the
    person's, where the case has no present coach (`coach_is_present`) or the coach has not
    answered within MESSAGE_ANSWER_WORKING_DAYS (a coach's leave is recorded nowhere: a message
    left that long is how the manager learns the coach is away). The oldest waiting first; each
    thread's `overdue` says whether the coach's time to answer has passed."""
    today = today or timezone.localdate()
    last_author = Subquery(
        CaseMessage.objects.filter(thread=OuterRef("pk"))
        .order_by("-created_at")
        .values("author")[:1]
    )
    waiting = (
        message_threads_visible_to(user)
        .filter(referral__job_centre_id=user.job_centre_id)
        .annotate(last_at=Max("messages__created_at"))
        .annotate(last_author=last_author)
        .filter(last_author=MessageAuthor.PARTICIPANT)
        .select_related("referral__participant", "referral__coach")
        .order_by("last_at")
    )
    shown = []
    for thread in waiting:
        written_on = timezone.localdate(thread.last_at)
        thread.overdue = deadline_rules.message_answer_due(written_on) < today
        if thread.overdue or not coach_is_present(thread.referral):
            shown.append(thread)
    return shown
