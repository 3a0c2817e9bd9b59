"""The matching engine (R23–R24): pure Python with numpy and scipy, no Django.

See docs/matching-engine.md. The adapter in the app turns models into ``PersonFeatures`` and
``VacancyFeatures``; this package scores them and explains every score.
"""

from jobbtorg.engines.matching.distance import DistrictDistances
from jobbtorg.engines.matching.index import MatchIndex
from jobbtorg.engines.matching.model import (
    Factor,
    Match,
    PersonFeatures,
    VacancyFeatures,
    explain,
)
from jobbtorg.engines.matching.score import score_plain
from jobbtorg.engines.matching.weights import DEFAULT_WEIGHTS, Weights

__all__ = [
    "DEFAULT_WEIGHTS",
    "DistrictDistances",
    "Factor",
    "Match",
    "MatchIndex",
    "PersonFeatures",
    "VacancyFeatures",
    "Weights",
    "explain",
    "score_plain",
]
