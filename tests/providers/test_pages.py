"""The provider portal's first page: provider staff see only the people placed with them,
with only what they need, and each look is logged."""

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.participants.models import EventKind
from jobbtorg.providers.models import (
    ActivityParticipation,
    AttendanceRegister,
    Provider,
    ProviderKind,
    ProviderReport,
    ProviderReportKind,
)
from jobbtorg.providers.selectors import participations_visible_to
from jobbtorg.providers.services.participations import (
    result_follow_up,
)
from tests.audit_reads import extract_of, in_extract, objects_named, people_named
from tests.conftest import client_for
from tests.factories import ProviderFactory, UserFactory
from tests.offering import offering_at, place, report
from tests.participants.scenarios import active_case, context, enrol, refer
from tests.providers.helpers import (
    HOSTED_PAGE,
    MONDAY,
    NEXT_MONDAY,
    QUERY,
    SATURDAY,
    TODAY,
    TUESDAY,
    URL,
    WEDNESDAY,
    csv_rows,
    enrolled,
    events,
    in_training,
    lov,
    page_url,
    register,
)

pytestmark = pytest.mark.django_db


def person_placed_at(staff, provider, n, **kwargs):
    case = enrol(
        refer(staff.officer_farsta, first_name=f"Namn{n}", last_name=f"Efternamn{n}"),
        staff.coach_sydost,
    )
    case.participant.phone = "070-111 22 33"
    case.participant.interpreter_language = "somaliska"
    case.participant.save()
    return place(case, offering_at(provider, place=f"Lokal {n}"), staff.coach_sydost, **kwargs)


@pytest.fixture
def providers(staff):
    ours = staff.provider_staff.provider
    theirs = Provider.objects.create(slug="theirs", name="Annan anordnare")
    return ours, theirs


def test_provider_staff_see_only_their_own_participants_with_only_what_they_need(staff, providers):
    ours, theirs = providers
    mine = person_placed_at(staff, ours, 1)
    person_placed_at(staff, theirs, 2)

    html = client_for(staff.provider_staff).get(reverse("web:home")).content.decode()

    assert "Namn1 Efternamn1" in html
    assert "Efternamn2" not in html  # another provider's
    assert "070-111 22 33" in html and "somaliska" in html
    assert "09:00–12:00" in html  # the schedule
    assert mine.referral.participant.personal_identity_number_display not in html
    listed = people_named("participant.listed", actor=staff.provider_staff)
    assert listed == [mine.referral.participant_id]
    assert in_extract(
        mine.referral.participant_id, "participant.listed", staff.provider_staff.username
    )


def test_another_providers_staff_see_none_of_them(staff, providers):
    ours, _ = providers
    person_placed_at(staff, ours, 4)
    other = UserFactory(
        username="other-provider-staff",
        role="provider_staff",
        provider=Provider.objects.get(slug="theirs"),
    )
    assert not participations_visible_to(other).exists()


def test_a_closed_case_leaves_the_portal(staff, providers):
    ours, _ = providers
    participation = person_placed_at(staff, ours, 7)
    participation.referral.stage = "exited"
    participation.referral.save()
    assert not participations_visible_to(staff.provider_staff).exists()


def test_an_ended_activity_stays_in_the_portal_for_reporting_a_result(staff, providers):
    ours, _ = providers
    participation = person_placed_at(staff, ours, 8)
    today = participation.planned_start
    report(participation, staff.provider_staff, ProviderReportKind.START, today)
    report(participation, staff.provider_staff, ProviderReportKind.COMPLETION, today)
    assert participations_visible_to(staff.provider_staff).get() == participation


def test_provider_staff_still_cannot_open_the_case_pages(staff, providers):
    ours, _ = providers
    participation = person_placed_at(staff, ours, 5)
    person = participation.referral.participant_id
    client = client_for(staff.provider_staff)
    assert client.get(reverse("web:participant", args=[person])).status_code == 404
    assert client.get(reverse("participants:assessment", args=[person])).status_code in (403, 404)
    assert client.get(reverse("plans:week", args=[person])).status_code == 404


@pytest.mark.parametrize("username", ["officer_skarpnack", "analyst", "administrator"])
def test_the_participations_are_out_of_scope_for_other_roles(staff, providers, username):
    ours, _ = providers
    person_placed_at(staff, ours, 6)
    assert not participations_visible_to(getattr(staff, username)).exists()


