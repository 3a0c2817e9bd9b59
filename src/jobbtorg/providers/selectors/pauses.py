"""A person's pause (interruption, R17) as it is shown beside their activity: wherever a
participation's status is shown, a person whose case is interrupted today reads as "Pausad
(föräldraledighet) till 2027-03-01", not as "Startat".

The interruption is the case's (participants app); an activity is paused while it lasts (the
attendance engine expects no register then). Read for a whole list at once: one query."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from jobbtorg.participants.models import Interruption, InterruptionReason
from jobbtorg.providers.models import OPEN_STATUSES, ActivityParticipation

# Outside the person's own case (the provider, a Jobbtorg hosting the activity) the reason is
# told only when it is no health data and no free text: pregnancy and illness are health
# data, and "other" is explained in the coach's own words.
REASONS_SHOWN_OUTSIDE_THE_CASE = frozenset({InterruptionReason.PARENTAL_LEAVE})


@dataclass(frozen=True)
class Pause:
    """An interruption going on: since when, until when it is expected to end (None: not
    known), and its reason as the viewer may read it ("" when it is not theirs to read)."""

    since: dt.date
    until: dt.date | None
    reason: str = ""

    def __str__(self) -> str:
        values = {"reason": self.reason, "since": self.since, "until": self.until}
        if self.reason and self.until:
            return _("Paused (%(reason)s) until %(until)s") % values
        if self.reason:
            return _("Paused (%(reason)s) since %(since)s") % values
        if self.until:
            return _("Paused until %(until)s") % values
        return _("Paused since %(since)s") % values


def _pause(interruption: Interruption, *, own_case: bool) -> Pause:
    shown = own_case or interruption.reason in REASONS_SHOWN_OUTSIDE_THE_CASE
    return Pause(
        since=interruption.start,
        until=interruption.end or interruption.expected_end,
        reason=str(interruption.get_reason_display()).lower() if shown else "",
    )


def pauses_of(referral_ids: Iterable[Any], today: dt.date, *, own_case: bool) -> dict[Any, Pause]:
    """The pause going on `today` per case (those with none are left out)."""
    ongoing = Interruption.objects.filter(referral__in=set(referral_ids), start__lte=today).filter(
        Q(end__isnull=True) | Q(end__gte=today)
    )
    return {i.referral_id: _pause(i, own_case=own_case) for i in ongoing}


def with_pauses(
    participations: Iterable[ActivityParticipation], today: dt.date, *, own_case: bool
) -> list[ActivityParticipation]:
    """The participations, each with `pause` (a Pause, or None) for the template
    `providers/_participation_status.html`. An ended activity is not paused; `own_case`: the
    viewer works on the people's cases and may read every reason."""
    participations = list(participations)
    pauses = pauses_of((p.referral_id for p in participations), today, own_case=own_case)
    for participation in participations:
        participation.pause = (  # type: ignore[attr-defined]
            pauses.get(participation.referral_id) if participation.status in OPEN_STATUSES else None
        )
    return participations
