"""Places in offerings (R14, R22): capacity and the waiting list, offerings used across
Jobbtorg, the provider's reports reaching the coach at once, result follow-ups, the week."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.providers.models import (
    ActivityParticipation,
    Provider,
    ProviderKind,
    ProviderReport,
    ProviderReportKind,
)
from jobbtorg.providers.selectors import participations_visible_to
from jobbtorg.providers.services.participations import (
    participation_take_from_waiting_list,
    result_follow_up,
)
from jobbtorg.providers.services.provider_reports import provider_report_seen
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.offering import offering_at, place, report
from tests.participants.scenarios import active_case, context, enrol, refer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = timezone.localdate()


@pytest.fixture
def provider(staff):
    return staff.provider_staff.provider


def enrolled(staff, n=0, coach=None, officer=None):
    return enrol(
        refer(officer or staff.officer_farsta, first_name=f"Person{n}", last_name=f"Test{n}"),
        coach or staff.coach_sydost,
    )


# Capacity and the waiting list


def test_a_place_is_refused_when_the_offering_is_full_and_nothing_is_written(staff, provider):
    offering = offering_at(provider, capacity=1)
    place(enrolled(staff, 1), offering, staff.coach_sydost)
    second = enrolled(staff, 2)
    with pytest.raises(ValidationFailed) as refused:
        place(second, offering, staff.coach_sydost)
    assert "All 1 places are taken" in refused.value.errors["offering"][0]
    assert not ActivityParticipation.objects.filter(referral=second).exists()


def test_a_full_offering_takes_the_person_on_its_waiting_list_when_asked(staff, provider):
    offering = offering_at(provider, capacity=1)
    first = place(enrolled(staff, 1), offering, staff.coach_sydost)
    waiting = place(enrolled(staff, 2), offering, staff.coach_sydost, waiting_list=True)
    assert waiting.status == "waiting"

    with pytest.raises(ValidationFailed):  # no place has come free yet
        participation_take_from_waiting_list(context(staff.coach_sydost), waiting)
    report(first, staff.provider_staff, ProviderReportKind.NEVER_STARTED, TODAY)
    moved = participation_take_from_waiting_list(context(staff.coach_sydost), waiting)
    assert moved.status == "placed"


def test_places_do_not_count_against_a_period_that_does_not_overlap(staff, provider):
    offering = offering_at(provider, capacity=1)
    place(enrolled(staff, 1), offering, staff.coach_sydost, start=TODAY, days=10)
    later = place(
        enrolled(staff, 2), offering, staff.coach_sydost, start=TODAY + dt.timedelta(days=11)
    )
    assert later.status == "placed"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"start": TODAY - dt.timedelta(days=400)}, "planned_start", "The offering runs from"),
        ({"days": -1}, "planned_end", "before the start date"),
        ({"level": "D"}, "level", "level A, B or C"),
    ],
)
def test_bad_placements_are_refused_with_the_reason(staff, provider, changes, field, words):
    referral = enrolled(staff, 1)
    with pytest.raises(ValidationFailed) as refused:
        place(referral, offering_at(provider), staff.coach_sydost, **changes)
    assert words in refused.value.errors[field][0]
    assert not ActivityParticipation.objects.exists()


def test_a_person_not_yet_enrolled_cannot_be_placed(staff, provider):
    referral = refer(staff.officer_farsta)
    with pytest.raises(ValidationFailed, match="enrolled"):
        place(referral, offering_at(provider), staff.coach_sydost)


def test_the_same_offering_twice_is_refused(staff, provider):
    referral, offering = enrolled(staff, 1), offering_at(provider)
    place(referral, offering, staff.coach_sydost)
    with pytest.raises(ValidationFailed, match="already has a place"):
        place(referral, offering, staff.coach_sydost)


@pytest.mark.parametrize("username", ["coach_jarva", "officer_farsta", "provider_staff", "analyst"])
def test_only_staff_of_the_persons_jobbtorg_place_them(staff, provider, username):
    referral = enrolled(staff, 1)
    with pytest.raises(NotAllowed):
        place(referral, offering_at(provider), getattr(staff, username))


# One Jobbtorg's offering used by another (R2, R22)


def test_an_offering_made_at_another_jobbtorg_shows_them_the_activity_and_nothing_else(
    staff, provider
):
    offering = offering_at(provider, made_at="jarva")
    participation = place(enrolled(staff, 1), offering, staff.coach_sydost)
    jarva = client_for(staff.manager_jarva, language="en")

    assert participations_visible_to(staff.manager_jarva).get() == participation
    page = jarva.get(reverse("providers:offering", args=[offering.pk])).content.decode()
    assert "Person1 Test1" in page and "Sydost" in page
    detail = jarva.get(reverse("providers:participation", args=[participation.pk]))
    assert detail.status_code == 200
    assert participation.referral.participant.personal_identity_number_display not in (
        detail.content.decode()
    )
    person = participation.referral.participant_id
    assert jarva.get(reverse("web:participant", args=[person])).status_code == 404
    assert jarva.get(reverse("plans:week", args=[person])).status_code == 404


# Who sees what on the participation page of a person of Sydost placed in an offering made at
# Järva (R22): "case" = the Jobbtorg's working material (payment level, how the provider was
# chosen), "contact" = phone, e-mail and interpreter language; None = 404.
HOSTED_PAGE = [
    ("coach_sydost", {"contact", "case"}),
    ("matcher_sydost", {"contact", "case"}),
    ("manager_sydost", {"contact", "case"}),
    ("officer_farsta", {"contact", "case"}),  # the person's home district, as today
    ("coach_jarva", set()),
    ("matcher_jarva", set()),
    ("manager_jarva", set()),
    ("provider_staff", {"contact"}),
    ("other_provider_staff", None),
    ("officer_skarpnack", None),
    ("analyst", None),
    ("administrator", None),
]


@pytest.mark.parametrize(("username", "sees"), HOSTED_PAGE)
def test_the_jobbtorg_hosting_an_activity_sees_the_activity_dates_status_and_reports_only(
    staff, provider, username, sees
):
    from jobbtorg.core.roles import Role
    from jobbtorg.participants.models import HealthEntry, Participant
    from tests.factories import job_centre

    staff.matcher_jarva = UserFactory(
        username="matcher-jarva", role=Role.MATCHER, job_centre=job_centre("jarva")
    )
    staff.other_provider_staff = UserFactory(
        username="other",
        role="provider_staff",
        provider=Provider.objects.create(slug="other", name="Other", kind=ProviderKind.NGO),
    )
    referral = active_case(staff, first_name="Hana", last_name="Hostsson")
    Participant.objects.filter(pk=referral.participant_id).update(
        phone="070-1234567",
        email="hana@example.org",
        address="Gillerbacken 12",
        interpreter_language="Tigrinja",
    )
    HealthEntry.objects.create(referral=referral, text="Ryggbesvär", written_by=staff.coach_sydost)
    offering = offering_at(provider, made_at="jarva", place="Tensta träff")
    participation = place(referral, offering, staff.coach_sydost, start=TODAY)
    report(participation, staff.provider_staff, ProviderReportKind.START, TODAY, note="Kom i tid.")
    person = referral.participant
    person.refresh_from_db()

    response = client_for(getattr(staff, username), language="en").get(
        reverse("providers:participation", args=[participation.pk])
    )
    if sees is None:
        assert response.status_code == 404
        assert "Hostsson" not in response.content.decode()
        return
    html = response.content.decode()
    assert response.status_code == 200
    # What every one who sees the page sees: the activity, its dates, status and reports.
    activity = offering.activity_type.name
    for shown in ("Hana Hostsson", activity, "Tensta träff", TODAY.isoformat(), "Started"):
        assert shown in html, shown
    assert "Kom i tid." in html
    # Never on this page, for anyone: the personnummer, the address, the case file.
    for never in (
        person.personal_identity_number,
        person.personal_identity_number_display,
        "Gillerbacken",
        "Ryggbesvär",
        "Arbetslös sedan ett år",
    ):
        assert never not in html, never
    for contact in ("070-1234567", "hana@example.org", "Tigrinja", "Interpreter"):
        assert (contact in html) == ("contact" in sees), contact
    if username.endswith("_jarva"):  # the offering's list of people placed: the same rule
        listing = client_for(getattr(staff, username), language="en").get(
            reverse("providers:offering", args=[offering.pk])
        )
        assert "Hana Hostsson" in listing.content.decode()
        for never in ("070-1234567", "hana@example.org", "Tigrinja", "Gillerbacken"):
            assert never not in listing.content.decode(), never
    # (A manager of Järva may correct the facts for payment: that form is not the case file.)
    assert ("<dt>Payment level</dt>" in html) == ("case" in sees)
    assert ("<dt>Provider chosen</dt>" in html) == ("case" in sees)


def test_offerings_of_another_jobbtorg_are_not_listed_as_ours(staff, provider):
    offering = offering_at(provider, made_at="jarva")
    client = client_for(staff.coach_sydost)
    assert client.get(reverse("providers:offering", args=[offering.pk])).status_code == 404
    assert "Farsta centrum" not in client.get(reverse("providers:offerings")).content.decode()


# The provider's reports


def test_the_providers_report_reaches_the_coach_at_once_and_is_marked_read(staff, provider):
    participation = place(enrolled(staff, 1), offering_at(provider), staff.coach_sydost)
    client = client_for(staff.provider_staff)
    url = reverse("providers:participation", args=[participation.pk])
    response = client.post(url, {"action": "report", "kind": "start", "start-on": TODAY})
    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.status == "started" and participation.started_on == TODAY

    coach = client_for(staff.coach_sydost, language="en")
    home = coach.get(reverse("web:home")).content.decode()
    assert "New from providers" in home and "Person1 Test1" in home
    created = ProviderReport.objects.get()
    coach.post(url, {"action": "seen", "report": created.pk, "next": reverse("web:home")})
    assert "New from providers" not in coach.get(reverse("web:home")).content.decode()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"participation.reported", "participation.report_seen"} <= actions


@pytest.mark.parametrize(
    ("status_reports", "kind", "allowed"),
    [
        ([], ProviderReportKind.START, True),
        ([], ProviderReportKind.COMPLETION, False),
        ([], ProviderReportKind.NEVER_STARTED, True),
        ([ProviderReportKind.START], ProviderReportKind.START, False),
        ([ProviderReportKind.START], ProviderReportKind.BREAK_OFF, True),
        ([ProviderReportKind.START], ProviderReportKind.COMPLETION, True),
        (
            [ProviderReportKind.START, ProviderReportKind.COMPLETION],
            ProviderReportKind.RESULT,
            True,
        ),
        ([ProviderReportKind.NEVER_STARTED], ProviderReportKind.RESULT, False),
    ],
)
def test_reports_follow_the_activitys_status(staff, provider, status_reports, kind, allowed):
    participation = place(enrolled(staff, 1), offering_at(provider), staff.coach_sydost)
    for earlier in status_reports:
        note = "Slutade komma" if earlier == ProviderReportKind.BREAK_OFF else ""
        report(participation, staff.provider_staff, earlier, TODAY, note=note)
    arguments = {"note": "Flyttade"}
    if kind == ProviderReportKind.RESULT:
        arguments |= {
            "result_kind": "work",
            "details": {"employer": "ICA", "employment_form": "permanent", "extent": "full"},
        }
    if allowed:
        report(participation, staff.provider_staff, kind, TODAY, **arguments)
    else:
        with pytest.raises(ValidationFailed, match="cannot be reported now"):
            report(participation, staff.provider_staff, kind, TODAY, **arguments)


@pytest.mark.parametrize(
    ("kind", "arguments", "field"),
    [
        (ProviderReportKind.START, {"on": TODAY + dt.timedelta(days=1)}, "on"),
        (ProviderReportKind.START, {"on": None}, "on"),
        (ProviderReportKind.BREAK_OFF, {"note": ""}, "note"),
        (ProviderReportKind.RESULT, {"result_kind": ""}, "result_kind"),
        (ProviderReportKind.RESULT, {"result_kind": "work", "details": {}}, "employer"),
        (
            ProviderReportKind.RESULT,
            {"result_kind": "work", "details": {"employer": "ICA", "extent": "full"}},
            "employment_form",
        ),
        (ProviderReportKind.RESULT, {"result_kind": "studies", "details": {}}, "school"),
    ],
)
def test_bad_reports_are_refused_with_the_field_and_nothing_changes(
    staff, provider, kind, arguments, field
):
    participation = place(enrolled(staff, 1), offering_at(provider), staff.coach_sydost)
    if kind != ProviderReportKind.START:
        report(participation, staff.provider_staff, ProviderReportKind.START, TODAY)
    before = ActivityParticipation.objects.get().status
    on = arguments.pop("on", TODAY)
    with pytest.raises(ValidationFailed) as refused:
        report(participation, staff.provider_staff, kind, on, **arguments)
    assert field in refused.value.errors
    assert ActivityParticipation.objects.get().status == before
    assert ProviderReport.objects.count() == (0 if kind == ProviderReportKind.START else 1)


def test_a_job_reported_by_the_provider_is_stored_with_its_details(staff, provider):
    participation = place(enrolled(staff, 1), offering_at(provider), staff.coach_sydost)
    report(participation, staff.provider_staff, ProviderReportKind.START, TODAY)
    report(
        participation,
        staff.provider_staff,
        ProviderReportKind.RESULT,
        TODAY,
        result_kind="work",
        details={
            "employer": "ICA Kvantum",
            "employment_form": "temporary",
            "extent": "part",
            "hours_per_week": "30",
        },
    )
    participation.refresh_from_db()
    assert participation.result_kind == "work" and participation.result_on == TODAY
    assert participation.result_details["employer"] == "ICA Kvantum"
    html = client_for(staff.coach_sydost).get(
        reverse("providers:participation", args=[participation.pk])
    )
    assert "ICA Kvantum" in html.content.decode()


def test_another_providers_staff_cannot_report_or_open_it(staff, provider):
    participation = place(enrolled(staff, 1), offering_at(provider), staff.coach_sydost)
    other = UserFactory(
        username="other",
        role="provider_staff",
        provider=Provider.objects.create(slug="other", name="Other", kind=ProviderKind.NGO),
    )
    with pytest.raises(NotAllowed):
        report(participation, other, ProviderReportKind.START, TODAY)
    url = reverse("providers:participation", args=[participation.pk])
    assert client_for(other).get(url).status_code == 404
    assert client_for(staff.officer_skarpnack).get(url).status_code == 404
    assert client_for(staff.analyst).get(url).status_code == 404


def test_provider_staff_never_see_the_assessment_or_health_on_the_participation_page(
    staff, provider
):
    referral = active_case(staff)
    participation = place(referral, offering_at(provider), staff.coach_sydost)
    html = (
        client_for(staff.provider_staff)
        .get(reverse("providers:participation", args=[participation.pk]))
        .content.decode()
    )
    assert "assessment" not in html.lower() and "health" not in html.lower()
    assert "Payment level" not in html  # the Jobbtorg's own working material


# Result follow-ups (feed the payment bonus steps)


def test_the_coach_records_whether_the_result_lasted(staff, provider):
    participation = place(enrolled(staff, 1), offering_at(provider), staff.coach_sydost)
    report(participation, staff.provider_staff, ProviderReportKind.START, TODAY)
    with pytest.raises(ValidationFailed, match="no result"):
        result_follow_up(
            context(staff.coach_sydost),
            participation,
            months=3,
            in_work_or_without_assistance=True,
        )
    report(
        participation,
        staff.provider_staff,
        ProviderReportKind.RESULT,
        TODAY,
        result_kind="studies",
        details={"school": "Komvux"},
    )
    participation.refresh_from_db()
    client = client_for(staff.coach_sydost)
    url = reverse("providers:participation", args=[participation.pk])
    client.post(url, {"action": "follow_up", "follow_up-months": "3", "follow_up-outcome": "yes"})
    participation.refresh_from_db()
    assert participation.in_work_or_without_assistance_at_3_months is True
    with pytest.raises(NotAllowed):
        result_follow_up(
            context(staff.provider_staff),
            participation,
            months=6,
            in_work_or_without_assistance=True,
        )
    with pytest.raises(ValidationFailed):
        result_follow_up(
            context(staff.coach_sydost), participation, months=4, in_work_or_without_assistance=True
        )


def test_only_the_persons_jobbtorg_marks_a_report_read(staff, provider):
    participation = place(enrolled(staff, 1), offering_at(provider), staff.coach_sydost)
    created = report(participation, staff.provider_staff, ProviderReportKind.START, TODAY)
    with pytest.raises(NotAllowed):
        provider_report_seen(context(staff.provider_staff), created)
    with pytest.raises(NotAllowed):
        provider_report_seen(context(staff.coach_jarva), created)


# The placement page


def test_the_coach_places_through_the_page_and_sees_free_places(staff, provider):
    referral = enrolled(staff, 1)
    offering = offering_at(provider, code="work_training", capacity=3)
    client = client_for(staff.coach_sydost, language="en")
    url = reverse("providers:place", args=[referral.participant_id])
    page = client.get(url).content.decode()
    assert "3 / 3" in page
    response = client.post(
        url,
        {
            "offering": offering.pk,
            "planned_start": TODAY,
            "planned_end": TODAY + dt.timedelta(days=30),
            "level": "C",
        },
    )
    assert response.status_code == 302
    assert ActivityParticipation.objects.get().level == "C"
    assert AuditEntry.objects.filter(action="participation.placed").count() == 1


def test_the_placement_page_keeps_what_was_typed_on_a_refusal(staff, provider):
    referral = enrolled(staff, 1)
    offering = offering_at(provider, code="work_training", capacity=1)
    place(enrolled(staff, 2), offering, staff.coach_sydost)
    response = client_for(staff.coach_sydost, language="en").post(
        reverse("providers:place", args=[referral.participant_id]),
        {
            "offering": offering.pk,
            "planned_start": TODAY,
            "planned_end": TODAY + dt.timedelta(days=30),
            "level": "A",
        },
    )
    assert response.status_code == 200
    assert "All 1 places are taken" in response.content.decode()
    assert ActivityParticipation.objects.count() == 1


@pytest.mark.parametrize(
    ("username", "status"),
    [("coach_jarva", 404), ("officer_farsta", 403), ("provider_staff", 404), ("analyst", 404)],
)
def test_the_placement_page_is_for_the_persons_jobbtorg(staff, username, status):
    referral = enrolled(staff, 1)
    url = reverse("providers:place", args=[referral.participant_id])
    assert client_for(getattr(staff, username)).get(url).status_code == status


# The week (R16)


def test_the_week_shows_sfi_mornings_and_placement_afternoons_and_flags_a_clash(staff):
    referral = active_case(staff)  # approved plan: 20 hours of job search a week
    monday = TODAY - dt.timedelta(days=TODAY.weekday())
    sfi_provider = Provider.objects.create(slug="sfi", name="SFI Skärholmen")
    morning = offering_at(sfi_provider, code="sfi", starts_at=dt.time(8), ends_at=dt.time(12))
    afternoon = offering_at(
        Provider.objects.create(slug="lager", name="Lager AB"),
        code="intro_placement",
        starts_at=dt.time(11),
        ends_at=dt.time(16),
        weekdays=(0, 2),
    )
    place(referral, morning, staff.coach_sydost, start=monday)
    place(referral, afternoon, staff.coach_sydost, start=monday)

    client = client_for(staff.coach_sydost, language="en")
    url = reverse("plans:week", args=[referral.participant_id])
    page = client.get(url, {"vecka": monday.strftime("%G-W%V")}).content.decode()
    assert "08:00–12:00" in page and "11:00–16:00" in page
    assert "Activities at the same time" in page
    assert AuditEntry.objects.filter(action="schedule.viewed").count() == 1


def test_a_week_below_the_planned_hours_is_flagged(staff):
    referral = active_case(staff)  # 20 planned hours
    monday = TODAY - dt.timedelta(days=TODAY.weekday())
    short = offering_at(
        Provider.objects.create(slug="kort", name="Kort AB"),
        starts_at=dt.time(9),
        ends_at=dt.time(10),
    )
    place(referral, short, staff.coach_sydost, start=monday)
    page = (
        client_for(staff.coach_sydost, language="en")
        .get(
            reverse("plans:week", args=[referral.participant_id]),
            {"vecka": monday.strftime("%G-W%V")},
        )
        .content.decode()
    )
    assert "Below the planned hours" in page


def test_the_printed_week_is_in_swedish_and_in_plain_swedish(staff, provider):
    referral = enrolled(staff, 1)
    place(referral, offering_at(provider), staff.coach_sydost)
    client = client_for(staff.coach_sydost, language="en")
    url = reverse("plans:week", args=[referral.participant_id])
    printed = client.get(url, {"utskrift": "1"}).content.decode()
    plain = client.get(url, {"utskrift": "1", "lattlast": "1"}).content.decode()
    assert 'lang="sv"' in printed and "Dina aktiviteter" in printed
    assert "Din vecka" in plain and "Ring din coach" in plain


@pytest.mark.parametrize("username", ["officer_farsta", "provider_staff", "analyst"])
def test_the_week_is_kept_by_the_persons_jobbtorg(staff, username):
    referral = enrolled(staff, 1)
    url = reverse("plans:week", args=[referral.participant_id])
    assert client_for(getattr(staff, username)).get(url).status_code in (403, 404)


@pytest.mark.parametrize(
    ("username", "shown"),
    [
        ("coach_sydost", True),
        ("matcher_sydost", True),
        ("manager_sydost", True),
        ("officer_farsta", False),
        ("provider_staff", False),
        ("analyst", False),
        ("administrator", False),
    ],
)
def test_our_offerings_is_in_the_menu_of_job_centre_staff_only(staff, username, shown):
    html = client_for(getattr(staff, username)).get(reverse("web:home")).content.decode()
    assert (f'href="{reverse("providers:offerings")}"' in html) is shown
    status = client_for(getattr(staff, username)).get(reverse("providers:offerings")).status_code
    assert status == (200 if shown else 403)


# A manager's correction on the participation page (feeds the next payment run)


def test_a_manager_retracts_a_result_on_the_page_and_it_is_audited(staff, provider):
    participation = place(enrolled(staff, 1), offering_at(provider), staff.coach_sydost)
    report(participation, staff.provider_staff, ProviderReportKind.START, TODAY)
    report(
        participation,
        staff.provider_staff,
        ProviderReportKind.RESULT,
        TODAY,
        result_kind="studies",
        details={"school": "Komvux"},
    )
    url = reverse("providers:participation", args=[participation.pk])
    client = client_for(staff.manager_sydost, language="en")
    assert "Correct the facts for payment" in client.get(url).content.decode()
    response = client.post(
        url,
        {"action": "correct", "correct-result_retracted": "on", "correct-note": "Fel person"},
    )
    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.result_kind == "" and participation.result_on is None
    assert AuditEntry.objects.filter(action="participation.corrected").count() == 1


def test_a_correction_without_a_reason_changes_nothing(staff, provider):
    participation = place(enrolled(staff, 1), offering_at(provider), staff.coach_sydost)
    url = reverse("providers:participation", args=[participation.pk])
    response = client_for(staff.manager_sydost, language="en").post(
        url, {"action": "correct", "correct-level": "C", "correct-note": ""}
    )
    assert response.status_code == 200
    assert "Say why the facts are corrected." in response.content.decode()
    participation.refresh_from_db()
    assert participation.level == "B"


@pytest.mark.parametrize("username", ["coach_sydost", "provider_staff"])
def test_only_a_manager_sees_and_uses_the_correction(staff, provider, username):
    participation = place(enrolled(staff, 1), offering_at(provider), staff.coach_sydost)
    url = reverse("providers:participation", args=[participation.pk])
    client = client_for(getattr(staff, username), language="en")
    assert "Correct the facts for payment" not in client.get(url).content.decode()
    response = client.post(url, {"action": "correct", "correct-level": "C", "correct-note": "x"})
    assert response.status_code == 403
    participation.refresh_from_db()
    assert participation.level == "B"


@pytest.mark.parametrize(
    ("earlier", "offered"),
    [
        ([], ["start", "never_started"]),
        ([ProviderReportKind.START], ["break_off", "completion", "result"]),
        ([ProviderReportKind.START, ProviderReportKind.COMPLETION], ["result"]),
        ([ProviderReportKind.NEVER_STARTED], []),
    ],
)
def test_the_page_offers_exactly_the_reports_the_status_allows(staff, provider, earlier, offered):
    participation = place(enrolled(staff, 1), offering_at(provider), staff.coach_sydost)
    for kind in earlier:
        report(participation, staff.provider_staff, kind, TODAY)
    html = (
        client_for(staff.provider_staff, "en")
        .get(reverse("providers:participation", args=[participation.pk]))
        .content.decode()
    )
    shown = [
        kind
        for kind in ["start", "never_started", "break_off", "completion", "result"]
        if f'name="kind" value="{kind}"' in html
    ]
    assert shown == offered
