"""The person's requests to take back a consent, as the staff who act on them see them: the
coach's own cases on Min dag, and the manager's where the case has no present coach (as with
the person's messages)."""

from typing import Any

from jobbtorg.core.roles import Role
from jobbtorg.participants.models import ConsentWithdrawalRequest
from jobbtorg.participants.permissions import coach_is_present
from jobbtorg.participants.selectors.scope import referrals_held_by


def consent_withdrawals_awaiting(user: Any) -> list[ConsentWithdrawalRequest]:
    """The requests not yet handled that the user acts on, the oldest first: a coach's, those
    of their own cases; a manager's, those of the Jobbtorg's cases without a present coach.
    Anyone else: none."""
    role = getattr(user, "role", "")
    if role not in (Role.COACH, Role.MANAGER):
        return []
    waiting = (
        ConsentWithdrawalRequest.objects.filter(
            handled_at__isnull=True, referral__in=referrals_held_by(user)
        )
        .select_related("referral__participant", "referral__coach")
        .order_by("created_at", "pk")
    )
    if role == Role.COACH:
        return list(waiting.filter(referral__coach_id=user.pk))
    return [request for request in waiting if not coach_is_present(request.referral)]
