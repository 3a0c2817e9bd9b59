"""A case's deadlines kept as columns (plans/case_deadlines.py): after any sequence of changes,
what the lists read is what the rules work out from the case's facts; the lists cost the same
number of queries whatever the caseload; the nightly rebuild and the command keep what was
written behind the services' back."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.engines.rules import case_deadlines as case_rules
from jobbtorg.participants.models import Interruption, LimitException, Referral, Stage
from jobbtorg.plans.case_deadlines import (
    case_deadlines_rebuild,
    case_facts,
    enrolment_days,
    holds_on,
    kept_timeline,
    up_to_date,
)
from jobbtorg.plans.deadlines import case_deadlines, deadlines_for
from jobbtorg.plans.models import CaseDeadlineItem, CaseDeadlineSummary, FollowUp, PlanStatus
from jobbtorg.plans.tasks import rebuild_case_deadlines
from jobbtorg.providers.models import ActivityType
from tests.conftest import api_client_for, client_for
from tests.factories import UserFactory
from tests.participants.factories import InterruptionFactory, ReferralFactory
from tests.plans.factories import PlanActivityFactory, PlanVersionFactory

TODAY = timezone.localdate()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def from_rules(case: Referral, day: dt.date) -> case_rules.CaseTimeline | None:
    case.refresh_from_db()
    facts = case_facts(enrolment_days([case])).get(case.pk)
    return None if facts is None else case_rules.case_timeline(facts, day)


def listed(case: Referral, day: dt.date) -> list[tuple]:
    """The case's deadlines on `day` as its coach's list reads them from the columns."""
    return [
        (item.kind, item.due_on, item.detail, item.activity_id)
        for item in deadlines_for(case.coach, today=day)
        if item.referral.pk == case.pk
    ]


def worked_out(case: Referral, day: dt.date) -> list[tuple]:
    """The same, worked out from scratch with the rule module."""
    return [
        (item.kind, item.due_on, item.detail, item.activity_id)
        for item in case_deadlines(case, day).items
    ]


# One change to a case, as the pages and the import make them.
events = st.one_of(
    st.tuples(st.just("interrupt"), st.integers(-400, 60), st.none() | st.integers(0, 120)),
    st.tuples(st.just("end_interruptions"), st.integers(0, 90)),
    st.tuples(st.just("delete_interruption")),
    st.tuples(st.just("exception"), st.integers(-30, 500), st.sampled_from([True, False, None])),
    st.tuples(
        st.just("plan"),
        st.sampled_from([PlanStatus.APPROVED, PlanStatus.REJECTED, PlanStatus.AWAITING_APPROVAL]),
        st.booleans(),
        st.lists(
            st.tuples(
                st.sampled_from(["job_search", "placement"]),
                st.integers(-300, 60),
                st.integers(0, 200),
            ),
            max_size=3,
        ),
    ),
    st.tuples(st.just("follow_up"), st.integers(0, 5)),
    st.tuples(st.just("enrolled_on"), st.integers(-600, 0)),
    st.tuples(st.just("exit")),
)


def apply(case: Referral, event: tuple) -> None:
    kind, *args = event
    coach = case.coach
    if kind == "interrupt":
        start, length = args
        if length is None and case.interruptions.filter(end__isnull=True).exists():
            return  # one ongoing interruption at a time
        InterruptionFactory(
            referral=case,
            start=days(start),
            end=None if length is None else days(start + length),
        )
    elif kind == "end_interruptions":
        for interruption in case.interruptions.filter(end__isnull=True):
            interruption.end = max(interruption.start, days(args[0]))
            interruption.save()
    elif kind == "delete_interruption":
        last = case.interruptions.order_by("-created_at").first()
        if last is not None:
            last.delete()
    elif kind == "exception":
        until, approved = args
        if approved is None and case.limit_exceptions.filter(approved__isnull=True).exists():
            return  # one request at a time
        LimitException.objects.create(
            referral=case,
            reason="Nära jobb.",
            until=days(until),
            requested_by=coach,
            approved=approved,
        )
    elif kind == "plan":
        status, decided, activities = args
        plan = PlanVersionFactory(
            referral=case,
            activity=None,
            status=status,
            start=days(-30),
            end=days(150),
            decided_by=coach if decided else None,
            decided_at=timezone.now() - dt.timedelta(days=3) if decided else None,
            rejection_reason="Målet saknas." if status == PlanStatus.REJECTED else "",
        )
        for code, start, length in activities:
            PlanActivityFactory(
                plan=plan,
                activity_type=ActivityType.objects.get(code=code),
                start=days(start),
                end=days(start + length),
            )
    elif kind == "follow_up":
        activities = list(
            case.plan_versions.filter(status=PlanStatus.APPROVED)
            .values_list("activities", flat=True)
            .exclude(activities=None)
        )
        if activities:
            FollowUp.objects.create(
                activity_id=activities[args[0] % len(activities)],
                done_on=TODAY,
                outcome="completed",
                recorded_by=coach,
            )
    elif kind == "enrolled_on":
        case.enrolled_on = days(args[0])
        case.save()
    elif kind == "exit":
        case.stage = Stage.EXITED
        case.save(update_fields=["stage", "updated_at"])


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    # Each example builds a case in the database: shrinking a failure would take many minutes.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(events, min_size=1, max_size=6), later=st.integers(1, 400))
def test_what_is_kept_is_what_the_rules_work_out_after_any_changes(staff, steps, later):
    with transaction.atomic():
        case = ReferralFactory(enrolled=True, enrolled_on=days(-200))
        for step in steps:
            apply(case, step)
            case.refresh_from_db()
            summary = CaseDeadlineSummary.objects.filter(referral=case).first()
            if summary is None or summary.computed_on is not None:
                # Kept in the transaction of the change, with no list read in between.
                computed = from_rules(case, TODAY)
                assert (summary is None) == (computed is None), step
                if computed is not None:
                    assert holds_on(kept_timeline(case.pk), computed), step
        # What the lists read, today and on a later day, is what the rules work out.
        if case.stage == Stage.ENROLLED:
            for day in (TODAY, days(later)):
                assert listed(case, day) == worked_out(case, day)
                assert holds_on(kept_timeline(case.pk), from_rules(case, day))
        else:
            assert not CaseDeadlineItem.objects.filter(referral=case).exists()
        transaction.set_rollback(True)


def test_an_interrupted_case_moves_its_18_month_end_each_day_it_is_listed(staff):
    case = ReferralFactory(enrolled=True, enrolled_on=days(-540), coach=staff.coach_sydost)
    InterruptionFactory(referral=case, start=days(-5))
    first = case_deadlines(case, TODAY).participation_ends
    assert CaseDeadlineSummary.objects.get(referral=case).holds_every_day is False
    # 18 months from enrolment moved by the six days so far: the flag shows, the work pauses.
    assert [item.kind for item in deadlines_for(staff.coach_sydost)] == ["participation_limit"]
    tomorrow = deadlines_for(staff.coach_sydost, today=days(1))
    assert [(i.kind, i.due_on) for i in tomorrow] == [
        ("participation_limit", first + dt.timedelta(days=1))
    ]
    assert CaseDeadlineSummary.objects.get(referral=case).computed_on == days(1)


def test_cases_written_in_bulk_are_kept_by_the_rebuild_and_the_command_checks_them(staff):
    case = ReferralFactory(enrolled=True, enrolled_on=days(-40), coach=staff.coach_sydost)
    CaseDeadlineSummary.objects.all().delete()
    CaseDeadlineItem.objects.all().delete()
    with pytest.raises(SystemExit):
        call_command("deadlines", "check")
    assert rebuild_case_deadlines.enqueue().return_value == 1
    call_command("deadlines", "check")
    assert holds_on(kept_timeline(case.pk), from_rules(case, TODAY))
    # Written behind the services' back: the check names it, the rebuild mends it.
    Referral.objects.filter(pk=case.pk).update(enrolled_on=days(-3))
    with pytest.raises(SystemExit):
        call_command("deadlines", "check")
    call_command("deadlines", "rebuild")
    call_command("deadlines", "check")
    case.refresh_from_db()
    assert [i.due_on for i in deadlines_for(staff.coach_sydost)] == [case_deadlines(case).plan_due]


def test_a_case_that_leaves_keeps_no_deadlines(staff):
    case = ReferralFactory(enrolled=True, coach=staff.coach_sydost)
    assert CaseDeadlineItem.objects.filter(referral=case).exists()
    Referral.objects.filter(pk=case.pk).update(stage=Stage.EXITED)
    case_deadlines_rebuild()
    assert not CaseDeadlineSummary.objects.filter(referral=case).exists()
    assert not CaseDeadlineItem.objects.filter(referral=case).exists()


def test_a_list_keeps_again_a_case_whose_fact_was_deleted(staff):
    case = ReferralFactory(enrolled=True, enrolled_on=days(-300), coach=staff.coach_sydost)
    interruption = InterruptionFactory(referral=case, start=days(-200), end=days(-100))
    moved = case_deadlines(case).participation_ends
    Interruption.objects.filter(pk=interruption.pk).delete()
    assert CaseDeadlineSummary.objects.get(referral=case).computed_on is None
    up_to_date(Referral.objects.filter(pk=case.pk), TODAY)
    summary = CaseDeadlineSummary.objects.get(referral=case)
    assert summary.participation_ends == moved - dt.timedelta(days=101)


def _stale(case: Referral, how: str) -> None:
    summaries = CaseDeadlineSummary.objects.filter(referral=case)
    if how == "never kept":
        CaseDeadlineItem.objects.filter(referral=case).delete()
        summaries.delete()
    elif how == "marked out of date":
        summaries.update(computed_on=None)
    else:  # kept yesterday, by a rule that holds on that day only
        summaries.update(computed_on=days(-1), holds_every_day=False)


@pytest.mark.parametrize("how", ["never kept", "marked out of date", "kept for another day"])
def test_one_cases_deadlines_are_kept_again_when_they_do_not_hold_today(staff, how):
    """The participant page's read of one case: what is kept, kept again first when stale."""
    case = ReferralFactory(enrolled=True, enrolled_on=days(-300), coach=staff.coach_sydost)
    InterruptionFactory(referral=case, start=days(-3))
    fresh = case_deadlines(case, TODAY)
    _stale(case, how)
    assert case_deadlines(case, TODAY) == fresh
    summary = CaseDeadlineSummary.objects.get(referral=case)
    assert summary.computed_on == TODAY
    assert holds_on(kept_timeline(case.pk), from_rules(case, TODAY))


