"""One refusal of typed input, in the shape every rule module returns: the field it lies in, a
stable code, and an English message (a msgid) that the app translates where it shows it.

The rule modules know no language and no Django: `Problem.text(gettext)` fills in the params
after the app's translation, so the message reads in the user's language and names values, not
internal codes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


def gettext_noop(message: str) -> str:
    """Marks an English message for the translation catalogue; the app translates it."""
    return message


@dataclass(frozen=True)
class Problem:
    """`field`: the name the service and the API report ("activities.2.start", "held_on")."""

    field: str
    code: str
    message: str
    params: tuple[tuple[str, str], ...] = ()

    def text(self, translate: Callable[[str], str] = gettext_noop) -> str:
        message = translate(self.message)
        return message % dict(self.params) if self.params else message


def by_field(
    problems: tuple[Problem, ...], translate: Callable[[str], str] = gettext_noop
) -> dict[str, list[str]]:
    """Every problem's message under its field, in order: the shape of `ValidationFailed`."""
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.field, []).append(problem.text(translate))
    return errors
