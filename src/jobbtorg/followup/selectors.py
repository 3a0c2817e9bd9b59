"""Every read of the follow-up: the records as the indicator engines' plain rows
(`engines/indicators`: cases, activities and monthly assistance, read in a few queries), the
committee's targets, and the names the pages show for the groups. Aggregates only: nothing here
is shown per person, so no read-audit is written (the pages record what they computed).

- A case is a referral; its person is keyed by the personal identity number, which is how the
  districts' assistance data (the transfer format) names people.
- The district of a case is the person's home district; the Jobbtorg is the case's.
- The first plan is the first plan version drawn up, on the day the rule counts
  (`engines.rules.deadlines.first_plan_on`: the day recorded as drawn up, which for a
  transferred plan is the district system's day, not the import's; else the day written).
- Activities are the places in providers' offerings: provider and activity type, from the
  reported start (or the planned one) to the reported end (or the planned one); waiting-list
  places and starts that never happened are not activities.
- The participation end is the one rule (`engines.rules.deadlines.participation_end`), with
  the case's interruptions and approved exceptions to the limit, as of the exit or today: the
  same day the case page shows.
"""

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import Count, FloatField, Max
from django.db.models.functions import Cast, ExtractMonth, ExtractYear
from django.utils import timezone

from jobbtorg.engines.indicators.data import AssistanceMatrix
from jobbtorg.engines.indicators.rows import ActivityRow, AssistanceRow, CaseRow
from jobbtorg.engines.rules import deadlines
from jobbtorg.followup.models import (
    IndicatorTarget,
    KeptActivity,
    KeptAssistanceMonth,
    KeptCase,
    KeyFigureResult,
    TertialReportFile,
)
from jobbtorg.followup.permissions import can_view_key_figures, figures_are_suppressed_for
from jobbtorg.organisation.models import District, JobCentre
from jobbtorg.participants.models import (
    Exit,
    FirstMeeting,
    Interruption,
    LimitException,
    Participant,
    Referral,
    TargetGroup,
)
from jobbtorg.plans.models import PlanVersion
from jobbtorg.providers.models import (
    ActivityParticipation,
    ActivityType,
    ParticipationStatus,
    Provider,
)
from jobbtorg.transfer.models import AssistanceMonth


def case_rows(
    today: dt.date | None = None, *, of_people: Collection[Any] | None = None
) -> list[CaseRow]:
    """Every case: the live ones and those kept from culled people (`KeptCase`). With
    `of_people` (participant ids): only those people's live cases."""
    today = today or timezone.localdate()
    rows = _live_case_rows(today, of_people)
    if of_people is None:
        rows.extend(_kept_case_rows())
    return rows


