"""Free choice of provider (LOV): the coach records the participant's choice, or the default
rule assigns the next approved provider in turn; the page shows neutral facts only."""

import datetime as dt

import pytest
from django.utils import timezone

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.providers.models import (
    ActivityParticipation,
    ActivityType,
    ChoiceKind,
    ChoiceRotation,
    Provider,
    ProviderKind,
    ProviderReportKind,
)
from jobbtorg.providers.services.free_choice import provider_choose, provider_facts
from tests.conftest import client_for
from tests.offering import offering_at, place, report
from tests.participants.scenarios import active_case, context

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
URL = "/deltagare/{}/valfrihet/"


def lov(slug: str, *, capacity: int = 12, languages: str = "svenska", **kwargs):
    provider = Provider.objects.create(
        slug=slug, name=f"Anordnare {slug.upper()}", kind=ProviderKind.CHOICE_SYSTEM
    )
    return offering_at(provider, capacity=capacity, languages=languages, **kwargs)


def job_search() -> ActivityType:
    return ActivityType.objects.get(code="job_search")


def choose(staff, case, offering=None, *, actor=None, code="job_search", days=60):
    today = timezone.localdate()
    return provider_choose(
        context(actor or staff.coach_sydost),
        referral=case,
        activity_type=ActivityType.objects.get(code=code),
        offering=offering,
        planned_start=today,
        planned_end=today + dt.timedelta(days=days),
        level="B",
    )


def nothing_written(before_audit: int) -> bool:
    return (
        not ActivityParticipation.objects.exists()
        and not ChoiceRotation.objects.exists()
        and AuditEntry.objects.count() == before_audit
    )


# The service


def test_the_participants_choice_is_recorded(staff):
    lov("alfa")
    chosen = lov("beta")
    case = active_case(staff)
    participation = choose(staff, case, chosen)
    assert participation.offering == chosen
    assert participation.choice == ChoiceKind.CHOSEN
    entry = AuditEntry.objects.get(action=AuditAction.PROVIDER_CHOSEN)
    assert entry.participant == case.participant
    assert entry.actor == staff.coach_sydost
    assert entry.changes["after"]["provider"] == "beta"
    assert entry.changes["after"]["choice"] == "chosen"
    assert entry.changes["after"]["rotation_position"] is None
    assert AuditEntry.objects.filter(action=AuditAction.PARTICIPATION_PLACED).count() == 1
    # A choice does not move the rotation.
    assert not ChoiceRotation.objects.exists()


def test_with_no_choice_the_default_rule_goes_round_in_slug_order(staff):
    for slug in ("gamma", "alfa", "beta"):
        lov(slug)
    given = []
    for n in range(5):
        case = active_case(staff, first_name=f"Person{n}")
        participation = choose(staff, case)
        assert participation.choice == ChoiceKind.DEFAULT_ROTATION
        given.append(participation.offering.provider.slug)
    assert given == ["alfa", "beta", "gamma", "alfa", "beta"]
    rotation = ChoiceRotation.objects.get(activity_type=job_search())
    assert rotation.last_provider.slug == "beta"
    last = AuditEntry.objects.filter(action=AuditAction.PROVIDER_CHOSEN).order_by("-id").first()
    assert last.changes["after"]["choice"] == "default_rotation"
    assert last.changes["after"]["rotation_position"] == 2
    assert last.changes["after"]["previous_default"] == "alfa"
    assert last.changes["after"]["rotation"] == ["alfa", "beta", "gamma"]


def test_the_default_rule_skips_a_provider_without_a_free_place(staff):
    full = lov("alfa", capacity=1)
    lov("beta")
    place(active_case(staff, first_name="Redan"), full, staff.coach_sydost)
    participation = choose(staff, active_case(staff))
    assert participation.offering.provider.slug == "beta"


def test_other_kinds_of_provider_are_not_in_the_choice_system(staff):
    procured = Provider.objects.create(slug="lou", name="Upphandlad", kind=ProviderKind.PROCURED)
    own = Provider.objects.create(slug="egen", name="Egen regi", kind=ProviderKind.OWN_OPERATION)
    offering_at(procured)
    offering_at(own)
    lov("zeta")
    assert choose(staff, active_case(staff)).offering.provider.slug == "zeta"


