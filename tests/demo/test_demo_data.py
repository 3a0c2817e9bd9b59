"""The demo as a member of staff meets it: people whose ages fit their target groups, a past
year of dates in office hours, plans that say what people do, names as Stockholm's, targets
the dashboard measures against, an effect estimate and the providers' costs."""

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from jobbtorg.demo.people import AGES
from jobbtorg.engines.comparison import Period as ComparisonPeriod
from jobbtorg.engines.rules.deadlines import is_working_day
from jobbtorg.followup.models import IndicatorTarget
from jobbtorg.followup.services.effect import effect_report
from jobbtorg.followup.services.key_figures import (
    Cache,
    Status,
    build_figures,
    latest_finished_tertial,
    tertial_period,
)
from jobbtorg.participants.models import DistrictEvent, Participant, Referral, TargetGroup
from jobbtorg.plans.models import PlanStatus, PlanVersion
from jobbtorg.providers.models import ActivityParticipation
from jobbtorg.providers.services.comparison import comparison_table, last_12_months
from jobbtorg.summerjobs.models import SummerApplication

pytestmark = pytest.mark.usefixtures("demo")


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def test_every_person_is_of_an_age_their_target_group_allows():
    cases = Referral.objects.select_related("participant", "target_group")
    wrong = []
    for case in cases:
        age = _age(case.participant.birth_date, timezone.localdate(case.referred_at))
        low, high = (16, 24) if case.target_group.code == "youth" else (18, 66)
        if not low <= age <= high:
            wrong.append((case.participant.full_name, case.target_group.name_sv, age))
    assert not wrong
    # Every group is met, young people among them.
    assert {c.target_group.code for c in cases} >= set(AGES)


def test_dates_are_spread_over_the_past_year_in_office_hours():
    today = timezone.localdate()
    referred = [timezone.localtime(r.referred_at) for r in Referral.objects.all()]
    assert all(moment.date() <= today for moment in referred)
    months = {(m.year, m.month) for m in referred}
    assert len(months) >= 6, months
    registered = Counter(timezone.localdate(p.created_at) for p in Participant.objects.all())
    assert max(registered.values()) < len(referred) / 4, "most people registered on one day"
    moments = (
        referred
        + [timezone.localtime(e.occurred_at) for e in DistrictEvent.objects.all()]
        + [timezone.localtime(p.created_at) for p in PlanVersion.objects.all()]
    )
    outside = [
        m
        for m in moments
        if not is_working_day(m.date()) or not dt.time(8) <= m.time() <= dt.time(17)
    ]
    assert not outside, outside[:5]
    assert len({m.time().replace(second=0, microsecond=0) for m in moments}) > 20


def test_an_approved_plan_says_where_the_person_has_a_place():
    checked = 0
    for plan in PlanVersion.objects.filter(status=PlanStatus.APPROVED):
        planned = {
            (a.provider_id, a.activity_type_id, a.start, a.end)
            for a in plan.activities.all()
            if a.provider_id is not None
        }
        placed = {
            (p.offering.provider_id, p.offering.activity_type_id, p.planned_start, p.planned_end)
            for p in ActivityParticipation.objects.filter(referral=plan.referral)
        }
        assert planned == placed, plan.referral.participant.full_name
        checked += bool(placed)
    assert checked >= 10
    # Nobody has a place without an approved plan.
    assert not ActivityParticipation.objects.exclude(
        referral__plan_versions__status=PlanStatus.APPROVED
    ).exists()


def test_names_are_varied_and_no_one_is_a_placeholder():
    people = list(Participant.objects.all())
    surnames = Counter(p.last_name for p in people)
    assert len(surnames) > len(people) / 2
    assert max(surnames.values()) <= 4
    applicants = list(SummerApplication.objects.all())
    assert applicants and len({a.last_name for a in applicants}) > len(applicants) / 2
    for name in [p.full_name for p in people] + [
        f"{a.first_name} {a.last_name}" for a in applicants
    ]:
        assert "demo" not in name.lower()
    # Newly arrived people may need an interpreter; the demo has some who do.
    assert sum(bool(p.interpreter_language) for p in people) >= 5


def test_every_target_group_is_named_with_its_letter():
    names = list(TargetGroup.objects.filter(is_active=True).values_list("name_sv", flat=True))
    assert len(names) == 8
    assert all(name[1:3] == ") " and name[0].isalpha() for name in names), names
    assert TargetGroup.objects.get(code="resurs").name_sv == "h) Resurs"


def test_the_last_tertial_meets_a_target_nears_one_and_misses_one():
    year, tertial = latest_finished_tertial(timezone.localdate())
    assert IndicatorTarget.objects.filter(valid_from_year=year).count() >= 3
    figures = build_figures(year=year, tertial=tertial, by=None, suppress_below=None, cache=Cache())
    verdicts = {f.status for f in figures if f.target is not None}
    assert {Status.MET, Status.NEAR, Status.NOT_MET} <= verdicts


def test_the_effect_page_has_a_comparison_pool_and_an_estimate_with_its_interval():
    start, end = tertial_period(*latest_finished_tertial(timezone.localdate()))
    report = effect_report(start, end)
    assert len(report.pool.people) >= 20
    city = report.groups[0].result
    after_2_months = next(e for e in city.estimates if e.k_months == 2)
    # Five pairs or more: an analyst sees it too (fewer is "fewer than 5").
    assert after_2_months.pairs >= 5
    assert after_2_months.ci_low is not None and after_2_months.ci_high is not None
    assert after_2_months.ci_low < after_2_months.difference < after_2_months.ci_high


def test_the_comparison_shows_what_each_provider_cost():
    today = timezone.localdate()
    table = comparison_table(ComparisonPeriod(*last_12_months(today)), "provider", today)
    shown = [g for g in table.comparison.groups if not g.masked]
    assert len(shown) >= 2
    assert all(g.measures and g.measures.total_cost and g.measures.total_cost > 0 for g in shown)


def test_the_inbox_holds_what_is_recent_and_the_officers_dealt_with_the_rest():
    two_weeks_ago = timezone.now() - dt.timedelta(days=15)
    events = list(DistrictEvent.objects.all())
    old = [e for e in events if e.occurred_at < two_weeks_ago]
    assert old and all(e.handled_at and e.handled_by_id for e in old)
    assert all(e.handled_at >= e.occurred_at for e in old)
    assert all(dt.time(8) <= timezone.localtime(e.handled_at).time() <= dt.time(17) for e in old)
    assert any(e.handled_at is None for e in events), "nothing left for the officer to do"
