"""Every date and code typed on the path is checked by the service, on the page and in the API
alike: a validation table per field, every error of a form at once, nothing saved, and the
messages name the choices in words, never the internal codes."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jobbtorg.participants.models import Exit, FirstMeeting, Stage
from jobbtorg.plans.models import PlanActivity, PlanVersion
from tests.conftest import api_client_for, client_for
from tests.participants.scenarios import active_case, activity, enrol, formset_post, refer

pytestmark = pytest.mark.usefixtures("english")

TODAY = timezone.localdate()


def api_post(user, path, body):
    return api_client_for(user).post(f"/api/v1{path}", body, content_type="application/json")


def error_summary(response) -> str:
    """The text of the page's error summary, as a person reads it."""
    html = response.content.decode()
    start = html.index('class="error-summary"')
    return html[start : html.index("</div>", start)]


def days(n: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


# The first meeting: its date and the registration with Arbetsförmedlingen (R8)

MEETING = {
    "outcome": "held",
    "held_on": days(0),
    "coach": "coach-sydost",
    "duties_explained": "on",
    "af_registration": "registered",
}

# (what is typed, the field refused, a part of its message); None: accepted
MEETING_TABLE = [
    ({}, None, None),
    ({"af_registration_on": days(-400)}, None, None),
    ({"af_registration_on": days(0)}, None, None),
    ({"af_registration_on": days(14)}, "af_registration_on", "is after today"),
    ({"af_registration_on": days(1)}, "af_registration_on", "is after today"),
    (
        {"af_registration": "not_applicable", "af_registration_on": days(-3)},
        "af_registration_on",
        "only when the person is registered",
    ),
    ({"af_registration": ""}, "af_registration", "already registered, registered today"),
    ({"held_on": days(1)}, "held_on", "record it when it has happened"),
]


@pytest.mark.parametrize(("typed", "field", "message"), MEETING_TABLE)
def test_the_first_meeting_page(staff, typed, field, message):
    referral = refer(staff.officer_farsta)
    response = client_for(staff.coach_sydost, "en").post(
        reverse("participants:first_meeting", args=[referral.participant_id]),
        MEETING | typed,
    )
    referral.refresh_from_db()
    if field is None:
        assert response.status_code == 302
        assert referral.stage == Stage.ENROLLED
        return
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="#id_{field}"' in html and message in html
    assert not FirstMeeting.objects.exists() and referral.stage == Stage.REFERRED


@pytest.mark.parametrize(("typed", "field", "message"), MEETING_TABLE)
def test_the_first_meeting_in_the_api(staff, typed, field, message):
    referral = refer(staff.officer_farsta)
    body = {
        **{k: v for k, v in (MEETING | typed).items() if k != "duties_explained"},
        "duties_explained": True,
    }
    if not body.get("af_registration_on"):
        body.pop("af_registration_on", None)
    response = api_post(
        staff.coach_sydost, f"/participants/{referral.participant_id}/first-meeting", body
    )
    referral.refresh_from_db()
    if field is None:
        assert response.status_code == 200, response.content
        return
    assert response.status_code == 422
    # The API answers in Swedish; the field is named and no code is listed.
    said = " ".join(response.json()["errors"][field])
    assert "registered_today" not in said and "not_applicable" not in said
    assert not FirstMeeting.objects.exists() and referral.stage == Stage.REFERRED


def test_the_registration_day_seen_in_the_future_is_refused_in_swedish(staff):
    referral = refer(staff.officer_farsta)
    response = client_for(staff.coach_sydost).post(
        reverse("participants:first_meeting", args=[referral.participant_id]),
        MEETING | {"af_registration_on": days(14), "duties_explained": ""},
    )
    summary = error_summary(response)
    # Both errors at once, in Swedish, naming the field.
    assert "Dagen för inskrivningen hos Arbetsförmedlingen" in summary
    assert "Förklara rättigheter" in summary
    assert "registered_today" not in summary and "not_applicable" not in summary
    assert not FirstMeeting.objects.exists()


# The exit's occupation (R19): only from the taxonomy, picked by name

JOB = {
    "reason": "work",
    "employment_form": "permanent",
    "extent": "full",
    "wage_subsidy": "no",
    "employer": "Bageriet AB",
}

# (what is typed, the code stored); None: refused on the occupation
EXIT_TABLE = [
    ("", ""),
    ("7612", "7612"),
    ("abc", None),
    ("9999", None),
    ("Bagare/Konditor", "7612"),
    ("bagare/konditor", "7612"),
    ("Bagare och konditorer", "7612"),
    ("Bagare och", None),
]


@pytest.mark.parametrize(("typed", "stored"), EXIT_TABLE)
def test_the_exit_page_takes_the_occupation_by_name(staff, typed, stored):
    referral = active_case(staff)
    response = client_for(staff.coach_sydost, "en").post(
        reverse("web:participant_exit", args=[referral.participant_id]),
        {"date": days(0), **JOB, "occupation_ssyk": typed},
    )
    if stored is None:
        html = response.content.decode()
        assert response.status_code == 200
        assert 'href="#id_occupation_ssyk"' in html
        assert "is not an occupation in Arbetsförmedlingen" in html
        assert f'value="{typed}"' in html
        assert not Exit.objects.exists()
    else:
        assert response.status_code == 302
        assert Exit.objects.get().occupation_ssyk == stored


@pytest.mark.parametrize(("typed", "stored"), [("7612", "7612"), ("abc", None), ("", "")])
def test_the_exit_in_the_api_takes_only_codes_of_the_taxonomy(staff, typed, stored):
    referral = active_case(staff)
    response = api_post(
        staff.coach_sydost,
        f"/participants/{referral.participant_id}/exit",
        {
            "date": days(0),
            "reason": "work",
            "employment": {
                "form": "permanent",
                "extent": "full",
                "wage_subsidy": False,
                "occupation_ssyk": typed,
            },
        },
    )
    if stored is None:
        assert response.status_code == 422
        said = response.json()["errors"]["employment.occupation_ssyk"][0]
        assert "”abc” är inget yrke" in said
        assert not Exit.objects.exists()
    else:
        assert response.status_code == 200, response.content
        assert Exit.objects.get().occupation_ssyk == stored


def test_the_exit_page_reports_every_error_at_once_without_codes(staff):
    referral = active_case(staff)
    response = client_for(staff.coach_sydost).post(
        reverse("web:participant_exit", args=[referral.participant_id]),
        {"date": days(3), "reason": "work", "occupation_ssyk": "abc"},
    )
    summary = error_summary(response)
    for field in ("date", "employment_form", "extent", "wage_subsidy", "occupation_ssyk"):
        assert f'href="#id_{field}"' in summary, field
    for code in ("municipal_measure", "permanent", "temporary", "full, part"):
        assert code not in summary
    assert not Exit.objects.exists()


def test_the_exit_page_offers_the_occupation_look_up_and_names_codes(staff):
    from jobbtorg.matching.lookups import ssyk_name

    assert ssyk_name("7612") == "Bagare och konditorer"
    referral = active_case(staff)
    html = (
        client_for(staff.coach_sydost, "en")
        .get(reverse("web:participant_exit", args=[referral.participant_id]))
        .content.decode()
    )
    assert 'list="id_occupation_ssyk-choices"' in html
    assert 'hx-get="/matchning/uppslag/yrke/"' in html
    assert ssyk_name("abc") == "abc"


# The plan's activities (R10, R12, R13): inside the plan, after the person came


def test_the_plan_page_reports_every_error_of_every_row_at_once(staff):
    referral = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    early = activity(start=timezone.localdate() - dt.timedelta(days=30), goal="")
    placement = activity(type="placement", provider="", end="2026-13-45", hours_per_week="")
    response = client_for(staff.coach_sydost, "en").post(
        reverse("plans:create", args=[referral.participant_id]),
        formset_post([early, placement]),
    )
    html = response.content.decode()
    assert response.status_code == 200
    for row, field in [
        (0, "start"),
        (0, "goal"),
        (1, "provider"),
        (1, "end"),
        (1, "hours_per_week"),
    ]:
        assert f'href="#id_activities-{row}-{field}"' in html, (row, field)
    assert "before the person came to the Jobbtorg" in html
    assert "Write the date as YYYY-MM-DD" in html
    assert not PlanVersion.objects.exists()


# (activity type, provider typed, stored provider name); None: refused on the provider
PROVIDER_TABLE = [
    ("job_search", "", "Jobbtorg Sydost"),
    ("job_search", "Jobbtorget", "Jobbtorg Sydost"),
    ("coaching", "jobbtorg sydost", "Jobbtorg Sydost"),
    ("placement", "", None),
    ("placement", "Jobbtorget", None),
    ("placement", "Bageriet AB", "Bageriet AB"),
]


@pytest.mark.parametrize(("type_code", "provider", "stored"), PROVIDER_TABLE)
def test_the_jobbtorg_is_the_provider_of_what_it_runs_itself(staff, type_code, provider, stored):
    referral = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    response = client_for(staff.coach_sydost, "en").post(
        reverse("plans:create", args=[referral.participant_id]),
        formset_post([activity(type=type_code, provider=provider)]),
    )
    if stored is None:
        assert response.status_code == 200
        assert 'href="#id_activities-0-provider"' in response.content.decode()
        assert not PlanVersion.objects.exists()
    else:
        assert response.status_code == 302
        assert PlanActivity.objects.get().provider_label == stored


def test_the_plan_form_offers_the_jobbtorg_among_the_providers(staff):
    referral = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    html = (
        client_for(staff.coach_sydost, "en")
        .get(reverse("plans:create", args=[referral.participant_id]))
        .content.decode()
    )
    assert '<datalist id="providers"><option value="Jobbtorg Sydost">' in html


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start": (TODAY - dt.timedelta(days=31)).isoformat()}, "activities.1.start"),
        ({"type": "placement", "provider": ""}, "activities.1.provider"),
        ({"end": (TODAY + dt.timedelta(days=200)).isoformat()}, "activities.1.end"),
        ({"type": "sfi", "provider": "Jobbtorget"}, "activities.1.provider"),
    ],
)
def test_the_plan_api_applies_the_same_rule(staff, changes, field):
    referral = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    body = activity(**changes)
    body = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in body.items()}
    response = api_post(
        staff.coach_sydost,
        f"/participants/{referral.participant_id}/plans",
        {"activities": [body]},
    )
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not PlanVersion.objects.exists()


def test_the_plan_api_takes_the_jobbtorg_as_provider_when_none_is_given(staff):
    referral = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    body = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in activity().items()}
    del body["provider"]
    response = api_post(
        staff.coach_sydost,
        f"/participants/{referral.participant_id}/plans",
        {"activities": [body]},
    )
    assert response.status_code == 201, response.content
    assert response.json()["activities"][0]["provider"] == "Jobbtorg Sydost"