def test_one_cases_deadlines_that_hold_are_read_in_two_queries(staff):
    case = ReferralFactory(enrolled=True, enrolled_on=days(-40), coach=staff.coach_sydost)
    kept = case_deadlines(case, TODAY)
    with CaptureQueriesContext(connection) as queries:
        assert case_deadlines(case, TODAY) == kept
    assert len(queries) == 2


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_follow_up_to_do_is_named_by_its_activity_type_in_the_readers_language(staff, language):
    case = ReferralFactory(enrolled=True, enrolled_on=days(-60), coach=staff.coach_sydost)
    activity = PlanActivityFactory(
        plan=PlanVersionFactory(referral=case, approved=True, activity=None),
        start=days(-30),
        end=days(-1),
    )
    kind = activity.activity_type
    client = client_for(staff.coach_sydost, language=language)
    html = client.get("/").content.decode()
    todo = html.split('id="todo-title"')[1].split("</table>")[0]
    shown, other = (
        (kind.name_sv, kind.name_en) if language == "sv" else (kind.name_en, kind.name_sv)
    )
    assert shown in todo
    assert other not in todo


def _caseload(coach, n: int) -> None:
    for i in range(n):
        case = ReferralFactory(enrolled=True, enrolled_on=days(-i * 7), coach=coach)
        if i % 2:
            PlanActivityFactory(
                plan=PlanVersionFactory(referral=case, approved=True, activity=None),
                start=days(-i),
                end=days(-i + 3),
            )
        if i % 5 == 0:
            InterruptionFactory(referral=case, start=days(-3))


