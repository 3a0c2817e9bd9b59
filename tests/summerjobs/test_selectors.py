"""The summer-job reads: every model that holds a person is scoped to the staff who handle
summer jobs, and the reads that show applicants write the read-audit themselves."""

import datetime as dt

import pytest
from django.test import Client

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.engines.summerjobs import model as summer_model
from jobbtorg.summerjobs import selectors
from jobbtorg.summerjobs.models import (
    Explanation,
    Offer,
    OfferStatus,
    SummerApplication,
    SummerWorkplace,
    VerifiedPriority,
)
from tests.audit_reads import objects_named
from tests.factories import district
from tests.summerjobs.conftest import (
    ROLES,
    SUMMER_STAFF,
    make_application,
    make_offer,
    make_run,
    make_season,
    make_workplace,
    pin_aged,
    years_before,
)
from tests.summerjobs.helpers import (
    report,
)


def context(user=None) -> AuditContext:
    return AuditContext.for_command("test", actor=user)


@pytest.fixture
def placed(summer, staff):
    application = make_application(summer)
    run = make_run(summer)
    offer = make_offer(run, application, summer.library, status="accepted")
    priority = VerifiedPriority.objects.create(
        application=application,
        ground=summer.grounds["disability"],
        verified_by=staff.matcher_sydost,
        note="Intyg",
    )
    Explanation.objects.create(run=run, application=application, details={})
    return application, offer, priority


SCOPES = [
    selectors.applications_visible_to,
    selectors.offers_visible_to,
    selectors.verified_priorities_visible_to,
    selectors.explanations_visible_to,
    selectors.workplaces_visible_to,
]


@pytest.mark.parametrize("scope", SCOPES, ids=lambda f: f.__name__)
@pytest.mark.parametrize("username", ROLES)
def test_only_matchers_and_managers_see_what_names_a_person(staff, placed, scope, username):
    rows = scope(getattr(staff, username))
    assert rows.exists() is (username in SUMMER_STAFF)


@pytest.mark.parametrize("username", ROLES)
def test_the_seasons_and_their_runs_are_read_by_staff_analysts_and_administrators(
    staff, placed, username
):
    readers = SUMMER_STAFF | {"analyst", "administrator"}
    user = getattr(staff, username)
    assert selectors.seasons_visible_to(user).exists() is (username in readers)
    assert selectors.allocation_runs_visible_to(user).exists() is (username in readers)


def test_a_page_of_the_list_is_audited_in_one_write(staff, summer):
    for n in range(3):
        make_application(summer, n=n + 1, first=f"Namn{n}")
    page = selectors.applications_page(
        staff.matcher_sydost,
        season=summer.season,
        context=context(staff.matcher_sydost),
        page_size=2,
    )
    # One entry for the page, naming each application on it.
    assert AuditEntry.objects.filter(action=AuditAction.SUMMER_APPLICATIONS_LISTED).count() == 1
    listed = objects_named(AuditAction.SUMMER_APPLICATIONS_LISTED)
    assert sorted(listed) == sorted(str(a.pk) for a in page.object_list)


def test_an_application_shown_to_staff_is_audited_as_viewed(staff, placed):
    application, offer, priority = placed
    shown = selectors.application_for_staff(
        staff.manager_sydost, application, context=context(staff.manager_sydost)
    )
    assert shown["offer"] == offer and shown["priorities"] == [priority]
    entry = AuditEntry.objects.get(action=AuditAction.SUMMER_APPLICATION_VIEWED)
    assert entry.object_id == str(application.pk) and entry.actor == staff.manager_sydost


def test_staff_outside_summer_jobs_get_a_404_for_an_application(staff, placed):
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.application_of(staff.administrator, placed[0].pk)
    assert not AuditEntry.objects.exists()


def test_the_applicants_own_page_is_audited_as_viewed(placed):
    application = placed[0]
    shown = selectors.application_for_applicant(application, context=context())
    assert shown["application"] == application
    assert AuditEntry.objects.get(action=AuditAction.SUMMER_APPLICATION_VIEWED).actor is None


def test_the_workplace_contact_sees_the_placed_and_it_is_audited(placed, summer):
    application = placed[0]
    (row,) = selectors.placed_at(summer.library, context())
    assert row.application == application and row.minor
    assert AuditEntry.objects.filter(action=AuditAction.SUMMER_APPLICATIONS_LISTED).count() == 1


