"""Which strings the portal's catalogues hold (ar and plain Swedish; docs/portal.md).

Everything the participant's pages can show: the portal's own code and templates, the
components those templates include, and the parts of other modules whose strings reach a
portal page. A page of the portal added later is found by the first two without a change here;
a string of another app that a portal page starts to show needs its module (or its class or
function) in OTHER_SOURCES.
"""

import ast
import importlib.util
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
PORTAL_DIR = PACKAGE_DIR / "portal"
TEMPLATES_DIR = PACKAGE_DIR / "templates"
CATALOGUE_DIR = PORTAL_DIR / "translations"


@dataclass(frozen=True)
class OtherSource:
    """A module (dotted), or one class or function of it, whose strings a portal page shows."""

    module: str
    name: str | None = None
    why: str = ""


OTHER_SOURCES = (
    OtherSource("jobbtorg.providers.models", "Weekday", "the days of an activity on Min sida"),
    OtherSource("jobbtorg.participants.models", "Stage", "the stage of the person's case"),
    OtherSource("jobbtorg.providers.models", "AbsenceReason", "the reasons of absence"),
    OtherSource(
        "jobbtorg.providers.services.absence_reports",
        why="the reasons the person may report and the service's errors",
    ),
    OtherSource(
        "jobbtorg.participants.services.case_messages",
        why="the errors of the messages the person writes",
    ),
    # Django's own form errors, as far as the portal's forms show them (Django has Arabic for
    # them; these are here so that plain Swedish has its own words).
    OtherSource("django.forms.fields", "Field", "a required field left empty"),
    OtherSource("django.forms.fields", "DateField", "a date that is not one"),
    OtherSource("django.forms.fields", "ChoiceField", "a choice that is not in the list"),
    OtherSource("django.core.validators", "MaxLengthValidator", "a text that is too long"),
)

_INCLUDE = re.compile(r"""{%\s*include\s+["']([^"']+)["']""")


def portal_files() -> list[Path]:
    """The portal's own Python files and templates, and the templates they include."""
    code = sorted(path for path in PORTAL_DIR.rglob("*.py") if "migrations" not in path.parts)
    templates = sorted((TEMPLATES_DIR / "portal").rglob("*.html"))
    seen = set(templates)
    waiting = list(templates)
    while waiting:
        for name in _INCLUDE.findall(waiting.pop().read_text(encoding="utf-8")):
            included = TEMPLATES_DIR / name
            if included.exists() and included not in seen:
                seen.add(included)
                waiting.append(included)
    return code + sorted(seen)


def source_text(source: OtherSource) -> str:
    """The text of a module, or of one of its top-level classes or functions."""
    spec = importlib.util.find_spec(source.module)
    if spec is None or spec.origin is None:
        raise LookupError(f"{source.module} is not a module")
    text = Path(spec.origin).read_text(encoding="utf-8")
    if source.name is None:
        return text
    for node in ast.parse(text).body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef) and node.name == source.name:
            segment = ast.get_source_segment(text, node)
            if segment is not None:
                return textwrap.dedent(segment)
    raise LookupError(f"{source.module} has no {source.name}")
