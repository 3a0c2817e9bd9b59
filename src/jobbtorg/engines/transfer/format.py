"""The transfer format, version 1, as data (DOMAIN.md R34).

Six CSV files (or sheets of one workbook), each with a header row. A file's *required* columns
must all be in its header, or the input cannot be used at all; its *optional* columns may be
left out, which reads the same as leaving every value empty. A column is required whenever an
empty value means something (`enrolled_on`: not yet met; `approved_on`: awaiting approval;
`end` of an interruption: still going on), so that a misspelt header can never quietly turn
into "empty" for every row.

The product's own code lists (target groups, activity types, exit and interruption reasons,
districts, coaches) live in the database: the caller passes them in as `ReferenceCodes`, so
that `jobbtorg transfer codes` and the validation read the same lists. The fixed codes of the
format itself (activity status, employment form, extent, yes/no) are here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from jobbtorg.engines.rules import exit as exit_rule

FORMAT_VERSION = 1


@dataclass(frozen=True)
class FileFormat:
    """One file of the format: its name without `.csv`, its columns in the canonical order
    (the order export writes), and which of them may be left out."""

    name: str
    columns: tuple[str, ...]
    optional: frozenset[str] = frozenset()

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(column for column in self.columns if column not in self.optional)

    @property
    def optional_columns(self) -> tuple[str, ...]:
        return tuple(column for column in self.columns if column in self.optional)


PARTICIPANTS = FileFormat(
    "participants",
    (
        "personnummer",
        "first_name",
        "last_name",
        "home_district",
        "target_group",
        "referred_on",
        "enrolled_on",
        "coach",
        "af_registered",
    ),
    frozenset({"coach", "af_registered"}),
)
PLANS = FileFormat(
    "plans",
    ("personnummer", "plan_ref", "drawn_up_on", "start", "end", "approved_on"),
)
# hours_per_week and goal are optional additions: the product records both for an activity.
ACTIVITIES = FileFormat(
    "activities",
    (
        "personnummer",
        "plan_ref",
        "activity_type",
        "provider",
        "start",
        "end",
        "status",
        "outcome",
        "hours_per_week",
        "goal",
    ),
    frozenset({"outcome", "hours_per_week", "goal"}),
)
# reason_text is an optional addition: version 1 had no such column, so a row with the reason
# `other` and no reason_text is valid (imported, with a warning that the reason is not described).
INTERRUPTIONS = FileFormat(
    "interruptions",
    ("personnummer", "reason", "reason_text", "start", "end"),
    frozenset({"reason_text"}),
)
# The employment columns may be left out of a file without exits to work: an exit to work
# without them is then rejected row by row, never passed. reason_text as for interruptions.
# student_finance (yes/no, empty: not known) is an optional addition for exits to studies: whether
# the studies qualify for student finance, which Kolada's share of exits to studies asks.
EXITS = FileFormat(
    "exits",
    (
        "personnummer",
        "exit_date",
        "reason",
        "reason_text",
        "employment_form",
        "extent",
        "hours_per_week",
        "wage_subsidy",
        "employer",
        "occupation_ssyk",
        "student_finance",
    ),
    frozenset(
        {
            "reason_text",
            "employment_form",
            "extent",
            "hours_per_week",
            "wage_subsidy",
            "employer",
            "occupation_ssyk",
            "student_finance",
        }
    ),
)
# district is an optional addition: the home district the assistance was paid in,
# which the effect estimate matches the comparison pool on. Files without it stay valid.
ASSISTANCE = FileFormat(
    "assistance", ("personnummer", "month", "amount_sek", "district"), frozenset({"district"})
)

# In dependency order: a file only refers to files before it.
FILES: tuple[FileFormat, ...] = (PARTICIPANTS, PLANS, ACTIVITIES, INTERRUPTIONS, EXITS, ASSISTANCE)
FILE_NAMES: tuple[str, ...] = tuple(f.name for f in FILES)
BY_NAME: Mapping[str, FileFormat] = MappingProxyType({f.name: f for f in FILES})

# The format's own codes.
ACTIVITY_STATUSES: tuple[str, ...] = ("planned", "ongoing", "completed", "interrupted")
# An exit's employment form and extent are the exit rule's.
EMPLOYMENT_FORMS: tuple[str, ...] = tuple(form.value for form in exit_rule.EmploymentForm)
EXTENTS: tuple[str, ...] = tuple(extent.value for extent in exit_rule.EmploymentExtent)
YES = "yes"
NO = "no"
YES_NO: tuple[str, ...] = (YES, NO)
# Codes of the product's lists that the rules single out.
REASON_OTHER = "other"


@dataclass(frozen=True)
class ReferenceCodes:
    """The product's code lists, read from the database by the caller.

    `districts` maps both the lowercase slug and the lowercase name of each district to its
    slug, so that `home_district` may be given either way. `coaches` holds the usernames a
    `coach` value may name; None leaves that column unchecked. `occupations` holds the SSYK
    2012 group codes of the reference data an exit's `occupation_ssyk` may name, as on the exit
    page; None leaves it unchecked but for its length.
    """

    target_groups: frozenset[str]
    activity_types: frozenset[str]
    exit_reasons: frozenset[str]
    interruption_reasons: frozenset[str]
    districts: Mapping[str, str]
    coaches: frozenset[str] | None = None
    occupations: frozenset[str] | None = None

    @classmethod
    def build(
        cls,
        *,
        target_groups: Iterable[str],
        activity_types: Iterable[str],
        exit_reasons: Iterable[str],
        interruption_reasons: Iterable[str],
        districts: Iterable[tuple[str, str]],
        coaches: Iterable[str] | None = None,
        occupations: Iterable[str] | None = None,
    ) -> ReferenceCodes:
        """From plain lists; `districts` as (slug, name) pairs."""
        pairs = tuple(districts)
        lookup = {name.strip().lower(): slug for slug, name in pairs}
        # Slugs win over names: a name that happens to equal another district's slug must not
        # make that slug point elsewhere.
        lookup.update({slug.strip().lower(): slug for slug, _name in pairs})
        return cls(
            target_groups=frozenset(target_groups),
            activity_types=frozenset(activity_types),
            exit_reasons=frozenset(exit_reasons),
            interruption_reasons=frozenset(interruption_reasons),
            districts=MappingProxyType(lookup),
            coaches=None if coaches is None else frozenset(coaches),
            occupations=None if occupations is None else frozenset(occupations),
        )

    def district_slug(self, text: str) -> str | None:
        return self.districts.get(text.strip().lower())
