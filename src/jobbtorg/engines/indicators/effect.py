"""The effect estimate of R30: participants against matched people who were never enrolled.

Method (docs/effect.md explains it in Swedish and English):

* **Participants**: people with a case whose first meeting (enrolment) falls in the period.
  A person with several such cases counts once, from the earliest. The **reference month** m
  is the enrolment month.
* **Comparison pool**: the people the adapter passes in `pool` (person → (birth date, home
  district)): people in the assistance data who were never enrolled. Anyone who appears
  enrolled among `cases` is dropped from the pool as a guard. A pool person can stand in for
  a participant of reference month m when they, too, received assistance in the 3 months
  before m.
* **Who can be matched**: a participant or pool person needs baseline > 0 at m (mean monthly
  assistance over the 3 calendar months before m; a month with no row is 0). Participants
  without it are reported as `no_baseline` and left out: the comparison is about people on
  assistance.
* **Matching**: exact on reference month, home district and age band at the first day of m
  (16–24, 25–34, 35–44, 45–54, 55+; under 16 falls in the first band); within that stratum
  nearest neighbour on two variables, the number of months with assistance among the 12
  before m and the baseline, each divided by its standard deviation among the participants
  who can be matched (1 when that is 0). Euclidean distance on those must be at most
  `caliper` (default 0.5 standard deviations). Without replacement: each pool person is used
  once. Participants are taken in an order drawn from `seed` (over participants sorted by
  case reference); among equally near pool people the one first in person-reference order
  wins. Same input and seed → same pairs.
* **Outcome**: no assistance (nothing paid) in month m + k, for pairs with m + k on or before
  `last_assistance_month` (default: the last month in the data).
* **Estimate**: for each k, the share without assistance in both groups over the pairs, the
  difference (participants − comparison) and a 95 % interval from the paired differences:
  mean ± 1.96 · sd / √n (sd with n − 1; no interval with fewer than 2 pairs).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy.spatial import cKDTree

from jobbtorg.engines.indicators.data import AssistanceMatrix, Floats, Ints
from jobbtorg.engines.indicators.rows import AssistanceRow, CaseRow, Period, month_index

AGE_BANDS = ((16, 24), (25, 34), (35, 44), (45, 54), (55, None))
DEFAULT_CALIPER = 0.5
Z_95 = 1.96


def age_band(birth_date: date, on: date) -> str:
    """The band of the person's age on `on`: "16-24", …, "55+" (younger than 16: "16-24")."""
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    for low, high in AGE_BANDS:
        if high is None:
            return f"{low}+"
        if age <= high:
            return f"{low}-{high}"
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass(frozen=True)
class EffectEstimate:
    """The outcome k months after the reference month, over the matched pairs."""

    k_months: int
    pairs: int
    share_participants: float | None
    share_comparison: float | None
    difference: float | None
    ci_low: float | None
    ci_high: float | None


@dataclass(frozen=True)
class EffectResult:
    period: Period
    participants: int  # people enrolled in the period
    no_baseline: int  # of those, without assistance in the 3 months before: not matched
    matched: int
    unmatched: int  # could be matched in principle, but no pool person within the caliper
    caliper: float
    estimates: tuple[EffectEstimate, ...]
    pairs: tuple[tuple[str, str], ...]  # (case reference, pool person reference)
    # Means of (months on assistance in 12, baseline) among matched participants / comparisons.
    balance: tuple[tuple[float, float], tuple[float, float]] | None


@dataclass(frozen=True)
class _Units:
    refs: list[str]
    month: Ints
    district: list[str]
    band: list[str]
    months_on: Floats
    baseline: Floats


def _history(matrix: AssistanceMatrix, people: Ints, months: Ints) -> tuple[Floats, Floats]:
    baseline = sum((matrix.at(people, months - b) for b in (1, 2, 3)), np.zeros(len(people))) / 3
    months_on = sum(
        ((matrix.at(people, months - b) > 0).astype(np.float64) for b in range(1, 13)),
        np.zeros(len(people)),
    )
    return baseline, months_on


def _paired(k: int, treated_y: Floats, control_y: Floats) -> EffectEstimate:
    n = len(treated_y)
    if n == 0:
        return EffectEstimate(k, 0, None, None, None, None, None)
    diff = treated_y - control_y
    mean = float(diff.mean())
    low = high = None
    if n >= 2:
        half = Z_95 * float(diff.std(ddof=1)) / float(np.sqrt(n))
        low, high = mean - half, mean + half
    return EffectEstimate(k, n, float(treated_y.mean()), float(control_y.mean()), mean, low, high)


