"""Independent implementations to check the summer-job allocation against: a textbook
round-based deferred acceptance (no heaps, no scores; each workplace sorts by the rule's
tuple) and the PyPI package ``matching`` (hospital–residents, resident-optimal)."""

from __future__ import annotations

import warnings
from collections import defaultdict
from datetime import date

from jobbtorg.engines.summerjobs.model import Applicant, Workplace, drawn_lottery


def age(born: date, on: date) -> int:
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


def eligible(person: Applicant, place: Workplace, on: date) -> bool:
    years = age(person.birth_date, on)
    if place.min_age is not None and years < place.min_age:
        return False
    return place.max_age is None or years <= place.max_age


def preferences(
    applicants: list[Applicant], workplaces: list[Workplace], on: date
) -> dict[str, list[str]]:
    """Each applicant's eligible choices, first occurrence only, in their order."""
    places = {p.id: p for p in workplaces}
    prefs: dict[str, list[str]] = {}
    for person in applicants:
        ranked: list[str] = []
        for wid in person.choices:
            if wid not in ranked and eligible(person, places[wid], on):
                ranked.append(wid)
        prefs[person.id] = ranked
    return prefs


def standing_key(person: Applicant, place: Workplace, seed: int) -> tuple[int, int, float, str]:
    lottery = drawn_lottery(seed, person.id) if person.lottery is None else person.lottery
    return (-person.priority, 0 if person.district == place.district else 1, lottery, person.id)


def reference_da(
    applicants: list[Applicant],
    workplaces: list[Workplace],
    on: date,
    seed: int,
    capacities: dict[str, int] | None = None,
) -> dict[str, str | None]:
    places = {p.id: p for p in workplaces}
    caps = {p.id: p.capacity for p in workplaces} | (capacities or {})
    people = {a.id: a for a in applicants}
    prefs = preferences(applicants, workplaces, on)
    next_choice = {a.id: 0 for a in applicants}
    held: dict[str, list[str]] = defaultdict(list)
    free = [a.id for a in applicants]
    while free:
        proposals: dict[str, list[str]] = defaultdict(list)
        for aid in free:
            if next_choice[aid] < len(prefs[aid]):
                proposals[prefs[aid][next_choice[aid]]].append(aid)
                next_choice[aid] += 1
        free = []
        for wid, new in proposals.items():
            pool = sorted(
                held[wid] + new, key=lambda aid, w=wid: standing_key(people[aid], places[w], seed)
            )
            held[wid] = pool[: caps[wid]]
            free.extend(pool[caps[wid] :])
    result: dict[str, str | None] = {a.id: None for a in applicants}
    for wid, ids in held.items():
        for aid in ids:
            result[aid] = wid
    return result


def with_matching_package(
    applicants: list[Applicant], workplaces: list[Workplace], on: date, seed: int
) -> dict[str, str | None]:
    from matching.games import HospitalResident

    places = {p.id: p for p in workplaces}
    prefs = preferences(applicants, workplaces, on)
    open_places = {p.id for p in workplaces if p.capacity > 0}
    resident_prefs = {
        aid: [w for w in ranked if w in open_places]
        for aid, ranked in prefs.items()
        if any(w in open_places for w in ranked)
    }
    chosen_by: dict[str, list[Applicant]] = defaultdict(list)
    people = {a.id: a for a in applicants}
    for aid, ranked in resident_prefs.items():
        for wid in ranked:
            chosen_by[wid].append(people[aid])
    hospital_prefs = {
        wid: [a.id for a in sorted(group, key=lambda a, w=wid: standing_key(a, places[w], seed))]
        for wid, group in chosen_by.items()
    }
    result: dict[str, str | None] = {a.id: None for a in applicants}
    if not resident_prefs:
        return result
    game = HospitalResident.create_from_dictionaries(
        resident_prefs, hospital_prefs, {wid: places[wid].capacity for wid in hospital_prefs}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        solution = game.solve(optimal="resident")
    for hospital, residents in solution.items():
        for resident in residents:
            result[resident.name] = hospital.name
    return result
