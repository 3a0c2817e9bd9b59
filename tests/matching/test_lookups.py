"""The look-ups of occupations, skills and languages (type a few letters, pick a name from the
taxonomy): who may ask, what they answer, and the profile's fields that use them, which store
what they always stored and show names, never codes."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from jobbtorg.matching.education import education_level_name, education_levels
from jobbtorg.matching.models import MatchingProfile, RecruitmentFair
from tests.conftest import client_for
from tests.matching.scenario import NURSE_ASSISTANT, TODAY, person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def lookup(client, kind: str, typed: str, name: str = "q"):
    return client.get(reverse("matching:lookup", args=[kind]), {name: typed})


# Who may ask: the staff of a Jobbtorg who write the forms that use them (coach, matcher,
# manager); everyone else gets 404, as for anything outside their scope.
@pytest.mark.parametrize(
    ("username", "allowed"),
    [
        ("coach_sydost", True),
        ("matcher_sydost", True),
        ("manager_sydost", True),
        ("coach_jarva", True),
        ("officer_farsta", False),
        ("provider_staff", False),
        ("analyst", False),
        ("administrator", False),
    ],
)
@pytest.mark.parametrize("kind", ["yrke", "kompetens", "sprak"])
def test_who_may_look_up(staff, username, allowed, kind):
    response = lookup(client_for(getattr(staff, username)), kind, "sv")
    assert response.status_code == (200 if allowed else 404)


def test_a_participant_or_anyone_not_signed_in_as_staff_is_sent_to_sign_in(db):
    response = lookup(Client(), "yrke", "svets")
    assert response.status_code == 302
    assert "<option" not in response.content.decode()


def test_an_unknown_kind_is_404(staff):
    assert lookup(client_for(staff.coach_sydost), "ssyk", "5120").status_code == 404


@pytest.mark.parametrize(
    ("kind", "typed", "expected"),
    [
        ("yrke", "svetsare", "Svetsare"),
        ("yrke", "underskö hemtj", NURSE_ASSISTANT),
        ("sprak", "arab", "Arabiska"),
        ("kompetens", "java micro", "Java Micro Edition/JME"),
    ],
)
def test_a_few_letters_find_names_to_pick(staff, kind, typed, expected):
    # htmx sends the field under its own name: any name will do.
    html = lookup(client_for(staff.coach_sydost), kind, typed, name="find_x").content.decode()
    assert f'<option value="{expected}">' in html


@pytest.mark.parametrize("typed", ["", "s", "7212", "zzzzqqq"])
def test_too_little_or_a_code_finds_nothing(staff, typed):
    html = lookup(client_for(staff.coach_sydost), "yrke", typed).content.decode()
    assert "<option" not in html


def test_the_names_found_are_names_never_codes(staff):
    html = lookup(client_for(staff.coach_sydost), "yrke", "svets").content.decode()
    assert "7212" not in html and "rxrQ_Nyy_k6y" not in html


# The matching profile's look-ups


def profile_post(staff, referral, **fields):
    base = {
        "version": str(referral.matching_profile.version),
        "wanted_occupations": NURSE_ASSISTANT,
        "swedish_level": "intermediate",
        "extent": "any",
    }
    return client_for(staff.coach_sydost, "en").post(
        reverse("matching:profile", args=[referral.participant_id]), base | fields
    )


def test_a_name_picked_in_a_look_up_joins_its_list_and_nothing_is_saved_yet(staff):
    referral = person(staff)
    version = referral.matching_profile.version
    response = profile_post(
        staff, referral, action="add:wanted_occupations", find_wanted_occupation="svetsare"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{NURSE_ASSISTANT}\nSvetsare</textarea>" in html
    referral.matching_profile.refresh_from_db()
    assert referral.matching_profile.version == version


def test_an_experience_is_added_with_its_years(staff):
    referral = person(staff)
    response = profile_post(
        staff, referral, action="add:experience", find_experience="Svetsare", experience_years="3"
    )
    assert "Svetsare; 3</textarea>" in response.content.decode()


def test_a_name_not_in_the_taxonomy_is_refused_on_the_look_up_with_the_closest(staff):
    referral = person(staff)
    response = profile_post(staff, referral, action="add:skills", find_skill="Rymdpilotering")
    html = response.content.decode()
    assert 'href="#id_find_skill"' in html and "is not in the taxonomy" in html


def test_a_coach_of_another_jobbtorg_cannot_add(staff):
    referral = person(staff)
    response = client_for(staff.coach_jarva).post(
        reverse("matching:profile", args=[referral.participant_id]),
        {"action": "add:skills", "find_skill": "Java"},
    )
    assert response.status_code in (403, 404)


# The education level: SUN 2020, picked by name, stored as its code

# The detailed levels (2 and 3) are offered; the 7 broad ones head their groups.
SUN_TABLE = [("", True), ("33", True), ("204", True), ("3", False), ("99", False), ("abc", False)]


@pytest.mark.parametrize(("code", "accepted"), SUN_TABLE)
def test_the_education_level_is_a_code_of_sun_2020(staff, code, accepted):
    referral = person(staff)
    response = profile_post(staff, referral, action="save", education_level=code)
    profile = MatchingProfile.objects.get(referral=referral)
    if accepted:
        assert response.status_code == 302
        assert profile.education_level == code
    else:
        assert response.status_code == 200
        assert "Choose the education level from the list." in response.content.decode()
        assert profile.education_level == ""


def test_the_education_levels_are_offered_by_name(staff):
    referral = person(staff)
    html = (
        client_for(staff.coach_sydost)
        .get(reverse("matching:profile", args=[referral.participant_id]))
        .content.decode()
    )
    assert '<option value="33">Gymnasial utbildning, 3 år</option>' in html
    assert 'list="id_find_skill-choices"' in html
    assert len(education_levels()) == 71
    assert education_level_name("33") == "Gymnasial utbildning, 3 år"


# The recruitment fair: created for a day to come

FAIR_TABLE = [(0, True), (21, True), (-1, False), (-365, False)]


@pytest.mark.parametrize(("offset", "created"), FAIR_TABLE)
def test_a_fair_is_created_for_today_or_later(staff, offset, created):
    held_on = TODAY + dt.timedelta(days=offset)
    response = client_for(staff.matcher_sydost, "en").post(
        reverse("matching:fairs"),
        {
            "name": "Vårdmässan",
            "held_on": held_on.isoformat(),
            "place": "Älvsjömässan",
            "occupations": NURSE_ASSISTANT if created else "Rymdpilot",
        },
    )
    if created:
        assert response.status_code == 302
        assert RecruitmentFair.objects.get().held_on == held_on
    else:
        html = response.content.decode()
        # Both errors at once: the day and the occupation.
        assert "has passed: a fair is created before it is held" in html
        assert "not in the taxonomy" in html
        assert not RecruitmentFair.objects.exists()


def test_the_fair_service_refuses_a_past_day_too(staff):
    from jobbtorg.core.errors import ValidationFailed
    from jobbtorg.matching.models import Occupation
    from jobbtorg.matching.services.fairs import fair_create
    from tests.participants.scenarios import context

    with pytest.raises(ValidationFailed) as refused:
        fair_create(
            context(staff.matcher_sydost),
            name="Förra årets mässa",
            held_on=TODAY - dt.timedelta(days=365),
            place="Kista",
            occupations=[Occupation.objects.get(label_sv=NURSE_ASSISTANT)],
            employers=[],
        )
    assert "held_on" in refused.value.errors
    assert not RecruitmentFair.objects.exists()


def test_an_occupation_picked_for_a_fair_joins_its_list_and_no_fair_is_created(staff):
    response = client_for(staff.matcher_sydost, "en").post(
        reverse("matching:fairs"),
        {
            "action": "add:occupations",
            "name": "Vårdmässan",
            "held_on": TODAY.isoformat(),
            "place": "Älvsjömässan",
            "occupations": NURSE_ASSISTANT,
            "find_occupation": "Svetsare",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{NURSE_ASSISTANT}\nSvetsare</textarea>" in html
    assert 'list="id_find_occupation-choices"' in html
    assert not RecruitmentFair.objects.exists()


def test_the_profile_reports_every_error_at_once_and_saves_nothing(staff):
    referral = person(staff)
    version = referral.matching_profile.version
    response = profile_post(
        staff, referral, action="save", education_level="99", skills="Rymdpilotering"
    )
    html = response.content.decode()
    assert 'href="#id_education_level"' in html and 'href="#id_skills"' in html
    referral.matching_profile.refresh_from_db()
    assert referral.matching_profile.version == version


def test_a_name_left_in_a_look_up_is_kept_when_the_profile_is_saved(staff):
    referral = person(staff)
    response = profile_post(staff, referral, action="save", find_skill="Java Micro Edition/JME")
    assert response.status_code == 302
    profile = MatchingProfile.objects.get(referral=referral)
    assert [s.label_sv for s in profile.skills.all()] == ["Java Micro Edition/JME"]


def test_enter_in_any_field_saves_rather_than_adds(staff):
    referral = person(staff)
    html = (
        client_for(staff.coach_sydost)
        .get(reverse("matching:profile", args=[referral.participant_id]))
        .content.decode()
    )
    form = html[html.index('<form method="post" class="form narrow"') :]
    first_button = form[form.index("<button") : form.index("</button>")]
    assert 'value="save"' in first_button
