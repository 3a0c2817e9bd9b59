"""The adapter from records to the matching engine (`engines/matching`): plain features in,
suggestions out. It reads only job-related facts. The person's name, personal identity number,
birth date, gender, country, home language other than as a skill, health, assessment notes and
every other ground of the Discrimination Act stay out (docs/matching.md, "Fairness").

The index over every available person and open vacancy in the city is built here in a few
queries; the worker builds it and stores it for every web process (`index_store.py`).
"""

import datetime as dt
from collections import defaultdict
from functools import lru_cache
from typing import Any

from django.db.models import Count, Max, Q
from django.utils import timezone

from jobbtorg.engines.matching.distance import DistrictDistances
from jobbtorg.engines.matching.index import MatchIndex
from jobbtorg.engines.matching.model import PersonFeatures, VacancyFeatures
from jobbtorg.matching.models import (
    DistrictCentroid,
    MatchingProfile,
    ProfileLanguage,
    Skill,
    SwedishLevel,
    Vacancy,
    VacancyLanguage,
    VacancySkill,
    VacancyStatus,
    WorkExperience,
)
from jobbtorg.participants.models import Interruption, Referral, Stage

# JobTech's concept id of Swedish: a vacancy that asks for Swedish is met by a person whose
# Swedish is at least intermediate (SFI C–D), as the coach recorded it.
SWEDISH_CONCEPT_ID = "zSLA_vw2_FXN"
SWEDISH_ENOUGH = {SwedishLevel.INTERMEDIATE, SwedishLevel.FLUENT, SwedishLevel.NATIVE}


@lru_cache(maxsize=4)
def _concept_ids(model: Any) -> dict[int, str]:
    """Reference data never changes after its migration: map primary keys to concept ids once
    instead of joining on every read."""
    return dict(model.objects.values_list("pk", "concept_id"))


