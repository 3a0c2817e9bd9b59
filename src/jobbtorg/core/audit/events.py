"""One named function per audit event, over one private writer.

Every read and write of personal data calls one of these inside the same transaction as the
work itself, so an action that is not logged does not happen.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

from jobbtorg.core.audit.models import AuditAction, AuditChannel, AuditEntry

if TYPE_CHECKING:
    from jobbtorg.organisation.models import User
    from jobbtorg.participants.models import Participant


@dataclass(frozen=True)
class AuditContext:
    """Where an action comes from: who, through which channel, from which address and path."""

    actor: "User | None"
    channel: AuditChannel
    ip_address: str | None = None
    path: str = ""

    @classmethod
    def from_request(
        cls, request: HttpRequest, channel: AuditChannel = AuditChannel.PAGE
    ) -> "AuditContext":
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
        return cls(
            actor=actor,
            channel=channel,
            ip_address=request.META.get("REMOTE_ADDR") or None,
            path=request.get_full_path()[:500],
        )

    @classmethod
    def for_command(cls, command: str, actor: "User | None" = None) -> "AuditContext":
        return cls(actor=actor, channel=AuditChannel.COMMAND, path=f"jobbtorg {command}"[:500])


def _entry(
    context: AuditContext,
    *,
    action: AuditAction,
    participant: "Participant | None",
    obj: Any = None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    target = obj if obj is not None else participant
    actor = context.actor
    return AuditEntry(
        actor=actor,
        actor_username=actor.get_username() if actor is not None else "",
        actor_role=getattr(actor, "role", "") if actor is not None else "",
        action=action,
        participant=participant,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        channel=context.channel,
        ip_address=context.ip_address,
        path=context.path,
        changes=changes or {},
    )


def _write(context: AuditContext, **kwargs: Any) -> AuditEntry:
    entry = _entry(context, **kwargs)
    entry.save()
    return entry


def participant_viewed(context: AuditContext, participant: "Participant") -> AuditEntry:
    return _write(context, action=AuditAction.PARTICIPANT_VIEWED, participant=participant)


def participants_listed(context: AuditContext, participants: Iterable["Participant"]) -> int:
    """A list shows names and numbers: each person on it gets an entry of their own."""
    entries = [
        _entry(context, action=AuditAction.PARTICIPANT_LISTED, participant=participant)
        for participant in participants
    ]
    AuditEntry.objects.bulk_create(entries)
    return len(entries)


def participant_created(
    context: AuditContext, participant: "Participant", after: dict[str, Any]
) -> AuditEntry:
    return _write(
        context,
        action=AuditAction.PARTICIPANT_CREATED,
        participant=participant,
        changes={"before": None, "after": after},
    )


def audit_extract_viewed(context: AuditContext, participant: "Participant") -> AuditEntry:
    return _write(context, action=AuditAction.AUDIT_EXTRACT_VIEWED, participant=participant)


def audit_extract_exported(context: AuditContext, participant: "Participant") -> AuditEntry:
    return _write(context, action=AuditAction.AUDIT_EXTRACT_EXPORTED, participant=participant)
