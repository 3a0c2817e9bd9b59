"""The engine's factors in words a matcher can show an employer or the person, translated.

The engine (`engines/matching`) returns each factor as a code, its points and its details; this
turns them into sentences. A code this module does not know is shown with its points, so a new
factor is never silently hidden."""

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from jobbtorg.matching.models import Language, Skill, SsykGroup


@lru_cache(maxsize=4)
def _labels(model: Any) -> dict[str, str]:
    """Reference data is loaded by migration and never edited: read it once per process."""
    key = "code" if model is SsykGroup else "concept_id"
    return dict(model.objects.values_list(key, "label_sv"))


def _names(model: Any, concept_ids: Iterable[str]) -> str:
    labels = _labels(model)
    return ", ".join(sorted(labels.get(i, i) for i in concept_ids or ()))


def _group(code: str) -> str:
    label = _labels(SsykGroup).get(code)
    return f"{code} {label}" if label else code


def _occupation_sentence(level: int, details: Mapping[str, Any]) -> str:
    vacancy, person = str(details.get("vacancy_ssyk", "")), str(details.get("person_ssyk", ""))
    source = details.get("source", "wish")
    where = _("wants to work as") if source == "wish" else _("has worked as")
    if level == 4:
        return _("The person %(where)s the same occupation group (%(group)s).") % {
            "where": where,
            "group": _group(vacancy),
        }
    return _(
        "The person %(where)s a related occupation (%(person)s), sharing %(level)s digits "
        "of the SSYK code with the job (%(vacancy)s)."
    ) % {
        "where": where,
        "person": _group(person) if person else "–",
        "level": level,
        "vacancy": _group(vacancy),
    }


def factor_sentence(code: str, points: float, details: Mapping[str, Any]) -> str:
    if code == "occupation_exact":
        return _occupation_sentence(4, details)
    if code.startswith("occupation_shared_"):
        return _occupation_sentence(int(code.rsplit("_", 1)[1]), details)
    if code == "experience":
        return _("%(years)s years of experience in the occupation.") % {
            "years": details.get("years", "?")
        }
    if code in NOTHING_ASKED and not details.get("asked", True):
        # The engine gives a factor that asks for nothing its full points (nothing is missing,
        # engines/matching/weights.py): say so, not "has: –" beside full points.
        return NOTHING_ASKED[code]()
    if code == "occupation_none":
        return _(
            "No occupation the person wants or has worked in shares a group with the job "
            "(%(vacancy)s)."
        ) % {"vacancy": _group(str(details.get("vacancy_ssyk", "")))}
    if code == "required_skills":
        met, missing = details.get("met", ()), details.get("missing", ())
        text = _("Required skills met: %(met)s.") % {"met": _names(Skill, met) or _("none")}
        if missing:
            text += " " + _("Missing: %(missing)s.") % {"missing": _names(Skill, missing)}
        return text
    if code == "desired_skills":
        return _("Desired skills the person has: %(met)s.") % {
            "met": _names(Skill, details.get("met", ())) or _("none")
        }
    if code == "desired_languages":
        return _("Desired languages the person speaks: %(met)s.") % {
            "met": _names(Language, details.get("met", ())) or _("none")
        }
    if code == "required_languages":
        return _("Speaks the required languages: %(met)s.") % {
            "met": _names(Language, details.get("met", ())) or "–"
        }
    if code == "travel":
        km = details.get("km")
        if details.get("listed"):
            return _("The workplace is in a district the person can travel to.")
        return _("About %(km)s km between the person's home district and the workplace.") % {
            "km": f"{km:.0f}" if isinstance(km, int | float) else "?"
        }
    if code == "extent":
        return _("The extent of the job suits what the person can work.")
    if code == "licence":
        return _("Has the required driving licence.")
    return f"{code}: {formats.number_format(points, 1)}"


NOTHING_ASKED = {
    "required_skills": lambda: _("The job asks for no required skills: nothing is missing."),
    "desired_skills": lambda: _("The job asks for no desired skills: nothing is missing."),
    "desired_languages": lambda: _("The job asks for no desired languages: nothing is missing."),
}


EXCLUSIONS = {
    "not_available": lambda: _("Not available now (interrupted or exited)."),
    "required_language": lambda: _("Lacks a language the employer requires."),
    "licence": lambda: _("Lacks the driving licence the job requires."),
    "extent": lambda: _("The job is full time; the person can only work part time."),
    "travel": lambda: _("The workplace is further than the person can travel."),
}


def exclusion_sentence(code: str) -> str:
    found = EXCLUSIONS.get(code)
    return found() if found else code


def explanation_rows(match: Any) -> list[dict[str, Any]]:
    """The factors of a match, as rows for a page or for keeping with a proposal."""
    return [
        {
            "code": factor.code,
            "points": round(float(factor.points), 1),
            "text": factor_sentence(factor.code, factor.points, factor.details),
        }
        for factor in match.factors
    ]