def effect(
    cases: Sequence[CaseRow],
    assistance: Iterable[AssistanceRow] | AssistanceMatrix,
    period: Period,
    *,
    pool: Mapping[str, tuple[date, str]],
    k_months: Sequence[int] = (2, 8),
    caliper: float = DEFAULT_CALIPER,
    seed: int = 0,
    last_assistance_month: date | None = None,
) -> EffectResult:
    """Matched comparison of participants enrolled in `period` with the pool (module docstring)."""
    if caliper <= 0:
        raise ValueError(f"caliper must be above 0, got {caliper}")
    matrix = (
        assistance
        if isinstance(assistance, AssistanceMatrix)
        else AssistanceMatrix.from_rows(assistance)
    )
    if last_assistance_month is not None:
        last = month_index(last_assistance_month)
    else:
        last = matrix.last_month if matrix.amounts.shape[1] else -(2**40)

    # Participants: each person's earliest enrolment in the period.
    first: dict[str, CaseRow] = {}
    for case in sorted(cases, key=lambda c: c.case_ref):
        if case.enrolled_on is None or case.enrolled_on not in period:
            continue
        held = first.get(case.person_ref)
        if held is None or case.enrolled_on < held.enrolled_on:  # type: ignore[operator]
            first[case.person_ref] = case
    chosen = sorted(first.values(), key=lambda c: c.case_ref)
    treated_people = np.array(
        [matrix.person_index.get(c.person_ref, -1) for c in chosen], dtype=np.int64
    )
    treated_month = np.array(
        [month_index(c.enrolled_on) for c in chosen if c.enrolled_on], dtype=np.int64
    )
    t_base, t_on = _history(matrix, treated_people, treated_month)
    can = t_base > 0
    treated = _Units(
        [c.case_ref for c, ok in zip(chosen, can, strict=True) if ok],
        treated_month[can],
        [c.district for c, ok in zip(chosen, can, strict=True) if ok],
        [
            age_band(c.birth_date, date(c.enrolled_on.year, c.enrolled_on.month, 1))
            for c, ok in zip(chosen, can, strict=True)
            if ok and c.enrolled_on
        ],
        t_on[can],
        t_base[can],
    )
    scale = (
        np.array([treated.months_on.std(), treated.baseline.std()])
        if len(treated.refs)
        else np.ones(2)
    )
    scale[scale == 0] = 1.0

    enrolled_people = {c.person_ref for c in cases if c.enrolled_on is not None}
    pool_refs = sorted(ref for ref in pool if ref not in enrolled_people)
    pool_people = np.array([matrix.person_index.get(r, -1) for r in pool_refs], dtype=np.int64)

    # Candidates per stratum (reference month, district, age band), in person-reference order.
    strata: dict[tuple[int, str, str], list[int]] = {}
    for i in range(len(treated.refs)):
        strata.setdefault((int(treated.month[i]), treated.district[i], treated.band[i]), []).append(
            i
        )
    candidates: dict[tuple[int, str, str], tuple[list[int], Floats]] = {}
    for m in sorted({key[0] for key in strata}):
        months = np.full(len(pool_refs), m, dtype=np.int64)
        base, on = _history(matrix, pool_people, months)
        month_day = date(m // 12, m % 12 + 1, 1)
        found_here: dict[tuple[int, str, str], list[int]] = {}
        for j in np.flatnonzero(base > 0):
            birth, district = pool[pool_refs[j]]
            key = (m, district, age_band(birth, month_day))
            if key in strata:
                found_here.setdefault(key, []).append(int(j))
        for key, indices in found_here.items():
            idx = np.array(indices, dtype=np.int64)
            candidates[key] = (indices, np.column_stack((on[idx], base[idx])) / scale)

    rng = np.random.default_rng(seed)
    order = rng.permutation(len(treated.refs))
    treated_points = np.column_stack((treated.months_on, treated.baseline)) / scale
    used: set[int] = set()
    trees: dict[tuple[int, str, str], cKDTree] = {}
    pair_treated: list[int] = []
    pair_control: list[int] = []
    for i in order:
        key = (int(treated.month[i]), treated.district[i], treated.band[i])
        if key not in candidates:
            continue
        indices, points = candidates[key]
        if key not in trees:
            trees[key] = cKDTree(points)
        tree = trees[key]
        k = min(len(indices), 8)
        while True:
            dist, pos = tree.query(treated_points[i], k=k, distance_upper_bound=caliper)
            dist, pos = np.atleast_1d(dist), np.atleast_1d(pos)
            within = np.isfinite(dist) & (dist <= caliper)
            dist, pos = dist[within], pos[within]
            found = None
            for p in pos[np.lexsort((pos, dist))]:
                if indices[int(p)] not in used:
                    found = indices[int(p)]
                    break
            if found is not None or len(pos) < k or k == len(indices):
                break
            k = min(len(indices), k * 2)
        if found is not None:
            used.add(found)
            pair_treated.append(int(i))
            pair_control.append(found)

    t_idx = np.array(pair_treated, dtype=np.int64)
    c_idx = np.array(pair_control, dtype=np.int64)
    order_pairs = np.argsort(t_idx, kind="stable")
    t_idx, c_idx = t_idx[order_pairs], c_idx[order_pairs]
    treated_person_of = {c.case_ref: matrix.person_index.get(c.person_ref, -1) for c in chosen}
    t_people = np.array([treated_person_of[treated.refs[i]] for i in t_idx], dtype=np.int64)
    months = treated.month[t_idx]
    estimates = []
    for k in k_months:
        known = months + k <= last
        t_y = (matrix.at(t_people[known], months[known] + k) <= 0).astype(np.float64)
        c_y = (matrix.at(pool_people[c_idx][known], months[known] + k) <= 0).astype(np.float64)
        estimates.append(_paired(k, t_y, c_y))

    balance = None
    if len(t_idx):
        c_base, c_on = _history(matrix, pool_people[c_idx], months)
        balance = (
            (float(treated.months_on[t_idx].mean()), float(treated.baseline[t_idx].mean())),
            (float(c_on.mean()), float(c_base.mean())),
        )
    return EffectResult(
        period=period,
        participants=len(chosen),
        no_baseline=int((~can).sum()),
        matched=len(t_idx),
        unmatched=len(treated.refs) - len(t_idx),
        caliper=caliper,
        estimates=tuple(estimates),
        pairs=tuple((treated.refs[i], pool_refs[j]) for i, j in zip(t_idx, c_idx, strict=True)),
        balance=balance,
    )