def test_procured_kind_does_not_change_the_scope(staff):
    procured = Provider.objects.create(slug="acme", name="Acme AB", kind=ProviderKind.PROCURED)
    staff.provider_staff.provider = procured
    staff.provider_staff.save()
    person_placed_at(staff, procured, 9)
    assert participations_visible_to(staff.provider_staff).count() == 1


def test_provider_staff_see_the_day_and_the_missing_registers(staff, on_day):
    participation = in_training(staff, first_name="Amira", last_name="Hassan")
    on_day(WEDNESDAY)
    client = client_for(staff.provider_staff, "en")
    page = client.get(page_url(TUESDAY)).content.decode()
    assert "Amira Hassan" in page
    assert f'name="status-{participation.pk}"' in page
    assert "Missing registers" in page and f"?dag={MONDAY.isoformat()}" in page
    assert participation.referral.participant_id in people_named(AuditAction.ATTENDANCE_VIEWED)
    assert str(participation.pk) in objects_named(AuditAction.ATTENDANCE_VIEWED)
    # The person's loggutdrag shows the look, naming their participation on the list.
    seen = extract_of(participation.referral.participant_id)
    assert (AuditAction.ATTENDANCE_VIEWED, "provider-staff", str(participation.pk)) in seen
    # The default day is today; the provider's home page flags the missing days at the top.
    assert WEDNESDAY.isoformat() in client.get(page_url()).content.decode()
    home = client.get(reverse("web:home")).content.decode()
    assert "Missing attendance registers" in home and MONDAY.isoformat() in home


def test_the_coach_sees_the_flag_on_min_dag(staff, on_day):
    in_training(staff, first_name="Amira", last_name="Hassan")
    on_day(WEDNESDAY)
    home = client_for(staff.coach_sydost, "en").get(reverse("web:home")).content.decode()
    assert "Missing attendance registers" in home
    assert TUESDAY.isoformat() in home and "Amira Hassan" in home
    other = client_for(staff.coach_jarva, "en").get(reverse("web:home")).content.decode()
    assert "Amira Hassan" not in other


def test_the_coachs_backlog_is_one_row_per_person_with_a_count_not_a_wall_of_dates(staff, on_day):
    amira = in_training(staff, first_name="Amira", last_name="Hassan")
    bo = in_training(staff, first_name="Bo", last_name="Berg")
    register(staff.provider_staff, bo, MONDAY, "present")
    on_day(NEXT_MONDAY + dt.timedelta(days=2))  # two weeks in, nothing registered for Amira
    home = client_for(staff.coach_sydost, "en").get(reverse("web:home")).content.decode()
    section = home[
        home.index('id="attendance-missing-title"') : home.index(
            "</section>", home.index('id="attendance-missing-title"')
        )
    ]
    # Amira: Monday to next Tuesday, 7 working days; Bo: 6. The most missing first.
    assert "Registers missing in your caseload: 13. People: 2." in section
    rows = re.findall(r"<tr>\s*<th scope=\"row\"[^>]*><a href=\"([^\"]+)\">([^<]+)</a>", section)
    assert rows == [
        (reverse("web:participant", args=[amira.referral.participant_id]), "Amira Hassan"),
        (reverse("web:participant", args=[bo.referral.participant_id]), "Bo Berg"),
    ]
    assert f"{MONDAY.isoformat()} – {(NEXT_MONDAY + dt.timedelta(days=1)).isoformat()}" in section
    # One link per person to register, not one per day.
    assert section.count("Register the attendance") == 2
    assert f"{reverse('providers:participation', args=[amira.pk])}#attendance-title" in section
    assert "?dag=" not in section


def test_one_post_saves_the_whole_day(staff, on_day):
    first = in_training(staff)
    second = in_training(staff, first_name="Bo", last_name="Berg")
    on_day(TUESDAY)
    response = client_for(staff.provider_staff, "en").post(
        page_url(MONDAY),
        {f"status-{first.pk}": "present", f"status-{second.pk}": "absent_invalid"},
    )
    assert response.status_code == 302
    assert AttendanceRegister.objects.count() == 2
    assert len(events(EventKind.ABSENCE)) == 1


