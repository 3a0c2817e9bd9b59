"""A generated summer-job season for benchmarks and tests: deterministic from a seed."""

from __future__ import annotations

import random
from datetime import date, timedelta

from jobbtorg.engines.summerjobs.model import Applicant, Workplace

DISTRICTS = (
    "rinkeby-kista",
    "spanga-tensta",
    "hasselby-vallingby",
    "bromma",
    "kungsholmen",
    "norrmalm",
    "ostermalm",
    "sodermalm",
    "enskede-arsta-vantor",
    "skarpnack",
    "farsta",
    "alvsjo",
    "hagersten-liljeholmen",
    "skarholmen",
)


def season(
    applicants: int = 15_900,
    workplaces: int = 800,
    places: int = 6_900,
    *,
    choices: int = 5,
    seed: int = 2015,
    on: date = date(2015, 6, 15),
    given_lottery: bool = False,
) -> tuple[list[Applicant], list[Workplace]]:
    """``applicants`` young people aged 15 to 19 on ``on`` choosing ``choices`` distinct
    workplaces each with skewed popularity (weight 1/rank**1.25); ``places`` places spread over
    ``workplaces`` (each at least one); every fifth workplace requires 18 and over, every
    seventh takes only 15 to 17. About 1 in 8 applicants has a priority ground (1-3)."""
    rnd = random.Random(seed)
    caps = [1] * workplaces
    for _ in range(places - workplaces):
        caps[rnd.randrange(workplaces)] += 1
    places_list = []
    for w in range(workplaces):
        min_age = 18 if w % 5 == 0 else None
        max_age = 17 if w % 7 == 0 and min_age is None else None
        places_list.append(
            Workplace(f"W{w:05d}", caps[w], min_age, max_age, DISTRICTS[w % len(DISTRICTS)])
        )
    weights = [1.0 / (r + 1) ** 1.25 for r in range(workplaces)]
    order = list(range(workplaces))
    rnd.shuffle(order)
    cumulative = []
    total = 0.0
    for r in range(workplaces):
        total += weights[r]
        cumulative.append(total)
    people = []
    for a in range(applicants):
        picked: list[int] = []
        while len(picked) < min(choices, workplaces):
            w = order[_bisect(cumulative, rnd.random() * total)]
            if w not in picked:
                picked.append(w)
        born = on - timedelta(days=rnd.randrange(15 * 365 + 4, 20 * 365 + 4))
        priority = rnd.choice((1, 2, 3)) if rnd.random() < 0.125 else 0
        people.append(
            Applicant(
                f"A{a:06d}",
                born,
                rnd.choice(DISTRICTS),
                priority,
                rnd.random() if given_lottery else None,
                tuple(places_list[w].id for w in picked),
            )
        )
    return people, places_list


def _bisect(cumulative: list[float], x: float) -> int:
    lo, hi = 0, len(cumulative) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cumulative[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo
