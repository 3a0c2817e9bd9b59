"""The people of the portal's tests: a case built through the services, a session signed in
as the person, and a closed case moved so far into the past that the culling may take it."""

import datetime as dt
import time

from django.test import Client
from django.utils import timezone

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.audit.models import AuditChannel
from jobbtorg.participants.models import (
    IntakeSlot,
    MessageThread,
    Participant,
    Referral,
    Stage,
)
from jobbtorg.participants.services.case_messages import message_from_participant
from jobbtorg.portal.middleware import PARTICIPANT_SESSION_KEY, SEEN_AT_SESSION_KEY
from jobbtorg.retention.selectors import CASE_FILE
from tests.participants.scenarios import active_case


def own_case(staff, **refer_kwargs) -> Referral:
    """A person of Farsta, enrolled at Sydost with coach_sydost, with an approved plan."""
    return active_case(staff, **refer_kwargs)


def signed_in_as(person: Participant, *, seen_seconds_ago: int = 0) -> Client:
    """A browser whose session is the person's, as the e-ID sign-in leaves it."""
    client = Client()
    session = client.session
    session[PARTICIPANT_SESSION_KEY] = str(person.pk)
    session[SEEN_AT_SESSION_KEY] = int(time.time()) - seen_seconds_ago
    session.save()
    return client


def closed_years_ago(referral: Referral, years: int) -> Referral:
    """Close the case and date every entry in the person's files `years` back."""
    Referral.objects.filter(pk=referral.pk).update(stage=Stage.EXITED)
    day = timezone.localdate() - dt.timedelta(days=365 * years + 2)
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    person = referral.participant_id
    for holding in CASE_FILE:
        model = holding.model
        values = {}
        for name in holding.dated_by:
            field = model._meta.get_field(name)
            values[name] = moment if field.get_internal_type() == "DateTimeField" else day
        holding.of([person]).update(**values)
    referral.refresh_from_db()
    return referral


def first_meeting_booked(case: Referral, coach, starts_at: dt.datetime) -> IntakeSlot:
    """A first-meeting time of the coach's, booked for the case."""
    return IntakeSlot.objects.create(
        job_centre=case.job_centre, coach=coach, starts_at=starts_at, referral=case
    )


def thread_written(
    case: Referral, subject: str, body: str = "Hej! Jag har en fråga."
) -> MessageThread:
    """A thread the person started in their case, through the service, on the portal's channel."""
    return message_from_participant(
        participant=case.participant,
        referral=case,
        subject=subject,
        body=body,
        audit_context=AuditContext(
            actor=None, channel=AuditChannel.PARTICIPANT, path="/mina-sidor/meddelanden/nytt/"
        ),
    ).thread
