"""How fast the matching engine answers, on generated data with a fixed seed.

100,000 available people and 20,000 open vacancies by default; ~430 SSYK 4-digit codes with
Zipf-like popularity; 2,000 skills, each occupation with its own pool of typical skills, about
10 skills per person and per vacancy (required and desired); 20 districts with the centroids of
20 of Stockholm's stadsdelar (from ../shared/data/stockholm_stadsdelar.csv, columns
centroid_lat_land and centroid_lon_land, computed from KTHHealthData/stockholm-stadsdelar,
City of Stockholm open data, CC0); languages and driving licences.

Prints: build time; the 10 best vacancies for one person and the 50 best people for one
vacancy (median ms over BENCH_QUERIES queries, each returning full explanations); the 10 best
vacancies for every person in one batch (s); peak memory (maxrss); and the ratio against
``score_plain`` looped in plain Python over the same data (measured on a sample and
extrapolated, as the output says), then a summary table of each figure against its target:
< 1 ms, < 5 ms, < 15 s, < 1 GiB.

Shrink it for a quick run: BENCH_PEOPLE=10000 BENCH_VACANCIES=2000 .venv/bin/python
benchmarks/bench_matching.py. No Django is needed.
"""

import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from jobbtorg.engines.matching import (  # noqa: E402
    DistrictDistances,
    MatchIndex,
    PersonFeatures,
    VacancyFeatures,
    explain,
    score_plain,
)

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "100000"))
VACANCIES = int(os.environ.get("BENCH_VACANCIES", "20000"))
QUERIES = int(os.environ.get("BENCH_QUERIES", "200"))
SEED = int(os.environ.get("BENCH_SEED", "20150"))
PLAIN_PEOPLE = int(os.environ.get("BENCH_PLAIN_PEOPLE", "5"))  # people looped in plain Python
PLAIN_VACANCIES = int(os.environ.get("BENCH_PLAIN_VACANCIES", "2"))
SKILLS = 2000
CODES = 430

# 20 stadsdelar: (lat, lon) of the land centroid, from stockholm_stadsdelar.csv (see above).
DISTRICTS = {
    "akalla": (59.41057, 17.90665),
    "alvik": (59.33162, 17.97871),
    "bagarmossen": (59.27588, 18.13533),
    "bromma-kyrka": (59.35341, 17.91908),
    "enskededalen": (59.28145, 18.1062),
    "farsta": (59.246, 18.0915),
    "husby": (59.40521, 17.92147),
    "hagersten": (59.30308, 17.97004),
    "hasselby-gard": (59.36808, 17.84276),
    "hogdalen": (59.26105, 18.04708),
    "kista": (59.40152, 17.94337),
    "kungsholmen": (59.33169, 18.03819),
    "liljeholmen": (59.3078, 18.02308),
    "norrmalm": (59.33364, 18.06296),
    "rinkeby": (59.38814, 17.9274),
    "skarpnacks-gard": (59.26781, 18.12727),
    "skarholmen": (59.27651, 17.90196),
    "sodermalm": (59.31338, 18.06703),
    "tensta": (59.39504, 17.89842),
    "vallingby": (59.36701, 17.87186),
}
LANGUAGES = ["sv", "en", "ar", "so", "ti", "fa", "es", "fi", "pl", "tr"] + [
    f"lang{i}" for i in range(20)
]


def ssyk_codes(rnd):
    """~430 4-digit codes with the shape of SSYK 2012: major, sub-major, minor, unit."""
    codes = set()
    while len(codes) < CODES:
        major = rnd.randint(0, 9)
        sub = rnd.randint(1, 6)
        minor = rnd.randint(1, 5)
        unit = rnd.randint(1, 9)
        codes.add(f"{major}{sub}{minor}{unit}")
    return sorted(codes)


