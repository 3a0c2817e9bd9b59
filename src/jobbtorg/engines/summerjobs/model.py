"""What the summer-job allocation reads (applicants, workplaces) and answers (an allocation with
an explanation per applicant). Pure Python; see docs/summerjobs-allocation.md."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

# The reasons for an applicant's result, as codes the product translates.
PLACED_AT_CHOICE_N = "placed_at_choice_n"  # placed at choice number ``Explanation.placed_choice``
ALL_CHOICES_FULL = "all_choices_full"  # eligible somewhere, but every such place went to others
NO_ELIGIBLE_CHOICE = "no_eligible_choice"  # every choice was outside the applicant's age
NO_CHOICES = "no_choices"  # the applicant chose nothing

# What happened at one choice.
NOT_ELIGIBLE = "not_eligible"  # age on the reference date outside the workplace's limits
REPEATED = "repeated"  # the same workplace earlier in the list; only the first one counts
TURNED_DOWN = "turned_down"  # eligible, but every place went to applicants of higher standing
PLACED_HERE = "placed_here"
NOT_REACHED = "not_reached"  # the applicant got a choice they ranked higher


@dataclass(frozen=True)
class Applicant:
    id: str
    birth_date: date
    district: str
    priority: int  # higher first
    lottery: float | None  # lower first; None: drawn from the seed (see ``drawn_lottery``)
    choices: tuple[str, ...]  # workplace ids, most wanted first


@dataclass(frozen=True)
class Workplace:
    id: str
    capacity: int
    min_age: int | None  # age in whole years on the reference date; None: no limit
    max_age: int | None
    district: str


def age_on(birth_date: date, on: date) -> int:
    """Age in whole years on ``on``. Someone born on 29 February turns a year older on 1 March
    in years that have no 29 February."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


# From this age no guardian is asked for, and the workplace's contact sees an adult.
ADULT_AGE = 18


def is_minor(birth_date: date, on: date) -> bool:
    """Under ADULT_AGE on ``on``: the application needs a guardian, the workplace is told."""
    return age_on(birth_date, on) < ADULT_AGE


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier: the last birth date of someone ``years`` old on ``day``.
    From 29 February into a year without it that is 28 February (age_on counts someone born
    on 28 February a year older on 29 February, and someone born on 1 March not yet)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def drawn_lottery(seed: int, applicant_id: str) -> float:
    """The lottery number of an applicant without one: the first 8 bytes of
    SHA-256(f"{seed}:{applicant_id}" in UTF-8), read as a big-endian unsigned integer, keep its
    top 53 bits, divide by 2**53. A number in [0, 1) that depends only on the seed and the
    applicant's id (not on the order of the input), and that anyone can recompute, e.g. in
    Python: ``int.from_bytes(hashlib.sha256(f"{seed}:{id}".encode()).digest()[:8], "big")
    >> 11) / 2**53``."""
    digest = hashlib.sha256(f"{seed}:{applicant_id}".encode()).digest()
    return (int.from_bytes(digest[:8], "big") >> 11) / 9007199254740992.0


@dataclass(frozen=True)
class Standing:
    """An applicant's standing at one workplace: ``rank`` among the ``out_of`` eligible
    applicants who chose it (1 = first in the workplace's order); ``cutoff`` the rank of the
    last one admitted (None when nobody was admitted); ``admitted`` of ``capacity`` places."""

    rank: int
    out_of: int
    cutoff: int | None
    admitted: int
    capacity: int


@dataclass(frozen=True)
class ChoiceOutcome:
    """What happened at one choice (``status`` one of the constants above). For
    ``not_eligible``: ``age`` and the limits; for ``turned_down`` and ``placed_here``: the
    standing; for ``not_reached`` the standing too (what it would have been)."""

    workplace_id: str
    status: str
    standing: Standing | None = None
    age: int | None = None
    min_age: int | None = None
    max_age: int | None = None


@dataclass(frozen=True)
class Explanation:
    applicant_id: str
    lottery: float
    reason: str  # one of the reason codes above
    placed_choice: int | None  # 1-based position in the applicant's list, when placed
    workplace_id: str | None
    choices: tuple[ChoiceOutcome, ...]