def _queries(client, path: str) -> int:
    client.get(path)  # the cases' columns kept again for the day, the sessions warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("coach", "/"),
        ("manager", "/"),
        ("coach", "/api/v1/deadlines"),
        ("manager", "/api/v1/deadlines"),
    ],
)
def test_the_lists_of_deadlines_cost_the_same_queries_at_5_and_at_50_cases(staff, role, path):
    coach = UserFactory(username="coach-many", coach=True)
    user = coach if role == "coach" else staff.manager_sydost
    client = api_client_for(user)
    client.force_login(user)
    _caseload(coach, 5)
    few = _queries(client, path)
    _caseload(coach, 45)
    assert _queries(client, path) == few


def _signed_in_with_cases(user, coach, cases: int):
    """`cases` enrolled with `coach` over the last weeks, each with its plan due; a client
    signed in as `user`."""
    for i in range(cases):
        ReferralFactory(enrolled=True, enrolled_on=days(-10 - i), coach=coach)
    client = api_client_for(user)
    client.force_login(user)
    return client


def test_the_managers_to_dos_are_paged(staff, settings):
    settings.JOBBTORG_PAGE_SIZE = 3
    client = _signed_in_with_cases(staff.manager_sydost, staff.coach_sydost, 5)
    first = client.get(reverse("web:home")).context["todo_page"]
    second = client.get(reverse("web:home") + "?sida=2").context["todo_page"]
    assert first.paginator.count == 5
    names = [i.referral.pk for i in first.object_list] + [i.referral.pk for i in second.object_list]
    assert names == [i.referral.pk for i in deadlines_for(staff.manager_sydost, within_days=7)]


