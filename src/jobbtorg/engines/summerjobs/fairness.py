"""Fairness checks and the maximum-placement comparison.

``blocking_pairs`` finds the pairs an assignment treats unfairly: an applicant who prefers a
workplace to what they got, where that workplace has a free place or admitted someone of lower
standing there. A stable allocation has none. ``max_placement`` places as many applicants as
possible (a min-cost flow, solved as a linear programme with scipy's HiGHS; the bipartite
b-matching constraint matrix is totally unimodular, so the optimum is whole), which is not
stable; ``tradeoff`` puts the two side by side. See docs/summerjobs-allocation.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_array, vstack

from jobbtorg.engines.summerjobs.allocate import Order, allocate
from jobbtorg.engines.summerjobs.model import Applicant, Workplace

Assignment = Mapping[str, "str | None"]


def blocking_pairs(
    assignment: Assignment,
    applicants: Iterable[Applicant],
    workplaces: Iterable[Workplace],
    on: date,
    *,
    seed: int = 0,
    capacities: Mapping[str, int] | None = None,
) -> list[tuple[str, str]]:
    """The (applicant id, workplace id) pairs where the applicant is eligible for and prefers
    the workplace to their assignment (or has none) and the workplace has a free place or
    admitted someone of lower standing there. Lottery numbers not given come from ``seed``."""
    order = Order(list(applicants), list(workplaces), on=on, seed=seed, capacities=capacities)
    return _blocking(order, assignment)


def is_stable(
    assignment: Assignment,
    applicants: Iterable[Applicant],
    workplaces: Iterable[Workplace],
    on: date,
    *,
    seed: int = 0,
    capacities: Mapping[str, int] | None = None,
) -> bool:
    return not blocking_pairs(
        assignment, applicants, workplaces, on, seed=seed, capacities=capacities
    )


def _blocking(order: Order, assignment: Assignment) -> list[tuple[str, str]]:
    index = order.index
    placed_at = [
        -1 if (wid := assignment.get(ap.id)) is None else index[wid] for ap in order.applicants
    ]
    admitted = [0] * len(order.workplaces)
    worst = [-1] * len(order.workplaces)
    for a, w in enumerate(placed_at):
        if w >= 0:
            admitted[w] += 1
            worst[w] = max(worst[w], order.score(a, w))
    caps = order.capacities
    pairs = []
    for a, w_a in enumerate(placed_at):
        for w, s in zip(order.choices_of(a), order.scores_of(a), strict=True):
            if w == w_a:
                break
            if admitted[w] < caps[w] or s < worst[w]:
                pairs.append((order.applicants[a].id, order.workplaces[w].id))
    return pairs


def max_placement(
    applicants: Iterable[Applicant],
    workplaces: Iterable[Workplace],
    *,
    on: date,
    seed: int = 0,
    capacities: Mapping[str, int] | None = None,
) -> dict[str, str | None]:
    """An assignment that places as many applicants as possible at a choice they are eligible
    for and, among those, minimises the sum of the positions of the places they get in their
    lists (of eligible choices). Two linear programmes over the same constraints (each
    applicant at most one place, each workplace at most its capacity): the first finds the
    most that can be placed, the second the best-ranked way to place that many. Ties between
    equally good assignments are broken by the solver (HiGHS), deterministically; ``seed``
    only draws the lottery numbers used to check eligibility order (not needed here) and is
    accepted so the call matches ``allocate``."""
    order = Order(list(applicants), list(workplaces), on=on, seed=seed, capacities=capacities)
    return _max_placement(order)


def _max_placement(order: Order) -> dict[str, str | None]:
    n = order.n
    edges = len(order.choice_w)
    result: dict[str, str | None] = {ap.id: None for ap in order.applicants}
    if edges == 0:
        return result
    start = np.array(order.start, dtype=np.int64)
    owner = np.repeat(np.arange(n), np.diff(start))
    position = np.arange(edges) - start[owner]
    cols = np.arange(edges)
    ones = np.ones(edges)
    by_applicant = csr_array((ones, (owner, cols)), shape=(n, edges))
    by_place = csr_array(
        (ones, (np.array(order.choice_w), cols)), shape=(len(order.workplaces), edges)
    )
    matrix = vstack([by_applicant, by_place]).tocsr()
    upper = np.concatenate([np.ones(n), np.array(order.capacities, dtype=np.float64)])
    whole = np.ones(edges)
    # Dual simplex ends at a vertex, and every vertex of these constraints is whole.
    first = linprog(-whole, A_ub=matrix, b_ub=upper, bounds=(0, 1), method="highs-ds")
    if first.x is None:
        raise RuntimeError(f"the maximum-placement solver failed: {first.message}")
    most = round(-first.fun)
    # Those placing ``most`` are a face of the same polytope: its vertices are whole too.
    second = linprog(
        position.astype(np.float64),
        A_ub=matrix,
        b_ub=upper,
        A_eq=csr_array(whole.reshape(1, -1)),
        b_eq=np.array([float(most)]),
        bounds=(0, 1),
        method="highs-ds",
    )
    if second.x is None:
        raise RuntimeError(f"the maximum-placement solver failed: {second.message}")
    if not np.allclose(second.x, np.round(second.x), atol=1e-6):
        raise RuntimeError("the maximum-placement solver returned a fractional assignment")
    chosen = np.flatnonzero(second.x > 0.5)
    for e in chosen.tolist():
        result[order.applicants[int(owner[e])].id] = order.workplaces[order.choice_w[e]].id
    return result


@dataclass(frozen=True)
class Figures:
    """One allocation's figures for the committee."""

    name: str  # "stable" or "max_placement"
    placed: int
    empty_places: int
    first_choices: int  # applicants placed at the first workplace on their list
    blocking_pairs: int  # pairs the allocation treats unfairly (0 when stable)


@dataclass(frozen=True)
class Tradeoff:
    stable: Figures
    max_placement: Figures
    places: int
    applicants: int


def figures(name: str, order: Order, assignment: Assignment) -> Figures:
    placed = sum(1 for wid in assignment.values() if wid is not None)
    first = sum(
        1 for ap in order.applicants if ap.choices and assignment.get(ap.id) == ap.choices[0]
    )
    return Figures(
        name=name,
        placed=placed,
        empty_places=sum(order.capacities) - placed,
        first_choices=first,
        blocking_pairs=len(_blocking(order, assignment)),
    )


def tradeoff(
    applicants: Iterable[Applicant],
    workplaces: Iterable[Workplace],
    *,
    on: date,
    seed: int = 0,
    capacities: Mapping[str, int] | None = None,
) -> Tradeoff:
    """Placed, places left empty, first choices and unfairly treated pairs for the stable
    allocation and for a maximum-placement one, on the same input."""
    people = list(applicants)
    places = list(workplaces)
    stable = allocate(people, places, on=on, seed=seed, capacities=capacities)
    order = Order(people, places, on=on, seed=seed, capacities=capacities)
    return Tradeoff(
        stable=figures("stable", order, stable.assignment),
        max_placement=figures("max_placement", order, _max_placement(order)),
        places=sum(order.capacities),
        applicants=len(people),
    )
