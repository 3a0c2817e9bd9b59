"""Culling (gallring): a person's case files go whole, the key figures stay, the audit log
keeps its entries and gains one per culled person without personal data."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.engines.rules.retention import add_years
from jobbtorg.followup.models import KeptCase
from jobbtorg.followup.services.key_figures import Source, compute_rows, tertial_period
from jobbtorg.participants.models import Participant
from jobbtorg.participants.services.case_messages import (
    message_from_participant,
    message_from_staff,
)
from jobbtorg.payments.models import PaymentRunLine
from jobbtorg.retention.selectors import CASE_FILE
from jobbtorg.retention.services import cull_expired, cull_person, expired_case_files
from jobbtorg.transfer.models import AssistanceMonth
from tests.factories import valid_personal_identity_number
from tests.offering import offering_at
from tests.participants.scenarios import active_case
from tests.payments.runs import approved, month, procured_provider, started, with_result

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
# Far enough on that every file made today is due (the services refuse dates in the future,
# so the files are made today and the culling looks from later).
LATER = add_years(TODAY, 20)
COMMAND = AuditContext.for_command("retention")


@pytest.fixture
def files(staff):
    """A person with a record in most tables (case, plan, placement, provider reports,
    payment lines, assistance months), and a person born on the 15th."""
    offering = offering_at(procured_provider())
    participation = with_result(staff, started(staff, offering), month(-2), lasted_3=True)
    approved(staff)
    person = participation.referral.participant
    AssistanceMonth.objects.create(
        personal_identity_number=person.personal_identity_number,
        participant=person,
        month=month(-3),
        amount_sek=Decimal("8200.00"),
    )
    # A month the district's file gave by number before the person was registered.
    AssistanceMonth.objects.create(
        personal_identity_number=person.personal_identity_number,
        month=month(-14),
        amount_sek=Decimal("9100.00"),
    )
    # A message from the person and the coach's answer: they go with the case files.
    thread = message_from_participant(
        participant=person,
        referral=participation.referral,
        subject="Praktiken",
        body="Får jag börja senare?",
        audit_context=COMMAND,
    ).thread
    message_from_staff(
        actor=participation.referral.coach, thread=thread, body="Ja.", audit_context=COMMAND
    )
    research = active_case(
        staff, number=valid_personal_identity_number(3, born=dt.date(1985, 3, 15))
    ).participant
    return person, research, participation


def key_figures() -> dict:
    """The city's figures and the figures per Jobbtorg for this tertial and the year's others."""
    found = {}
    for tertial in (1, 2, 3):
        start, end = tertial_period(TODAY.year, tertial)
        for by in (None, "jobbtorg", "provider", "activity_type"):
            found[(tertial, by)] = compute_rows(
                start, end, by=by, job_centre=None, suppress_below=None, source=Source()
            )
    return found


def test_the_dry_run_lists_the_due_and_writes_nothing(files):
    person, research, _ = files
    entries = AuditEntry.objects.count()
    report = expired_case_files(LATER)
    listed = {expired.participant_id for expired in report.people}
    assert person.pk in listed and research.pk not in listed
    expired = next(e for e in report.people if e.participant_id == person.pk)
    assert expired.case_numbers == tuple(str(r.pk) for r in person.referrals.all())
    assert expired.cull_from <= LATER
    assert report.counts["providers.activityparticipation"] >= 1
    assert report.counts["transfer.assistancemonth"] >= 1
    assert report.counts["participants.casemessage"] == 2
    assert report.counts["participants.messagethread"] == 1
    assert AuditEntry.objects.count() == entries
    assert Participant.objects.filter(pk=person.pk).exists()
    assert expired_case_files(TODAY).people == []


def test_culling_removes_every_record_of_the_person_and_nothing_of_others(files):
    person, research, participation = files
    research_counts = {h.kind: h.of([research.pk]).count() for h in CASE_FILE}
    lines = PaymentRunLine.objects.filter(participation=participation).count()
    assert lines

    report = cull_expired(today=LATER, audit_context=COMMAND)

    assert person.pk not in Participant.objects.values_list("pk", flat=True)
    for holding in CASE_FILE:
        assert not holding.of([person.pk]).exists(), holding.kind
    assert not AssistanceMonth.objects.filter(
        personal_identity_number=person.personal_identity_number
    ).exists()
    # Born on the 15th: kept for research, every record of it.
    assert {h.kind: h.of([research.pk]).count() for h in CASE_FILE} == research_counts
    # The paid lines stay, as accounting records, without the person.
    assert PaymentRunLine.objects.filter(participation__isnull=True).count() == lines
    assert report.culled == len(report.people) >= 1
    assert report.counts["participants.participant"] == report.culled


def test_the_audit_log_keeps_the_persons_entries_and_records_the_culling_without_personal_data(
    files,
):
    person, _, _ = files
    before = AuditEntry.objects.filter(participant_id=person.pk).count()
    assert before

    cull_expired(today=LATER, audit_context=COMMAND)

    entries = AuditEntry.objects.filter(participant_id=person.pk)
    assert entries.count() == before + 1
    culled = entries.get(action=AuditAction.CASE_FILES_CULLED)
    assert culled.channel == "command" and culled.path == "jobbtorg retention"
    assert culled.changes["years"] == 5
    assert "born on day 5,15,25" in culled.changes["rule"]
    assert culled.changes["before"]["records"]["participants.referral"] == 1
    text = json.dumps(culled.changes, ensure_ascii=False)
    for personal in (person.first_name, person.last_name, person.personal_identity_number):
        assert personal not in text
    assert str(person.birth_date) not in text


def test_the_audit_chain_is_intact_after_culling(files):
    """Culling deletes case files but never an audit entry: the hash chain still holds."""
    from jobbtorg.core.audit.verification import verify_chain

    cull_expired(today=LATER, audit_context=COMMAND)

    check = verify_chain()
    assert check.broken_entry_id is None and check.problem == ""
    assert check.entries_checked == AuditEntry.objects.count()


def test_a_tertials_key_figures_are_the_same_before_and_after_culling_its_people(files):
    before = key_figures()
    assert any(row["value"] for rows in before.values() for row in rows)

    report = cull_expired(today=LATER, audit_context=COMMAND)

    assert report.culled >= 1 and KeptCase.objects.count() >= report.culled
    assert key_figures() == before


def test_kept_statistics_hold_no_personal_data(files):
    person, _, _ = files
    cull_expired(today=LATER, audit_context=COMMAND)
    kept = [
        json.dumps(list(model.objects.values()), default=str)
        for model in apps.get_app_config("followup").get_models()
        if model.__name__.startswith("Kept")
    ]
    for text in kept:
        assert person.personal_identity_number not in text
        assert str(person.pk) not in text
        assert str(person.birth_date) not in text


def test_a_person_whose_files_gained_an_entry_is_not_culled(files):
    """The listing is read again under the person's lock: not due any more, nothing happens."""
    person, _, _ = files
    entries = AuditEntry.objects.count()
    rule = expired_case_files(LATER).rule
    assert (
        cull_person(participant_id=person.pk, today=TODAY, rule=rule, audit_context=COMMAND) is None
    )
    assert Participant.objects.filter(pk=person.pk).exists()
    assert AuditEntry.objects.count() == entries