def test_the_coachs_to_dos_are_paged_the_earliest_first_and_only_the_page_is_logged(
    staff, settings
):
    settings.JOBBTORG_PAGE_SIZE = 2
    coach = staff.coach_sydost
    client = _signed_in_with_cases(coach, coach, 5)
    first = client.get(reverse("web:home"))
    todo = first.context["todo_page"]
    assert todo.paginator.count == 5
    assert len(todo.object_list) == 2
    assert "5 saker är förfallna eller ska vara klara inom 7 dagar" in first.content.decode()
    # The next page of the to-do list keeps where the caseload is, and lands on the list.
    assert (
        'href="?sida=2&amp;uppgifter=2#todo-title"'
        in client.get(reverse("web:home") + "?sida=2").content.decode()
    )
    pages = [todo] + [
        client.get(reverse("web:home") + f"?uppgifter={n}").context["todo_page"] for n in (2, 3)
    ]
    shown = [item.referral.pk for page in pages for item in page.object_list]
    assert shown == [i.referral.pk for i in deadlines_for(coach, within_days=7)]
    due = [i.due_on for i in deadlines_for(coach, within_days=7)]
    assert due == sorted(due)
    # The first view named the people of the pages it showed (to-dos and caseload), no others.
    entry = AuditEntry.objects.filter(action="participant.listed", actor=coach).earliest("id")
    on_first_view = {i.referral.participant_id for i in todo.object_list} | {
        row["case"].participant_id for row in first.context["caseload_rows"]
    }
    assert {p.participant_id for p in entry.people.all()} == on_first_view
    assert len(on_first_view) <= 4


def test_a_to_do_page_out_of_range_shows_the_last_page(staff, settings):
    settings.JOBBTORG_PAGE_SIZE = 3
    client = _signed_in_with_cases(staff.coach_sydost, staff.coach_sydost, 4)
    for wrong in ("9", "x", "-1"):
        response = client.get(reverse("web:home") + f"?uppgifter={wrong}")
        assert response.status_code == 200
        assert len(response.context["todo_page"].object_list) in (1, 3)


def test_a_to_do_list_longer_than_the_count_limit_says_more_than_and_pages_through_the_first(
    staff, settings
):
    """A Jobbtorg-wide to-do list is counted up to JOBBTORG_LIST_COUNT_LIMIT: past it the page
    says "more than", and the pages go through the first rows, the earliest first."""
    settings.JOBBTORG_PAGE_SIZE = 2
    settings.JOBBTORG_LIST_COUNT_LIMIT = 3
    coach = staff.coach_sydost
    client = _signed_in_with_cases(coach, coach, 5)
    first = client.get(reverse("web:home"))
    todo = first.context["todo_page"]
    html = first.content.decode()
    assert todo.paginator.capped and todo.paginator.count == 3
    assert "Fler än 3 saker är förfallna eller ska vara klara inom 7 dagar" in html
    assert "Sida 1 av 2: de första 3 visas" in html
    last = client.get(reverse("web:home") + "?uppgifter=9").context["todo_page"]
    shown = [i.referral.pk for i in todo.object_list] + [i.referral.pk for i in last.object_list]
    assert shown == [i.referral.pk for i in deadlines_for(coach, within_days=7)][:3]

    settings.JOBBTORG_LIST_COUNT_LIMIT = 5
    html = client.get(reverse("web:home")).content.decode()
    assert "5 saker är förfallna" in html and "Fler än" not in html
