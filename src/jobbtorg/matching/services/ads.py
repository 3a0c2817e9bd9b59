"""Import of job ads in Arbetsförmedlingen's JobSearch/JobStream format (JSON: one ad, a list
of ads, or a search answer with `hits`) as vacancies (`jobbtorg matching import-ads FILE`).

Each ad goes in its own transaction: a refused ad writes nothing, the others go in. Importing
the same ad again updates its vacancy (found by `source=jobsearch`, `source_ref=<ad id>`),
never duplicates it. The rules are in docs/matching.md, "Import of JobSearch ads".
"""

import csv
import datetime as dt
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import transaction

from jobbtorg.core.errors import ValidationFailed
from jobbtorg.matching import taxonomy
from jobbtorg.matching.models import (
    DrivingLicence,
    Employer,
    EmployerKind,
    Extent,
    Language,
    Skill,
    Vacancy,
    VacancyKind,
    VacancySource,
    VacancyStatus,
)
from jobbtorg.matching.services.vacancies import _write
from jobbtorg.organisation.models import District
from jobbtorg.providers.services.catalog import organisation_number_clean

STOCKHOLM_MUNICIPALITY = "0180"
REFERENCE = Path(__file__).resolve().parent.parent / "reference"


class UnusableFile(Exception):
    """The file is not JSON, or holds no ads."""


@dataclass
class AdResult:
    ad_id: str
    outcome: str  # "imported", "updated" or "refused"
    headline: str = ""
    vacancy_id: Any = None
    ssyk_code: str = ""
    occupation: str = ""
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _Refused(Exception):
    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("; ".join(reasons))


class _DryRun(Exception):
    """Raised at the end of an ad's transaction in a dry run, to roll it back."""


