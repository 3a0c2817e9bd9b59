"""SUN 2020 education levels (SCB's code list, as published in JobTech's taxonomy), read from
`matching/reference/sun2020_levels.csv`: the matching profile stores the code and shows the
name. Read once per process; the file changes only with the code."""

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SUN_LEVELS_FILE = Path(__file__).parent / "reference" / "sun2020_levels.csv"


@dataclass(frozen=True)
class EducationLevel:
    code: str
    level: int  # 1 (broad) to 3 (detailed)
    parent_code: str
    label: str


@lru_cache(maxsize=1)
def education_levels() -> tuple[EducationLevel, ...]:
    with SUN_LEVELS_FILE.open(encoding="utf-8", newline="") as file:
        return tuple(
            EducationLevel(
                code=row["code"],
                level=int(row["level"]),
                parent_code=row["parent_code"],
                label=row["label_sv"],
            )
            for row in csv.DictReader(file)
        )


def education_level_name(code: str) -> str:
    """The level's name for a code, or "" for a code that is not in SUN 2020."""
    for level in education_levels():
        if level.code == code:
            return level.label
    return ""


def education_level_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """For the profile's select: the detailed levels (2 and 3) under their broad level, by name
    only; a broad level with no detail under it is offered itself."""
    levels = education_levels()
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for broad in (level for level in levels if level.level == 1):
        middle = [level for level in levels if level.parent_code == broad.code]
        options: list[tuple[str, str]] = []
        for level in middle:
            options.append((level.code, level.label))
            options.extend(
                (detail.code, f"– {detail.label}")
                for detail in levels
                if detail.parent_code == level.code
            )
        groups.append((broad.label, options or [(broad.code, broad.label)]))
    return groups