def test_a_refused_row_saves_nothing_and_keeps_what_was_typed(staff, on_day):
    first = in_training(staff)
    second = in_training(staff, first_name="Bo", last_name="Berg")
    on_day(TUESDAY)
    response = client_for(staff.provider_staff, "en").post(
        page_url(MONDAY),
        {f"status-{first.pk}": "present", f"status-{second.pk}": "absent_valid"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved" in page and "Choose the reason" in page
    assert f'id="status-{first.pk}-present" name="status-{first.pk}" value="present" checked' in (
        page
    )
    assert not AttendanceRegister.objects.exists()


def test_a_row_of_someone_not_theirs_is_404(staff, on_day):
    participation = in_training(staff)
    on_day(TUESDAY)
    stranger = UserFactory(
        username="other-provider", provider_staff=True, provider=ProviderFactory()
    )
    client = client_for(stranger, "en")
    page = client.get(page_url(MONDAY)).content.decode()
    assert participation.referral.participant.full_name not in page
    response = client.post(page_url(MONDAY), {f"status-{participation.pk}": "present"})
    assert response.status_code == 404
    assert not AttendanceRegister.objects.exists()


@pytest.mark.parametrize("who", ["coach_sydost", "officer_farsta", "analyst", "administrator"])
def test_the_page_is_for_provider_staff_only(staff, who):
    response = client_for(getattr(staff, who), "en").get(page_url())
    assert response.status_code == 403


def test_the_page_says_when_the_day_is_not_a_date(staff):
    page = client_for(staff.provider_staff, "en").get(f"{page_url()}?dag=igår")
    assert "is not a date" in page.content.decode()


def test_a_row_for_a_day_not_expected_is_refused_with_the_reason(staff, on_day):
    participation = in_training(staff, first_name="Amira", last_name="Hassan")
    on_day(NEXT_MONDAY)
    response = client_for(staff.provider_staff, "en").post(
        page_url(SATURDAY), {f"status-{participation.pk}": "present"}
    )
    page = response.content.decode()
    assert "Amira Hassan: No attendance is expected on" in page
    assert not AttendanceRegister.objects.exists()


def test_by_provider_on_the_same_yardstick(staff, yardstick):
    response = client_for(staff.analyst, "en").get("/jamforelse/" + QUERY + "&by=provider")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Stockholm Matchning" in text and "Stöd AB" in text and "Lilla AB" in text
    rows = {
        row[0]: row
        for row in csv_rows(
            client_for(staff.analyst, "en").get("/jamforelse/export.csv" + QUERY + "&by=provider")
        )
    }
    # Own operation: 5 started, 2 completed, 1 into studies; 1 month × 1000 each.
    assert rows["Stockholm Matchning"][2:] == ["5", "2", "0", "1", "5000.00", "1000.00", "–"]
    # Procured: only the approved run's lines count.
    assert rows["Stöd AB"][2:] == ["6", "3", "0", "0", "12000.00", "2000.00", "–"]
    assert rows["Lilla AB"][2:] == ["fewer than 5"] * 7
    # The total counts only the groups shown.
    assert rows["All groups shown"][2:5] == ["11", "5", "0"]


def test_costs_are_written_the_swedish_way_on_the_page_and_plainly_in_the_export(staff, yardstick):
    html = client_for(staff.analyst).get("/jamforelse/" + QUERY + "&by=provider").content.decode()
    assert "12\xa0000,00" in html and "2\xa0000,00" in html
    assert "12000.00" not in html and "12000,00" not in html
    export = client_for(staff.analyst).get("/jamforelse/export.csv" + QUERY + "&by=provider")
    assert "12000.00" in export.content.decode("utf-8-sig")


def test_by_activity_type_puts_own_and_procured_side_by_side(staff, yardstick):
    rows = csv_rows(
        client_for(staff.manager_sydost, "en").get(
            "/jamforelse/export.csv" + QUERY + "&by=activity_type"
        )
    )
    assert rows[0][:3] == ["Activity type", "Kind of provider", "Participants started"]
    kinds = {row[1]: row[2] for row in rows[1:] if row[0] != "All groups shown"}
    assert kinds == {"The city's own operation": "5", "Procured provider (LOU)": "9"}


def test_the_xlsx_export_has_the_same_table_and_masking(staff, yardstick):
    response = client_for(staff.administrator, "en").get(
        "/jamforelse/export.xlsx" + QUERY + "&by=provider"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    assert rows["Lilla AB"][2:] == ("fewer than 5",) * 7
    assert rows["Stöd AB"][2] == 6


def test_no_names_anywhere_and_no_person_logged(staff, yardstick):
    before = AuditEntry.objects.count()
    client = client_for(staff.analyst, "en")
    for path in ("/jamforelse/", "/jamforelse/export.csv"):
        content = client.get(path + QUERY + "&by=provider").content.decode("utf-8-sig")
        assert "Hemligsson" not in content and "Egen0" not in content
    # Aggregates name nobody: nothing about a person to log.
    assert AuditEntry.objects.count() == before


def test_the_small_group_is_masked_on_the_page(staff, yardstick):
    text = (
        client_for(staff.analyst, "en")
        .get("/jamforelse/" + QUERY + "&by=provider")
        .content.decode()
    )
    assert "fewer than 5" in text
    assert "1 group has fewer than 5 people" in text


def test_the_default_is_the_last_12_months_by_provider(staff, yardstick):
    response = client_for(staff.analyst, "en").get("/jamforelse/")
    text = response.content.decode()
    assert f'value="{TODAY.isoformat()}"' in text
    assert f'value="{TODAY.replace(year=TODAY.year - 1) + dt.timedelta(days=1)}"' in text
    assert "Stöd AB" in text


def test_a_period_before_the_starts_shows_nothing(staff, yardstick):
    response = client_for(staff.analyst, "en").get(
        "/jamforelse/?start=2020-01-01&end=2020-12-31&by=provider"
    )
    assert "No participation started in the period" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "start=2026-05-01&end=2026-04-01&by=provider",
            "The end of the period is before its start.",
        ),
        ("start=2026-02-30&end=2026-04-01&by=provider", "Write the date as YYYY-MM-DD"),
        ("start=&end=2026-04-01&by=provider", "Give the first day of the period."),
        ("start=2026-01-01&end=2026-04-01&by=person", "Choose how to compare."),
        ("start=2000-01-01&end=2026-04-01&by=provider", "at most ten years"),
    ],
)
def test_bad_input_gives_a_clear_message(staff, query, message):
    client = client_for(staff.analyst, "en")
    response = client.get("/jamforelse/?" + query)
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text and "<table" not in text
    for export in ("export.csv", "export.xlsx"):
        refused = client.get(f"/jamforelse/{export}?" + query)
        assert refused.status_code == 400
        assert message in refused.content.decode()


