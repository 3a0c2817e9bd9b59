"""The person's matching profile (R9, R24): what the matching engine may know of them, kept by
the coach as part of the assessment. Entries are typed as text (one per line) and resolved
against the JobTech taxonomy; an entry that is not in it is refused with the closest names."""

import difflib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.errors import ConcurrentChange, NotAllowed, ValidationFailed
from jobbtorg.matching.education import education_level_name
from jobbtorg.matching.models import (
    DrivingLicence,
    Language,
    MatchingProfile,
    Occupation,
    ProfileLanguage,
    Skill,
    SwedishLevel,
    WorkExperience,
    WorkExtent,
)
from jobbtorg.matching.permissions import can_edit_matching_profile
from jobbtorg.matching.selectors.profiles import snapshot
from jobbtorg.organisation.models import District
from jobbtorg.participants.models import Referral

MAX_YEARS = Decimal("60")


@dataclass(frozen=True)
class ProfileValues:
    """A profile as typed: each list holds labels or concept ids, one per entry."""

    wanted_occupations: list[str]
    experience: list[str]  # "label; years"
    skills: list[str]
    languages: list[str]
    swedish_level: str
    licences: list[str]
    education_level: str
    travel_districts: list[str]  # district slugs
    extent: str


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@lru_cache(maxsize=8)
def _labels(model_name: str) -> tuple[dict[str, int], dict[str, int], tuple[str, ...]]:
    model = {"occupation": Occupation, "skill": Skill, "language": Language}[model_name]
    by_label: dict[str, int] = {}
    by_id: dict[str, int] = {}
    for pk, label, concept_id in model.objects.values_list("pk", "label_sv", "concept_id"):
        by_label.setdefault(label.casefold(), pk)
        by_id[concept_id] = pk
    return by_label, by_id, tuple(sorted({label for label in by_label}))


def resolve_labels(model_name: str, entries: list[str]) -> tuple[list[int], list[str]]:
    by_label, by_id, labels = _labels(model_name)
    found: list[int] = []
    problems: list[str] = []
    for entry in entries:
        pk = by_id.get(entry) or by_label.get(entry.casefold())
        if pk is None:
            close = difflib.get_close_matches(entry.casefold(), labels, n=3, cutoff=0.6)
            hint = _(" Did you mean: %(names)s?") % {"names": ", ".join(close)} if close else ""
            problems.append(
                _("“%(entry)s” is not in the taxonomy.%(hint)s") % {"entry": entry, "hint": hint}
            )
        elif pk not in found:
            found.append(pk)
    return found, problems


def taxonomy_label(model_name: str, entry: str) -> tuple[str, list[str]]:
    """The taxonomy's own name of a typed entry (to add to a list of the profile), or the
    problem with the closest names."""
    found, problems = resolve_labels(model_name, [entry])
    if problems or not found:
        return "", problems
    model = {"occupation": Occupation, "skill": Skill, "language": Language}[model_name]
    return str(model.objects.values_list("label_sv", flat=True).get(pk=found[0])), []


def experience_entries(entries: list[str]) -> tuple[list[tuple[int, Decimal]], list[str]]:
    parsed: list[tuple[str, Decimal]] = []
    problems: list[str] = []
    for entry in entries:
        label, _sep, years_text = entry.rpartition(";")
        if not _sep:
            problems.append(
                _(
                    "“%(entry)s”: write the occupation, a semicolon and the years, e.g. "
                    "“Undersköterska, hemtjänst; 3”."
                )
                % {"entry": entry}
            )
            continue
        try:
            years = Decimal(years_text.strip().replace(",", "."))
        except InvalidOperation:
            years = Decimal(-1)
        if not years.is_finite() or years < 0 or years > MAX_YEARS:
            problems.append(
                _("“%(entry)s”: the years must be a number from 0 to 60.") % {"entry": entry}
            )
            continue
        parsed.append((label.strip(), years.quantize(Decimal("0.1"))))
    result: list[tuple[int, Decimal]] = []
    for label, years in parsed:
        pks, label_problems = resolve_labels("occupation", [label])
        problems.extend(label_problems)
        result.extend((pk, years) for pk in pks)
    return result, problems