def _interrupted_referrals(today: dt.date) -> set[Any]:
    return set(
        Interruption.objects.filter(start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .values_list("referral_id", flat=True)
    )


def people_features(referral_ids: Any = None, today: dt.date | None = None) -> list[PersonFeatures]:
    """Features of the people with a matching profile (of the given cases, or all)."""
    today = today or timezone.localdate()
    profiles = MatchingProfile.objects.all()
    if referral_ids is not None:
        profiles = profiles.filter(referral_id__in=list(referral_ids))
    rows = list(
        profiles.values_list(
            "pk",
            "referral_id",
            "extent",
            "licences",
            "swedish_level",
            "referral__stage",
            "referral__participant__home_district__slug",
        )
    )
    # A subquery, not a list of ids: a city's worth of ids as parameters costs seconds.
    ids = profiles.values("pk")
    wanted: dict[int, list[str]] = defaultdict(list)
    for profile_id, ssyk in MatchingProfile.wanted_occupations.through.objects.filter(
        matchingprofile_id__in=ids
    ).values_list("matchingprofile_id", "occupation__ssyk_code"):
        wanted[profile_id].append(ssyk)
    experience: dict[int, list[tuple[str, float]]] = defaultdict(list)
    for profile_id, ssyk, years in WorkExperience.objects.filter(profile_id__in=ids).values_list(
        "profile_id", "occupation__ssyk_code", "years"
    ):
        experience[profile_id].append((ssyk, float(years)))
    skills: dict[int, set[str]] = defaultdict(set)
    skill_ids = _concept_ids(Skill)
    for profile_id, skill_id in MatchingProfile.skills.through.objects.filter(
        matchingprofile_id__in=ids
    ).values_list("matchingprofile_id", "skill_id"):
        skills[profile_id].add(skill_ids[skill_id])
    languages: dict[int, set[str]] = defaultdict(set)
    for profile_id, concept_id in ProfileLanguage.objects.filter(profile_id__in=ids).values_list(
        "profile_id", "language__concept_id"
    ):
        languages[profile_id].add(concept_id)
    travel: dict[int, set[str]] = defaultdict(set)
    for profile_id, slug in MatchingProfile.travel_districts.through.objects.filter(
        matchingprofile_id__in=ids
    ).values_list("matchingprofile_id", "district__slug"):
        travel[profile_id].add(slug)
    interrupted = _interrupted_referrals(today)
    people = []
    for pk, referral_id, extent, licences, swedish, stage, home in rows:
        spoken = set(languages[pk])
        if swedish in SWEDISH_ENOUGH:
            spoken.add(SWEDISH_CONCEPT_ID)
        people.append(
            PersonFeatures(
                ref=str(referral_id),
                wanted_ssyk=tuple(sorted(set(wanted[pk]))),
                experience=tuple(sorted(experience[pk])),
                skills=frozenset(skills[pk]),
                languages=frozenset(spoken),
                licences=frozenset(licences or ()),
                home_district=home or "",
                travel_districts=frozenset(travel[pk]),
                extent=extent,
                available=stage == Stage.ENROLLED and referral_id not in interrupted,
            )
        )
    return people


def vacancy_features(vacancy_ids: Any = None) -> list[VacancyFeatures]:
    """Features of the open vacancies and placements (of the given ones, or all)."""
    vacancies = Vacancy.objects.filter(status=VacancyStatus.OPEN)
    if vacancy_ids is not None:
        vacancies = Vacancy.objects.filter(pk__in=list(vacancy_ids))
    rows = list(
        vacancies.values_list("pk", "occupation__ssyk_code", "licence", "district__slug", "extent")
    )
    ids = vacancies.values("pk")
    skills: dict[Any, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for vacancy_id, concept_id, required in VacancySkill.objects.filter(
        vacancy_id__in=ids
    ).values_list("vacancy_id", "skill__concept_id", "required"):
        skills[vacancy_id][0 if required else 1].add(concept_id)
    languages: dict[Any, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for vacancy_id, concept_id, required in VacancyLanguage.objects.filter(
        vacancy_id__in=ids
    ).values_list("vacancy_id", "language__concept_id", "required"):
        languages[vacancy_id][0 if required else 1].add(concept_id)
    return [
        VacancyFeatures(
            ref=str(pk),
            ssyk=ssyk,
            required_skills=frozenset(skills[pk][0]),
            desired_skills=frozenset(skills[pk][1]),
            required_languages=frozenset(languages[pk][0]),
            desired_languages=frozenset(languages[pk][1]),
            licence=licence or None,
            district=district or "",
            extent=extent,
        )
        for pk, ssyk, licence, district, extent in rows
    ]


def district_distances() -> DistrictDistances:
    return DistrictDistances(
        {
            slug: (lat, lon)
            for slug, lat, lon in DistrictCentroid.objects.values_list(
                "district__slug", "latitude", "longitude"
            )
        }
    )


# What the index reads: a save or delete of any of these changes the freshness key, and
# `matching/receivers.py` asks for a rebuild on each (the key and the triggers share this list).
INDEX_SOURCES = (MatchingProfile, Vacancy, Interruption, Referral, WorkExperience)


def freshness_key(today: dt.date) -> str:
    """Changes whenever anything the index reads changes (each save bumps updated_at, each
    insert or delete the count), and with the day (availability depends on today)."""
    parts: list[Any] = [today]
    for model in INDEX_SOURCES:
        stamp_field = "updated_at" if hasattr(model, "updated_at") else "pk"
        aggregate = model.objects.aggregate(n=Count("pk"), last=Max(stamp_field))
        parts.extend([aggregate["n"], aggregate["last"]])
    return "|".join(str(part) for part in parts)


def build_index(today: dt.date) -> MatchIndex:
    """Every person with a profile and every open vacancy in the city, as the engine's index.
    Seconds at city scale: the worker builds it (`matching/index_store.py`), pages load it."""
    return MatchIndex.build(people_features(today=today), vacancy_features(), district_distances())