def test_a_type_not_in_the_choice_system_is_refused_and_nothing_written(staff):
    lov("alfa", code="work_training")
    case = active_case(staff)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        choose(staff, case, code="work_training")
    assert "activity_type" in refused.value.errors
    assert nothing_written(before)


def test_no_free_place_anywhere_is_refused_and_nothing_written(staff):
    full = lov("alfa", capacity=1)
    place(active_case(staff, first_name="Redan"), full, staff.coach_sydost)
    case = active_case(staff)
    before_places = ActivityParticipation.objects.count()
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        choose(staff, case)
    assert "free place" in str(refused.value.errors["offering"])
    assert ActivityParticipation.objects.count() == before_places
    assert not ChoiceRotation.objects.exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("what", ["procured", "other_type", "full", "expired"])
def test_a_choice_outside_the_approved_offerings_in_force_is_refused(staff, what):
    today = timezone.localdate()
    if what == "procured":
        provider = Provider.objects.create(
            slug="lou", name="Upphandlad", kind=ProviderKind.PROCURED
        )
        offering = offering_at(provider)
    elif what == "other_type":
        offering = lov("alfa", code="work_training")
    elif what == "full":
        offering = lov("alfa", capacity=1)
        place(active_case(staff, first_name="Redan"), offering, staff.coach_sydost)
    else:
        offering = lov("alfa", valid_until=today + dt.timedelta(days=10))
    case = active_case(staff)
    before = AuditEntry.objects.count()
    count = ActivityParticipation.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        choose(staff, case, offering)
    assert "offering" in refused.value.errors
    assert ActivityParticipation.objects.count() == count
    assert AuditEntry.objects.count() == before


def test_bad_dates_and_level_are_refused(staff):
    lov("alfa")
    case = active_case(staff)
    today = timezone.localdate()
    with pytest.raises(ValidationFailed) as refused:
        provider_choose(
            context(staff.coach_sydost),
            referral=case,
            activity_type=job_search(),
            planned_start=today,
            planned_end=today - dt.timedelta(days=1),
            level="D",
        )
    assert set(refused.value.errors) == {"planned_end", "level"}
    assert not ActivityParticipation.objects.exists()


@pytest.mark.parametrize("who", ["coach_jarva", "officer_farsta", "provider_staff", "analyst"])
def test_only_staff_at_the_persons_jobbtorg_record_a_choice(staff, who):
    lov("alfa")
    case = active_case(staff)
    with pytest.raises(NotAllowed):
        choose(staff, case, actor=getattr(staff, who))
    assert not ActivityParticipation.objects.exists()


@pytest.mark.parametrize("who", ["matcher_sydost", "manager_sydost"])
def test_the_matcher_and_manager_may_record_a_choice(staff, who):
    lov("alfa")
    assert choose(staff, active_case(staff), actor=getattr(staff, who)).choice == "default_rotation"


# Facts shown


def test_the_order_is_shuffled_per_person_and_stable_for_each(staff):
    for slug in ("alfa", "beta", "gamma", "delta"):
        lov(slug)
    today = timezone.localdate()

    def order(seed):
        return [
            f.provider.slug
            for f in provider_facts(job_search(), today, today, seed=seed, today=today)
        ]

    assert order("person-1") == order("person-1")
    firsts = {order(f"person-{n}")[0] for n in range(20)}
    assert len(firsts) > 1  # no provider always comes first


def test_results_are_shown_for_5_or_more_and_masked_below(staff):
    many = lov("alfa")
    few = lov("beta")
    today = timezone.localdate()
    for n in range(5):
        participation = place(active_case(staff, first_name=f"A{n}"), many, staff.coach_sydost)
        report(participation, staff.coach_sydost, ProviderReportKind.START, today)
        if n < 3:
            report(participation, staff.coach_sydost, ProviderReportKind.COMPLETION, today)
    for n in range(4):
        participation = place(active_case(staff, first_name=f"B{n}"), few, staff.coach_sydost)
        report(participation, staff.coach_sydost, ProviderReportKind.START, today)
    facts = {
        f.provider.slug: f
        for f in provider_facts(job_search(), today, today, seed="x", today=today)
    }
    assert not facts["alfa"].masked and facts["alfa"].share_completed == 60
    assert facts["alfa"].share_into_work_or_studies == 0
    assert facts["beta"].masked and facts["beta"].share_completed is None


# The page