def test_the_workplace_page_counts_minors_by_the_same_adult_age_as_the_form(summer, monkeypatch):
    """Before, the contact's page had its own literal 18."""
    nineteen = make_application(summer, years=19)
    make_offer(make_run(summer), nineteen, summer.library, status="accepted")
    (row,) = selectors.placed_at(summer.library, context())
    assert row.minor is False
    monkeypatch.setattr(summer_model, "ADULT_AGE", 20)
    (row,) = selectors.placed_at(summer.library, context())
    assert row.minor is True


@pytest.mark.parametrize(
    ("status", "steps"),
    [("draft", ["open"]), ("open", ["close"]), ("closed", ["finish"]), ("finished", [])],
)
def test_the_season_offers_only_the_steps_its_table_allows(summer, status, steps):
    summer.season.status = status
    assert selectors.season_actions(summer.season) == steps


def test_the_test_ages_hold_on_29_february(summer):
    """The helper that makes test applicants of an age raised on 29 February."""
    leap = dt.date(2028, 2, 29)
    assert years_before(leap, 17) == dt.date(2011, 2, 28)
    assert years_before(leap, 16) == dt.date(2012, 2, 29)
    assert years_before(leap, 17, days=40) == dt.date(2011, 1, 19)
    summer.season.reference_date = leap
    assert pin_aged(summer.season, 17)


def test_eligible_birth_dates_on_a_29_february_reference_date(summer):
    season = summer.season
    season.reference_date = dt.date(2028, 2, 29)
    season.min_age, season.max_age = 16, 19
    earliest, latest = selectors.birth_date_range(season)
    assert (earliest, latest) == (dt.date(2008, 3, 1), dt.date(2012, 2, 29))


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_more_choices_than_the_season_allows_are_refused(db):
    season = make_season(choices_count=1)
    from tests.summerjobs.conftest import make_workplace

    a = make_workplace(season, "Ett")
    b = make_workplace(season, "Två")
    from types import SimpleNamespace

    summer = SimpleNamespace(
        season=season, library=a, park=b, periods=list(season.periods.order_by("starts_on"))
    )
    # The form has one select; a second choice smuggled in as an extra field is ignored, so
    # the service is asked directly.
    from jobbtorg.core.audit.events import AuditContext
    from jobbtorg.core.audit.models import AuditChannel
    from jobbtorg.core.errors import ValidationFailed
    from jobbtorg.summerjobs.services import ApplicationData, application_submit

    data = ApplicationData(
        personal_identity_number=pin_aged(season, 17),
        first_name="Bo",
        last_name="Berg",
        phone="070",
        guardian_name="G",
        guardian_phone="1",
        home_district=district("farsta"),
        choices=[a, b],
        periods=summer.periods,
    )
    with pytest.raises(ValidationFailed) as refused:
        application_submit(season=season, data=data, context=AuditContext(None, AuditChannel.PAGE))
    assert "at most 1" in str(refused.value)
    assert SummerApplication.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_a_closed_window_refuses_the_service_too(summer):
    from jobbtorg.core.audit.events import AuditContext
    from jobbtorg.core.audit.models import AuditChannel
    from jobbtorg.core.errors import ValidationFailed
    from jobbtorg.summerjobs.services import ApplicationData, application_submit

    with pytest.raises(ValidationFailed, match="closed"):
        application_submit(
            season=summer.season,
            data=ApplicationData(personal_identity_number="", first_name="", last_name=""),
            context=AuditContext(None, AuditChannel.PAGE),
            today=summer.season.closes_on + dt.timedelta(days=1),
        )


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_answering_without_the_code_does_nothing(summer):
    application = make_application(summer, code="ABCDEFGHJK")
    offer = make_offer(make_run(summer), application, summer.library)
    response = Client().post(
        "/sommarjobb/min-ansokan/svar/", {"offer": offer.pk, "answer": "accept"}
    )
    assert response.status_code == 302
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.OFFERED


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_two_workplaces_with_the_same_name_get_different_ids(summer):
    report(Client(), summer)
    report(Client(), summer)
    codes = set(
        SummerWorkplace.objects.filter(name="Farsta bibliotek").values_list("code", flat=True)
    )
    assert len(codes) == 2


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_an_unknown_link_is_a_404(summer):
    assert Client().get("/sommarjobb/arbetsplats/not-a-real-token/").status_code == 404


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_a_workplace_without_a_link_cannot_be_opened_with_an_empty_token(summer):
    make_workplace(summer.season, "Utan länk")
    assert Client().get("/sommarjobb/arbetsplats/%20/").status_code == 404
