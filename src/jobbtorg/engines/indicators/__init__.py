"""Follow-up indicators, suppression and the effect estimate (R28–R31): pure Python, no Django.

See docs/indicators.md and docs/effect.md.
"""

from jobbtorg.engines.indicators.compute import (
    INDICATORS,
    IndicatorValue,
    indicators,
    indicators_prepared,
)
from jobbtorg.engines.indicators.data import AssistanceMatrix, Prepared, prepare
from jobbtorg.engines.indicators.rows import (
    ActivityRow,
    AssistanceRow,
    CaseRow,
    Period,
    tertial_of,
    tertials,
)

__all__ = [
    "INDICATORS",
    "ActivityRow",
    "AssistanceMatrix",
    "AssistanceRow",
    "CaseRow",
    "IndicatorValue",
    "Period",
    "Prepared",
    "indicators",
    "indicators_prepared",
    "prepare",
    "tertial_of",
    "tertials",
]
