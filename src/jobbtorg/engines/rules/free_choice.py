"""The default rule of the choice system (LOV, 2019): who gets the participant who made no choice.

The rule, as documented in docs/free-choice.md:

1. The candidates are the providers approved in the choice system that have an offering of the
   activity type in force. They stand in a fixed order: by provider slug (the register's stable,
   unique key), so the order does not depend on names being edited or on who asks.
2. The default goes to the first candidate after the one the rule assigned last (wrapping round
   to the start of the order). With no earlier default, it goes to the first candidate.
3. A candidate with no free place in the period is skipped; the turn passes on to the next.
4. When no candidate has a free place, there is no default (None): the coach is told so.

Position is by slug, not by list index: a provider that joins takes its place in the order, and
one that leaves (the last assigned among them) does not restart the rotation: the next default
goes to the first remaining slug after the one that left.

Plain Python: no Django, so it is tested on its own and the service only adapts.
"""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    """An approved provider with an offering of the type in force; `free_places` in the period."""

    key: str
    free_places: int


def rotation_order(candidates: Sequence[Candidate]) -> list[Candidate]:
    """The fixed, documented order: by key (the provider's slug). Duplicate keys are merged, their
    free places added (a provider with two offerings of the type is one candidate)."""
    merged: dict[str, int] = {}
    for candidate in candidates:
        merged[candidate.key] = merged.get(candidate.key, 0) + max(candidate.free_places, 0)
    return [Candidate(key, merged[key]) for key in sorted(merged)]


def next_default(candidates: Sequence[Candidate], last: str | None) -> str | None:
    """The key of the candidate the default rule assigns next, or None if nobody has a place.

    `last` is the key the rule assigned last (None before the first default); it need no longer
    be a candidate."""
    ordered = rotation_order(candidates)
    if not ordered:
        return None
    start = 0
    if last is not None:
        # The first candidate after `last` in the order; past the end, wrap round to the start.
        start = next((i for i, c in enumerate(ordered) if c.key > last), 0)
    for step in range(len(ordered)):
        candidate = ordered[(start + step) % len(ordered)]
        if candidate.free_places > 0:
            return candidate.key
    return None
