"""A payment line's reason and participation as a manager reads them: in the user's language,
with dates, months and amounts written out, and the participation by a short reference rather
than its id. The engine gives the reason as values (`engines.payments.run.Reason`); the stored
English text stays the invoice basis's."""

import re
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from jobbtorg.engines.payments.run import Event, Reason, Why
from jobbtorg.providers.models import PaymentStepKind
from jobbtorg.providers.services.catalog import payment_problem_text


def money_text(amount: Decimal | None) -> str:
    """12 500,00 kr (in the language's number format)."""
    return _("%(amount)s kr") % {
        "amount": number_format(amount or Decimal(0), 2, force_grouping=True)
    }


def participation_reference(participation_id: Any) -> str:
    """A participation named without its id: "D-3F2A-91C0", the first eight hex digits of the
    id. Short enough to read out and to search for in the invoice basis, whose `participation`
    column holds the whole id."""
    if not participation_id:
        return _("Culled (gallrad)")
    digits = uuid.UUID(str(participation_id)).hex[:8].upper()
    return f"D-{digits[:4]}-{digits[4:]}"


def _event_text(event: Event) -> str:
    day = event.day.isoformat() if event.day else ""
    month = f"{event.day:%Y-%m}" if event.day else ""
    values = {"date": day, "month": month, "months": event.months or ""}
    texts: dict[Why, Callable[[], str]] = {
        Why.STARTED: lambda: _("Started on %(date)s") % values,
        Why.ACTIVE: lambda: _("Took part in %(month)s") % values,
        Why.RESULT: lambda: _("Work or studies from %(date)s") % values,
        Why.LASTED: lambda: (
            _("In work or without assistance %(months)s months after the result of %(date)s")
            % values
        ),
        Why.START_NEVER_HAPPENED: lambda: _("The start never happened"),
        Why.START_MOVED: lambda: _("The start was moved to %(date)s") % values,
        Why.NO_SUCH_STEP: lambda: (
            _("The contract's payment model has no step “%(step)s”")
            % {"step": PaymentStepKind(event.kind).label if event.kind else ""}
        ),
        Why.NOT_ACTIVE: lambda: _("Did not take part in %(month)s") % values,
        Why.RESULT_RETRACTED: lambda: _("The result was withdrawn"),
        Why.RESULT_MOVED: lambda: _("The result was moved to %(date)s") % values,
        Why.NO_LONGER_DUE: lambda: _("No longer due"),
        Why.FOLLOW_UP_NOT_KNOWN: lambda: (
            _("The follow-up after %(months)s months is no longer known") % values
        ),
        Why.NOT_LASTED: lambda: (
            _("Not in work or without assistance %(months)s months after the result") % values
        ),
        Why.BONUS_LATER: lambda: (
            _("The bonus after %(months)s months is due from %(month)s") % values
        ),
    }
    return texts[event.why]()


def reason_text(details: dict[str, Any], stored: str) -> str:
    """The reason of a line from its stored values; a line made before they were stored keeps
    its stored text."""
    if not details:
        return stored
    reason = Reason.from_json(details)
    event = _event_text(reason.event)
    if not reason.corrects:
        return event
    values = {
        "runs": ", ".join(reason.corrects),
        "event": event,
        "level": reason.level or "",
        "owed": money_text(reason.owed),
        "paid": money_text(reason.paid),
    }
    if reason.owed is not None:
        return (
            _(
                "Correction of run %(runs)s: %(event)s; level %(level)s pays %(owed)s, "
                "%(paid)s was paid"
            )
            % values
        )
    return _("Correction of run %(runs)s: %(event)s; %(paid)s was paid") % values


_UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")


def problem_text(problem: str | dict[str, Any]) -> str:
    """A run's problem in the user's language (stored as the engine's msgid and params; a run
    made before they were stored keeps its English text), with each participation named by
    its short reference, as on the lines, rather than by its id."""
    if isinstance(problem, dict):
        problem = payment_problem_text(problem["msgid"], problem.get("params") or {})
    return _UUID.sub(lambda match: participation_reference(match.group(0)), problem)