def generate(seed):
    rnd = random.Random(seed)
    codes = ssyk_codes(rnd)
    rnd.shuffle(codes)  # popularity rank independent of the code
    popularity = [1 / (rank + 1) ** 1.07 for rank in range(len(codes))]
    skills = [f"skill{i}" for i in range(SKILLS)]
    skill_weights = [1 / (rank + 1) ** 0.8 for rank in range(SKILLS)]
    pools = {c: rnd.choices(skills, skill_weights, k=40) for c in codes}
    by_minor = {}
    for c in codes:
        by_minor.setdefault(c[:3], []).append(c)
    districts = list(DISTRICTS)

    def pick_skills(code, n):
        own = pools[code]
        chosen = set()
        while len(chosen) < n:
            chosen.add(rnd.choice(own) if rnd.random() < 0.8 else rnd.choice(skills))
        return chosen

    people = []
    for i in range(PEOPLE):
        main = rnd.choices(codes, popularity)[0]
        wishes = [main] + [rnd.choice(by_minor[main[:3]]) for _ in range(rnd.randint(0, 1))]
        if rnd.random() < 0.3:
            wishes.append(rnd.choices(codes, popularity)[0])
        experience = tuple(
            (rnd.choice([main, rnd.choices(codes, popularity)[0]]), round(rnd.uniform(0.5, 10), 1))
            for _ in range(rnd.choice([0, 1, 1, 2, 3]))
        )
        langs = {lang for lang, p in (("sv", 0.85), ("en", 0.6)) if rnd.random() < p}
        langs |= set(rnd.sample(LANGUAGES[2:], rnd.randint(0, 2)))
        licences = {code for code, p in (("B", 0.6), ("C", 0.05), ("D", 0.03)) if rnd.random() < p}
        people.append(
            PersonFeatures(
                ref=f"p{i:06d}",
                wanted_ssyk=tuple(dict.fromkeys(wishes)),
                experience=experience,
                skills=frozenset(pick_skills(main, rnd.randint(8, 12))),
                languages=frozenset(langs),
                licences=frozenset(licences),
                home_district=rnd.choice(districts),
                travel_districts=frozenset(rnd.sample(districts, rnd.choice([0, 0, 1, 2, 3]))),
                extent=rnd.choices(["full", "part", "any"], [0.7, 0.1, 0.2])[0],
                available=True,
            )
        )
    vacancies = []
    for j in range(VACANCIES):
        code = rnd.choices(codes, popularity)[0]
        asked = sorted(pick_skills(code, rnd.randint(8, 12)))  # a set: sorted, so the seed decides
        cut = rnd.randint(3, 6)
        required_langs = rnd.choices([(), ("sv",), ("sv", "en")], [0.3, 0.6, 0.1])[0]
        vacancies.append(
            VacancyFeatures(
                ref=f"v{j:05d}",
                ssyk=code,
                required_skills=frozenset(asked[:cut]),
                desired_skills=frozenset(asked[cut:]),
                required_languages=frozenset(required_langs),
                desired_languages=frozenset(rnd.sample(LANGUAGES[1:8], rnd.choice([0, 0, 1, 2]))),
                licence=rnd.choices([None, "B", "C", "D"], [0.75, 0.2, 0.03, 0.02])[0],
                district=rnd.choice(districts),
                extent=rnd.choices(["full", "part"], [0.8, 0.2])[0],
            )
        )
    return people, vacancies


