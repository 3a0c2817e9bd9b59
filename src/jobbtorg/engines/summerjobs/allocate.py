"""Applicant-proposing deferred acceptance with a heap per workplace: the applicant-optimal
stable allocation of summer jobs. See docs/summerjobs-allocation.md.

A workplace orders the eligible applicants who chose it by priority (higher first), then those
from its own district, then lottery number (lower first), then applicant id (a tie of given
lottery numbers). Each (applicant, workplace) pair gets one integer *score*, smaller is better:
``(tier * 2 + other_district) * n + lottery_rank``, where ``tier`` is the rank of the
applicant's priority among the distinct priorities (0 = highest) and ``lottery_rank`` the
applicant's place in the order (lottery, id). The lottery rank makes every score unique and
tells the applicant back from the score (``score % n``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from hashlib import sha256
from heapq import heappush, heappushpop

import numpy as np

from jobbtorg.engines.summerjobs.model import (
    ALL_CHOICES_FULL,
    NO_CHOICES,
    NO_ELIGIBLE_CHOICE,
    NOT_ELIGIBLE,
    NOT_REACHED,
    PLACED_AT_CHOICE_N,
    PLACED_HERE,
    REPEATED,
    TURNED_DOWN,
    Applicant,
    ChoiceOutcome,
    Explanation,
    Standing,
    Workplace,
    age_on,
)


class UnknownWorkplace(ValueError):
    def __init__(self, applicant_id: str, workplace_id: str) -> None:
        super().__init__(f"applicant {applicant_id} chose an unknown workplace {workplace_id}")
        self.applicant_id = applicant_id
        self.workplace_id = workplace_id


def drawn_lotteries(seed: int, applicant_ids: Sequence[str]) -> list[float]:
    """``drawn_lottery`` for many applicants at once (the same numbers, faster)."""
    if not applicant_ids:
        return []
    joined = b"".join([sha256(f"{seed}:{aid}".encode()).digest()[:8] for aid in applicant_ids])
    top = np.frombuffer(joined, dtype=">u8") >> np.uint64(11)
    values: list[float] = (top.astype(np.float64) / 9007199254740992.0).tolist()
    return values


class Order:
    """The inputs turned into indices and scores, shared by ``allocate`` and the fairness
    checks. Flat lists: applicant ``a``'s choices that count (eligible, first occurrence, in
    their order) are ``choice_w[start[a]:start[a + 1]]`` (workplace indices) with their
    scores in ``choice_s`` at the same positions."""

    def __init__(
        self,
        applicants: Sequence[Applicant],
        workplaces: Sequence[Workplace],
        *,
        on: date,
        seed: int,
        capacities: Mapping[str, int] | None = None,
    ) -> None:
        self.applicants = applicants
        self.workplaces = workplaces
        self.on = on
        self.seed = seed
        index: dict[str, int] = {}
        for w, place in enumerate(workplaces):
            if place.id in index:
                raise ValueError(f"duplicate workplace id {place.id}")
            index[place.id] = w
        self.index = index
        caps = [place.capacity for place in workplaces]
        if capacities is not None:
            for wid, capacity in capacities.items():
                if wid not in index:
                    raise ValueError(f"a capacity for an unknown workplace {wid}")
                caps[index[wid]] = capacity
        if any(c < 0 for c in caps):
            raise ValueError("a capacity is negative")
        self.capacities = caps
        n = len(applicants)
        self.n = n
        ids = [ap.id for ap in applicants]
        if len(set(ids)) != n:
            raise ValueError("duplicate applicant id")
        given = [ap.lottery for ap in applicants]
        missing = [a for a, lot in enumerate(given) if lot is None]
        lotteries: list[float]
        if len(missing) == n:
            lotteries = drawn_lotteries(seed, ids)
        else:
            lotteries = [0.0 if lot is None else float(lot) for lot in given]
            for a, lot in zip(
                missing, drawn_lotteries(seed, [ids[a] for a in missing]), strict=True
            ):
                lotteries[a] = lot
        self.lotteries = lotteries
        # The order (lottery, id): numpy's stable sort, and the ids only when numbers tie.
        lottery_array = np.array(lotteries, dtype=np.float64)
        by_lottery_array = np.argsort(lottery_array, kind="stable")
        sorted_lotteries = lottery_array[by_lottery_array]
        if n > 1 and bool(np.any(sorted_lotteries[1:] == sorted_lotteries[:-1])):
            by_lottery = sorted(range(n), key=lambda a: (lotteries[a], ids[a]))
            by_lottery_array = np.array(by_lottery, dtype=np.int64)
        else:
            by_lottery = by_lottery_array.tolist()
        self.by_lottery: list[int] = by_lottery
        lottery_rank = np.empty(n, dtype=np.int64)
        lottery_rank[by_lottery_array] = np.arange(n, dtype=np.int64)

        counts = [len(ap.choices) for ap in applicants]
        flat_ids = [wid for ap in applicants for wid in ap.choices]
        try:
            flat = list(map(index.__getitem__, flat_ids))
        except KeyError as error:
            wid = str(error.args[0])
            who = next(ap.id for ap in applicants if wid in ap.choices)
            raise UnknownWorkplace(who, wid) from None
        cw = np.array(flat, dtype=np.int64)
        ca = np.repeat(np.arange(n, dtype=np.int64), counts)
        keep = np.ones(len(flat), dtype=bool)
        if any(p.min_age is not None or p.max_age is not None for p in workplaces):
            births = [ap.birth_date for ap in applicants]
            on_day = (on.month, on.day)
            age_of = {b: on.year - b.year - (on_day < (b.month, b.day)) for b in set(births)}
            ages = np.array([age_of[b] for b in births], dtype=np.int64)
            low = np.array(
                [-(2**62) if p.min_age is None else p.min_age for p in workplaces], dtype=np.int64
            )
            high = np.array(
                [2**62 if p.max_age is None else p.max_age for p in workplaces], dtype=np.int64
            )
            choice_age = ages[ca]
            keep &= (low[cw] <= choice_age) & (choice_age <= high[cw])
        # The first occurrence of a workplace in an applicant's list counts, later ones not.
        longest = max(counts, default=0)
        if longest <= 16:
            # Short lists: compare each choice with the k-th one before it, k < longest.
            for k in range(1, longest):
                keep[k:] &= ~((cw[k:] == cw[:-k]) & (ca[k:] == ca[:-k]))
        else:
            pair = ca * max(len(workplaces), 1) + cw
            _, first = np.unique(pair, return_index=True)
            once = np.zeros(len(flat), dtype=bool)
            once[first] = True
            keep &= once
        tiers = {
            p: t for t, p in enumerate(sorted({ap.priority for ap in applicants}, reverse=True))
        }
        tier = np.array([tiers[ap.priority] for ap in applicants], dtype=np.int64)
        district_code: dict[str, int] = {}
        home = np.array(
            [district_code.setdefault(ap.district, len(district_code)) for ap in applicants],
            dtype=np.int64,
        )
        place_district = np.array(
            [district_code.get(p.district, -1) for p in workplaces], dtype=np.int64
        )
        self._tier: list[int] = tier.tolist()
        self._lottery_rank: list[int] = lottery_rank.tolist()
        self._home: list[int] = home.tolist()
        self._place_district: list[int] = place_district.tolist()
        cw = cw[keep]
        ca = ca[keep]
        other = (place_district[cw] != home[ca]).astype(np.int64)
        score = (tier[ca] * 2 + other) * n + lottery_rank[ca]
        self.choice_w: list[int] = cw.tolist()
        self.choice_s: list[int] = score.tolist()
        start = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(ca, minlength=n), out=start[1:])
        self.start: list[int] = start.tolist()

    def score(self, a: int, w: int) -> int:
        """Applicant ``a``'s score at workplace ``w`` (smaller is better), whether or not they
        chose it."""
        other = int(self._home[a] != self._place_district[w])
        return (self._tier[a] * 2 + other) * self.n + self._lottery_rank[a]

    def choices_of(self, a: int) -> list[int]:
        return self.choice_w[self.start[a] : self.start[a + 1]]

    def scores_of(self, a: int) -> list[int]:
        return self.choice_s[self.start[a] : self.start[a + 1]]


def deferred_acceptance(order: Order) -> list[int]:
    """The workplace index each applicant is placed at (-1: none). Applicants propose down
    their lists; a full workplace keeps its best ``capacity`` proposers in a max-heap (scores
    negated) and turns the worst one away, who proposes to their next choice."""
    n = order.n
    caps = order.capacities
    choice_w = order.choice_w
    choice_s = order.choice_s
    start = order.start
    by_lottery = order.by_lottery
    heaps: list[list[int]] = [[] for _ in caps]
    nxt = start[:-1]
    for first in range(n):
        a = first
        i = start[a]
        k = start[a + 1]
        while i < k:
            w = choice_w[i]
            s = choice_s[i]
            i += 1
            h = heaps[w]
            c = caps[w]
            if len(h) < c:
                heappush(h, -s)
                nxt[a] = i
                break
            if c and s < -h[0]:
                out = -heappushpop(h, -s)
                nxt[a] = i
                a = by_lottery[out % n]
                i = nxt[a]
                k = start[a + 1]
    placed = [-1] * n
    for w, h in enumerate(heaps):
        for neg in h:
            placed[by_lottery[(-neg) % n]] = w
    return placed


class Allocation:
    """The result: ``assignment`` (applicant id -> workplace id or None, in input order),
    ``lotteries`` (applicant id -> the lottery number used), ``seed`` and ``on``; explanations
    are computed on demand (``explanation(id)``, ``explanations()``)."""

    def __init__(self, order: Order, placed: list[int]) -> None:
        self._order = order
        self._placed = placed
        workplaces = order.workplaces
        self.seed = order.seed
        self.on = order.on
        self.assignment: dict[str, str | None] = {
            ap.id: (workplaces[w].id if w >= 0 else None)
            for ap, w in zip(order.applicants, placed, strict=True)
        }
        self.lotteries: dict[str, float] = {
            ap.id: lot for ap, lot in zip(order.applicants, order.lotteries, strict=True)
        }
        self._ranks: list[dict[int, int]] | None = None
        self._cutoffs: list[int | None] = []
        self._admitted: list[int] = []
        self._positions: dict[str, int] | None = None

    @property
    def capacities(self) -> dict[str, int]:
        """The capacity of each workplace as used (after any override)."""
        return {
            p.id: c for p, c in zip(self._order.workplaces, self._order.capacities, strict=True)
        }

    @property
    def placed(self) -> int:
        return sum(1 for w in self._placed if w >= 0)

    @property
    def places(self) -> int:
        return sum(self._order.capacities)

    @property
    def empty_places(self) -> int:
        return self.places - self.placed

    @property
    def first_choices(self) -> int:
        """Applicants placed at the first workplace on their list."""
        index = self._order.index
        return sum(
            1
            for ap, w in zip(self._order.applicants, self._placed, strict=True)
            if w >= 0 and index[ap.choices[0]] == w
        )

    def remaining_capacities(self) -> dict[str, int]:
        """Places left at each workplace: what a next round allocates."""
        left = dict(self.capacities)
        for wid in self.assignment.values():
            if wid is not None:
                left[wid] -= 1
        return left

    def _standings(self) -> list[dict[int, int]]:
        if self._ranks is None:
            order = self._order
            lists: list[list[int]] = [[] for _ in order.workplaces]
            for w, s in zip(order.choice_w, order.choice_s, strict=True):
                lists[w].append(s)
            worst: list[int | None] = [None] * len(lists)
            admitted = [0] * len(lists)
            for a, w in enumerate(self._placed):
                if w >= 0:
                    admitted[w] += 1
                    s = order.scores_of(a)[order.choices_of(a).index(w)]
                    current = worst[w]
                    if current is None or s > current:
                        worst[w] = s
            ranks = []
            for sc in lists:
                sc.sort()
                ranks.append({s: r for r, s in enumerate(sc, start=1)})
            self._cutoffs = [
                None if worst_score is None else ranks[w][worst_score]
                for w, worst_score in enumerate(worst)
            ]
            self._admitted = admitted
            self._ranks = ranks
        return self._ranks

    def explanation(self, applicant_id: str) -> Explanation:
        if self._positions is None:
            self._positions = {ap.id: a for a, ap in enumerate(self._order.applicants)}
        return self._explain(self._positions[applicant_id])

    def explanations(self) -> list[Explanation]:
        """Every applicant's explanation, in input order."""
        return [self._explain(a) for a in range(self._order.n)]

    def _explain(self, a: int) -> Explanation:
        order = self._order
        ranks = self._standings()
        ap = order.applicants[a]
        placed_w = self._placed[a]
        eligible = dict(zip(order.choices_of(a), order.scores_of(a), strict=True))
        outcomes: list[ChoiceOutcome] = []
        seen: set[int] = set()
        placed_choice: int | None = None
        for position, wid in enumerate(ap.choices, start=1):
            w = order.index[wid]
            place = order.workplaces[w]
            if w in seen:
                outcomes.append(ChoiceOutcome(wid, REPEATED))
                continue
            seen.add(w)
            if w not in eligible:
                outcomes.append(
                    ChoiceOutcome(
                        wid,
                        NOT_ELIGIBLE,
                        age=age_on(ap.birth_date, order.on),
                        min_age=place.min_age,
                        max_age=place.max_age,
                    )
                )
                continue
            standing = Standing(
                rank=ranks[w][eligible[w]],
                out_of=len(ranks[w]),
                cutoff=self._cutoffs[w],
                admitted=self._admitted[w],
                capacity=order.capacities[w],
            )
            if w == placed_w:
                placed_choice = position
                status = PLACED_HERE
            elif placed_choice is not None:
                status = NOT_REACHED
            else:
                status = TURNED_DOWN
            outcomes.append(ChoiceOutcome(wid, status, standing=standing))
        if placed_w >= 0:
            reason = PLACED_AT_CHOICE_N
        elif not ap.choices:
            reason = NO_CHOICES
        elif not eligible:
            reason = NO_ELIGIBLE_CHOICE
        else:
            reason = ALL_CHOICES_FULL
        return Explanation(
            applicant_id=ap.id,
            lottery=order.lotteries[a],
            reason=reason,
            placed_choice=placed_choice,
            workplace_id=order.workplaces[placed_w].id if placed_w >= 0 else None,
            choices=tuple(outcomes),
        )


def allocate(
    applicants: Iterable[Applicant],
    workplaces: Iterable[Workplace],
    *,
    on: date,
    seed: int,
    capacities: Mapping[str, int] | None = None,
) -> Allocation:
    """The applicant-optimal stable allocation. ``on``: the date ages are counted on; ``seed``:
    draws the lottery numbers that are not given; ``capacities``: overrides some workplaces'
    capacity (e.g. the places left for a next round)."""
    # Many small lists are made and none is garbage: the cyclic collector would only add
    # pauses (it doubled the time at city size), so it is paused during the run.
    collecting = gc.isenabled()
    gc.disable()
    try:
        order = Order(list(applicants), list(workplaces), on=on, seed=seed, capacities=capacities)
        return Allocation(order, deferred_acceptance(order))
    finally:
        if collecting:
            gc.enable()