def profile_problems(values: ProfileValues) -> tuple[dict[str, list[str]], dict[str, Any]]:
    """What is wrong with the typed profile, and the resolved values when nothing is."""
    problems: dict[str, list[str]] = {}
    wanted, wanted_problems = resolve_labels("occupation", values.wanted_occupations)
    experience, experience_problems = experience_entries(values.experience)
    skills, skill_problems = resolve_labels("skill", values.skills)
    languages, language_problems = resolve_labels("language", values.languages)
    for field, found in (
        ("wanted_occupations", wanted_problems),
        ("experience", experience_problems),
        ("skills", skill_problems),
        ("languages", language_problems),
    ):
        if found:
            problems[field] = found
    if values.swedish_level and values.swedish_level not in SwedishLevel.values:
        problems["swedish_level"] = [_("Choose a level of Swedish.")]
    unknown_licences = [c for c in values.licences if c not in DrivingLicence.values]
    if unknown_licences:
        problems["licences"] = [
            _("Unknown driving licence: %(codes)s.") % {"codes": ", ".join(unknown_licences)}
        ]
    if values.education_level and not education_level_name(values.education_level):
        problems["education_level"] = [_("Choose the education level from the list.")]
    if values.extent not in WorkExtent.values:
        problems["extent"] = [_("Choose how much the person can work.")]
    districts = list(District.objects.filter(slug__in=values.travel_districts))
    if len(districts) != len(set(values.travel_districts)):
        problems["travel_districts"] = [_("Choose districts from the list.")]
    resolved = {
        "wanted": wanted,
        "experience": experience,
        "skills": skills,
        "languages": languages,
        "districts": districts,
    }
    return problems, resolved


def profile_update(
    ctx: AuditContext, *, referral: Referral, based_on_version: int, values: ProfileValues
) -> MatchingProfile:
    """The coach (or manager) of the person's Jobbtorg saves the profile; refused when someone
    else saved since it was opened, or when an entry is not in the taxonomy."""
    if not can_edit_matching_profile(ctx.actor, referral):
        raise NotAllowed(
            _("%(what)s is done by the coach or manager at Jobbtorg %(centre)s.")
            % {"what": _("Changing the matching profile"), "centre": referral.job_centre.name}
        )
    problems, resolved = profile_problems(values)
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        profile, _created = MatchingProfile.objects.select_for_update().get_or_create(
            referral=referral
        )
        if profile.version != based_on_version:
            raise ConcurrentChange(
                {
                    "__all__": _(
                        "Someone else saved the matching profile at %(time)s. Your changes were "
                        "not saved: look at theirs and make yours again."
                    )
                    % {"time": timezone.localtime(profile.updated_at).strftime("%H:%M")}
                }
            )
        before = snapshot(profile)
        profile.swedish_level = values.swedish_level
        profile.licences = sorted(set(values.licences))
        profile.education_level = values.education_level.strip()[:8]
        profile.extent = values.extent
        profile.version += 1
        profile.updated_by = ctx.actor
        profile.save()
        profile.wanted_occupations.set(resolved["wanted"])
        profile.skills.set(resolved["skills"])
        profile.travel_districts.set(resolved["districts"])
        profile.experience.all().delete()
        WorkExperience.objects.bulk_create(
            WorkExperience(profile=profile, occupation_id=pk, years=years)
            for pk, years in resolved["experience"]
        )
        profile.languages.all().delete()
        ProfileLanguage.objects.bulk_create(
            ProfileLanguage(profile=profile, language_id=pk) for pk in resolved["languages"]
        )
        after = snapshot(profile)
        changed = {k for k in after if before.get(k) != after[k]}
        audit.matching_profile_updated(
            ctx,
            profile,
            {k: before.get(k) for k in changed},
            {k: after[k] for k in changed},
        )
    return profile
