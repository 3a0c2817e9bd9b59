"""What the key figures need of a person whose case files are culled (gallring), kept without
personal data, so that the figures of past tertials stay what they were.

Called by the culling service inside its transaction, before it deletes the person's records:
the person's cases and activities as the indicator engine reads them, and their months of
assistance, under random keys drawn here (no date of birth, no personal identity number, no
name; the age at enrolment stands in for the date of birth).
"""

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from jobbtorg.followup import selectors
from jobbtorg.followup.models import KeptActivity, KeptAssistanceMonth, KeptCase
from jobbtorg.transfer.models import AssistanceMonth


@dataclass(frozen=True)
class KeptCounts:
    cases: int
    activities: int
    assistance_months: int


def _age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def keep_statistics_of(
    *, participant_id: Any, personal_identity_number: str, today: dt.date
) -> KeptCounts:
    """Copy the person's rows as the key figures read them into the kept tables. The caller
    deletes the originals in the same transaction."""
    person_key = uuid.uuid4().hex
    cases = selectors.case_rows(today, of_people=[participant_id])
    case_keys = {case.case_ref: uuid.uuid4().hex for case in cases}
    kept_cases = []
    for case in cases:
        base = case.enrolled_on or case.referred_on
        kept_cases.append(
            KeptCase(
                person_key=person_key,
                case_key=case_keys[case.case_ref],
                job_centre=case.job_centre,
                target_group=case.target_group,
                district=case.district,
                referred_on=case.referred_on,
                enrolled_on=case.enrolled_on,
                exit_on=case.exit_on,
                exit_reason=case.exit_reason or "",
                employment_form=case.employment_form or "",
                extent=case.extent or "",
                wage_subsidy=case.wage_subsidy,
                studies_with_student_finance=case.studies_with_student_finance,
                interruptions=[
                    [start.isoformat(), end.isoformat() if end else None]
                    for start, end in case.interruptions
                ],
                first_plan_on=case.first_plan_on,
                participation_end=case.participation_end,
                age=max(0, _age_on(case.birth_date, base.replace(day=1))),
            )
        )
    KeptCase.objects.bulk_create(kept_cases)
    activities = [
        KeptActivity(
            case_key=case_keys[activity.case_ref],
            provider=activity.provider,
            activity_type=activity.activity_type,
            start=activity.start,
            end=activity.end,
        )
        for activity in selectors.activity_rows(of_people=[participant_id])
    ]
    KeptActivity.objects.bulk_create(activities)
    months = [
        KeptAssistanceMonth(
            person_key=person_key, month=month, amount_sek=amount, district=district or ""
        )
        for month, amount, district in AssistanceMonth.objects.filter(
            personal_identity_number=personal_identity_number
        ).values_list("month", "amount_sek", "district__slug")
    ]
    KeptAssistanceMonth.objects.bulk_create(months)
    return KeptCounts(len(kept_cases), len(activities), len(months))
