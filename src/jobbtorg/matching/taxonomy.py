"""Lookups in Arbetsförmedlingen's JobTech Taxonomy (occupation names, SSYK 2012 groups, skills,
languages), as loaded from `matching/reference/` (docs/matching.md, "Taxonomy and reference
data").

The rules, in the order they are tried:

- Occupation: the ad's `occupation.concept_id` when it is a current occupation name. Otherwise
  (deprecated names exist, e.g. `2sRC_oHm_7XA` "Trafikledare, vägtrafik") the ad's
  `occupation_group`, an SSYK level-4 group by its concept id or by its legacy id (which is the
  4-digit SSYK code); within that group the occupation whose label equals the ad's label
  (case-insensitive), else the occupation whose label shares the ad's label before its first
  comma, else the group's first occupation by label. Nothing found: None.
- Skills and languages: by concept id, else by exact label (case-insensitive), else (skills)
  by the label before the first comma when exactly one skill has it: JobTech labels read
  "Java, programmeringsspråk", ads say "Java". Nothing is invented: the caller reports what
  was not found.
- Free-text suggestions: see `suggest_occupations`.

The label indexes are built once per process (`_index()`): the reference data changes only by
migration. `clear_cache()` drops them (tests that load other reference rows).
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from jobbtorg.matching.models import Language, Occupation, Skill, SsykGroup

_WORD = re.compile(r"\w+")


def _tokens(text: str) -> tuple[str, ...]:
    """Words, lower-cased; Python's \\w is Unicode-aware, so å, ä, ö and é are letters and a
    name only matches at word boundaries."""
    return tuple(_WORD.findall(text.casefold()))


def _head(label: str) -> str:
    return label.split(",", 1)[0].strip().casefold()


@dataclass(frozen=True)
class _Phrase:
    kind: str  # "occupation" or "group"
    key: str  # occupation concept id, or SSYK code of the group
    words: tuple[str, ...]


@dataclass(frozen=True)
class _Index:
    occupation_labels: dict[str, tuple[str, str]]  # concept id -> (label, ssyk code)
    group_labels: dict[str, str]  # ssyk level-4 code -> label
    skill_by_label: dict[str, list[int]]
    skill_by_head: dict[str, list[int]]
    language_by_label: dict[str, list[int]]
    # First word -> phrases starting with it, longest first.
    phrases: dict[str, list[_Phrase]]


# Swedish plural and definite endings of a name's last word ("ekonomiassistenter",
# "utvecklaren", "sjuksköterskor"): ads speak of several, or of "the" one.
_ENDINGS = ("er", "ar", "en", "n", "na", "erna", "arna", "s")


def _inflected(name: str) -> set[str]:
    """The name with the Swedish plural and definite endings on its last word, only for words
    of five letters or more, so that short names do not turn into other words."""
    forms = {name}
    if len(name.split()[-1]) >= 5:
        forms.update(name + ending for ending in _ENDINGS)
        if name.endswith("a"):
            forms.update((name[:-1] + "or", name[:-1] + "orna"))
    return forms


def _name_variants(label: str) -> set[str]:
    """The ways an occupation name is written in an ad: the whole label, and each part of a
    label with alternatives ("Systemutvecklare/Programmerare"), each inflected."""
    names = {label}
    if "/" in label:
        names.update(part.strip() for part in label.split("/") if len(part.strip()) >= 4)
    variants = set()
    for name in names:
        variants.update({name} if "," in name else _inflected(name))
    return variants


@lru_cache(maxsize=1)
def _index() -> _Index:
    occupation_labels: dict[str, tuple[str, str]] = {}
    phrases: dict[str, list[_Phrase]] = defaultdict(list)
    seen: set[tuple[str, ...]] = set()
    for concept_id, label, code in Occupation.objects.values_list(
        "concept_id", "label_sv", "ssyk_code"
    ).order_by("label_sv"):
        occupation_labels[concept_id] = (label, code)
        for variant in sorted(_name_variants(label)):
            words = _tokens(variant)
            # The same words under two occupations: the first by label wins (deterministic).
            if words and words not in seen:
                seen.add(words)
                phrases[words[0]].append(_Phrase("occupation", concept_id, words))
    # A label's part before the comma ("Undersköterska" of "Undersköterska, hemtjänst, ...")
    # is what ads say. Borne by one occupation: that occupation; by several: the SSYK group
    # most of them are in (ties: the lowest code), for the matcher to pick the occupation.
    by_head: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for concept_id, (label, code) in occupation_labels.items():
        if "," in label:
            by_head[label.split(",", 1)[0].strip()].append((concept_id, code))
    head_phrases: list[_Phrase] = []
    for head, bearers in sorted(by_head.items()):
        if len(bearers) == 1:
            kind, key = "occupation", bearers[0][0]
        else:
            codes = [code for _c, code in bearers]
            kind, key = "group", min(set(codes), key=lambda c: (-codes.count(c), c))
        for variant in sorted(_inflected(head)):
            head_phrases.append(_Phrase(kind, key, _tokens(variant)))
    group_labels: dict[str, str] = {}
    for code, label in SsykGroup.objects.filter(level=4).values_list("code", "label_sv"):
        group_labels[code] = label
        words = _tokens(label)
        if words and words not in seen:
            seen.add(words)
            phrases[words[0]].append(_Phrase("group", code, words))
    for phrase in head_phrases:
        if phrase.words and phrase.words not in seen:
            seen.add(phrase.words)
            phrases[phrase.words[0]].append(phrase)
    for candidates in phrases.values():
        candidates.sort(key=lambda p: -len(p.words))
    skill_by_label: dict[str, list[int]] = defaultdict(list)
    skill_by_head: dict[str, list[int]] = defaultdict(list)
    for pk, label in Skill.objects.values_list("pk", "label_sv"):
        skill_by_label[label.strip().casefold()].append(pk)
        skill_by_head[_head(label)].append(pk)
    language_by_label: dict[str, list[int]] = defaultdict(list)
    for pk, label in Language.objects.values_list("pk", "label_sv"):
        language_by_label[label.strip().casefold()].append(pk)
    return _Index(
        occupation_labels=occupation_labels,
        group_labels=group_labels,
        skill_by_label=dict(skill_by_label),
        skill_by_head=dict(skill_by_head),
        language_by_label=dict(language_by_label),
        phrases=dict(phrases),
    )


def clear_cache() -> None:
    _index.cache_clear()


# Occupations


@dataclass(frozen=True)
class OccupationMatch:
    occupation: Occupation
    # "concept_id": the ad's own occupation; "group_label" / "group_first": through its group.
    how: str


def ssyk_group_code(*, group_concept_id: str | None = None, legacy_id: str | None = None) -> str:
    """The 4-digit SSYK code of a level-4 group given by concept id or legacy id, or ""."""
    if group_concept_id:
        code = (
            SsykGroup.objects.filter(level=4, concept_id=group_concept_id.strip())
            .values_list("code", flat=True)
            .first()
        )
        if code:
            return code
    legacy = (legacy_id or "").strip()
    if len(legacy) == 4 and legacy.isdigit() and SsykGroup.objects.filter(code=legacy).exists():
        return legacy
    return ""


def occupation_match(
    concept_id: str | None = None,
    legacy_id: str | None = None,
    label: str | None = None,
    group_concept_id: str | None = None,
) -> OccupationMatch | None:
    """See the module's docstring. `legacy_id` is the *group's* legacy id (the SSYK code)."""
    if concept_id:
        found = Occupation.objects.filter(concept_id=concept_id.strip()).first()
        if found is not None:
            return OccupationMatch(found, "concept_id")
    code = ssyk_group_code(group_concept_id=group_concept_id, legacy_id=legacy_id)
    if not code:
        return None
    in_group = list(Occupation.objects.filter(ssyk_code=code).order_by("label_sv"))
    if not in_group:
        return None
    wanted = (label or "").strip().casefold()
    if wanted:
        for occupation in in_group:
            if occupation.label_sv.casefold() == wanted:
                return OccupationMatch(occupation, "group_label")
        for occupation in in_group:
            if _head(occupation.label_sv) == _head(wanted):
                return OccupationMatch(occupation, "group_label")
    return OccupationMatch(in_group[0], "group_first")


def occupation_for(
    concept_id: str | None = None,
    legacy_id: str | None = None,
    label: str | None = None,
    group_concept_id: str | None = None,
) -> Occupation | None:
    match = occupation_match(concept_id, legacy_id, label, group_concept_id)
    return match.occupation if match else None


@dataclass(frozen=True)
class OccupationInGroup:
    """An occupation as a person reads it: its name and the name of its SSYK 2012 group."""

    occupation: Occupation
    group: str


def with_group_names(occupations: list[Occupation]) -> list[OccupationInGroup]:
    """The occupations with the names of their SSYK 2012 groups, in one query (a group not in
    the reference data: its code, as `lookups.ssyk_name` gives it)."""
    names = dict(
        SsykGroup.objects.filter(
            level=4, code__in={occupation.ssyk_code for occupation in occupations}
        ).values_list("code", "label_sv")
    )
    return [
        OccupationInGroup(occupation, names.get(occupation.ssyk_code, occupation.ssyk_code))
        for occupation in occupations
    ]


def occupations_search(text: str, limit: int = 20) -> list[Occupation]:
    """For the occupation picker: names containing every word typed, or an SSYK code prefix."""
    text = (text or "").strip()
    if not text:
        return []
    if text.isdigit():
        return list(Occupation.objects.filter(ssyk_code__startswith=text)[:limit])
    words = _tokens(text)
    hits = [
        concept_id
        for concept_id, (label, _code) in _index().occupation_labels.items()
        if all(word in label.casefold() for word in words)
    ]
    # Names that start with what was typed first, then the rest, each by label.
    first = words[0] if words else ""
    labels = _index().occupation_labels
    hits.sort(key=lambda c: (not labels[c][0].casefold().startswith(first), labels[c][0]))
    by_id = Occupation.objects.in_bulk(hits[:limit], field_name="concept_id")
    return [by_id[c] for c in hits[:limit] if c in by_id]


# Skills and languages


def _one(pks: list[int] | None) -> int | None:
    return pks[0] if pks and len(pks) == 1 else None


def skill_for(concept_id: str | None = None, label: str | None = None) -> Skill | None:
    if concept_id:
        found = Skill.objects.filter(concept_id=concept_id.strip()).first()
        if found is not None:
            return found
    wanted = (label or "").strip().casefold()
    if not wanted:
        return None
    index = _index()
    pk = _one(index.skill_by_label.get(wanted)) or _one(index.skill_by_head.get(wanted))
    return Skill.objects.filter(pk=pk).first() if pk else None


def language_for(concept_id: str | None = None, label: str | None = None) -> Language | None:
    if concept_id:
        found = Language.objects.filter(concept_id=concept_id.strip()).first()
        if found is not None:
            return found
    wanted = (label or "").strip().casefold()
    pk = _one(_index().language_by_label.get(wanted)) if wanted else None
    return Language.objects.filter(pk=pk).first() if pk else None


# Free-text suggestions

HEADLINE_WEIGHT = 3  # a name in the headline counts three times a name in the body


@dataclass(frozen=True)
class Suggestion:
    """A suggested occupation (or, when only a group's label was found, an SSYK group) for the
    matcher to confirm."""

    kind: str  # "occupation" or "group"
    concept_id: str  # the occupation's concept id; "" for a group
    label: str
    ssyk_code: str
    ssyk_label: str
    score: int
    found: tuple[str, ...]  # the words found in the text, as written there


def _find(words: tuple[str, ...], index: _Index) -> list[tuple[_Phrase, int]]:
    """Non-overlapping phrases found in the words, the longest at each position."""
    hits: list[tuple[_Phrase, int]] = []
    position = 0
    while position < len(words):
        for phrase in index.phrases.get(words[position], ()):
            if words[position : position + len(phrase.words)] == phrase.words:
                hits.append((phrase, position))
                position += len(phrase.words)
                break
        else:
            position += 1
    return hits


def suggest_occupations(text: str, limit: int = 5, headline: str = "") -> list[Suggestion]:
    """Occupation names and SSYK level-4 group labels found in a free-text ad (whole words,
    case-insensitive), best first: a name in the headline counts `HEADLINE_WEIGHT` times one in
    the body, each occurrence counts, a longer name beats a shorter one at the same place, and
    ties go by label. `text` may hold the headline too (then pass it also as `headline`, or
    just pass "headline\\nbody" as `text`)."""
    index = _index()
    scores: dict[tuple[str, str], int] = defaultdict(int)
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for part, weight in ((headline, HEADLINE_WEIGHT), (text, 1)):
        for phrase, _position in _find(_tokens(part or ""), index):
            key = (phrase.kind, phrase.key)
            scores[key] += weight
            written = " ".join(phrase.words)
            if written not in found[key]:
                found[key].append(written)
    suggestions = []
    for (kind, key), score in scores.items():
        if kind == "occupation":
            label, code = index.occupation_labels[key]
            concept_id = key
        else:
            label, code, concept_id = index.group_labels[key], key, ""
        suggestions.append(
            Suggestion(
                kind=kind,
                concept_id=concept_id,
                label=label,
                ssyk_code=code,
                ssyk_label=index.group_labels.get(code, ""),
                score=score,
                found=tuple(found[(kind, key)]),
            )
        )
    suggestions.sort(key=lambda s: (-s.score, s.kind != "occupation", s.label))
    return suggestions[:limit]
