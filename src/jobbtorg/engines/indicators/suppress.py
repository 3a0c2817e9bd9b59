"""Disclosure control for analysts: groups of fewer than `below` are not shown.

A value whose `n` is under `below` (0 included) gets value None, n None (the n itself would
disclose) and `suppressed=True`; pages and exports show it as "fewer than 5". The analyst's
pages and exports use 5; the command line shows everything unless `--suppress-below N`.

Known limit: this is primary suppression only. A suppressed group can sometimes be worked out
from the city's value minus the other groups (complementary disclosure); the analyst sees
aggregates only and the threshold is the committee's, so no secondary suppression is done.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from jobbtorg.engines.indicators.compute import IndicatorValue

ANALYST_THRESHOLD = 5


def suppress(
    values: Iterable[IndicatorValue], below: int = ANALYST_THRESHOLD
) -> list[IndicatorValue]:
    """The values with every group of n < `below` blanked and marked (see the module docstring)."""
    if below < 1:
        raise ValueError(f"below must be at least 1, got {below}")
    return [
        replace(value, value=None, n=None, suppressed=True)
        if value.n is None or value.n < below
        else value
        for value in values
    ]


def fewer_than(below: int = ANALYST_THRESHOLD) -> str:
    """The English text shown instead of a suppressed value (the app translates it)."""
    return f"fewer than {below}"
