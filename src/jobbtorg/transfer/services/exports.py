"""Export: the product's records in the transfer format, read back unchanged by an import."""

from typing import Any

from django.utils import timezone

from jobbtorg.core.audit import events as audit
from jobbtorg.engines.transfer.records import TransferRecords
from jobbtorg.organisation.models import User
from jobbtorg.participants.models import AfRegistration, Exit, Interruption, Referral, Stage
from jobbtorg.plans.models import FollowUp, FollowUpOutcome, PlanStatus, PlanVersion
from jobbtorg.transfer.models import AssistanceMonth


def af_text(code: str) -> bool | None:
    if code in {AfRegistration.REGISTERED, AfRegistration.REGISTERED_TODAY}:
        return True
    if code == AfRegistration.NOT_APPLICABLE:
        return False
    return None


def transfer_export_records() -> TransferRecords:
    """Every person's current case (the open one, else the latest) with its plan versions
    (rejected versions have no place in the format and are left out), activities,
    interruptions and exit, and all assistance months."""
    from jobbtorg.engines.transfer.records import (
        ActivityRecord,
        AssistanceRecord,
        ExitRecord,
        InterruptionRecord,
        ParticipantRecord,
        PlanRecord,
    )

    today = timezone.localdate()
    cases: dict[Any, Referral] = {}
    for case in Referral.objects.select_related(
        "participant", "district", "target_group", "coach"
    ).order_by("referred_at"):
        current = cases.get(case.participant_id)
        if current is None or current.stage == Stage.EXITED:
            cases[case.participant_id] = case
    people, plans, activities, interruptions, exits = [], [], [], [], []
    chosen = {case.pk: case for case in cases.values()}
    for case in sorted(chosen.values(), key=lambda c: c.participant.personal_identity_number):
        person = case.participant
        people.append(
            ParticipantRecord(
                personnummer=person.personal_identity_number,
                first_name=person.first_name,
                last_name=person.last_name,
                home_district=case.district.slug,
                target_group=case.target_group.code,
                referred_on=timezone.localdate(case.referred_at),
                enrolled_on=case.enrolled_on,
                coach=case.coach.username if case.coach else "",
                af_registered=af_text(case.af_registration),
            )
        )
    number_of = {pk: c.participant.personal_identity_number for pk, c in chosen.items()}
    follow_ups = {
        f.activity_id: f
        for f in FollowUp.objects.filter(activity__plan__referral_id__in=list(chosen)).order_by(
            "done_on", "created_at"
        )
    }
    for plan in (
        PlanVersion.objects.filter(referral_id__in=list(chosen))
        .exclude(status=PlanStatus.REJECTED)
        .prefetch_related("activities__activity_type", "activities__provider")
        .order_by("referral_id", "number")
    ):
        number = number_of[plan.referral_id]
        ref = plan.source_ref or f"v{plan.number}"
        approved = plan.decided_at is not None and plan.status in {
            PlanStatus.APPROVED,
            PlanStatus.SUPERSEDED,
        }
        plans.append(
            PlanRecord(
                personnummer=number,
                plan_ref=ref,
                drawn_up_on=plan.drawn_up_on or timezone.localdate(plan.created_at),
                start=plan.start,
                end=plan.end,
                approved_on=timezone.localdate(plan.decided_at) if approved else None,
            )
        )
        for activity in plan.activities.all():
            follow_up = follow_ups.get(activity.pk)
            if follow_up is not None and follow_up.outcome in {
                FollowUpOutcome.COMPLETED,
                FollowUpOutcome.INTERRUPTED,
            }:
                status = follow_up.outcome
            else:
                status = "planned" if activity.start > today else "ongoing"
            activities.append(
                ActivityRecord(
                    personnummer=number,
                    plan_ref=ref,
                    activity_type=activity.activity_type.code,
                    provider=activity.provider_label,
                    start=activity.start,
                    end=activity.end,
                    status=status,
                    outcome=follow_up.note if follow_up else "",
                    hours_per_week=activity.hours_per_week or None,
                    goal=activity.goal,
                )
            )
    for interruption in Interruption.objects.filter(referral_id__in=list(chosen)).order_by(
        "referral_id", "start"
    ):
        interruptions.append(
            InterruptionRecord(
                personnummer=number_of[interruption.referral_id],
                reason=interruption.reason,
                start=interruption.start,
                end=interruption.end,
                reason_text=interruption.reason_text,
            )
        )
    for exit_ in Exit.objects.filter(referral_id__in=list(chosen)):
        exits.append(
            ExitRecord(
                personnummer=number_of[exit_.referral_id],
                exit_date=exit_.date,
                reason=exit_.reason,
                reason_text=exit_.reason_text,
                employment_form=exit_.employment_form,
                extent=exit_.extent,
                hours_per_week=exit_.hours_per_week,
                wage_subsidy=exit_.wage_subsidy,
                employer=exit_.employer,
                occupation_ssyk=exit_.occupation_ssyk,
                student_finance=exit_.studies_with_student_finance,
            )
        )
    assistance = [
        AssistanceRecord(
            personnummer=a.personal_identity_number,
            month=a.month,
            amount_sek=a.amount_sek,
            district=a.district.slug if a.district else "",
        )
        for a in AssistanceMonth.objects.select_related("district").order_by(
            "personal_identity_number", "month"
        )
    ]
    return TransferRecords(
        participants=tuple(people),
        plans=tuple(plans),
        activities=tuple(activities),
        interruptions=tuple(interruptions),
        exits=tuple(sorted(exits, key=lambda e: e.personnummer)),
        assistance=tuple(assistance),
    )


def transfer_export(
    *, path: str, actor: User | None, audit_context: audit.AuditContext
) -> dict[str, int]:
    """Write every file of the format into the directory `path`, or into a zip when `path`
    ends in `.zip`; one audit entry."""
    from jobbtorg.engines.transfer.write import (
        records_to_rows,
        write_csv_directory,
        write_csv_zip,
    )

    records = transfer_export_records()
    tables = records_to_rows(records)
    if path.lower().endswith(".zip"):
        write_csv_zip(path, tables)
    else:
        write_csv_directory(path, tables)
    counts = {name: len(rows) for name, rows in tables.items()}
    audit.transfer_exported(audit_context, path, counts)
    return counts
