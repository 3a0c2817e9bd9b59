"""Reading and writing rows in bulk, because a municipality moves tens of thousands of people
at once."""

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.utils import timezone

# SQLite allows at most 999 variables in one statement on older builds.
CHUNK = 900

_T = TypeVar("_T")


def chunks(items: Sequence[_T]) -> Iterable[Sequence[_T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


class Counts:
    def __init__(self) -> None:
        self.by_file: dict[str, Counter[str]] = {}

    def add(self, file: str, outcome: str) -> None:
        self.by_file.setdefault(file, Counter())[outcome] += 1


def apply_changes(obj: Any, values: dict[str, Any]) -> list[str]:
    """Set `values` on `obj`; the names of those that differed."""
    names = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in names:
        setattr(obj, name, values[name])
    return names