def test_a_municipality_that_keeps_everything_culls_nothing(files, settings):
    settings.JOBBTORG_RETENTION = {
        **settings.JOBBTORG_RETENTION,
        "case_files": {"years": 5, "research_birth_days": [5, 15, 25], "keep_all": True},
    }
    report = cull_expired(today=LATER, audit_context=COMMAND)
    assert report.people == [] and report.culled == 0
    assert Participant.objects.count() == 2


def test_the_citys_longer_period_keeps_files_the_default_would_cull(files, settings):
    settings.JOBBTORG_RETENTION = {
        **settings.JOBBTORG_RETENTION,
        "case_files": {"years": 30, "research_birth_days": [5, 15, 25], "keep_all": False},
    }
    assert expired_case_files(LATER).people == []


def test_every_table_that_reaches_a_person_is_culled_or_kept_on_purpose():
    """A new table with a person's data must be placed: culled with the case files, or kept
    here for a reason."""
    kept_on_purpose = {
        # The proof of who read what; its participant id no longer resolves afterwards.
        "core.auditentry",
        # The people a list entry named: part of that proof, kept with it.
        "core.auditentryperson",
        # Accounting records: the line stays, its participation emptied.
        "payments.paymentrunline",
        # Go with the matching profile (cascade).
        "matching.workexperience",
        "matching.profilelanguage",
        # A case's deadlines, worked out from its other rows: they go with the case (cascade).
        "plans.casedeadlinesummary",
        "plans.casedeadlineitem",
        # Lex Sarah's records are the operation's, kept by the archive rules (ADR 0006); the
        # report's link to the person is emptied when the person's files go (next test).
        "lex_sarah.report",
        "lex_sarah.investigationversion",
        "lex_sarah.ivosubmission",
        "lex_sarah.measure",
    }
    reaching = {"participants.participant"}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            label = model._meta.label_lower
            if label in reaching or not label.startswith(tuple(_our_apps())):
                continue
            for field in model._meta.get_fields():
                if (
                    field.concrete
                    and field.is_relation
                    and field.related_model is not None
                    and field.related_model._meta.label_lower in reaching
                ):
                    reaching.add(label)
                    changed = True
                    break
    culled = {holding.kind for holding in CASE_FILE}
    assert reaching - kept_on_purpose == culled