def median_ms(action, args):
    action(args[0])
    times = []
    for a in args:
        start = time.perf_counter()
        action(a)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def maxrss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    print(
        f"Matching engine: {PEOPLE:,} people, {VACANCIES:,} vacancies, seed {SEED}, "
        f"{os.cpu_count()} cores"
    )
    start = time.perf_counter()
    people, vacancies = generate(SEED)
    distances = DistrictDistances(DISTRICTS)
    print(
        f"  generated the data in {time.perf_counter() - start:.1f} s "
        f"(maxrss so far {maxrss_mib():.0f} MiB)"
    )
    start = time.perf_counter()
    index = MatchIndex.build(people, vacancies, distances)
    build_s = time.perf_counter() - start
    print(f"  build: {build_s:.2f} s (maxrss so far {maxrss_mib():.0f} MiB)")

    rnd = random.Random(SEED + 1)
    some_people = [p.ref for p in rnd.sample(people, min(QUERIES, len(people)))]
    some_vacancies = [v.ref for v in rnd.sample(vacancies, min(QUERIES, len(vacancies)))]
    one_person = median_ms(lambda ref: index.best_vacancies(ref, 10), some_people)
    one_vacancy = median_ms(lambda ref: index.best_people(ref, 50), some_vacancies)
    print(
        f"  10 best vacancies for one person: {one_person:.3f} ms median over "
        f"{len(some_people)} people (target < 1 ms)"
    )
    print(
        f"  50 best people for one vacancy:   {one_vacancy:.3f} ms median over "
        f"{len(some_vacancies)} vacancies (target < 5 ms)"
    )
    example = index.best_vacancies(some_people[0], 10)
    if example:
        print("  e.g. the best vacancy for", some_people[0])
        for line in explain(example[0]):
            print("     ", line)

    start = time.perf_counter()
    everyone = index.best_vacancies_for_all(10)
    batch_s = time.perf_counter() - start
    listed = sum(len(v) for v in everyone.values())
    print(
        f"  10 best vacancies for every person, one batch: {batch_s:.2f} s "
        f"({listed:,} suggestions; target < 15 s)"
    )
    peak = maxrss_mib()
    print(
        f"  peak memory (maxrss of the whole process, data included): {peak:.0f} MiB "
        f"(target < 1024 MiB)"
    )

    # The plain-Python baseline over the same data.
    by_ref = {p.ref: p for p in people}
    vac_by_ref = {v.ref: v for v in vacancies}
    plain_people = some_people[:PLAIN_PEOPLE]
    start = time.perf_counter()
    for ref in plain_people:
        person = by_ref[ref]
        matches = [score_plain(person, v, distances) for v in vacancies]
        best = sorted(
            (m for m in matches if not m.excluded and m.score > 0),
            key=lambda m: (-m.score, m.vacancy_ref),
        )[:10]
        assert [m.vacancy_ref for m in best] == [
            m.vacancy_ref for m in index.best_vacancies(ref, 10)
        ] or abs(best[-1].score - index.best_vacancies(ref, 10)[-1].score) < 1e-9
    plain_person_ms = (time.perf_counter() - start) * 1000 / len(plain_people)
    plain_vacancies = some_vacancies[:PLAIN_VACANCIES]
    start = time.perf_counter()
    for ref in plain_vacancies:
        vacancy = vac_by_ref[ref]
        matches = [score_plain(p, vacancy, distances) for p in people]
        sorted(
            (m for m in matches if not m.excluded and m.score > 0),
            key=lambda m: (-m.score, m.person_ref),
        )[:50]
    plain_vacancy_ms = (time.perf_counter() - start) * 1000 / len(plain_vacancies)
    pairs = len(people) * len(vacancies)
    per_pair_us = plain_person_ms * 1000 / max(1, len(vacancies))
    print(
        f"  plain Python (score_plain in a loop), measured on {len(plain_people)} people and "
        f"{len(plain_vacancies)} vacancies in full:"
    )
    print(
        f"    one person:  {plain_person_ms:.0f} ms, {plain_person_ms / one_person:,.0f} x slower"
    )
    print(
        f"    one vacancy: {plain_vacancy_ms:.0f} ms, "
        f"{plain_vacancy_ms / one_vacancy:,.0f} x slower"
    )
    batch_plain_s = per_pair_us * pairs / 1e6
    print(
        f"    every person (extrapolated from {per_pair_us:.1f} us a pair x {pairs:,} pairs, "
        f"not run): {batch_plain_s / 3600:.1f} h, {batch_plain_s / batch_s:,.0f} x slower"
    )
    print_summary(
        [
            ("10 best vacancies, one person", one_person, "ms", 1.0),
            ("50 best people, one vacancy", one_vacancy, "ms", 5.0),
            ("10 best vacancies, everyone (batch)", batch_s, "s", 15.0),
            ("peak memory (maxrss)", peak, "MiB", 1024.0),
        ]
    )


def print_summary(rows):
    """The figures against the targets of docs/matching-engine.md, one line each."""
    print()
    print(f"  {'figure':38s} {'measured':>12s} {'target':>12s}  met")
    for name, value, unit, target in rows:
        print(
            f"  {name:38s} {value:>8.3f} {unit:<3s} {'< ' + format(target, 'g'):>8s} {unit:<3s}"
            f"  {'yes' if value < target else 'NO'}"
        )


if __name__ == "__main__":
    main()
