"""The vectorised matching index: every score of ``score_plain``, for one person against every
vacancy, one vacancy against every person, or everyone against everything in chunks.

How the score is laid out (``S`` = points * 100 / maximum, the same as ``score_plain``):

- occupation: a table of scaled points for every pair of SSYK codes that occur (a few hundred),
  and each person's wishes and experience as a short row of (code, multiplier); a person's
  points for every code are the maximum over that row, then gathered by each vacancy's code;
- "place" and "asks": what about a vacancy is one of few values is two keys, (district, extent,
  licence) and (required and desired language sets, whether it asks for no skills at all); the
  points of a person for each distinct key are computed once (travel from a district x district
  table, extent, licence, languages as small 0/1 matrices) and gathered by each vacancy's keys;
  a hard requirement not met is -inf;
- skills: a sparse vacancy x skill matrix holding each required skill's scaled share
  (``required_skills / number required``) and each desired skill's, so a sparse product with
  the person x skill 0/1 matrix gives the skill points.

For one vacancy against everyone, the occupation points come from per-prefix lists (who wishes
or has done something under each 1-4 digit prefix, with the best multiplier) and place and asks
from small tables per class of people (same home, extent and licences; same languages), with
the same arithmetic, so the scores are the same floats. The batch shortlists each chunk in
float32 and scores the shortlist exactly in float64 (``_shortlist``, ``_chunk_best``).

Best lists keep only matches with a score above 0 that exclude nothing, ordered by score, then
by ref (vacancies and people are held sorted by ref, so ties go to the smaller ref). The
``Match`` objects returned come from ``score_plain``, with every explanation.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from jobbtorg.engines.matching.distance import DistrictDistances
from jobbtorg.engines.matching.model import Match, PersonFeatures, VacancyFeatures
from jobbtorg.engines.matching.score import score_plain, shared_digits
from jobbtorg.engines.matching.weights import DEFAULT_WEIGHTS, Weights

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.intp]
Bools = npt.NDArray[np.bool_]
Index = slice | Ints

EXTENT_INDEX = {"full": 0, "part": 1, "any": 2}
# People per chunk in the batch: 64 x 20,000 vacancies x 4 bytes = 5 MB per shortlist matrix
# (fits the shared cache with one per worker; 128 or 256 measured slower).
CHUNK_PEOPLE = 64
# The batch's shortlist: vacancies in this many groups, and how far (on 0-100) below the k-th
# best group maximum a float32 score is still kept. float32 is off by < 1e-4 on these sums.
SHORTLIST_GROUPS = 256
SHORTLIST_MARGIN = 0.01


def _index(values: Iterable[str]) -> dict[str, int]:
    return {value: i for i, value in enumerate(sorted(set(values)))}


def _top_k_rows(scores: Floats, k: int) -> list[list[tuple[int, float]]]:
    """Per row, the k best columns with a score above 0: by score, then by column."""
    rows_n, cols_n = scores.shape
    if cols_n == 0 or k <= 0:
        return [[] for _ in range(rows_n)]
    kk = min(k, cols_n)
    kth = np.partition(scores, cols_n - kk, axis=1)[:, cols_n - kk]
    # Every column at least as good as the k-th, so that ties at the edge are all seen.
    candidates = (scores >= kth[:, None]) & (scores > 0)
    rows, cols = np.nonzero(candidates)
    values = scores[rows, cols]
    order = np.lexsort((cols, -values, rows))
    rows, cols, values = rows[order], cols[order], values[order]
    starts = np.searchsorted(rows, np.arange(rows_n))
    rank = np.arange(len(rows)) - starts[rows]
    keep = rank < k
    result: list[list[tuple[int, float]]] = [[] for _ in range(rows_n)]
    for r, c, v in zip(
        rows[keep].tolist(), cols[keep].tolist(), values[keep].tolist(), strict=True
    ):
        result[r].append((c, v))
    return result


def _shortlist(scores: npt.NDArray[np.float32], k: int) -> tuple[Ints, Ints]:
    """(rows, columns) of a float32 vacancies x people matrix that hold, per column, every
    entry whose exact score may be among the column's k best (ties and near-ties included).

    The rows are split into groups; the k-th best group maximum of a column is a score that at
    least k rows reach, so no true top-k member lies more than ``SHORTLIST_MARGIN`` (far more
    than float32's error on these sums) below it. Only the groups whose maximum reaches that
    far are searched, and scores below -``SHORTLIST_MARGIN`` (excluded or 0) are dropped."""
    n, b = scores.shape
    groups = min(SHORTLIST_GROUPS, n)
    if groups < k or n == 0:
        rows, cols = np.nonzero(scores >= -SHORTLIST_MARGIN)
        return rows.astype(np.intp), cols.astype(np.intp)
    size = n // groups
    body = scores[: groups * size].reshape(groups, size, b)
    maxima = body.max(axis=1)  # groups x people
    kth = np.partition(maxima, groups - k, axis=0)[groups - k]
    threshold = np.maximum(kth - SHORTLIST_MARGIN, -SHORTLIST_MARGIN)
    g, c = np.nonzero(maxima >= threshold)
    rows = (g * size)[:, None] + np.arange(size)  # the searched groups' rows
    cols = np.broadcast_to(c[:, None], rows.shape)
    hit = scores[rows, cols] >= threshold[c][:, None]
    tail_rows, tail_cols = np.nonzero(scores[groups * size :] >= threshold)
    return (
        np.concatenate([rows[hit], tail_rows + groups * size]).astype(np.intp),
        np.concatenate([cols[hit], tail_cols]).astype(np.intp),
    )


@dataclass
class _Place:
    """The distinct (district, extent, licence) keys of the vacancies."""

    district: Ints
    extent: Ints
    licence: Ints  # index into the licence columns; the last column means "none required"


@dataclass
class _Asks:
    """The distinct (required languages, desired languages, no skills asked) keys."""

    required_languages: Floats  # keys x languages, 0/1
    desired_languages: Floats  # keys x languages, 0/1
    desired_count: Floats
    constant: Floats  # full points of a skills factor for which nothing is asked


class MatchIndex:
    """All people and vacancies as arrays; build it with ``MatchIndex.build``."""

    weights: Weights
    distances: DistrictDistances
    scale: float  # points to 0-100
    people: list[PersonFeatures]  # sorted by ref
    vacancies: list[VacancyFeatures]  # sorted by ref
    person_pos: dict[str, int]
    vacancy_pos: dict[str, int]
    occupation_table: Floats  # codes x codes, scaled points (the last code is padding)
    p_codes: Ints  # people x entries: code of each wish and experience
    p_mult: Floats  # people x entries: 1 for a wish, the share for experience
    v_code: Ints
    district_pos: dict[str, int]
    travel_table: Floats  # districts x districts, points (unscaled)
    travel_excluded: Bools
    p_home: Ints
    p_travel: Bools  # people x districts the person listed
    p_available: Bools
    p_extent: Ints
    extent_table: Floats  # person extent x job extent, points (unscaled; -inf excludes)
    p_licence: Bools  # people x licences (+ a last column "none required", always True)
    p_languages: Floats  # people x languages, 0/1
    p_lacks_languages: Floats
    v_place: Ints
    place: _Place
    v_asks: Ints
    asks: _Asks
    vacancy_skills: sparse.csr_array  # vacancies x skills, scaled points
    skill_vacancies: sparse.csr_array  # skills x vacancies
    person_skills: sparse.csr_array  # people x skills, 0/1
    skill_people: sparse.csr_array  # skills x people

    @classmethod
    def build(
        cls,
        people: Iterable[PersonFeatures],
        vacancies: Iterable[VacancyFeatures],
        distances: DistrictDistances,
        weights: Weights = DEFAULT_WEIGHTS,
    ) -> MatchIndex:
        self = cls()
        self.weights = weights
        self.distances = distances
        self.scale = 100.0 / weights.maximum
        self.people = sorted(people, key=lambda p: p.ref)
        self.vacancies = sorted(vacancies, key=lambda v: v.ref)
        self.person_pos = {p.ref: i for i, p in enumerate(self.people)}
        self.vacancy_pos = {v.ref: j for j, v in enumerate(self.vacancies)}
        if len(self.person_pos) != len(self.people) or len(self.vacancy_pos) != len(self.vacancies):
            raise ValueError("refs must be unique")
        self._build_occupations()
        self._build_districts()
        self._build_context()
        self._build_skills()
        self._build_classes()
        return self

    # -- building -------------------------------------------------------------------------

    def _build_occupations(self) -> None:
        w = self.weights
        codes = _index(
            [v.ssyk for v in self.vacancies]
            + [c for p in self.people for c in p.wanted_ssyk]
            + [c for p in self.people for c, _ in p.experience]
        )
        names = list(codes)
        self.code_names = names
        pad = len(names)  # the padding code: 0 points against everything
        table = np.zeros((pad + 1, pad + 1))
        for a, ca in enumerate(names):
            for b, cb in enumerate(names):
                table[a, b] = w.occupation_points(shared_digits(ca, cb)) * self.scale
        self.occupation_table = table
        width = max([1] + [len(p.wanted_ssyk) + len(p.experience) for p in self.people])
        self.p_codes = np.full((len(self.people), width), pad, dtype=np.intp)
        self.p_mult = np.zeros((len(self.people), width))
        for i, p in enumerate(self.people):
            entries = [(c, 1.0) for c in p.wanted_ssyk] + [
                (c, w.experience_share(y)) for c, y in p.experience
            ]
            for k, (c, m) in enumerate(entries):
                self.p_codes[i, k] = codes[c]
                self.p_mult[i, k] = m
        self.v_code = np.array([codes[v.ssyk] for v in self.vacancies], dtype=np.intp)

    def _build_districts(self) -> None:
        w = self.weights
        slugs = self.distances.slugs(
            [p.home_district for p in self.people]
            + [d for p in self.people for d in p.travel_districts]
            + [v.district for v in self.vacancies]
        )
        self.district_pos = {s: i for i, s in enumerate(slugs)}
        n = len(slugs)
        self.travel_table = np.zeros((n, n))
        self.travel_excluded = np.zeros((n, n), dtype=bool)
        for a, sa in enumerate(slugs):
            for b, sb in enumerate(slugs):
                km = self.distances.km(sa, sb)
                self.travel_table[a, b] = w.travel_points(km)
                self.travel_excluded[a, b] = w.travel_excluded(km)
        self.p_home = np.array([self.district_pos[p.home_district] for p in self.people], np.intp)
        self.p_travel = np.zeros((len(self.people), n), dtype=bool)
        for i, p in enumerate(self.people):
            for d in p.travel_districts:
                self.p_travel[i, self.district_pos[d]] = True
        self.p_available = np.array([p.available for p in self.people], dtype=bool)
        self.p_extent = np.array([EXTENT_INDEX[p.extent] for p in self.people], np.intp)
        minus = -np.inf
        # person extent (full, part, any) x job extent (full, part)
        self.extent_table = np.array(
            [
                [w.extent, w.extent_part_time_for_full_time_seeker],
                [minus, w.extent],
                [w.extent, w.extent],
            ]
        )

    def _build_context(self) -> None:
        w = self.weights
        licences = _index(v.licence for v in self.vacancies if v.licence is not None)
        languages = _index(
            lang for v in self.vacancies for lang in v.required_languages | v.desired_languages
        )
        self.p_licence = np.zeros((len(self.people), len(licences) + 1), dtype=bool)
        self.p_licence[:, -1] = True
        self.p_languages = np.zeros((len(self.people), len(languages)))
        for i, p in enumerate(self.people):
            for code in p.licences:
                if code in licences:
                    self.p_licence[i, licences[code]] = True
            for lang in p.languages:
                if lang in languages:
                    self.p_languages[i, languages[lang]] = 1.0
        self.p_lacks_languages = 1.0 - self.p_languages
        places: dict[tuple[int, int, int], int] = {}
        asks: dict[tuple[Any, ...], int] = {}
        v_place = []
        v_asks = []
        for v in self.vacancies:
            place = (
                self.district_pos[v.district],
                EXTENT_INDEX[v.extent],
                len(licences) if v.licence is None else licences[v.licence],
            )
            v_place.append(places.setdefault(place, len(places)))
            ask = (
                v.required_languages,
                v.desired_languages,
                not v.required_skills,
                not v.desired_skills,
            )
            v_asks.append(asks.setdefault(ask, len(asks)))
        self.v_place = np.array(v_place, dtype=np.intp)
        self.v_asks = np.array(v_asks, dtype=np.intp)
        ordered_places = sorted(places, key=places.__getitem__)
        self.place = _Place(
            district=np.array([k[0] for k in ordered_places], dtype=np.intp),
            extent=np.array([k[1] for k in ordered_places], dtype=np.intp),
            licence=np.array([k[2] for k in ordered_places], dtype=np.intp),
        )
        required = np.zeros((len(asks), len(languages)))
        desired = np.zeros((len(asks), len(languages)))
        for key, c in asks.items():
            for lang in key[0]:
                required[c, languages[lang]] = 1.0
            for lang in key[1]:
                desired[c, languages[lang]] = 1.0
        ordered_asks = sorted(asks, key=asks.__getitem__)
        self.asks = _Asks(
            required_languages=required,
            desired_languages=desired,
            desired_count=desired.sum(axis=1),
            constant=np.array(
                [w.required_skills * k[2] + w.desired_skills * k[3] for k in ordered_asks],
                dtype=float,
            ),
        )

    def _build_skills(self) -> None:
        w = self.weights
        skills = _index(s for v in self.vacancies for s in v.required_skills | v.desired_skills)
        rows: list[int] = []
        cols: list[int] = []
        data: list[float] = []
        for j, v in enumerate(self.vacancies):
            for asked, weight in (
                (v.required_skills, w.required_skills),
                (v.desired_skills, w.desired_skills),
            ):
                for s in asked:
                    rows.append(j)
                    cols.append(skills[s])
                    data.append(weight / len(asked) * self.scale)
        shape = (len(self.vacancies), len(skills))
        vw = sparse.csr_array((data, (rows, cols)), shape=shape)
        vw.sum_duplicates()
        self.vacancy_skills = vw  # vacancies x skills, scaled points
        self.skill_vacancies = vw.T.tocsr()  # skills x vacancies
        prow: list[int] = []
        pcol: list[int] = []
        for i, p in enumerate(self.people):
            for s in p.skills:
                if s in skills:
                    prow.append(i)
                    pcol.append(skills[s])
        px = sparse.csr_array(
            (np.ones(len(prow)), (prow, pcol)), shape=(len(self.people), len(skills))
        )
        self.person_skills = px  # people x skills, 0/1
        self.skill_people = px.T.tocsr()  # skills x people

    def _build_classes(self) -> None:
        """What makes one vacancy against every person, and a chunk of the batch, fast.

        - occupation by prefix: for each level (1-4 shared digits) and each code prefix of that
          length, the people with a wish or experience under it and the best multiplier, so
          the occupation points of everyone for one code are 4 short scatters;
        - place and language classes: people with the same (home, extent, licences) and the
          same languages get the same place and asks points, so these are small tables
          (keys x classes, computed with the same formulas) gathered per person;
        - the batch's shortlist tables: vacancies' (place, asks) pairs (a few thousand),
          float32 skill weights, and each vacancy's skills padded to one width.
        """
        w = self.weights
        n = len(self.people)
        width = self.p_codes.shape[1]
        pad = len(self.code_names)
        entry_person = np.repeat(np.arange(n, dtype=np.intp), width)
        entry_code = self.p_codes.reshape(-1)
        entry_mult = self.p_mult.reshape(-1)
        real = (entry_code != pad) & (entry_mult > 0)
        entry_person, entry_code, entry_mult = (
            entry_person[real],
            entry_code[real],
            entry_mult[real],
        )
        self.level_points = [w.occupation_points(level) * self.scale for level in range(5)]
        # The best of the levels an entry reaches is its own level only if points grow with the
        # digits shared (the default weights); otherwise the plain gather is used.
        self.levels_grow = all(
            0 <= a <= b for a, b in zip(self.level_points, self.level_points[1:], strict=False)
        )
        self.code_prefix: list[Ints] = []  # per level: code -> prefix id (-1: code too short)
        self.prefix_people: list[tuple[Ints, Ints, Floats]] = []  # per level: CSR by prefix
        for level in range(1, 5):
            prefixes = _index(c[:level] for c in self.code_names if len(c) >= level)
            ids = np.array(
                [prefixes.get(c[:level], -1) if len(c) >= level else -1 for c in self.code_names]
                + [-1],
                dtype=np.intp,
            )
            self.code_prefix.append(ids)
            key = ids[entry_code]
            has = key >= 0
            key, person, mult = key[has], entry_person[has], entry_mult[has]
            order = np.lexsort((mult, person, key))
            key, person, mult = key[order], person[order], mult[order]
            last = np.ones(len(key), dtype=bool)  # the last of each (prefix, person): the best
            last[:-1] = (key[1:] != key[:-1]) | (person[1:] != person[:-1])
            key, person, mult = key[last], person[last], mult[last]
            indptr = np.searchsorted(key, np.arange(len(prefixes) + 1)).astype(np.intp)
            self.prefix_people.append((indptr, person, mult))

        # place classes: (home, extent, licences)
        place_rows = np.column_stack([self.p_home, self.p_extent, self.p_licence.astype(np.intp)])
        classes, self.p_place_class = np.unique(place_rows, axis=0, return_inverse=True)
        self.p_place_class = self.p_place_class.reshape(-1).astype(np.intp)
        keys = slice(None)
        c = self.place
        district = c.district[keys]
        home = classes[:, 0]
        extent_points = self.extent_table[classes[:, 1][:, None], c.extent[keys][None, :]]
        lacks_licence = ~classes[:, 2:].astype(bool)[:, c.licence[keys]]
        tables = []
        for listed in (False, True):
            if listed:
                travel = np.full((len(classes), len(district)), w.travel)
                excluded = np.zeros(travel.shape, dtype=bool)
            else:
                travel = self.travel_table[home[:, None], district[None, :]]
                excluded = self.travel_excluded[home[:, None], district[None, :]].copy()
            total = travel + extent_points
            excluded |= lacks_licence
            total *= self.scale
            total[excluded] = -np.inf
            tables.append(np.ascontiguousarray(total.T))  # keys x classes
        self.place_unlisted, self.place_listed = tables
        listed_t = sparse.csr_array(self.p_travel.T.astype(np.int8))
        self.district_listed: tuple[Ints, Ints] = (
            listed_t.indptr.astype(np.intp),
            listed_t.indices.astype(np.intp),
        )

        # language classes
        lang_classes, self.p_lang_class = np.unique(self.p_languages, axis=0, return_inverse=True)
        self.p_lang_class = self.p_lang_class.reshape(-1).astype(np.intp)
        a = self.asks
        met = lang_classes @ a.desired_languages.T
        count = a.desired_count
        total = np.where(
            count > 0, met / np.maximum(count, 1.0) * w.desired_languages, w.desired_languages
        )
        total += a.constant
        total *= self.scale
        total[(1.0 - lang_classes) @ a.required_languages.T > 0.5] = -np.inf
        self.asks_table = np.ascontiguousarray(total.T)  # keys x classes
        self.unavailable = np.flatnonzero(~self.p_available)

        # the batch's shortlist
        pairs: dict[tuple[int, int], int] = {}
        v_pair = [
            pairs.setdefault((pl, ak), len(pairs))
            for pl, ak in zip(self.v_place.tolist(), self.v_asks.tolist(), strict=True)
        ]
        self.v_pair = np.array(v_pair, dtype=np.intp)
        ordered = sorted(pairs, key=pairs.__getitem__)
        self.pair_place = np.array([p for p, _ in ordered], dtype=np.intp)
        self.pair_asks = np.array([q for _, q in ordered], dtype=np.intp)
        vs = self.vacancy_skills
        self.vacancy_skills32 = sparse.csr_array(
            (vs.data.astype(np.float32), vs.indices, vs.indptr), shape=vs.shape
        )
        lengths = np.diff(vs.indptr)
        most = int(lengths.max()) if len(lengths) else 0
        self.v_skill_ids = np.zeros((len(self.vacancies), most), dtype=np.intp)
        self.v_skill_points = np.zeros((len(self.vacancies), most))
        rows = np.repeat(np.arange(len(self.vacancies)), lengths)
        cols = np.arange(len(vs.indices)) - np.repeat(vs.indptr[:-1], lengths)
        self.v_skill_ids[rows, cols] = vs.indices  # in the stored order: the order summed
        self.v_skill_points[rows, cols] = vs.data
        ps = self.person_skills
        lengths = np.diff(ps.indptr)
        most = int(lengths.max()) if len(lengths) else 0
        self.p_skill_ids = np.full((len(self.people), most), ps.shape[1], dtype=np.intp)
        rows = np.repeat(np.arange(len(self.people)), lengths)
        cols = np.arange(len(ps.indices)) - np.repeat(ps.indptr[:-1], lengths)
        self.p_skill_ids[rows, cols] = ps.indices  # padded with the number of skills

    # -- scoring --------------------------------------------------------------------------

    def _place_points(self, people: Index, keys: Index) -> Floats:
        """Scaled points people x place keys for travel and extent; -inf where travel, extent
        or the licence excludes."""
        c = self.place
        w = self.weights
        district = c.district[keys]
        home = self.p_home[people]
        listed = self.p_travel[people][:, district]
        travel = np.where(listed, w.travel, self.travel_table[home[:, None], district[None, :]])
        excluded = self.travel_excluded[home[:, None], district[None, :]] & ~listed
        total = travel + self.extent_table[self.p_extent[people][:, None], c.extent[keys][None, :]]
        excluded |= ~self.p_licence[people][:, c.licence[keys]]
        total *= self.scale
        total[excluded] = -np.inf
        result: Floats = total
        return result

    def _asks_points(self, people: Index, keys: Index) -> Floats:
        """Scaled points people x asks keys for desired languages and the skills factors that
        ask for nothing; -inf where a required language is missing."""
        c = self.asks
        w = self.weights
        count = c.desired_count[keys]
        met = self.p_languages[people] @ c.desired_languages[keys].T
        total = np.where(
            count > 0, met / np.maximum(count, 1.0) * w.desired_languages, w.desired_languages
        )
        total += c.constant[keys]
        total *= self.scale
        total[self.p_lacks_languages[people] @ c.required_languages[keys].T > 0.5] = -np.inf
        result: Floats = total
        return result

    def _occupation_by_code(self, people: Index) -> Floats:
        """Scaled occupation points, people x codes: the best wish or experience."""
        codes = self.p_codes[people]
        mult = self.p_mult[people]
        best = self.occupation_table[codes[:, 0]] * mult[:, 0, None]
        for k in range(1, codes.shape[1]):
            np.maximum(best, self.occupation_table[codes[:, k]] * mult[:, k, None], out=best)
        return best

    def _vacancy_scores(self, i: int) -> Floats:
        """Scores of person i against every vacancy (-inf where excluded)."""
        n = len(self.vacancies)
        if not self.p_available[i]:
            return np.full(n, -np.inf)
        one = np.array([i], dtype=np.intp)
        scores = self._occupation_by_code(one)[0][self.v_code]
        scores += self._place_points(one, slice(None))[0][self.v_place]
        scores += self._asks_points(one, slice(None))[0][self.v_asks]
        sv = self.skill_vacancies
        own = self.person_skills.indices[
            self.person_skills.indptr[i] : self.person_skills.indptr[i + 1]
        ]
        if len(own):
            picks = np.concatenate([np.arange(sv.indptr[s], sv.indptr[s + 1]) for s in own])
            scores += np.bincount(sv.indices[picks], weights=sv.data[picks], minlength=n)
        result: Floats = scores
        return result

    def _people_scores(self, j: int) -> Floats:
        """Scores of every person against vacancy j (-inf where excluded): occupation by
        prefix, place and asks from the class tables, then each asked skill's people."""
        code = self.v_code[j]
        if not self.levels_grow:
            column = self.occupation_table[:, code]
            scores = (column[self.p_codes] * self.p_mult).max(axis=1)
        else:
            scores = np.zeros(len(self.people))
        for level, (indptr, people, mult) in enumerate(self.prefix_people, start=1):
            key = self.code_prefix[level - 1][code]
            if key < 0 or not self.levels_grow:
                continue
            a, b = indptr[key], indptr[key + 1]
            who = people[a:b]
            scores[who] = np.maximum(scores[who], self.level_points[level] * mult[a:b])
        place = self.v_place[j]
        place_points = self.place_unlisted[place][self.p_place_class]
        indptr, listed_people = self.district_listed
        d = self.place.district[place]
        listed = listed_people[indptr[d] : indptr[d + 1]]
        place_points[listed] = self.place_listed[place][self.p_place_class[listed]]
        scores += place_points
        scores += self.asks_table[self.v_asks[j]][self.p_lang_class]
        vs = self.vacancy_skills
        start, end = vs.indptr[j], vs.indptr[j + 1]
        sp = self.skill_people
        for s, weight in zip(vs.indices[start:end], vs.data[start:end], strict=True):
            people = sp.indices[sp.indptr[s] : sp.indptr[s + 1]]
            scores[people] += weight
        scores[self.unavailable] = -np.inf
        result: Floats = scores
        return result

    def _chunk_best(self, start: int, end: int, k: int) -> list[list[tuple[int, float]]]:
        """The k best vacancies of people[start:end], by score then vacancy.

        A shortlist in float32, laid out vacancies x people (every gather copies whole
        contiguous rows; no transpose): the k-th best of the maxima of groups of vacancies is
        a score at least k vacancies reach, so every vacancy within ``SHORTLIST_MARGIN`` of
        it (more than float32 can be off) is kept, which holds every true top-k member and
        every tie. The shortlist is then scored exactly in float64, with the same operations in
        the same order as ``score_plain``'s vectorised twin, and the k best are taken."""
        if k <= 0:
            return [[] for _ in range(start, end)]
        rows = slice(start, end)
        occupation = self._occupation_by_code(rows)  # people x codes, float64
        place = self._place_points(rows, slice(None))
        asks = self._asks_points(rows, slice(None))
        n_skills = self.vacancy_skills.shape[1]
        has = np.zeros((n_skills + 1, end - start), dtype=np.float32)  # skills x people, 0/1
        has[self.p_skill_ids[rows], np.arange(end - start)[:, None]] = 1.0
        has = has[:n_skills]
        # The shortlist, float32.
        scores = self.vacancy_skills32 @ has  # vacancies x people
        occupation32 = np.ascontiguousarray(occupation.T, dtype=np.float32)
        place_t = np.ascontiguousarray(place.T)
        asks_t = np.ascontiguousarray(asks.T)
        pair32 = (place_t[self.pair_place] + asks_t[self.pair_asks]).astype(np.float32)
        scores += occupation32[self.v_code]
        scores += pair32[self.v_pair]
        v, p = _shortlist(scores, k)
        del scores
        # Exact scores of the shortlist, float64.
        exact = occupation[p, self.v_code[v]]
        exact += place[p, self.v_place[v]]
        exact += asks[p, self.v_asks[v]]
        skill = np.zeros(len(v))
        ids, points = self.v_skill_ids[v], self.v_skill_points[v]
        for c in range(ids.shape[1]):
            skill += points[:, c] * has[ids[:, c], p]
        exact += skill
        exact[~self.p_available[start + p]] = -np.inf
        keep = exact > 0
        v, p, exact = v[keep], p[keep], exact[keep]
        order = np.lexsort((v, -exact, p))
        v, p, exact = v[order], p[order], exact[order]
        first = np.searchsorted(p, np.arange(end - start))
        rank = np.arange(len(p)) - first[p]
        keep = rank < k
        result: list[list[tuple[int, float]]] = [[] for _ in range(end - start)]
        for r, c, x in zip(p[keep].tolist(), v[keep].tolist(), exact[keep].tolist(), strict=True):
            result[r].append((c, x))
        return result

    # -- the interface ----------------------------------------------------------------------

    def score(self, person_ref: str, vacancy_ref: str) -> Match:
        """One pair with its full explanation (``score_plain`` on the held features)."""
        person = self.people[self.person_pos[person_ref]]
        vacancy = self.vacancies[self.vacancy_pos[vacancy_ref]]
        return score_plain(person, vacancy, self.distances, self.weights)

    def scores_for_person(self, person_ref: str) -> dict[str, float]:
        """Every vacancy's score for a person (0 where excluded): for tests and tools."""
        s = self._vacancy_scores(self.person_pos[person_ref])
        return {v.ref: max(float(x), 0.0) for v, x in zip(self.vacancies, s, strict=True)}

    def scores_for_vacancy(self, vacancy_ref: str) -> dict[str, float]:
        """Every person's score for a vacancy (0 where excluded): for tests and tools."""
        s = self._people_scores(self.vacancy_pos[vacancy_ref])
        return {p.ref: max(float(x), 0.0) for p, x in zip(self.people, s, strict=True)}

    def best_vacancies(self, person_ref: str, k: int = 10) -> list[Match]:
        """The k best vacancies for a person, best first, each with its explanation."""
        i = self.person_pos[person_ref]
        top = _top_k_rows(self._vacancy_scores(i)[None, :], k)[0]
        return [self.score(person_ref, self.vacancies[j].ref) for j, _ in top]

    def best_people(self, vacancy_ref: str, k: int = 50) -> list[Match]:
        """The k best people for a vacancy, across all Jobbtorg, each with its explanation."""
        j = self.vacancy_pos[vacancy_ref]
        top = _top_k_rows(self._people_scores(j)[None, :], k)[0]
        return [self.score(self.people[i].ref, vacancy_ref) for i, _ in top]

    def best_vacancies_for_all(
        self, k: int = 10, workers: int | None = None, chunk: int = CHUNK_PEOPLE
    ) -> dict[str, list[tuple[str, float]]]:
        """For every person, the k best (vacancy ref, score), in chunks of ``chunk`` people on
        ``workers`` threads (numpy and scipy release the interpreter lock in the heavy parts).
        Each chunk is shortlisted in float32 and the shortlist scored exactly in float64 (see
        ``_chunk_best``); the scores equal those of the exact float64 matrix. Memory: about 3
        float32 matrices of chunk x vacancies per worker."""
        workers = workers or os.cpu_count() or 1
        refs = [v.ref for v in self.vacancies]
        starts = range(0, len(self.people), chunk)

        def run(start: int) -> list[list[tuple[int, float]]]:
            return self._chunk_best(start, min(start + chunk, len(self.people)), k)

        result: dict[str, list[tuple[str, float]]] = {}
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for start, rows in zip(starts, pool.map(run, starts), strict=True):
                for offset, row in enumerate(rows):
                    person = self.people[start + offset].ref
                    result[person] = [(refs[j], score) for j, score in row]
        return result
