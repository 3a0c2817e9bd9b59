"""A line's reason as values: the English text of the invoice basis is word for word what it
has always been, and the values survive being stored."""

import importlib
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.engines.payments.model import Level, StepKind
from jobbtorg.engines.payments.run import Event, Reason, Why

D = date(2026, 3, 2)
M = date(2026, 4, 1)

TEXTS = [
    (Reason(Event(Why.STARTED, day=D)), "started 2026-03-02"),
    (Reason(Event(Why.ACTIVE, day=M)), "active in 2026-04"),
    (Reason(Event(Why.RESULT, day=D)), "result (work or studies) 2026-03-02"),
    (
        Reason(Event(Why.LASTED, day=D, months=3)),
        "in work or without assistance 3 months after the result of 2026-03-02",
    ),
    (
        Reason(Event(Why.STARTED, day=D), ("2026-03/4",), Level.B, Decimal("2000.00"), Decimal(0)),
        "correction of run 2026-03/4: started 2026-03-02, level B pays 2000.00, paid 0",
    ),
    (
        Reason(
            Event(Why.START_NEVER_HAPPENED), ("2026-03/4", "2026-04/5"), paid=Decimal("2000.00")
        ),
        "correction of run 2026-03/4, 2026-04/5: the start never happened, paid 2000.00",
    ),
    (
        Reason(Event(Why.START_MOVED, day=D), ("r",), paid=Decimal(1)),
        "correction of run r: the start was moved to 2026-03-02, paid 1",
    ),
    (
        Reason(Event(Why.NO_SUCH_STEP, kind=StepKind.RESULT_FEE), ("r",), paid=Decimal(1)),
        "correction of run r: the contract's payment model has no result_fee step, paid 1",
    ),
    (
        Reason(Event(Why.NOT_ACTIVE, day=M), ("r",), paid=Decimal(1)),
        "correction of run r: not active in 2026-04, paid 1",
    ),
    (
        Reason(Event(Why.RESULT_RETRACTED), ("r",), paid=Decimal(1)),
        "correction of run r: the result was retracted, paid 1",
    ),
    (
        Reason(Event(Why.RESULT_MOVED, day=D), ("r",), paid=Decimal(1)),
        "correction of run r: the result was moved to 2026-03-02, paid 1",
    ),
    (
        Reason(Event(Why.NO_LONGER_DUE), ("r",), paid=Decimal(1)),
        "correction of run r: no longer due, paid 1",
    ),
    (
        Reason(Event(Why.FOLLOW_UP_NOT_KNOWN, months=6), ("r",), paid=Decimal(1)),
        "correction of run r: the 6-month follow-up is no longer known, paid 1",
    ),
    (
        Reason(Event(Why.NOT_LASTED, months=3), ("r",), paid=Decimal(1)),
        "correction of run r: not in work or without assistance 3 months after the result, paid 1",
    ),
    (
        Reason(Event(Why.BONUS_LATER, day=M, months=6), ("r",), paid=Decimal(1)),
        "correction of run r: the 6-month bonus is due from 2026-04, paid 1",
    ),
]


@pytest.mark.parametrize(("reason", "text"), TEXTS)
def test_the_english_text_is_the_invoice_basis_as_before(reason, text):
    assert reason.text() == text


def test_every_kind_of_reason_has_a_text():
    assert {reason.event.why for reason, _text in TEXTS} == set(Why)


reasons = st.builds(
    Reason,
    event=st.builds(
        Event,
        why=st.sampled_from(list(Why)),
        day=st.none() | st.dates(date(2020, 1, 1), date(2030, 12, 31)),
        months=st.none() | st.sampled_from([3, 6]),
        kind=st.none() | st.sampled_from(list(StepKind)),
    ),
    corrects=st.lists(st.text("0123456789-/", min_size=1, max_size=9), max_size=3).map(tuple),
    level=st.none() | st.sampled_from(list(Level)),
    owed=st.none() | st.decimals(-(10**6), 10**6, places=2),
    paid=st.none() | st.decimals(-(10**6), 10**6, places=2),
)


@given(reasons)
def test_a_reason_stored_as_values_reads_back_the_same(reason):
    assert Reason.from_json(reason.as_json()) == reason


DAYS = st.dates(date(2020, 1, 1), date(2030, 12, 31))
FIRSTS = DAYS.map(lambda day: day.replace(day=1))
MONTHS = st.sampled_from([3, 6])
# What each kind of event names, as the engine makes them.
EVENTS = {
    Why.STARTED: {"day": DAYS},
    Why.ACTIVE: {"day": FIRSTS},
    Why.RESULT: {"day": DAYS},
    Why.LASTED: {"day": DAYS, "months": MONTHS},
    Why.START_NEVER_HAPPENED: {},
    Why.START_MOVED: {"day": DAYS},
    Why.NO_SUCH_STEP: {"kind": st.sampled_from(list(StepKind))},
    Why.NOT_ACTIVE: {"day": FIRSTS},
    Why.RESULT_RETRACTED: {},
    Why.RESULT_MOVED: {"day": DAYS},
    Why.NO_LONGER_DUE: {},
    Why.FOLLOW_UP_NOT_KNOWN: {"months": MONTHS},
    Why.NOT_LASTED: {"months": MONTHS},
    Why.BONUS_LATER: {"day": FIRSTS, "months": MONTHS},
}
AMOUNTS = st.decimals(-(10**6), 10**6, places=2, allow_nan=False, allow_infinity=False)
RUNS = st.lists(
    st.builds(lambda month, n: f"{month:%Y-%m}/{n}", DAYS, st.integers(1, 999)),
    min_size=1,
    max_size=3,
    unique=True,
).map(tuple)


@st.composite
def engine_reasons(draw):
    why = draw(st.sampled_from(list(Why)))
    event = Event(why, **{name: draw(values) for name, values in EVENTS[why].items()})
    if not draw(st.booleans()):
        return Reason(event)
    still_due = draw(st.booleans())
    return Reason(
        event,
        draw(RUNS),
        level=draw(st.sampled_from(list(Level))) if still_due else None,
        owed=draw(AMOUNTS) if still_due else None,
        paid=draw(AMOUNTS),
    )


@given(engine_reasons())
def test_a_line_made_before_the_values_were_stored_is_read_back_from_its_text(reason):
    """The migration that stores the values reads older lines' English texts back: any text
    the engine writes gives the values it stores now."""
    migration = importlib.import_module(
        "jobbtorg.payments.migrations.0003_payment_line_reason_as_values"
    )
    assert migration.reason_values(reason.text()) == reason.as_json()
