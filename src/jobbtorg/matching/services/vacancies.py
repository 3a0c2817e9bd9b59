"""Vacancies and placements (R23, R24), registered by hand, from a free-text ad, or imported
(`matching/services/ads.py`). Shared by all Jobbtorg: matchers and managers write, coaches read.

A vacancy's occupation comes from the taxonomy by concept id; its skills and languages are
taxonomy rows, each required or desired. A placement must say who supervises it and how many it
takes at once. Nothing is written when anything is wrong; every write is one transaction.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jobbtorg.core.errors import ValidationFailed
from jobbtorg.matching import taxonomy
from jobbtorg.matching.models import (
    DrivingLicence,
    Employer,
    Extent,
    Language,
    Occupation,
    Skill,
    Vacancy,
    VacancyKind,
    VacancyLanguage,
    VacancySkill,
    VacancySource,
    VacancyStatus,
)
from jobbtorg.matching.services.employers import require_writer
from jobbtorg.organisation.models import District

# The facts of a vacancy a matcher sets (besides occupation, skills and languages).
VACANCY_FIELDS = (
    "kind",
    "employer",
    "headline",
    "description",
    "licence",
    "district",
    "address",
    "extent",
    "duration",
    "starts_on",
    "apply_by",
    "openings",
    "supervisor_name",
    "supervisor_contact",
    "capacity",
)


def resolve_skills(names: Iterable[str], field: str) -> list[Skill]:
    """Skills by concept id or label (see taxonomy.skill_for); ValidationFailed naming those
    that are not in the taxonomy."""
    found, unknown = [], []
    for name in names:
        name = name.strip()
        if not name:
            continue
        skill = taxonomy.skill_for(concept_id=name, label=name)
        (found.append(skill) if skill else unknown.append(name))
    if unknown:
        raise ValidationFailed(
            {
                field: _("Not in the skills of the taxonomy: %(names)s.")
                % {"names": ", ".join(f"“{n}”" for n in unknown)}
            }
        )
    return found


def resolve_languages(names: Iterable[str], field: str) -> list[Language]:
    found, unknown = [], []
    for name in names:
        name = name.strip()
        if not name:
            continue
        language = taxonomy.language_for(concept_id=name, label=name)
        (found.append(language) if language else unknown.append(name))
    if unknown:
        raise ValidationFailed(
            {
                field: _("Not in the languages of the taxonomy: %(names)s.")
                % {"names": ", ".join(f"“{n}”" for n in unknown)}
            }
        )
    return found


def _problems(values: dict[str, Any]) -> dict[str, str]:
    problems: dict[str, str] = {}
    if values.get("kind") not in VacancyKind.values:
        problems["kind"] = _("Choose a job or a placement.")
    if not isinstance(values.get("employer"), Employer):
        problems["employer"] = _("Choose the employer.")
    if not str(values.get("headline") or "").strip():
        problems["headline"] = _("Write a headline, as the ad would have it.")
    if values.get("licence") and values["licence"] not in DrivingLicence.values:
        problems["licence"] = _("Choose a driving licence category, or none.")
    if values.get("extent") not in Extent.values:
        problems["extent"] = _("Choose full or part time.")
    district = values.get("district")
    if district is not None and not isinstance(district, District):
        problems["district"] = _("Choose a district of Stockholm, or none.")
    openings = values.get("openings")
    if not isinstance(openings, int) or openings < 1:
        problems["openings"] = _("At least one opening.")
    starts_on, apply_by = values.get("starts_on"), values.get("apply_by")
    if isinstance(starts_on, dt.date) and isinstance(apply_by, dt.date) and apply_by > starts_on:
        problems["apply_by"] = _("The last day to apply comes after the start.")
    if values.get("kind") == VacancyKind.PLACEMENT:
        if not str(values.get("supervisor_name") or "").strip():
            problems["supervisor_name"] = _("A placement needs a supervisor at the workplace.")
        capacity = values.get("capacity")
        if not isinstance(capacity, int) or capacity < 1:
            problems["capacity"] = _("Say how many people the placement takes at once.")
    elif values.get("capacity") is not None and values["capacity"] < 1:
        problems["capacity"] = _("At least one place, or leave it empty.")
    return problems


def occupation_by_concept_id(concept_id: str, field: str = "occupation") -> Occupation:
    occupation = Occupation.objects.filter(concept_id=(concept_id or "").strip()).first()
    if occupation is None:
        raise ValidationFailed(
            {
                field: _("Choose an occupation from the taxonomy (search by name or SSYK code).")
                if not (concept_id or "").strip()
                else _("“%(id)s” is not an occupation of the taxonomy.") % {"id": concept_id}
            }
        )
    return occupation


def _write(
    vacancy: Vacancy,
    *,
    values: dict[str, Any],
    occupation: Occupation,
    required_skills: Sequence[Skill],
    desired_skills: Sequence[Skill],
    required_languages: Sequence[Language],
    desired_languages: Sequence[Language],
) -> Vacancy:
    """Set the facts and replace the skills and languages (required wins over desired)."""
    for field, value in values.items():
        setattr(vacancy, field, value.strip() if isinstance(value, str) else value)
    vacancy.occupation = occupation
    if vacancy.kind != VacancyKind.PLACEMENT and "capacity" not in values:
        vacancy.capacity = None
    vacancy.save()
    vacancy.skills.all().delete()
    skills: dict[int, bool] = {s.pk: False for s in desired_skills}
    skills.update({s.pk: True for s in required_skills})
    VacancySkill.objects.bulk_create(
        [VacancySkill(vacancy=vacancy, skill_id=pk, required=req) for pk, req in skills.items()]
    )
    vacancy.languages.all().delete()
    languages: dict[int, bool] = {la.pk: False for la in desired_languages}
    languages.update({la.pk: True for la in required_languages})
    VacancyLanguage.objects.bulk_create(
        [
            VacancyLanguage(vacancy=vacancy, language_id=pk, required=req)
            for pk, req in languages.items()
        ]
    )
    return vacancy


def _checked(
    vacancy: Vacancy | None, occupation: Occupation | str, values: dict[str, Any]
) -> tuple[dict[str, Any], Occupation | None, dict[str, str]]:
    unknown = set(values) - set(VACANCY_FIELDS)
    if unknown:
        raise TypeError(f"vacancy_save: unknown fields {sorted(unknown)}")
    merged: dict[str, Any] = {
        "kind": VacancyKind.JOB,
        "description": "",
        "licence": "",
        "district": None,
        "address": "",
        "extent": Extent.FULL,
        "duration": "",
        "starts_on": None,
        "apply_by": None,
        "openings": 1,
        "supervisor_name": "",
        "supervisor_contact": "",
        "capacity": None,
    }
    if vacancy is not None:
        merged.update({field: getattr(vacancy, field) for field in VACANCY_FIELDS})
    merged.update(values)
    problems = _problems(merged)
    found: Occupation | None = occupation if isinstance(occupation, Occupation) else None
    if found is None:
        try:
            found = occupation_by_concept_id(str(occupation or ""))
        except ValidationFailed as error:
            problems.update({k: v[0] for k, v in error.errors.items()})
    return merged, found, problems


def vacancy_save(
    *,
    actor: Any,
    vacancy: Vacancy | None = None,
    occupation: Occupation | str,
    required_skills: Sequence[Skill] = (),
    desired_skills: Sequence[Skill] = (),
    required_languages: Sequence[Language] = (),
    desired_languages: Sequence[Language] = (),
    source: str = VacancySource.MANUAL,
    source_ref: str = "",
    **values: Any,
) -> Vacancy:
    """Create (`vacancy` None) or update a vacancy or placement. `occupation`: an Occupation or
    its concept id. `values`: the fields of VACANCY_FIELDS (on update, those not given keep
    their value)."""
    require_writer(actor, _("Registering a vacancy or placement"))
    merged, found, problems = _checked(vacancy, occupation, values)
    if problems:
        raise ValidationFailed(problems)
    assert found is not None
    occupation = found
    with transaction.atomic():
        if vacancy is None:
            vacancy = Vacancy(
                source=source,
                source_ref=source_ref,
                created_by=actor,
                made_at=getattr(actor, "job_centre", None),
            )
        else:
            vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
        return _write(
            vacancy,
            values=merged,
            occupation=occupation,
            required_skills=required_skills,
            desired_skills=desired_skills,
            required_languages=required_languages,
            desired_languages=desired_languages,
        )


def vacancy_close(*, actor: Any, vacancy: Vacancy, status: str = VacancyStatus.CLOSED) -> Vacancy:
    """Close a vacancy (filled, or closed without a hire), or open it again."""
    require_writer(actor, _("Closing a vacancy"))
    if status not in VacancyStatus.values:
        raise ValidationFailed({"status": _("Choose open, filled or closed.")})
    with transaction.atomic():
        locked = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
    return locked


def vacancy_save_named(
    *,
    actor: Any,
    vacancy: Vacancy | None = None,
    occupation: str,
    names: dict[str, list[str]],
    source: str = VacancySource.MANUAL,
    **values: Any,
) -> Vacancy:
    """`vacancy_save` for a form: skills and languages as typed (names or concept ids, in
    `names` under required_skills, desired_skills, required_languages, desired_languages).
    Every problem is reported at once; nothing is written when there is one."""
    require_writer(actor, _("Registering a vacancy or placement"))
    problems: dict[str, list[str]] = {}
    skills: dict[str, list[Skill]] = {}
    languages: dict[str, list[Language]] = {}
    for key in ("required_skills", "desired_skills"):
        try:
            skills[key] = resolve_skills(names.get(key, []), key)
        except ValidationFailed as error:
            problems.update(error.errors)
    for key in ("required_languages", "desired_languages"):
        try:
            languages[key] = resolve_languages(names.get(key, []), key)
        except ValidationFailed as error:
            problems.update(error.errors)
    _merged, _found, more = _checked(vacancy, occupation, values)
    problems.update({key: [message] for key, message in more.items()})
    if problems:
        raise ValidationFailed(problems)
    return vacancy_save(
        actor=actor,
        vacancy=vacancy,
        occupation=occupation,
        source=source,
        required_skills=skills["required_skills"],
        desired_skills=skills["desired_skills"],
        required_languages=languages["required_languages"],
        desired_languages=languages["desired_languages"],
        **values,
    )