def _live_case_rows(today: dt.date, of_people: Collection[Any] | None) -> list[CaseRow]:
    # Each query narrowed to the people asked for, if any.
    def of(model: Any, path: str = "referral__participant_id") -> Any:
        found = model.objects.all()
        return found if of_people is None else found.filter(**{f"{path}__in": of_people})

    interruptions: dict[Any, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for referral_id, start, end in of(Interruption).values_list("referral_id", "start", "end"):
        interruptions[referral_id].append((start, end))
    exits = {
        e["referral_id"]: e
        for e in of(Exit).values(
            "referral_id",
            "date",
            "reason",
            "employment_form",
            "extent",
            "wage_subsidy",
            "studies_with_student_finance",
        )
    }
    extended: dict[Any, list[dt.date]] = defaultdict(list)
    for referral_id, until in (
        of(LimitException).filter(approved=True).values_list("referral_id", "until")
    ):
        extended[referral_id].append(until)
    # Looked up once: `timezone.localdate` looks the zone up again on each of thousands of rows.
    zone = timezone.get_current_timezone()
    versions: dict[Any, list[tuple[dt.date | None, dt.date]]] = defaultdict(list)
    for referral_id, drawn_up, created in (
        of(PlanVersion).values_list("referral_id", "drawn_up_on", "created_at").order_by()
    ):
        versions[referral_id].append((drawn_up, created.astimezone(zone).date()))
    first_plans = {
        referral_id: deadlines.first_plan_on(found) for referral_id, found in versions.items()
    }
    rows = []
    for (
        pk,
        person,
        centre,
        group,
        district,
        referred_at,
        enrolled_on,
        birth_date,
    ) in (
        of(Referral, "participant_id")
        .values_list(
            "pk",
            "participant__personal_identity_number",
            "job_centre__slug",
            "target_group__code",
            "participant__home_district__slug",
            "referred_at",
            "enrolled_on",
            "participant__birth_date",
        )
        .order_by("referred_at", "pk")
    ):
        exit_ = exits.get(pk)
        spans = tuple(interruptions.get(pk, ()))
        end = None
        if enrolled_on is not None:
            end = deadlines.participation_end(
                enrolled_on,
                [deadlines.Interruption(start, stop) for start, stop in spans],
                extended_until=extended.get(pk, ()),
                as_of=exit_["date"] if exit_ else today,
            )
        rows.append(
            CaseRow(
                case_ref=str(pk),
                person_ref=person,
                job_centre=centre,
                target_group=group,
                district=district,
                referred_on=referred_at.astimezone(zone).date(),
                enrolled_on=enrolled_on,
                exit_on=exit_["date"] if exit_ else None,
                exit_reason=exit_["reason"] if exit_ else None,
                employment_form=(exit_["employment_form"] or None) if exit_ else None,
                extent=(exit_["extent"] or None) if exit_ else None,
                wage_subsidy=exit_["wage_subsidy"] if exit_ else None,
                studies_with_student_finance=exit_["studies_with_student_finance"]
                if exit_
                else None,
                interruptions=spans,
                first_plan_on=first_plans.get(pk),
                birth_date=birth_date,
                participation_end=end,
            )
        )
    return rows


def _kept_case_rows() -> list[CaseRow]:
    rows = []
    for kept in KeptCase.objects.order_by("referred_on", "case_key"):
        base = kept.enrolled_on or kept.referred_on
        rows.append(
            CaseRow(
                case_ref=kept.case_key,
                person_ref=kept.person_key,
                job_centre=kept.job_centre,
                target_group=kept.target_group,
                district=kept.district,
                referred_on=kept.referred_on,
                enrolled_on=kept.enrolled_on,
                exit_on=kept.exit_on,
                exit_reason=kept.exit_reason or None,
                employment_form=kept.employment_form or None,
                extent=kept.extent or None,
                wage_subsidy=kept.wage_subsidy,
                studies_with_student_finance=kept.studies_with_student_finance,
                interruptions=tuple(
                    (dt.date.fromisoformat(start), dt.date.fromisoformat(end) if end else None)
                    for start, end in kept.interruptions
                ),
                first_plan_on=kept.first_plan_on,
                # A stand-in that gives the kept age on the first of that month, which is all
                # the effect estimate asks of the date of birth.
                birth_date=dt.date(base.year - kept.age, base.month, 1),
                participation_end=kept.participation_end,
            )
        )
    return rows


def activity_rows(*, of_people: Collection[Any] | None = None) -> list[ActivityRow]:
    """Every activity, live and kept; with `of_people`, only those people's live ones."""
    found = ActivityParticipation.objects.all()
    if of_people is not None:
        found = found.filter(referral__participant_id__in=of_people)
    rows = []
    for (
        referral_id,
        provider,
        activity_type,
        planned_start,
        planned_end,
        started_on,
        ended_on,
    ) in (
        found.exclude(status__in=[ParticipationStatus.WAITING, ParticipationStatus.NEVER_STARTED])
        .values_list(
            "referral_id",
            "offering__provider__slug",
            "offering__activity_type__code",
            "planned_start",
            "planned_end",
            "started_on",
            "ended_on",
        )
        .order_by()
    ):
        start = started_on or planned_start
        rows.append(
            ActivityRow(
                case_ref=str(referral_id),
                provider=provider,
                activity_type=activity_type,
                start=start,
                end=max(ended_on or planned_end, start),
            )
        )
    if of_people is None:
        rows.extend(
            ActivityRow(case_ref=case, provider=provider, activity_type=kind, start=start, end=end)
            for case, provider, kind, start, end in KeptActivity.objects.values_list(
                "case_key", "provider", "activity_type", "start", "end"
            ).order_by("pk")
        )
    return rows


def assistance_rows() -> list[AssistanceRow]:
    """Every month of assistance: by personal identity number, and by the random key of a
    culled person."""
    live = AssistanceMonth.objects.values_list("personal_identity_number", "month", "amount_sek")
    kept = KeptAssistanceMonth.objects.values_list("person_key", "month", "amount_sek")
    return [
        AssistanceRow(person_ref=person, month=month, amount=float(amount))
        for found in (live, kept)
        for person, month, amount in found.order_by()
    ]


# Rows of assistance fetched at a time: the months are read as columns into arrays chunk by
# chunk, never held as millions of row objects (a city has millions).
ASSISTANCE_CHUNK = 20_000


def _month_number(field: str) -> Any:
    """`engines.indicators.rows.month_index` of a date column, computed by the database."""
    return ExtractYear(field) * 12 + ExtractMonth(field) - 1


def _raw_chunks(rows: Any, size: int) -> Iterator[list[tuple[Any, ...]]]:
    """A query's rows as the database driver gives them, `size` at a time, through a
    server-side cursor on PostgreSQL: no Django converter runs per row (most of the time of
    reading millions of months went there), and never all rows in memory at once. Only for
    columns the driver already gives as Python's types (text, whole numbers, floats)."""
    sql, params = rows.query.sql_with_params()
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(size):
            yield chunk


def assistance_matrix(latest_district: dict[str, str] | None = None) -> AssistanceMatrix:
    """The same as `assistance_rows`, read as columns straight into the engine's matrix:
    millions of months without an object each. When given `latest_district`, it is filled with
    each person's district of their latest month that has one (the effect estimate's pool)."""
    index: dict[str, int] = {}
    people: list[Any] = []
    months: list[Any] = []
    amounts: list[Any] = []
    for model, person in (
        (AssistanceMonth, "personal_identity_number"),
        (KeptAssistanceMonth, "person_key"),
    ):
        found = (
            model.objects.annotate(
                month_number=_month_number("month"), amount=Cast("amount_sek", FloatField())
            )
            .values_list(person, "month_number", "amount")
            .order_by()
        )
        for chunk in _raw_chunks(found, ASSISTANCE_CHUNK):
            numbers, month_numbers, paid = zip(*chunk, strict=True)
            people.append(np.fromiter((index.setdefault(n, len(index)) for n in numbers), np.int64))
            months.append(np.asarray(month_numbers, dtype=np.int64))
            amounts.append(np.asarray(paid, dtype=np.float64))
    if latest_district is not None:
        latest_district.update(latest_assistance_districts())
    return AssistanceMatrix.from_arrays(
        index,
        np.concatenate(people) if people else np.zeros(0, dtype=np.int64),
        np.concatenate(months) if months else np.zeros(0, dtype=np.int64),
        np.concatenate(amounts) if amounts else np.zeros(0, dtype=np.float64),
    )


def latest_assistance_districts() -> dict[str, str]:
    """Each person's district (slug) of their latest month of assistance that has one, by
    personal identity number (and by the random key of a culled person)."""
    found: dict[str, str] = {}
    for rows in (
        AssistanceMonth.objects.filter(district__isnull=False).values_list(
            "personal_identity_number", "district__slug"
        ),
        KeptAssistanceMonth.objects.exclude(district="").values_list("person_key", "district"),
    ):
        # In month order, so that the latest month's district is the one kept.
        found.update(rows.order_by("month").iterator(chunk_size=ASSISTANCE_CHUNK))
    return found


def last_assistance_month() -> dt.date | None:
    """The latest month the districts have reported assistance for."""
    found = [
        model.objects.aggregate(last=Max("month"))["last"]
        for model in (AssistanceMonth, KeptAssistanceMonth)
    ]
    return max((month for month in found if month is not None), default=None)


# What the key figures and the effect estimate read: a save or delete of any of these changes
# `data_version`, and `receivers.py` asks for a refresh on each (they share this list).
FIGURE_SOURCES = (
    Referral,
    Exit,
    Interruption,
    LimitException,
    FirstMeeting,
    PlanVersion,
    ActivityParticipation,
    AssistanceMonth,
)


def data_version() -> tuple[Any, ...]:
    """Changes whenever a record the indicators read changes (each save bumps updated_at; a
    deletion changes a count)."""
    parts: list[Any] = []
    for model in FIGURE_SOURCES:
        found = model.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
        parts.extend([found["n"], found["last"]])
    # Kept rows are only ever added, at culling.
    parts.extend(model.objects.count() for model in (KeptCase, KeptActivity, KeptAssistanceMonth))
    return tuple(parts)


def figures_version(today: dt.date | None = None) -> str:
    """The state of the records and the day, as a short text: the figures computed from the
    same records on the same day are the same. The day is part of it because an open case's
    participation end is counted as of today."""
    today = today or timezone.localdate()
    return hashlib.sha256(repr((data_version(), today.isoformat())).encode()).hexdigest()[:32]


def stored_results(kind: str, questions: Collection[str]) -> dict[str, KeyFigureResult]:
    """The stored results of a kind for the questions (canonical JSON), those that exist."""
    if not questions:
        return {}
    return {
        r.question: r
        for r in KeyFigureResult.objects.filter(kind=kind, question__in=list(questions))
    }


def tertial_report_files_visible_to(user: Any) -> Any:
    """The prepared tertial reports `user` may download: follow-up readers get those prepared
    as they would see them (an analyst the suppressed ones, a manager or administrator the
    others); everyone else none."""
    if not can_view_key_figures(user):
        return TertialReportFile.objects.none()
    return TertialReportFile.objects.filter(suppressed=figures_are_suppressed_for(user))


@dataclass(frozen=True)
class Target:
    value: float
    higher_is_better: bool
    near_margin: float
    valid_from_year: int
    target_group: str | None
    note: str


def targets_for(year: int) -> dict[tuple[str, str | None], Target]:
    """The target in force in `year` per (indicator, target group code or None for the city)."""
    found: dict[tuple[str, str | None], Target] = {}
    for target in (
        IndicatorTarget.objects.filter(valid_from_year__lte=year)
        .select_related("target_group")
        .order_by("valid_from_year")
    ):
        code = target.target_group.code if target.target_group else None
        # Later years overwrite earlier ones.
        found[(target.indicator, code)] = Target(
            value=target.value,
            higher_is_better=target.higher_is_better,
            near_margin=target.near_margin,
            valid_from_year=target.valid_from_year,
            target_group=code,
            note=target.note,
        )
    return found


def group_labels(by: str | None) -> dict[str, str]:
    """Names for the codes a breakdown groups by (of the key figures and the effect estimate)."""
    if by == "jobbtorg":
        return dict(JobCentre.objects.values_list("slug", "name"))
    if by == "district":
        return dict(District.objects.values_list("slug", "name"))
    if by == "provider":
        return dict(Provider.objects.values_list("slug", "name"))
    if by == "target_group":
        return {group.code: group.name for group in TargetGroup.objects.all()}
    if by == "activity_type":
        return {kind.code: kind.name for kind in ActivityType.objects.all()}
    return {}


def job_centre_name(slug: str | None) -> str | None:
    """A Jobbtorg's name by its slug; None when there is none."""
    if not slug:
        return None
    name: str | None = JobCentre.objects.filter(slug=slug).values_list("name", flat=True).first()
    return name


def job_centre_slugs() -> list[str]:
    return list(JobCentre.objects.order_by("slug").values_list("slug", flat=True))


def enrolled_identity_numbers() -> set[str]:
    """The personal identity numbers of everyone who ever had an enrolled case (and the keys
    of culled people who had one)."""
    return set(
        Referral.objects.filter(enrolled_on__isnull=False)
        .values_list("participant__personal_identity_number", flat=True)
        .order_by()
    ) | set(
        KeptCase.objects.filter(enrolled_on__isnull=False)
        .values_list("person_key", flat=True)
        .order_by()
    )


def home_districts_by_identity_number() -> dict[str, str]:
    """Each registered participant's home district (slug), by personal identity number."""
    return dict(
        Participant.objects.values_list(
            "personal_identity_number", "home_district__slug"
        ).order_by()
    )
