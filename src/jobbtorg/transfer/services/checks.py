"""What a transfer file is checked against: the product's code lists, the people and plans
already here, and, for a Jobbtorg manager's upload, the manager's Jobbtorg (`unit_of`). The
check decides from the rows and what the Jobbtorg already has (`UnitScope`)."""

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.roles import Role
from jobbtorg.engines.transfer import format as fmt
from jobbtorg.engines.transfer.read import (
    UNUSABLE_REASONS,
    ArchiveLimits,
    ArchiveTooLarge,
    TransferInput,
    UnusableInput,
)
from jobbtorg.engines.transfer.staging import staged
from jobbtorg.engines.transfer.validate import UnitScope
from jobbtorg.organisation.models import District, User
from jobbtorg.organisation.selectors import district_ids_served_by
from jobbtorg.participants.models import (
    ExitReason,
    InterruptionReason,
    Participant,
    Referral,
    Stage,
    TargetGroup,
)
from jobbtorg.participants.services.exits import occupation_codes
from jobbtorg.plans.models import PlanVersion
from jobbtorg.providers.models import ActivityType
from jobbtorg.transfer.services.batches import StreamedTransfer
from jobbtorg.transfer.services.bulk import chunks


@dataclass(frozen=True)
class Unit:
    """The Jobbtorg an upload is limited to, and what the check may know of it."""

    job_centre_id: int
    scope: UnitScope


def reference_codes(unit: Unit | None = None) -> fmt.ReferenceCodes:
    """The product's code lists as the engine needs them (`jobbtorg transfer codes` too); for a
    unit's upload, its own coaches only."""
    coaches = User.objects.filter(role=Role.COACH, is_active=True)
    if unit is not None:
        coaches = coaches.filter(job_centre_id=unit.job_centre_id)
    return fmt.ReferenceCodes.build(
        target_groups=TargetGroup.objects.filter(is_active=True).values_list("code", flat=True),
        activity_types=ActivityType.objects.filter(is_active=True).values_list("code", flat=True),
        exit_reasons=ExitReason.values,
        interruption_reasons=InterruptionReason.values,
        districts=District.objects.values_list("slug", "name"),
        coaches=coaches.values_list("username", flat=True),
        # The exit page's reference set, so that a file's exit is held to the same codes.
        occupations=occupation_codes(),
    )


def archive_limits() -> ArchiveLimits:
    return ArchiveLimits(
        max_unpacked_bytes=settings.JOBBTORG_TRANSFER_MAX_UNPACKED_MB * 1024 * 1024,
        max_members=settings.JOBBTORG_TRANSFER_MAX_MEMBERS,
    )


def _unusable_texts() -> dict[str, str]:
    return {
        "not_a_zip": _(
            "%(name)s cannot be read as a .zip file. Save the transfer again as a .zip of CSV "
            "files or as an .xlsx workbook, and upload that."
        ),
        "not_an_xlsx": _(
            "%(name)s cannot be read as an .xlsx workbook. Save it again from the spreadsheet "
            "program as an .xlsx workbook, and upload that."
        ),
        "unknown_kind": _("%(name)s is neither a .zip of CSV files nor an .xlsx workbook."),
        "no_transfer_files": _(
            "%(name)s holds none of the files of the transfer format (%(detail)s)."
        ),
        "missing_columns": _(
            "%(name)s lacks columns the transfer format requires: %(detail)s. Check the header "
            "row and the separator (comma, semicolon or tab)."
        ),
        "empty": _("%(name)s is empty: it has no header row."),
        "utf16": _("%(name)s is UTF-16 text: save it as UTF-8 (in Excel: CSV UTF-8)."),
        "not_utf8": _(
            "%(name)s is not UTF-8 text (the first character that is not is on line "
            "%(detail)s): save it as UTF-8 (in Excel: CSV UTF-8)."
        ),
        "not_csv": _("%(name)s cannot be read as CSV: save it again as CSV UTF-8."),
        "unreadable": _(
            "%(name)s cannot be read: the file is damaged or encrypted. Save the transfer again "
            "and upload that."
        ),
        "duplicate_column": _(
            "%(name)s: the column %(detail)s appears more than once in the header row."
        ),
        "two_inputs": _("Two of the inputs are %(name)s (%(detail)s): keep one of them."),
    }