def read_ads(path: str | Path) -> list[Any]:
    """The ads of a file: a list, one ad object, or a JobSearch answer `{"hits": [...]}`."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        raise UnusableFile(f"{path}: no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UnusableFile(f"{path}: not JSON ({error})") from None
    return ads_of(data)


def ads_of(data: Any) -> list[Any]:
    if isinstance(data, dict) and isinstance(data.get("hits"), list):
        data = data["hits"]
    ads = data if isinstance(data, list) else [data]
    if not any(_looks_like_ad(ad) for ad in ads):
        raise UnusableFile(
            "no JobSearch ads found: expected an ad object (with id, headline, occupation), "
            'a list of them, or {"hits": [...]}'
        )
    return ads


def _looks_like_ad(value: Any) -> bool:
    return isinstance(value, dict) and bool({"id", "headline", "occupation"} & set(value))


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


# Districts


@lru_cache(maxsize=1)
def _district_names() -> dict[str, str]:
    """Place name (upper case) → district slug: the districts' own names and the stadsdelar
    each district's centroid is computed from (reference/district_centroids.csv)."""
    names: dict[str, str] = {}
    with open(REFERENCE / "district_centroids.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            for stadsdel in row["stadsdelar"].split(";"):
                names[stadsdel.strip().upper()] = row["district_slug"]
    for slug, name in District.objects.values_list("slug", "name"):
        names[name.strip().upper()] = slug
    return names


def district_for(address: dict[str, Any]) -> District | None:
    """Only in Stockholm municipality (0180), and only when the ad's city is a district's name
    or a stadsdel a district is named after (e.g. "Farsta", "Kista"). No postcode table is
    shipped, so postcodes are not used: anything else leaves the district empty."""
    if _text(address.get("municipality_code")) != STOCKHOLM_MUNICIPALITY:
        return None
    slug = _district_names().get(_text(address.get("city")).upper())
    return District.objects.filter(slug=slug).first() if slug else None


def _address(address: dict[str, Any]) -> str:
    street = _text(address.get("street_address"))
    place = " ".join(p for p in (_text(address.get("postcode")), _text(address.get("city"))) if p)
    municipality = _text(address.get("municipality"))
    parts = [p for p in (street, place) if p]
    if municipality and municipality.upper() != _text(address.get("city")).upper():
        parts.append(municipality)
    return ", ".join(parts)[:300]


# The parts of an ad


def _occupation(ad: dict[str, Any], prefix: str) -> tuple[Any, list[str]]:
    occupation = _obj(ad.get("occupation"))
    group = _obj(ad.get("occupation_group"))
    concept_id = _text(occupation.get("concept_id"))
    if not concept_id and not group:
        raise _Refused([f"{prefix}occupation: missing"])
    match = taxonomy.occupation_match(
        concept_id=concept_id,
        legacy_id=_text(group.get("legacy_ams_taxonomy_id")),
        label=_text(occupation.get("label")),
        group_concept_id=_text(group.get("concept_id")),
    )
    if match is None:
        if concept_id:
            raise _Refused(
                [
                    f'{prefix}occupation.concept_id "{concept_id}" is not in the taxonomy '
                    "(nor its occupation_group)"
                ]
            )
        raise _Refused(
            [
                f'{prefix}occupation_group.concept_id "{_text(group.get("concept_id"))}" is not '
                "an SSYK level-4 group of the taxonomy (and occupation.concept_id is missing)"
            ]
        )
    warnings = []
    if match.how != "concept_id":
        label = _text(occupation.get("label")) or concept_id or "—"
        rule = (
            "the occupation of its group with that name"
            if match.how == "group_label"
            else "the group's first occupation by name: check it"
        )
        warnings.append(
            f'occupation "{label}" ({concept_id or "no concept_id"}) is not a current occupation '
            f"name; took {match.occupation.label_sv} ({match.occupation.ssyk_code}), {rule}"
        )
    return match.occupation, warnings


def _requirements(
    ad: dict[str, Any],
) -> tuple[list[Skill], list[Skill], list[Language], list[Language], list[str]]:
    found: dict[str, list[Any]] = {}
    warnings: list[str] = []
    for side in ("must_have", "nice_to_have"):
        block = _obj(ad.get(side))
        for what, lookup in (("skills", taxonomy.skill_for), ("languages", taxonomy.language_for)):
            rows = []
            for item in _list(block.get(what)):
                item = _obj(item)
                concept_id, label = _text(item.get("concept_id")), _text(item.get("label"))
                row = lookup(concept_id=concept_id, label=label)
                if row is None:
                    warnings.append(
                        f'{side}.{what}: "{label or concept_id}" ({concept_id or "no concept_id"}) '
                        "is not in the taxonomy: left out"
                    )
                else:
                    rows.append(row)
            found[f"{side}.{what}"] = rows
    return (
        found["must_have.skills"],
        found["nice_to_have.skills"],
        found["must_have.languages"],
        found["nice_to_have.languages"],
        warnings,
    )


def _licence(ad: dict[str, Any]) -> tuple[str, list[str]]:
    if ad.get("driving_license_required") is not True:
        return "", []
    for item in _list(ad.get("driving_license")):
        label = _text(_obj(item).get("label"))
        if label in DrivingLicence.values:
            return label, []
    return "", ["driving_license_required is true but no known category is given: left empty"]


def _extent(ad: dict[str, Any]) -> str:
    label = _text(_obj(ad.get("working_hours_type")).get("label")).casefold()
    minimum = _obj(ad.get("scope_of_work")).get("min")
    if label == "heltid" or (isinstance(minimum, int | float) and minimum >= 100):
        return Extent.FULL
    if label.startswith("deltid") or isinstance(minimum, int | float):
        return Extent.PART
    return Extent.FULL


def _date(value: Any) -> dt.date | None:
    text = _text(value)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _employer(ad: dict[str, Any], prefix: str, actor: Any) -> tuple[Employer, list[str]]:
    employer = _obj(ad.get("employer"))
    name = _text(employer.get("name")) or _text(employer.get("workplace"))
    external_id = _text(str(employer.get("id") or ""))
    raw_number = _text(str(employer.get("organization_number") or ""))
    warnings: list[str] = []
    number = ""
    if raw_number:
        try:
            number = organisation_number_clean(raw_number)
        except ValidationFailed:
            warnings.append(
                f'employer.organization_number "{raw_number}" is not a valid organisation '
                "number: the employer is kept without it"
            )
    found = Employer.objects.filter(organisation_number=number).first() if number else None
    if found is None and external_id:
        found = Employer.objects.filter(external_id=external_id).first()
    if found is not None:
        changed = []
        if external_id and not found.external_id:
            found.external_id = external_id
            changed.append("external_id")
        if number and not found.organisation_number:
            found.organisation_number = number
            changed.append("organisation_number")
        if changed:
            found.save(update_fields=[*changed, "updated_at"])
        return found, warnings
    if not name:
        raise _Refused([f"{prefix}employer.name: missing (and no known employer id or number)"])
    created = Employer.objects.create(
        name=name[:200],
        kind=EmployerKind.COMPANY,
        organisation_number=number,
        external_id=external_id[:40],
        contact_email=_text(employer.get("email"))[:254],
        contact_phone=_text(employer.get("phone_number"))[:40],
        created_by=actor,
    )
    warnings.append(f"employer {created.name} registered (kind: company; change it if need be)")
    return created, warnings


def _import_one(ad: Any, position: int, actor: Any) -> AdResult:
    if not isinstance(ad, dict):
        return AdResult(str(position), "refused", reasons=[f"ad #{position}: not an ad object"])
    ad_id = _text(str(ad.get("id") or ""))
    name = ad_id or f"#{position}"
    prefix = f"ad {name}: "
    result = AdResult(name, "refused", headline=_text(ad.get("headline")))
    reasons = []
    if not ad_id:
        reasons.append(f"{prefix}id: missing (needed to import the ad again without a duplicate)")
    if not result.headline:
        reasons.append(f"{prefix}headline: missing")
    try:
        occupation, warnings = _occupation(ad, prefix)
    except _Refused as refusal:
        reasons.extend(refusal.reasons)
    if reasons:
        result.reasons = reasons
        return result
    result.ssyk_code, result.occupation = occupation.ssyk_code, occupation.label_sv
    required, desired, required_lang, desired_lang, more = _requirements(ad)
    warnings += more
    licence, more = _licence(ad)
    warnings += more
    address = _obj(ad.get("workplace_address"))
    openings = ad.get("number_of_vacancies")
    if not isinstance(openings, int) or openings < 1:
        if openings is not None:
            warnings.append(f"number_of_vacancies {openings!r} is not a number ≥ 1: took 1")
        openings = 1
    apply_by = _date(ad.get("application_deadline"))
    if ad.get("application_deadline") and apply_by is None:
        warnings.append(f"application_deadline {ad.get('application_deadline')!r} is not a date")
    description = ad.get("description")
    text = (
        _text(_obj(description).get("text"))
        if isinstance(description, dict)
        else _text(description)
    )
    with transaction.atomic():
        employer, more = _employer(ad, prefix, actor)
        warnings += more
        existing = (
            Vacancy.objects.select_for_update()
            .filter(source=VacancySource.JOBSEARCH, source_ref=ad_id)
            .first()
        )
        vacancy = existing or Vacancy(
            source=VacancySource.JOBSEARCH,
            source_ref=ad_id,
            created_by=actor,
            made_at=getattr(actor, "job_centre", None),
            kind=VacancyKind.JOB,
        )
        values: dict[str, Any] = {
            "employer": employer,
            "headline": result.headline[:300],
            "description": text,
            "licence": licence,
            "district": district_for(address),
            "address": _address(address),
            "extent": _extent(ad),
            "duration": _text(_obj(ad.get("duration")).get("label"))[:100],
            "apply_by": apply_by,
            "openings": openings,
        }
        if ad.get("removed") is True:
            values["status"] = VacancyStatus.CLOSED
        _write(
            vacancy,
            values=values,
            occupation=occupation,
            required_skills=required,
            desired_skills=desired,
            required_languages=required_lang,
            desired_languages=desired_lang,
        )
    result.outcome = "updated" if existing else "imported"
    result.vacancy_id = vacancy.pk
    result.warnings = warnings
    return result


def ads_import(ads: list[Any], *, actor: Any = None, dry_run: bool = False) -> list[AdResult]:
    """Import each ad in its own transaction; a dry run rolls each back after the same checks
    and writes, so its report is what a real import would say."""
    results = []
    for position, ad in enumerate(ads, start=1):
        try:
            with transaction.atomic():
                result = _import_one(ad, position, actor)
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        except _Refused as refusal:
            result = AdResult(
                _text(str(_obj(ad).get("id") or "")) or f"#{position}",
                "refused",
                headline=_text(_obj(ad).get("headline")),
                reasons=refusal.reasons,
            )
        results.append(result)
    return results
