"""The summer-job allocation engine: pure Python, no Django.

See docs/summerjobs-allocation.md.
"""

from jobbtorg.engines.summerjobs.allocate import Allocation, UnknownWorkplace, allocate
from jobbtorg.engines.summerjobs.model import Applicant, Explanation, Workplace, drawn_lottery

__all__ = [
    "Allocation",
    "Applicant",
    "Explanation",
    "UnknownWorkplace",
    "Workplace",
    "allocate",
    "drawn_lottery",
]
