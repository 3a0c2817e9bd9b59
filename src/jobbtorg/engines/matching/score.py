"""The plain-Python scoring of one person against one vacancy: the reference the vectorised
index must agree with (to 1e-9), the source of every explanation, and the benchmark's baseline.
"""

from __future__ import annotations

from collections.abc import Iterable

from jobbtorg.engines.matching.distance import DistrictDistances
from jobbtorg.engines.matching.model import (
    OCCUPATION_LEVEL_CODES,
    Factor,
    Match,
    PersonFeatures,
    VacancyFeatures,
)
from jobbtorg.engines.matching.weights import DEFAULT_WEIGHTS, Weights


def shared_digits(a: str, b: str) -> int:
    """How many leading digits (0-4) two SSYK codes share."""
    n = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        n += 1
    return n


def _share_factor(code: str, weight: float, asked: frozenset[str], has: frozenset[str]) -> Factor:
    met = asked & has
    points = weight if not asked else len(met) / len(asked) * weight
    return Factor(
        code,
        points,
        {
            "asked": tuple(sorted(asked)),
            "met": tuple(sorted(met)),
            "missing": tuple(sorted(asked - has)),
        },
    )


def _occupation_factor(person: PersonFeatures, ssyk: str, weights: Weights) -> Factor:
    wish_points, wish_code, wish_level = 0.0, "", 0
    for code in person.wanted_ssyk:
        level = shared_digits(code, ssyk)
        points = weights.occupation_points(level)
        if points > wish_points:
            wish_points, wish_code, wish_level = points, code, level
    exp_points, exp_code, exp_level, exp_years = 0.0, "", 0, 0.0
    for code, years in person.experience:
        level = shared_digits(code, ssyk)
        points = weights.occupation_points(level) * weights.experience_share(years)
        if points > exp_points:
            exp_points, exp_code, exp_level, exp_years = points, code, level, years
    if exp_points > wish_points:
        return Factor(
            "experience",
            exp_points,
            {
                "person_ssyk": exp_code,
                "vacancy_ssyk": ssyk,
                "shared_digits": exp_level,
                "years": exp_years,
                "share": weights.experience_share(exp_years),
            },
        )
    if wish_points > 0:
        return Factor(
            OCCUPATION_LEVEL_CODES[wish_level],
            wish_points,
            {"person_ssyk": wish_code, "vacancy_ssyk": ssyk, "shared_digits": wish_level},
        )
    return Factor("occupation_none", 0.0, {"vacancy_ssyk": ssyk})


def score_plain(
    person: PersonFeatures,
    vacancy: VacancyFeatures,
    distances: DistrictDistances,
    weights: Weights = DEFAULT_WEIGHTS,
) -> Match:
    """Score one pair in plain Python, with every factor and every hard requirement not met."""
    excluded: list[str] = []
    if not person.available:
        excluded.append("not_available")
    factors = [
        _occupation_factor(person, vacancy.ssyk, weights),
        _share_factor(
            "required_skills", weights.required_skills, vacancy.required_skills, person.skills
        ),
    ]
    if vacancy.required_languages:
        missing = vacancy.required_languages - person.languages
        factors.append(
            Factor(
                "required_languages",
                0.0,
                {
                    "met": tuple(sorted(vacancy.required_languages & person.languages)),
                    "missing": tuple(sorted(missing)),
                },
            )
        )
        if missing:
            excluded.append("required_language")
    factors.append(
        _share_factor(
            "desired_skills", weights.desired_skills, vacancy.desired_skills, person.skills
        )
    )
    factors.append(
        _share_factor(
            "desired_languages",
            weights.desired_languages,
            vacancy.desired_languages,
            person.languages,
        )
    )
    if vacancy.licence is not None:
        factors.append(Factor("licence", 0.0, {"licence": vacancy.licence}))
        if vacancy.licence not in person.licences:
            excluded.append("licence")
    km = distances.km(person.home_district, vacancy.district)
    listed = vacancy.district in person.travel_districts
    travel_points = weights.travel if listed else weights.travel_points(km)
    factors.append(
        Factor(
            "travel",
            travel_points,
            {
                "km": km,
                "listed": listed,
                "home": person.home_district,
                "district": vacancy.district,
            },
        )
    )
    if not listed and weights.travel_excluded(km):
        excluded.append("travel")
    if vacancy.extent == "full" and person.extent == "part":
        excluded.append("extent")
        extent_points = 0.0
    elif vacancy.extent == "part" and person.extent == "full":
        extent_points = weights.extent_part_time_for_full_time_seeker
    else:
        extent_points = weights.extent
    factors.append(
        Factor("extent", extent_points, {"person": person.extent, "vacancy": vacancy.extent})
    )
    score = 0.0 if excluded else total_points(f.points for f in factors) * (100.0 / weights.maximum)
    return Match(person.ref, vacancy.ref, score, tuple(factors), tuple(excluded))


def total_points(points: Iterable[float]) -> float:
    return sum(points, 0.0)