def test_a_lex_sarah_report_stays_when_the_linked_persons_files_are_culled(files, staff):
    from tests.lex_sarah.world import filed

    person, _, _ = files
    report = filed(staff.coach_sydost, participant=person)

    cull_expired(today=LATER, audit_context=COMMAND)

    report.refresh_from_db()
    assert not Participant.objects.filter(pk=person.pk).exists()
    assert report.participant is None and report.affected == "En deltagare"


def _our_apps() -> list[str]:
    return [
        f"{config.label}."
        for config in apps.get_app_configs()
        if config.name.startswith("jobbtorg.")
    ]


def test_the_comparison_pools_months_go_five_years_after_the_persons_last_month(files):
    person, _, _ = files
    old, recent = (valid_personal_identity_number(n, born=dt.date(1970, 1, 2)) for n in (1, 2))
    for number, years_ago in ((old, 7), (old, 6), (recent, 7), (recent, 4)):
        AssistanceMonth.objects.create(
            personal_identity_number=number,
            month=TODAY.replace(year=TODAY.year - years_ago, day=1),
            amount_sek=Decimal("7000.00"),
        )
    participants_months = AssistanceMonth.objects.filter(
        personal_identity_number=person.personal_identity_number
    ).count()

    listed = expired_case_files(TODAY)
    assert (listed.pool_people, listed.pool_months) == (1, 2)
    assert AssistanceMonth.objects.filter(personal_identity_number=old).count() == 2

    report = cull_expired(today=TODAY, audit_context=COMMAND)

    assert (report.pool_people, report.pool_months) == (1, 2)
    assert not AssistanceMonth.objects.filter(personal_identity_number=old).exists()
    assert AssistanceMonth.objects.filter(personal_identity_number=recent).count() == 2
    # A participant's months go with their case files, not with the pool.
    assert (
        AssistanceMonth.objects.filter(
            personal_identity_number=person.personal_identity_number
        ).count()
        == participants_months
    )
    entry = AuditEntry.objects.get(action=AuditAction.ASSISTANCE_POOL_CULLED)
    assert entry.changes["before"] == {"people": 1, "months": 2} and entry.participant_id is None
    assert old not in json.dumps(entry.changes)


def test_culling_asks_for_one_refresh_of_the_stored_key_figures(files, task_queue):
    """Deletions send no signal (so that culling deletes in bulk): culling asks once."""
    from jobbtorg.followup.models import KeyFigureResult
    from jobbtorg.followup.services import refresh

    KeyFigureResult.objects.create(
        kind="key_figures",
        question=refresh.key_figures_question(TODAY.year, 1, None, None, None).key,
        asked_at=timezone.now(),
    )
    cull_expired(today=LATER, audit_context=COMMAND)
    assert [t.task_path for t in task_queue.waiting()] == [refresh.REFRESH_TASK]
