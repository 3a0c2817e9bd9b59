"""A stand-in for the indicator engine, for tests only.

The pages and the report are tested against known rows, not against the engine (which has its
own tests in tests/engines/indicators): `stub_compute` replaces the one function that calls
the engine, `jobbtorg.followup.service.compute_rows`. Until the engine is merged, `install()`
also puts minimal modules under its names, so that the `followup` command (which imports the
engine at the top) can be loaded; when the engine is there, it is left alone."""

import importlib
import sys
import types
from dataclasses import dataclass
from typing import Any

YEAR = 2026
TERTIAL = 1

# (year, breakdown, Jobbtorg) -> rows as the engine gives them, before any suppression.
ROWS: dict[tuple[int, str | None, str | None], list[dict[str, Any]]] = {
    (YEAR, None, None): [
        {"indicator": "referrals", "group": {}, "value": 120, "n": 120},
        {"indicator": "exits", "group": {}, "value": 50, "n": 50},
        {"indicator": "exits_to_work_share", "group": {}, "value": 0.42, "n": 50},
        {"indicator": "median_days_to_exit", "group": {}, "value": 200.0, "n": 50},
        {"indicator": "assistance_reduction_2m", "group": {}, "value": None, "n": 0},
    ],
    (YEAR - 1, None, None): [
        {"indicator": "referrals", "group": {}, "value": 100, "n": 100},
        {"indicator": "exits", "group": {}, "value": 45, "n": 45},
        {"indicator": "exits_to_work_share", "group": {}, "value": 0.375, "n": 40},
        {"indicator": "median_days_to_exit", "group": {}, "value": 210.0, "n": 40},
    ],
    (YEAR, "target_group", None): [
        {
            "indicator": "exited_within_18_months_share",
            "group": {"target_group": "resurs"},
            "value": 0.8,
            "n": 40,
        },
        {
            "indicator": "exited_within_18_months_share",
            "group": {"target_group": "youth"},
            "value": 0.5,
            "n": 3,
        },
    ],
    (YEAR - 1, "target_group", None): [
        {
            "indicator": "exited_within_18_months_share",
            "group": {"target_group": "resurs"},
            "value": 0.75,
            "n": 36,
        },
    ],
    (YEAR, "jobbtorg", None): [
        {
            "indicator": "exits_to_work_share",
            "group": {"jobbtorg": "sydost"},
            "value": 0.5,
            "n": 46,
        },
        {
            "indicator": "exits_to_work_share",
            "group": {"jobbtorg": "jarva"},
            "value": 0.25,
            "n": 4,
        },
    ],
    (YEAR, None, "sydost"): [
        {"indicator": "exits_to_work_share", "group": {}, "value": 0.5, "n": 46},
    ],
    (YEAR, "target_group", "sydost"): [
        {
            "indicator": "exits_to_work_share",
            "group": {"target_group": "resurs"},
            "value": 0.6,
            "n": 20,
        },
    ],
}


def fake_compute_rows(start, end, *, by, job_centre, suppress_below, source):
    """What `compute_rows` returns, from ROWS, suppressing as the engine's `suppress` does."""
    calls.append((start, end, by, job_centre, suppress_below))
    rows = []
    for row in ROWS.get((start.year, by, job_centre), []):
        row = {**row, "group": dict(row["group"])}
        if suppress_below and row["n"] is not None and row["n"] < suppress_below:
            row.update(value=None, n=None, suppressed=True)
        rows.append(row)
    return rows


calls: list[tuple[Any, ...]] = []


def install() -> None:
    """Minimal engine modules, only while the real engine is not there."""
    try:
        importlib.import_module("jobbtorg.engines.indicators.compute")
        importlib.import_module("jobbtorg.engines.indicators.suppress")
        return
    except ImportError:
        pass

    @dataclass(frozen=True)
    class Period:
        start: Any
        end: Any

    class Row:
        def __init__(self, **kwargs: Any) -> None:
            self.__dict__.update(kwargs)

    package = types.ModuleType("jobbtorg.engines.indicators")
    package.__path__ = []
    rows = types.ModuleType("jobbtorg.engines.indicators.rows")
    rows.Period = Period
    rows.CaseRow = rows.ActivityRow = rows.AssistanceRow = Row
    compute = types.ModuleType("jobbtorg.engines.indicators.compute")
    compute.indicators = lambda *args, **kwargs: []
    suppress = types.ModuleType("jobbtorg.engines.indicators.suppress")
    suppress.suppress = lambda values, below=5: values
    sys.modules.update(
        {
            package.__name__: package,
            rows.__name__: rows,
            compute.__name__: compute,
            suppress.__name__: suppress,
        }
    )
