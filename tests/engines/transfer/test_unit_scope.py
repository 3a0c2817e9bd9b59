"""An upload limited to one unit decides from the rows and the unit's own people only: what the
rest of the product holds cannot change its answer."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobbtorg.engines.transfer.validate import UnitScope, validate
from tests.engines.transfer.builders import (
    ANNA_STORED,
    CODES,
    TODAY,
    good_tables,
    transfer_input,
)

MESSAGE = "Not yours."
SYDOST = UnitScope(own_people=frozenset(), served_districts=frozenset({"farsta"}), message=MESSAGE)
WITH_ANNA = UnitScope(
    own_people=frozenset({ANNA_STORED}), served_districts=frozenset({"farsta"}), message=MESSAGE
)


def _check(tables, unit, **options):
    result = validate(transfer_input(tables), CODES, today=TODAY, unit=unit, **options)
    return {r.file: r.message for r in result.rejects}, result


def _without(tables, *names):
    return {name: rows for name, rows in tables.items() if name not in names}


@pytest.mark.parametrize(
    ("tables", "unit", "rejected"),
    [
        # New to the unit, in a district it serves: taken; assistance only for its own people.
        (good_tables(), SYDOST, {"assistance.csv"}),
        # A district the unit does not serve: every row of the person falls, with one message.
        (
            good_tables(participants={"home_district": "rinkeby-kista"}),
            SYDOST,
            {
                "participants.csv",
                "plans.csv",
                "activities.csv",
                "interruptions.csv",
                "exits.csv",
                "assistance.csv",
            },
        ),
        # Rows without a participants row need the person to be the unit's already.
        (
            _without(good_tables(), "participants", "assistance"),
            SYDOST,
            {"plans.csv", "activities.csv", "interruptions.csv", "exits.csv"},
        ),
        # Own people need no participants row; the comparison pool's assistance is not the
        # unit's to write.
        (_without(good_tables(), "participants"), WITH_ANNA, {"assistance.csv"}),
        # The unit's own person cannot be moved to a district outside it.
        (
            _without(good_tables(participants={"home_district": "rinkeby-kista"}), "assistance"),
            WITH_ANNA,
            {"participants.csv", "plans.csv", "activities.csv", "interruptions.csv", "exits.csv"},
        ),
    ],
)
def test_what_a_unit_may_write(tables, unit, rejected):
    messages, _result = _check(tables, unit)
    assert set(messages) == rejected
    # The rows of the person themselves say only the unit's message; dependent rows say which
    # row they depended on.
    for file in {"participants.csv", "assistance.csv"} & rejected:
        assert messages[file] == MESSAGE


@settings(max_examples=40, deadline=None)
@given(
    elsewhere=st.booleans(),
    drop=st.sets(st.sampled_from(["participants", "plans", "activities", "assistance"])),
    district=st.sampled_from(["farsta", "rinkeby-kista"]),
)
def test_the_rest_of_the_product_never_changes_the_answer(elsewhere, drop, district):
    """Whether the product knows the person (and their plan) at another unit or not at all,
    a unit's check gives the same rejects and the same records."""
    tables = _without(good_tables(participants={"home_district": district}), *drop)
    known = frozenset({ANNA_STORED}) if elsewhere else frozenset()
    plans = {(ANNA_STORED, "P1"): (TODAY.replace(month=1, day=1), TODAY)} if elsewhere else {}
    with_known = validate(
        transfer_input(tables),
        CODES,
        today=TODAY,
        unit=SYDOST,
        known_people=known,
        known_plans=plans,
    )
    without = validate(transfer_input(tables), CODES, today=TODAY, unit=SYDOST)
    assert with_known.rejects == without.rejects
    assert with_known.records == without.records