def test_the_coach_sees_the_providers_with_neutral_facts_and_the_view_is_logged(staff):
    lov("alfa", languages="svenska, somaliska", place="Farsta torg")
    lov("beta", capacity=1)
    case = active_case(staff)
    response = client_for(staff.coach_sydost, "en").get(URL.format(case.participant_id))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Anordnare ALFA" in text and "Anordnare BETA" in text
    assert "svenska, somaliska" in text and "Farsta torg" in text
    assert "fewer than 5" in text
    assert "use the default rule" in text
    viewed = AuditEntry.objects.filter(
        action=AuditAction.PARTICIPANT_VIEWED, participant=case.participant
    )
    assert viewed.count() == 1 and viewed.get().actor == staff.coach_sydost


def test_the_page_records_a_choice_and_the_person_page_shows_it(staff):
    chosen = lov("alfa")
    case = active_case(staff)
    today = timezone.localdate()
    client = client_for(staff.coach_sydost, "en")
    response = client.post(
        URL.format(case.participant_id) + "?aktivitet=job_search",
        {
            "offering": str(chosen.pk),
            "planned_start": today.isoformat(),
            "planned_end": (today + dt.timedelta(days=30)).isoformat(),
            "level": "A",
        },
    )
    assert response.status_code == 302
    participation = ActivityParticipation.objects.get()
    assert (participation.offering, participation.choice, participation.level) == (
        chosen,
        "chosen",
        "A",
    )
    page = client.get(f"/deltagare/{case.participant_id}/").content.decode()
    assert "Anordnare ALFA" in page and "Chosen by the participant" in page


def test_the_page_records_a_default(staff):
    lov("alfa")
    case = active_case(staff)
    today = timezone.localdate()
    client = client_for(staff.coach_sydost, "en")
    client.post(
        URL.format(case.participant_id),
        {
            "offering": "default",
            "planned_start": today.isoformat(),
            "planned_end": today.isoformat(),
            "level": "B",
        },
    )
    assert ActivityParticipation.objects.get().choice == "default_rotation"
    page = client.get(f"/deltagare/{case.participant_id}/").content.decode()
    assert "Default provider by rotation" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"planned_start": "2026-13-01"}, "Write the date as YYYY-MM-DD"),
        ({"offering": ""}, "Choose the provider the participant chose"),
        ({"offering": "99999"}, "Choose one of the providers shown"),
        ({"offering": "abc"}, "Choose one of the providers shown"),
        ({"planned_end": "2000-01-01"}, "The end date is before the start date"),
    ],
)
def test_bad_input_on_the_page_gives_a_message_and_writes_nothing(staff, data, message):
    lov("alfa")
    case = active_case(staff)
    today = timezone.localdate()
    post = {
        "offering": "default",
        "planned_start": today.isoformat(),
        "planned_end": today.isoformat(),
        "level": "B",
    } | data
    response = client_for(staff.coach_sydost, "en").post(URL.format(case.participant_id), post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ActivityParticipation.objects.exists()


def test_a_type_outside_the_choice_system_in_the_address_is_told(staff):
    case = active_case(staff)
    response = client_for(staff.coach_sydost, "en").get(
        URL.format(case.participant_id) + "?aktivitet=work_training"
    )
    assert "not run in the choice system" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coach_jarva", 404),
        ("manager_jarva", 404),
        ("provider_staff", 404),
        ("analyst", 404),
        ("officer_farsta", 403),
        ("officer_rinkeby", 404),
    ],
)
def test_who_may_not_open_the_page(staff, who, status):
    lov("alfa")
    case = active_case(staff)
    before = AuditEntry.objects.filter(action=AuditAction.PARTICIPANT_VIEWED).count()
    response = client_for(getattr(staff, who)).get(URL.format(case.participant_id))
    assert response.status_code == status
    assert AuditEntry.objects.filter(action=AuditAction.PARTICIPANT_VIEWED).count() == before
    response = client_for(getattr(staff, who)).post(
        URL.format(case.participant_id), {"offering": "default"}
    )
    assert response.status_code == status
    assert not ActivityParticipation.objects.exists()


@pytest.mark.parametrize("who", ["coach_sydost", "matcher_sydost", "manager_sydost"])
def test_staff_at_the_persons_jobbtorg_open_the_page(staff, who):
    lov("alfa")
    case = active_case(staff)
    assert client_for(getattr(staff, who)).get(URL.format(case.participant_id)).status_code == 200
