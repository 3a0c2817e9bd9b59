"""What the matching engine reads about a person and a vacancy, and what it answers.

Fairness by design: ``PersonFeatures`` holds only what a job asks about: occupations wanted and
done, skills, languages, driving licences, where the person lives and can travel, the extent
they can work, and whether they are available. It has NO gender, age or birth date, country of
birth or citizenship, religion, disability or health, sexual orientation, name or personal
identity number, nor any other ground protected by the Discrimination Act
(diskrimineringslagen 2008:567): what the engine never receives it cannot use, weigh or leak.
A test asserts the exact field set, so such a field cannot be added by accident. The proxies
that remain (home district, languages) are discussed in docs/matching-engine.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

EXTENTS = ("full", "part", "any")


@dataclass(frozen=True)
class PersonFeatures:
    """A person as the engine sees them (and nothing else; see the module's text)."""

    ref: str
    wanted_ssyk: tuple[str, ...]  # SSYK 2012 4-digit codes the person wants to work in
    experience: tuple[tuple[str, float], ...]  # (SSYK 4-digit code, years)
    skills: frozenset[str]  # skill concept ids
    languages: frozenset[str]  # language concept ids
    licences: frozenset[str]  # driving licence codes: "B", "C", "D", ...
    home_district: str  # district slug
    travel_districts: frozenset[str]  # districts the person says they can travel to
    extent: str  # "full", "part" or "any"
    available: bool  # not interrupted, not exited


@dataclass(frozen=True)
class VacancyFeatures:
    """A vacancy or placement as the engine sees it."""

    ref: str
    ssyk: str  # SSYK 2012 4-digit code
    required_skills: frozenset[str]
    desired_skills: frozenset[str]
    required_languages: frozenset[str]
    desired_languages: frozenset[str]
    licence: str | None  # a required driving licence code, or None
    district: str  # the workplace's district slug
    extent: str  # "full" or "part"


@dataclass(frozen=True)
class Factor:
    """One thing that counted, with the points it gave (before scaling to 0-100).

    ``details`` holds what a page needs to say it in words; see ``explain`` for each code.
    """

    code: str
    points: float
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Match:
    """A person and a vacancy: the score 0-100, the factors and any hard requirement not met."""

    person_ref: str
    vacancy_ref: str
    score: float
    factors: tuple[Factor, ...]
    excluded: tuple[str, ...] = ()


OCCUPATION_LEVEL_CODES = {
    4: "occupation_exact",
    3: "occupation_shared_3",
    2: "occupation_shared_2",
    1: "occupation_shared_1",
}
LEVEL_WORDS = {
    4: "the same occupation group",
    3: "the same 3-digit occupation group",
    2: "the same 2-digit occupation group",
    1: "the same occupation field (1 digit)",
}
EXCLUSION_WORDS = {
    "not_available": "the person is not available just now",
    "required_language": "the person lacks a required language: {missing}",
    "licence": "the person lacks the required driving licence {licence}",
    "extent": "the job is full time and the person can only work part time",
    "travel": "the workplace is {km} km away, beyond the travel limit, in a district the "
    "person did not list",
}


def _names(values: Any) -> str:
    return ", ".join(sorted(values)) or "none"


def _pts(points: float) -> str:
    return f"{points:g} points"


def _sentence(factor: Factor) -> str:  # noqa: C901 - one branch per factor code
    d = factor.details
    code = factor.code
    if code.startswith("occupation_"):
        return (
            f"Wants to work as SSYK {d['person_ssyk']}, {LEVEL_WORDS[d['shared_digits']]} as the "
            f"vacancy's SSYK {d['vacancy_ssyk']} ({_pts(factor.points)})"
        )
    if code == "experience":
        return (
            f"{d['years']:g} years of experience as SSYK {d['person_ssyk']}, "
            f"{LEVEL_WORDS[d['shared_digits']]} as the vacancy's SSYK {d['vacancy_ssyk']} "
            f"({_pts(factor.points)})"
        )
    if code in ("required_skills", "desired_skills", "desired_languages"):
        what = code.replace("_", " ")
        if not d["asked"]:
            return f"The vacancy asks for no {what}: nothing is missing ({_pts(factor.points)})"
        return (
            f"Has {len(d['met'])} of {len(d['asked'])} {what}: met {_names(d['met'])}; "
            f"missing {_names(d['missing'])} ({_pts(factor.points)})"
        )
    if code == "required_languages":
        return f"Speaks every required language: {_names(d['met'])}"
    if code == "licence":
        return f"Has the required driving licence {d['licence']}"
    if code == "travel":
        if d["listed"]:
            return (
                f"Listed the workplace's district {d['district']} as one they can travel to "
                f"({_pts(factor.points)})"
            )
        if d["km"] is None:
            return (
                f"The distance from {d['home']} to {d['district']} is not known "
                f"({_pts(factor.points)})"
            )
        return f"Lives {d['km']:g} km from the workplace in {d['district']} ({_pts(factor.points)})"
    if code == "extent":
        can = "full or part" if d["person"] == "any" else d["person"]
        return f"Can work {can} time; the job is {d['vacancy']} time ({_pts(factor.points)})"
    if code == "occupation_none":
        return (
            f"No wished or past occupation shares a group with the vacancy's SSYK "
            f"{d['vacancy_ssyk']} ({_pts(factor.points)})"
        )
    return f"{code} ({_pts(factor.points)})"


def explain(match: Match) -> list[str]:
    """Plain English, one line per factor (and per hard requirement not met)."""
    if match.excluded:
        lines = [f"Excluded, score 0: {', '.join(match.excluded)}"]
        details = {f.code: f.details for f in match.factors}
        for code in match.excluded:
            lines.append(EXCLUSION_WORDS[code].format(**_exclusion_words(code, details)))
        return lines
    lines = [f"Score {match.score:.1f} of 100"]
    lines.extend(_sentence(f) for f in match.factors)
    return lines


def _exclusion_words(code: str, details: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    if code == "required_language":
        return {"missing": _names(details.get("required_languages", {}).get("missing", ()))}
    if code == "licence":
        return {"licence": details.get("licence", {}).get("licence", "")}
    if code == "travel":
        return {"km": details.get("travel", {}).get("km", "")}
    return {}
