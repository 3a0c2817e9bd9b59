"""The one shape every state machine of the product has: a read-only table of
(status, action) → next status.

Plan versions, proposals, seasons and provider reports each declare one `TransitionTable` in
`engines/rules/`. Their service asks `next_status` before it writes, so nothing the table does
not list can happen, and their pages offer only `allowed_actions`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Generic, TypeVar

Status = TypeVar("Status", bound=str)
Action = TypeVar("Action", bound=str)


class TransitionNotAllowed(ValueError):
    """The action is not allowed from this status (the table does not list it)."""

    def __init__(self, machine: str, status: str, action: str) -> None:
        super().__init__(f"{machine}: {action!r} is not allowed from {status!r}.")
        self.machine = machine
        self.status = status
        self.action = action


@dataclass(frozen=True)
class TransitionTable(Generic[Status, Action]):
    """`transitions` maps (status, action) to the status the action leads to."""

    name: str
    transitions: Mapping[tuple[Status, Action], Status]
    _frozen: Mapping[tuple[Status, Action], Status] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # Read-only so no caller can widen the machine at run time.
        object.__setattr__(self, "_frozen", MappingProxyType(dict(self.transitions)))
        object.__setattr__(self, "transitions", self._frozen)

    def next_status(self, status: Status, action: Action) -> Status:
        try:
            return self._frozen[(status, action)]
        except KeyError:
            raise TransitionNotAllowed(self.name, status, action) from None

    def allows(self, status: Status, action: Action) -> bool:
        return (status, action) in self._frozen

    def allowed_actions(self, status: Status) -> frozenset[Action]:
        """What a page may offer for something in this status."""
        return frozenset(action for (source, action) in self._frozen if source == status)

    def statuses(self) -> frozenset[Status]:
        return frozenset({source for source, _ in self._frozen} | set(self._frozen.values()))
