"""Look-ups in the reference data for the fields where staff name an occupation, a skill or a
language: the names that fit a few typed letters (for the look-up fields), and the SSYK 2012
code of a typed occupation name (the exit stores the code and shows the name)."""

from django.db.models import Q, QuerySet

from jobbtorg.matching import taxonomy
from jobbtorg.matching.models import Language, Occupation, Skill, SsykGroup

LOOKUP_LIMIT = 20
# Fewer letters than this find too much to choose from.
LOOKUP_MIN_LETTERS = 2


def _words(text: str) -> list[str]:
    return [word for word in (text or "").split() if word]


def _names(queryset: QuerySet[Skill] | QuerySet[Language], text: str) -> list[str]:
    """Labels containing every typed word; those starting with the first word first."""
    words = _words(text)
    if not words:
        return []
    condition = Q()
    for word in words:
        condition &= Q(label_sv__icontains=word)
    labels = list(queryset.filter(condition).values_list("label_sv", flat=True)[:200])
    first = words[0].casefold()
    labels.sort(key=lambda label: (not label.casefold().startswith(first), label))
    return labels[:LOOKUP_LIMIT]


def occupation_names(text: str) -> list[str]:
    if len(text.strip()) < LOOKUP_MIN_LETTERS or text.strip().isdigit():
        return []
    return [o.label_sv for o in taxonomy.occupations_search(text, limit=LOOKUP_LIMIT)]


def skill_names(text: str) -> list[str]:
    if len(text.strip()) < LOOKUP_MIN_LETTERS:
        return []
    return _names(Skill.objects.all(), text)


def language_names(text: str) -> list[str]:
    if len(text.strip()) < LOOKUP_MIN_LETTERS:
        return []
    return _names(Language.objects.all(), text)


LOOKUPS = {"yrke": occupation_names, "kompetens": skill_names, "sprak": language_names}


def ssyk_code_for(text: str) -> str:
    """The SSYK 2012 group code (level 4) of what was typed: an occupation name or a group's
    name (case-insensitive), or a code of the reference data as it is. Anything else is
    returned as typed, for the exit rule to refuse by name."""
    typed = " ".join((text or "").split())
    if not typed:
        return ""
    if SsykGroup.objects.filter(level=4, code=typed).exists():
        return typed
    occupation = Occupation.objects.filter(label_sv__iexact=typed).order_by("label_sv").first()
    if occupation is not None:
        return occupation.ssyk_code
    group = SsykGroup.objects.filter(level=4, label_sv__iexact=typed).first()
    return group.code if group is not None else typed


def ssyk_name(code: str) -> str:
    """The name of an SSYK 2012 group for its code; the code itself when it is not one."""
    label = SsykGroup.objects.filter(level=4, code=code).values_list("label_sv", flat=True).first()
    return label or code