def refusal_text(error: UnusableInput, *, uploaded_as: str = "", stored_as: str = "") -> str:
    """Why an input cannot be used, for the page and the command. An upload is named as the
    person named it (`uploaded_as`), not by the name it is stored under (`stored_as`)."""

    def named(name: str) -> str:
        # "participants.csv in <stored>.zip" names the upload too.
        if uploaded_as and stored_as:
            return name.replace(stored_as, uploaded_as)
        return name

    if error.reason in UNUSABLE_REASONS:
        return _unusable_texts()[error.reason] % {
            "name": named(error.name),
            "detail": named(error.detail),
        }
    if isinstance(error, ArchiveTooLarge):
        if error.members > error.limits.max_members:
            return _(
                "%(name)s holds %(count)s files, more than the %(limit)s allowed. Nothing in it "
                "was read: split the transfer into smaller files."
            ) % {
                "name": named(error.name),
                "count": error.members,
                "limit": error.limits.max_members,
            }
        return _(
            "%(name)s unpacks to more than %(limit)s MB. Nothing in it was read: split the "
            "transfer into smaller files."
        ) % {
            "name": named(error.name),
            "limit": error.limits.max_unpacked_bytes // (1024 * 1024),
        }
    message = str(error)
    if uploaded_as and stored_as:
        message = message.replace(stored_as, uploaded_as)
    return message


def not_in_unit_message() -> str:
    # Says nothing of where the person is, or whether the city knows them at all.
    return _("The person is not in your Jobbtorg.")


def current_cases(people: Iterable[Participant]) -> dict[Any, Referral]:
    """Each person's current case: the open one wins, otherwise the latest."""
    cases: dict[Any, Referral] = {}
    for part in chunks(list(people)):
        for case in Referral.objects.filter(participant__in=part).order_by("referred_at"):
            current = cases.get(case.participant_id)
            if current is None or current.stage == Stage.EXITED:
                cases[case.participant_id] = case
    return cases


def unit_of(actor: User | None) -> Unit | None:
    """A Jobbtorg manager's uploads are limited to their Jobbtorg; administrators' and the
    command line's are city-wide (None). The Jobbtorg's people: those whose home district it
    serves today and whose current case, if they have one, is at it."""
    if actor is None or actor.role != Role.MANAGER:
        return None
    if actor.job_centre_id is None:
        raise ValueError("A manager without a Jobbtorg cannot import.")
    served = list(district_ids_served_by(actor.job_centre_id).values_list("district_id", flat=True))
    residents = list(Participant.objects.filter(home_district_id__in=served))
    cases = current_cases(residents)
    own = frozenset(
        p.personal_identity_number
        for p in residents
        if p.pk not in cases or cases[p.pk].job_centre_id == actor.job_centre_id
    )
    slugs = frozenset(District.objects.filter(pk__in=served).values_list("slug", flat=True))
    return Unit(
        job_centre_id=actor.job_centre_id,
        scope=UnitScope(own_people=own, served_districts=slugs, message=not_in_unit_message()),
    )


def known_people(unit: Unit | None = None) -> frozenset[str]:
    """The people already in the product; for a unit's upload, in that unit."""
    if unit is not None:
        return unit.scope.own_people
    return frozenset(Participant.objects.values_list("personal_identity_number", flat=True))


def known_plans(unit: Unit | None = None) -> dict[tuple[str, str], tuple[dt.date, dt.date]]:
    """Plans already in the product, by personnummer and source id; for a unit's upload, its
    own people's only (another unit's plan must not make an activity row acceptable)."""
    plans = PlanVersion.objects.exclude(source_ref="")
    if unit is not None:
        plans = plans.filter(referral__job_centre_id=unit.job_centre_id)
    # The validator keeps, of these, only the plans of the unit's own people.
    return {
        (number, ref): (start, end)
        for number, ref, start, end in plans.values_list(
            "referral__participant__personal_identity_number", "source_ref", "start", "end"
        )
    }


def uploads_directory() -> Path:
    """Where uploaded transfer files, their rejects and the spools of imports are kept."""
    return Path(settings.DATA_DIR) / "transfers"


@contextmanager
def checked_transfer(
    transfer: TransferInput, unit: Unit | None = None
) -> Iterator[StreamedTransfer]:
    """`transfer` (opened by `read.open_transfer`) checked as the import needs it, a batch of
    people at a time, against the product's codes and what it already holds (for a unit's
    upload, the unit): the rows are spooled to disk by person first, so that memory holds one
    batch whatever the size of the file. Input that cannot be used is refused here.

    The spool holds the file's personal data: it is written beside the uploads, in
    `JOBBTORG_DATA_DIR/transfers/` (on the storage kept for them), removed when the import is
    over, and by the uploads' retention if a killed worker left it."""
    spool = uploads_directory()
    spool.mkdir(parents=True, exist_ok=True)
    with staged(
        transfer,
        reference_codes(unit),
        today=timezone.localdate(),
        known_people=known_people(unit),
        known_plans=known_plans(unit),
        unit=unit.scope if unit is not None else None,
        directory=spool,
    ) as spooled:
        yield StreamedTransfer(spooled)