@pytest.mark.parametrize("who", ["manager_sydost", "manager_jarva", "analyst", "administrator"])
def test_managers_analysts_and_administrators_may_compare(staff, who):
    client = client_for(getattr(staff, who))
    for path in ("/jamforelse/", "/jamforelse/export.csv", "/jamforelse/export.xlsx"):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    "who", ["coach_sydost", "matcher_sydost", "coach_jarva", "officer_farsta", "provider_staff"]
)
def test_everyone_else_is_refused(staff, who):
    client = client_for(getattr(staff, who))
    for path in ("/jamforelse/", "/jamforelse/export.csv", "/jamforelse/export.xlsx"):
        assert client.get(path).status_code == 403


def test_a_period_without_a_grouping_is_by_provider(staff, yardstick):
    response = client_for(staff.analyst, "en").get("/jamforelse/export.csv" + QUERY)
    assert csv_rows(response)[0][:2] == ["Provider", "Kind of provider"]


def test_the_exports_cannot_carry_formulas(staff, yardstick):
    formula = '=HYPERLINK("http://x.example","Klicka")'
    Provider.objects.filter(name="Stöd AB").update(name=formula)
    client = client_for(staff.analyst, "en")
    rows = {
        row[0]: row
        for row in csv_rows(client.get("/jamforelse/export.csv" + QUERY + "&by=provider"))
    }
    assert "'" + formula in rows and formula not in rows
    assert rows["'" + formula][2] == "6"
    response = client.get("/jamforelse/export.xlsx" + QUERY + "&by=provider")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = {row[0].value: row for row in sheet.iter_rows()}
    assert cells["'" + formula][0].data_type == "s"
    assert cells["'" + formula][2].value == 6


@pytest.mark.usefixtures("english")
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


@pytest.mark.usefixtures("english")
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


@pytest.mark.usefixtures("english")
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


@pytest.mark.usefixtures("english")
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


