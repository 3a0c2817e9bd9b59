"""The adapter from the records to the indicator engines (`engines/indicators`): plain rows of
cases, activities and monthly assistance, read in a few queries.

- A case is a referral; its person is keyed by the personal identity number, which is how the
  districts' assistance data (the transfer format) names people.
- The district of a case is the person's home district; the Jobbtorg is the case's.
- The first plan is the first plan version drawn up (the day it was drawn up; for versions made
  in the product, the day they were written).
- Activities are the places in providers' offerings: provider and activity type, from the
  reported start (or the planned one) to the reported end (or the planned one); waiting-list
  places and starts that never happened are not activities.
- The 18-month end is the path's rule (`engines.rules.deadlines.participation_end`), with the
  case's interruptions, as of the exit or today.
"""

import datetime as dt
from collections import defaultdict
from typing import Any

import numpy as np
from django.db.models import Max
from django.utils import timezone

from jobbtorg.engines.indicators.data import AssistanceMatrix
from jobbtorg.engines.indicators.rows import ActivityRow, AssistanceRow, CaseRow, month_index
from jobbtorg.engines.rules import deadlines
from jobbtorg.participants.models import Exit, Interruption, Referral
from jobbtorg.plans.models import PlanVersion
from jobbtorg.providers.models import ActivityParticipation, ParticipationStatus
from jobbtorg.transfer.models import AssistanceMonth


def case_rows(today: dt.date | None = None) -> list[CaseRow]:
    today = today or timezone.localdate()
    interruptions: dict[Any, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for referral_id, start, end in Interruption.objects.values_list("referral_id", "start", "end"):
        interruptions[referral_id].append((start, end))
    exits = {
        e["referral_id"]: e
        for e in Exit.objects.values(
            "referral_id",
            "date",
            "reason",
            "employment_form",
            "extent",
            "wage_subsidy",
            "studies_with_student_finance",
        )
    }
    first_plans: dict[Any, dt.date] = {}
    for referral_id, drawn_up, created in PlanVersion.objects.values_list(
        "referral_id", "drawn_up_on", "created_at"
    ).order_by():
        day = drawn_up or timezone.localdate(created)
        if referral_id not in first_plans or day < first_plans[referral_id]:
            first_plans[referral_id] = day
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
    ) in Referral.objects.values_list(
        "pk",
        "participant__personal_identity_number",
        "job_centre__slug",
        "target_group__code",
        "participant__home_district__slug",
        "referred_at",
        "enrolled_on",
        "participant__birth_date",
    ).order_by("referred_at", "pk"):
        exit_ = exits.get(pk)
        spans = tuple(interruptions.get(pk, ()))
        end = None
        if enrolled_on is not None:
            end = deadlines.participation_end(
                enrolled_on,
                [deadlines.Interruption(start, stop) for start, stop in spans],
                as_of=exit_["date"] if exit_ else today,
            )
        rows.append(
            CaseRow(
                case_ref=str(pk),
                person_ref=person,
                job_centre=centre,
                target_group=group,
                district=district,
                referred_on=timezone.localdate(referred_at),
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


def activity_rows() -> list[ActivityRow]:
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
        ActivityParticipation.objects.exclude(
            status__in=[ParticipationStatus.WAITING, ParticipationStatus.NEVER_STARTED]
        )
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
    return rows


def assistance_rows() -> list[AssistanceRow]:
    return [
        AssistanceRow(person_ref=person, month=month, amount=float(amount))
        for person, month, amount in AssistanceMonth.objects.values_list(
            "personal_identity_number", "month", "amount_sek"
        ).order_by()
    ]


def assistance_matrix(latest_district: dict[str, str] | None = None) -> AssistanceMatrix:
    """The same as `assistance_rows`, read as columns straight into the engine's matrix:
    millions of months without an object each. When given `latest_district`, it is filled with
    each person's district of their latest month that has one (the effect estimate's pool)."""
    index: dict[str, int] = {}
    people: list[int] = []
    months: list[int] = []
    amounts: list[float] = []
    district_since: dict[str, tuple[dt.date, str]] = {}
    columns = ["personal_identity_number", "month", "amount_sek"]
    if latest_district is not None:
        columns.append("district__slug")
    for number, month, amount, *district in AssistanceMonth.objects.values_list(
        *columns
    ).order_by():
        people.append(index.setdefault(number, len(index)))
        months.append(month_index(month))
        amounts.append(float(amount))
        if district and district[0]:
            held = district_since.get(number)
            if held is None or month > held[0]:
                district_since[number] = (month, district[0])
    if latest_district is not None:
        latest_district.update({number: slug for number, (_m, slug) in district_since.items()})
    return AssistanceMatrix.from_arrays(
        index,
        np.asarray(people, dtype=np.int64),
        np.asarray(months, dtype=np.int64),
        np.asarray(amounts, dtype=np.float64),
    )


def last_assistance_month() -> dt.date | None:
    """The latest month the districts have reported assistance for."""
    latest: dt.date | None = AssistanceMonth.objects.aggregate(last=Max("month"))["last"]
    return latest
