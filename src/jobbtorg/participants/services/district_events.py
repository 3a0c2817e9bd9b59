"""What the district that referred a case is told (R15, R33): its officers' inbox and its
system's feed; the coach's reports of absence or non-cooperation; the officer marking an event
as dealt with."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.participants.models import DistrictEvent, EventKind, HandledReason, Referral
from jobbtorg.participants.permissions import can_handle_district_event, require_case_worker


def event_moment() -> dt.datetime:
    # Milliseconds, as JSON carries them: a district system that asks for events `since` the
    # last time it saw gets exactly the later ones.
    now = timezone.now()
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def district_event_record(
    *, referral: Referral, kind: EventKind, summary: str = "", data: dict[str, Any] | None = None
) -> DistrictEvent:
    """Tell the district that referred the case (R15, R33): its officers' inbox and its
    system's feed. The case is that district's: a person who has moved since has a new case of
    the new district, and the former district hears only that they moved."""
    return DistrictEvent.objects.create(
        district=referral.district,
        participant=referral.participant,
        referral=referral,
        kind=kind,
        occurred_at=event_moment(),
        summary=summary[:300],
        data=data or {},
    )


def district_report(
    *, actor: Any, audit_context: audit.AuditContext, referral: Referral, kind: str, text: str
) -> DistrictEvent:
    """The coach reports absence or non-cooperation; the district decides on consequences."""
    require_case_worker(actor, referral, _("Reporting to the district"))
    if kind not in {EventKind.ABSENCE, EventKind.NON_COOPERATION}:
        raise ValidationFailed({"kind": _("Choose what is reported: absence or non-cooperation.")})
    if not (text or "").strip():
        raise ValidationFailed({"text": _("Describe what happened.")})
    with transaction.atomic():
        event = district_event_record(referral=referral, kind=EventKind(kind), summary=text.strip())
        audit.reported_to_district(audit_context, event)
    return event


def district_event_handle(
    *, actor: Any, event: DistrictEvent, audit_context: audit.AuditContext | None = None
) -> DistrictEvent:
    """An officer marks an inbox event as dealt with; the event itself stays as it was."""
    if not can_handle_district_event(actor, event):
        raise NotAllowed(_("The district's officers deal with its inbox."))
    if event.handled_at is None:
        DistrictEvent.objects.filter(pk=event.pk, handled_at__isnull=True).update(
            handled_at=timezone.now(), handled_by=actor
        )
        event.refresh_from_db()
        if audit_context is not None:
            audit.district_event_handled(audit_context, event)
    return event


def district_events_close(
    *,
    events: "QuerySet[DistrictEvent]",
    reason: HandledReason,
    audit_context: audit.AuditContext,
    handled_by: Any = None,
) -> int:
    """Close the unhandled events among `events` whose work is done or no longer possible,
    with the reason (a plan decided or replaced, the person exited). The events stay; each
    closing is audited as an officer's handling is. In the caller's transaction. Returns how
    many were closed."""
    still_open = list(events.filter(handled_at__isnull=True).select_related("participant"))
    if not still_open:
        return 0
    now = timezone.now()
    DistrictEvent.objects.filter(
        pk__in=[event.pk for event in still_open], handled_at__isnull=True
    ).update(handled_at=now, handled_by=handled_by, handled_reason=reason)
    for event in still_open:
        event.handled_at, event.handled_by, event.handled_reason = now, handled_by, reason
        audit.district_event_handled(audit_context, event)
    return len(still_open)
