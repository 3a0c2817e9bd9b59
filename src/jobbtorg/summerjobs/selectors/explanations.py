"""An allocation run's explanation for one applicant, in words (R26: every applicant learns their
lottery number, their standing at each choice, and why they got what they got).

`services.allocation` writes `Explanation.details` from the engine's explanation (kept whole
under "engine"); this reads the keys below and ignores others, so a richer explanation does not
break the page:

    {"lottery": 0.1234,
     "placed_at": "bibliotek-ab12" | null,
     "choices": [{"rank": 1, "workplace": "bibliotek-ab12", "eligible": true,
                  "standing": 14, "places": 10, "cutoff": 9,
                  "outcome": "placed" | "full" | "not_eligible" | "better_choice"
                             | "not_reached"}],
     "reason": "free text (optional)"}

"cutoff" is the place in line of the last one admitted.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from jobbtorg.summerjobs.models import (
    Explanation,
    SummerApplication,
)


@dataclass(frozen=True)
class RoundExplanation:
    round_number: int
    lottery: str
    lines: list[str]
    summary: str


def _choice_line(choice: dict[str, Any], names: dict[str, str]) -> str:
    rank = choice.get("rank", "?")
    code = str(choice.get("workplace") or "")
    where = names.get(code, code) or _("any suitable place in the districts you chose")
    outcome = choice.get("outcome", "")
    standing = choice.get("standing")
    places = choice.get("places")
    head = _("Choice %(rank)s, %(where)s") % {"rank": rank, "where": where}
    if outcome == "not_eligible" or choice.get("eligible") is False:
        return head + ": " + _("you could not get this place because of its age limits.")
    position = ""
    if standing is not None and places is not None:
        position = _("you were number %(standing)s in line for %(places)s places") % {
            "standing": standing,
            "places": places,
        }
    elif standing is not None:
        position = _("you were number %(standing)s in line") % {"standing": standing}
    words = {
        "placed": _("you got this place"),
        "full": _("the places went to young people before you in line"),
        "better_choice": _("you got a place you wanted more"),
        "not_reached": _("not needed, you got a place you wanted more"),
    }
    cutoff = choice.get("cutoff")
    if outcome == "full" and cutoff is not None:
        position = (position + "; " if position else "") + _(
            "the last one to get a place there was number %(cutoff)s"
        ) % {"cutoff": cutoff}
    parts = [p for p in (position, words.get(str(outcome), "")) if p]
    return head + (": " + "; ".join(parts) + "." if parts else ".")


def explanations_for(application: SummerApplication) -> list[RoundExplanation]:
    """The application's explanations, round by round (first round first)."""
    rows = list(
        Explanation.objects.filter(application=application)
        .select_related("run")
        .order_by("run__round_number")
    )
    names = {w.code: w.name for w in application.season.workplaces.all()}
    result = []
    for row in rows:
        details = row.details or {}
        lottery = details.get("lottery")
        lines = [_choice_line(c, names) for c in details.get("choices", []) if isinstance(c, dict)]
        placed = details.get("placed_at")
        if placed:
            summary = _("You got a place at %(where)s.") % {"where": names.get(placed, placed)}
        else:
            summary = _(
                "You did not get a place in this round: every place you chose went to young "
                "people before you in line, or you could not get it because of its age limits."
            )
        if details.get("reason"):
            summary = f"{summary} {details['reason']}"
        result.append(
            RoundExplanation(
                round_number=row.run.round_number,
                lottery="" if lottery is None else str(lottery),
                lines=lines,
                summary=summary,
            )
        )
    return result