@pytest.mark.usefixtures("english")
def test_a_type_outside_the_choice_system_in_the_address_is_told(staff):
    case = active_case(staff)
    response = client_for(staff.coach_sydost, "en").get(
        URL.format(case.participant_id) + "?aktivitet=work_training"
    )
    assert "not run in the choice system" in response.content.decode()


@pytest.mark.usefixtures("english")
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


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("who", ["coach_sydost", "matcher_sydost", "manager_sydost"])
def test_staff_at_the_persons_jobbtorg_open_the_page(staff, who):
    lov("alfa")
    case = active_case(staff)
    assert client_for(getattr(staff, who)).get(URL.format(case.participant_id)).status_code == 200


@pytest.mark.usefixtures("english")
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


@pytest.mark.usefixtures("english")
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


@pytest.mark.usefixtures("english")
def test_offerings_of_another_jobbtorg_are_not_listed_as_ours(staff, provider):
    offering = offering_at(provider, made_at="jarva")
    client = client_for(staff.coach_sydost)
    assert client.get(reverse("providers:offering", args=[offering.pk])).status_code == 404
    assert "Farsta centrum" not in client.get(reverse("providers:offerings")).content.decode()


@pytest.mark.usefixtures("english")
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


@pytest.mark.usefixtures("english")
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


@pytest.mark.usefixtures("english")
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


@pytest.mark.usefixtures("english")
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


@pytest.mark.usefixtures("english")
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


@pytest.mark.usefixtures("english")
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


@pytest.mark.usefixtures("english")
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


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("username", "status"),
    [("coach_jarva", 404), ("officer_farsta", 403), ("provider_staff", 404), ("analyst", 404)],
)
def test_the_placement_page_is_for_the_persons_jobbtorg(staff, username, status):
    referral = enrolled(staff, 1)
    url = reverse("providers:place", args=[referral.participant_id])
    assert client_for(getattr(staff, username)).get(url).status_code == status


@pytest.mark.usefixtures("english")
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


@pytest.mark.usefixtures("english")
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


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("asked", ["0001-W01", "9999-W52", "2026-W99", "2026-W5", "vecka 50"])
def test_a_week_that_cannot_be_read_or_is_far_off_shows_this_week(staff, asked):
    referral = enrolled(staff, 1)
    url = reverse("plans:week", args=[referral.participant_id])
    page = client_for(staff.coach_sydost, language="en").get(url, {"vecka": asked})
    assert page.status_code == 200
    this = timezone.localdate().isocalendar()
    assert f"W{this.week:02d}" in page.content.decode()


@pytest.mark.usefixtures("english")
def test_the_printed_week_is_in_swedish_and_in_plain_swedish(staff, provider):
    referral = enrolled(staff, 1)
    place(referral, offering_at(provider), staff.coach_sydost)
    client = client_for(staff.coach_sydost, language="en")
    url = reverse("plans:week", args=[referral.participant_id])
    printed = client.get(url, {"utskrift": "1"}).content.decode()
    plain = client.get(url, {"utskrift": "1", "lattlast": "1"}).content.decode()
    assert 'lang="sv"' in printed and "Dina aktiviteter" in printed
    assert "Din vecka" in plain and "Ring din coach" in plain


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("username", ["officer_farsta", "provider_staff", "analyst"])
def test_the_week_is_kept_by_the_persons_jobbtorg(staff, username):
    referral = enrolled(staff, 1)
    url = reverse("plans:week", args=[referral.participant_id])
    assert client_for(getattr(staff, username)).get(url).status_code in (403, 404)


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("username", "shown"),
    [
        ("coach_sydost", True),
        ("matcher_sydost", True),
        ("manager_sydost", True),
        ("officer_farsta", False),
        ("provider_staff", True),  # their provider's offerings
        ("analyst", False),
        ("administrator", False),
    ],
)
def test_our_offerings_is_in_the_menu_of_job_centre_and_provider_staff_only(staff, username, shown):
    html = client_for(getattr(staff, username)).get(reverse("web:home")).content.decode()
    assert (f'href="{reverse("providers:offerings")}"' in html) is shown
    status = client_for(getattr(staff, username)).get(reverse("providers:offerings")).status_code
    assert status == (200 if shown else 403)


@pytest.mark.usefixtures("english")
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


@pytest.mark.usefixtures("english")
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


@pytest.mark.usefixtures("english")
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


@pytest.mark.usefixtures("english")
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
