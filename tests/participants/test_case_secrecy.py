"""A referral never opens another unit's case file (per-case scoping), the move to another
district is confirmed and told to the former district, and no answer tells an officer that a
person is known at another unit (no existence oracle)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.core.errors import ValidationFailed
from jobbtorg.participants.models import (
    CaseSharingConsent,
    DistrictEvent,
    EventKind,
    HomeDistrictChange,
    Participant,
    Referral,
)
from jobbtorg.participants.selectors import referrals_visible_to
from jobbtorg.participants.services.exits import exit_record
from jobbtorg.participants.services.referrals import referral_create
from jobbtorg.participants.services.sharing import (
    case_sharing_consent_record,
    case_sharing_consent_withdraw,
)
from tests.conftest import api_client_for, client_for
from tests.participants.scenarios import activity, approve, context, enrol, new_number, write_plan

pytestmark = pytest.mark.usefixtures("english")

EARLIER_SECRETS = ["0701112233", "hemlig@example.se", "Rinkebystråket 1", "tigrinja"]
EARLIER_CASE_CONTENTS = ["HEMLIGT-MAL", "HEMLIGT-AVSLUT"]
NEW_CONTACT = "0709998877"
NEUTRAL = "The person cannot be referred now. Contact the Jobbtorg."
# The API answers in Swedish (the pages in the tests in English).
NEUTRAL_SV = "Personen kan inte remitteras nu. Kontakta Jobbtorget."


def _refer(officer, number, **kwargs):
    return referral_create(
        actor=officer,
        audit_context=context(officer),
        personal_identity_number=number,
        first_name="Hemlig",
        last_name="Person",
        district=officer.district,
        target_group="unemployed_assistance",
        basis="Försörjningsstöd.",
        consent_given=True,
        **kwargs,
    )


@pytest.fixture
def earlier(staff):
    """A person of Rinkeby-Kista with a closed case at Järva: contact details, plan and exit."""
    number = new_number()
    case = _refer(
        staff.officer_rinkeby,
        number,
        confirm_move=True,
        phone="0701112233",
        email="hemlig@example.se",
        address="Rinkebystråket 1",
        interpreter_language="tigrinja",
    )
    enrol(case, staff.coach_jarva)
    plan = approve(
        write_plan(case, staff.coach_jarva, [activity(goal="HEMLIGT-MAL")]), staff.officer_rinkeby
    )
    exit_record(
        actor=staff.coach_jarva,
        audit_context=context(staff.coach_jarva),
        referral=case,
        date=timezone.localdate(),
        reason="other",
        reason_text="HEMLIGT-AVSLUT",
    )
    case.refresh_from_db()
    return case, plan


@pytest.fixture
def moved(staff, earlier):
    """Farsta refers the same person, who now lives in Farsta."""
    case, _plan = earlier
    return _refer(
        staff.officer_farsta,
        case.participant.personal_identity_number,
        confirm_move=True,
        moved_to_district_on=timezone.localdate() - dt.timedelta(days=10),
        phone=NEW_CONTACT,
    )


# Who holds which case: the earlier one is Järva's and Rinkeby-Kista's, the new one Sydost's and
# Farsta's. Nobody else sees either; the person's identity is seen by both units.
HOLDERS = [
    ("officer_farsta", "new"),
    ("coach_sydost", "new"),
    ("manager_sydost", "new"),
    ("matcher_sydost", "new"),
    ("officer_rinkeby", "earlier"),
    ("coach_jarva", "earlier"),
    ("manager_jarva", "earlier"),
    ("officer_skarpnack", None),
    ("provider_staff", None),
    ("analyst", None),
    ("administrator", None),
]


@pytest.mark.parametrize(("username", "holds"), HOLDERS)
def test_each_unit_sees_its_own_case_only(staff, earlier, moved, username, holds):
    user = getattr(staff, username)
    seen = set(referrals_visible_to(user).filter(participant=moved.participant))
    expected = {"new": {moved}, "earlier": {earlier[0]}, None: set()}[holds]
    assert seen == expected


@pytest.mark.parametrize(("username", "holds"), HOLDERS)
def test_the_person_page_shows_the_earlier_case_and_its_contact_details_only_to_its_unit(
    staff, earlier, moved, username, holds
):
    user = getattr(staff, username)
    page = client_for(user, "en").get(reverse("web:participant", args=[moved.participant.pk]))
    plan_page = client_for(user, "en").get(reverse("plans:detail", args=[earlier[1].pk]))
    if holds is None:
        assert page.status_code == 404
        assert plan_page.status_code == 404
        return
    html = page.content.decode()
    assert page.status_code == 200
    assert "Hemlig Person" in html  # the identity is every holder's
    for secret in EARLIER_SECRETS:
        # Replaced by the new referral's: kept in the audit log only.
        assert secret not in html, secret
    for content in EARLIER_CASE_CONTENTS:
        assert (content in html) == (holds == "earlier"), content
    assert (NEW_CONTACT in html) == (holds == "new")
    # The new case is not the earlier unit's business either.
    assert ("Referred by Farsta" in html) == (holds == "new")
    assert plan_page.status_code == (200 if holds == "earlier" else 404)


@pytest.mark.parametrize(("username", "holds"), HOLDERS)
def test_the_api_shows_the_earlier_case_only_to_its_unit(staff, earlier, moved, username, holds):
    response = api_client_for(getattr(staff, username)).get(
        f"/api/v1/participants/{moved.participant.pk}"
    )
    plan = api_client_for(getattr(staff, username)).get(f"/api/v1/plans/{earlier[1].pk}")
    if holds is None:
        assert response.status_code == 404
        return
    body = response.content.decode()
    assert response.status_code == 200
    assert response.json()["referral_id"] == str(moved.pk if holds == "new" else earlier[0].pk)
    for content in EARLIER_CASE_CONTENTS:
        assert (content in body) == (holds == "earlier"), content
    assert plan.status_code == (200 if holds == "earlier" else 404)


def test_the_earlier_unit_no_longer_hears_of_the_new_case(staff, earlier, moved):
    enrol(moved, staff.coach_sydost)
    plan = write_plan(moved, staff.coach_sydost)
    # Farsta's case: Farsta decides on its plan; the former home district does not see it.
    assert (
        api_client_for(staff.officer_rinkeby).post(f"/api/v1/plans/{plan.pk}/approve").status_code
        == 404
    )
    pending = DistrictEvent.objects.filter(kind=EventKind.PLAN_AWAITING_APPROVAL, referral=moved)
    assert [e.district.slug for e in pending] == ["farsta"]
    rinkeby_feed = api_client_for(staff.officer_rinkeby).get("/api/v1/district/events").json()
    assert [
        e["kind"] for e in rinkeby_feed if e["participant_id"] == str(moved.participant_id)
    ] == [
        "plan_awaiting_approval",
        "exit",
        "moved_away",
    ]  # the earlier case's own events and the move, nothing of Farsta's case


# The person's consent to share the earlier case


def _share(staff, earlier, unit, part="case_file"):
    return case_sharing_consent_record(
        actor=staff.coach_jarva,
        audit_context=context(staff.coach_jarva),
        referral=earlier[0],
        unit=unit,
        shared_part=part,
    )


@pytest.mark.parametrize(
    ("unit", "sees"),
    [
        ("jobbtorg:sydost", {"coach_sydost", "manager_sydost", "matcher_sydost"}),
        ("district:farsta", {"officer_farsta"}),
    ],
)
def test_with_the_persons_consent_the_named_unit_sees_the_earlier_case(
    staff, earlier, moved, unit, sees
):
    consent = _share(staff, earlier, unit)
    for username in ["officer_farsta", "coach_sydost", "manager_sydost", "matcher_sydost"]:
        user = getattr(staff, username)
        html = (
            client_for(user, "en")
            .get(reverse("web:participant", args=[moved.participant.pk]))
            .content.decode()
        )
        assert ("HEMLIGT-AVSLUT" in html) == (username in sees), username
        plan = client_for(user).get(reverse("plans:detail", args=[earlier[1].pk]))
        assert plan.status_code == (200 if username in sees else 404), username
    assert AuditEntry.objects.filter(
        action=AuditAction.CASE_SHARED, participant=moved.participant, actor=staff.coach_jarva
    ).exists()
    case_sharing_consent_withdraw(
        actor=staff.officer_rinkeby, audit_context=context(staff.officer_rinkeby), consent=consent
    )
    for username in sees:
        assert earlier[0] not in referrals_visible_to(getattr(staff, username))
    assert AuditEntry.objects.filter(action=AuditAction.CASE_SHARING_WITHDRAWN).count() == 1


def test_plans_and_exit_share_the_plans_and_the_exit_but_not_the_case_file(staff, earlier, moved):
    _share(staff, earlier, "jobbtorg:sydost", part="plans_and_exit")
    html = (
        client_for(staff.coach_sydost, "en")
        .get(reverse("web:participant", args=[moved.participant.pk]))
        .content.decode()
    )
    assert "HEMLIGT-AVSLUT" in html
    assert "First meeting held" not in html  # the earlier case's meetings stay Järva's


def test_consent_is_recorded_on_the_page_by_the_unit_that_holds_the_case(staff, earlier, moved):
    url = reverse("participants:case_sharing", args=[moved.participant.pk])
    person = reverse("web:participant", args=[moved.participant.pk])
    body = {"case": str(earlier[0].pk), "unit": "jobbtorg:sydost", "shared_part": "case_file"}
    # Sydost holds the new case, not the earlier one: it cannot share itself into it.
    refused = client_for(staff.coach_sydost, "en").post(url, body)
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    # Skarpnäck holds no case of the person and does not see them.
    assert client_for(staff.officer_skarpnack).post(url, body).status_code == 404
    assert not CaseSharingConsent.objects.exists()
    assert url in client_for(staff.coach_jarva, "en").get(person).content.decode()
    form = client_for(staff.coach_jarva, "en").get(url)
    assert "Record the consent" in form.content.decode()
    done = client_for(staff.coach_jarva, "en").post(url, body)
    assert done.status_code == 302
    consent = CaseSharingConsent.objects.get()
    assert (consent.referral, consent.job_centre.slug, consent.recorded_by) == (
        earlier[0],
        "sydost",
        staff.coach_jarva,
    )
    assert "HEMLIGT-AVSLUT" in client_for(staff.coach_sydost, "en").get(person).content.decode()
    # The person withdraws it, on the page of the unit that holds the case.
    client_for(staff.officer_rinkeby, "en").post(url, {"withdraw": str(consent.pk)})
    consent.refresh_from_db()
    assert consent.withdrawn_by == staff.officer_rinkeby
    assert "HEMLIGT-AVSLUT" not in client_for(staff.coach_sydost, "en").get(person).content.decode()


# The move to another district


def test_a_referral_of_a_person_recorded_in_another_district_asks_to_confirm_the_move(
    staff, earlier
):
    number = earlier[0].participant.personal_identity_number
    with pytest.raises(ValidationFailed) as refused:
        _refer(staff.officer_farsta, number)
    assert refused.value.errors["confirm_move"] == [
        "Confirm that the person lives in Farsta, and from which date."
    ]
    assert "Rinkeby" not in str(refused.value.errors)
    participant = Participant.objects.get(personal_identity_number=number)
    assert participant.home_district.slug == "rinkeby-kista"
    assert participant.phone == "0701112233"
    assert Referral.objects.count() == 1
    assert Participant.objects.count() == 1
    assert not HomeDistrictChange.objects.exists()


def test_a_person_new_to_the_city_is_referred_without_a_move_to_confirm(staff, earlier):
    # Districts' systems refer new people with the fields they always sent.
    referral = _refer(staff.officer_farsta, new_number())
    assert referral.participant.home_district.slug == "farsta"
    assert not HomeDistrictChange.objects.filter(participant=referral.participant).exists()
    assert not DistrictEvent.objects.filter(kind=EventKind.MOVED_AWAY).exists()


def test_the_api_answers_422_without_the_confirmation_and_names_no_other_district(staff, earlier):
    body = {
        "personnummer": earlier[0].participant.personal_identity_number,
        "first_name": "Hemlig",
        "last_name": "Person",
        "district": "farsta",
        "target_group": "unemployed_assistance",
        "basis": "Försörjningsstöd.",
        "consent": True,
    }
    client = api_client_for(staff.officer_farsta)
    response = client.post("/api/v1/referrals", body, content_type="application/json")
    assert response.status_code == 422
    assert "Rinkeby" not in response.content.decode()
    assert "confirm_move" in response.json()["errors"]
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = client.post(
        "/api/v1/referrals",
        body | {"confirm_move": True, "moved_to_district_on": future},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "moved_to_district_on" in response.json()["errors"]
    assert Referral.objects.count() == 1
    response = client.post(
        "/api/v1/referrals", body | {"confirm_move": True}, content_type="application/json"
    )
    assert response.status_code == 201


def test_the_move_changes_the_home_district_with_history_and_tells_the_former_district(
    staff, earlier, moved
):
    participant = moved.participant
    participant.refresh_from_db()
    assert participant.home_district.slug == "farsta"
    change = HomeDistrictChange.objects.get(participant=participant, to_district__slug="farsta")
    assert change.from_district.slug == "rinkeby-kista"
    assert change.moved_on == timezone.localdate() - dt.timedelta(days=10)
    assert AuditEntry.objects.filter(
        action=AuditAction.HOME_DISTRICT_CHANGED, participant=participant
    ).exists()
    # The earlier contact details are kept in the audit log only.
    replaced = AuditEntry.objects.get(
        action=AuditAction.CONTACT_DETAILS_REPLACED, participant=participant
    )
    assert replaced.changes["before"]["phone"] == "0701112233"
    event = DistrictEvent.objects.get(kind=EventKind.MOVED_AWAY)
    assert (event.district.slug, event.participant, event.referral) == (
        "rinkeby-kista",
        participant,
        None,
    )
    inbox = (
        client_for(staff.officer_rinkeby, "en").get(reverse("participants:inbox")).content.decode()
    )
    assert "Moved to another district" in inbox
    assert "Moved to Farsta from" in inbox
    assert "Sydost" not in inbox
    assert (
        "Moved to another district"
        not in client_for(staff.officer_farsta, "en")
        .get(reverse("participants:inbox"))
        .content.decode()
    )
    page = client_for(staff.officer_farsta, "en").get(
        reverse("web:participant", args=[participant.pk])
    )
    assert f"(since {change.moved_on.isoformat()})" in page.content.decode()


def test_the_move_is_confirmed_on_the_referral_page(staff, earlier):
    from tests.participants.test_pages import referral_form

    number = earlier[0].participant.personal_identity_number
    client = client_for(staff.officer_farsta, "en")
    page = client.get(reverse("participants:referral_create")).content.decode()
    assert "The person lives in Farsta" in page
    refused = client.post(
        reverse("participants:referral_create"),
        referral_form(personal_identity_number=number, confirm_move=""),
    )
    assert refused.status_code == 200
    assert "Confirm that the person lives in Farsta" in refused.content.decode()
    assert "Rinkeby" not in refused.content.decode()
    assert Referral.objects.count() == 1
    day = (timezone.localdate() - dt.timedelta(days=2)).isoformat()
    client.post(
        reverse("participants:referral_create"),
        referral_form(personal_identity_number=number, confirm_move="on", moved_to_district_on=day),
    )
    assert Referral.objects.count() == 2
    assert (
        HomeDistrictChange.objects.filter(to_district__slug="farsta").get().moved_on.isoformat()
        == day
    )


# No existence oracle


@pytest.fixture
def open_at_jarva(staff):
    return _refer(staff.officer_rinkeby, new_number(), confirm_move=True, phone="0701112233")


def _looked_up(user, participant) -> int:
    return AuditEntry.objects.filter(
        action=AuditAction.PARTICIPANT_LOOKED_UP, actor=user, participant=participant
    ).count()


def test_a_person_with_an_open_case_elsewhere_gets_a_neutral_answer_in_the_api(
    staff, open_at_jarva
):
    participant = open_at_jarva.participant
    body = {
        "personnummer": participant.personal_identity_number,
        "first_name": "X",
        "last_name": "Y",
        "district": "farsta",
        "target_group": "unemployed_assistance",
        "basis": "Försörjningsstöd.",
        "consent": True,
        "confirm_move": True,
        "phone": "0700000000",
    }
    response = api_client_for(staff.officer_farsta).post(
        "/api/v1/referrals", body, content_type="application/json"
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert response.json()["errors"]["personal_identity_number"] == [NEUTRAL_SV]
    for unit in ("Järva", "jarva", "Rinkeby", timezone.localdate().isoformat()):
        assert unit not in text
    assert _looked_up(staff.officer_farsta, participant) == 1
    # Nothing written: no case, no move, no contact details.
    participant.refresh_from_db()
    assert (participant.home_district.slug, participant.phone) == ("rinkeby-kista", "0701112233")
    assert Referral.objects.count() == 1
    assert not HomeDistrictChange.objects.filter(to_district__slug="farsta").exists()
    assert not DistrictEvent.objects.filter(kind=EventKind.MOVED_AWAY).exists()


def test_a_person_with_an_open_case_elsewhere_gets_a_neutral_answer_on_the_page(
    staff, open_at_jarva
):
    from tests.participants.test_pages import referral_form

    number = open_at_jarva.participant.personal_identity_number
    response = client_for(staff.officer_farsta, "en").post(
        reverse("participants:referral_create"), referral_form(personal_identity_number=number)
    )
    html = response.content.decode()
    assert NEUTRAL in html
    assert "Järva" not in html and "Rinkeby" not in html
    assert _looked_up(staff.officer_farsta, open_at_jarva.participant) == 1
    assert Referral.objects.count() == 1


def test_an_open_case_of_the_officers_own_jobbtorg_is_named(staff):
    case = _refer(staff.officer_skarpnack, new_number(), confirm_move=True)
    with pytest.raises(ValidationFailed) as refused:
        _refer(staff.officer_farsta, case.participant.personal_identity_number, confirm_move=True)
    message = refused.value.errors["personal_identity_number"][0]
    assert "already enrolled at Jobbtorg Sydost" in message
    assert _looked_up(staff.officer_farsta, case.participant) == 0


def test_registering_a_person_known_in_another_district_is_refused_neutrally(staff, open_at_jarva):
    participant = open_at_jarva.participant
    number = participant.personal_identity_number
    api = api_client_for(staff.officer_farsta).post(
        "/api/v1/participants",
        {
            "personal_identity_number": number,
            "first_name": "A",
            "last_name": "B",
            "home_district": "farsta",
        },
        content_type="application/json",
    )
    assert api.status_code == 422
    assert api.json()["errors"]["personal_identity_number"] == [
        "Personen kan inte registreras nu. Kontakta Jobbtorget."
    ]
    assert "Rinkeby" not in api.content.decode()
    page = client_for(staff.officer_farsta, "en").post(
        reverse("participants:create"),
        {"personal_identity_number": number, "first_name": "A", "last_name": "B"},
    )
    assert "The person cannot be registered now" in page.content.decode()
    assert "Rinkeby" not in page.content.decode()
    assert _looked_up(staff.officer_farsta, participant) == 2
    participant.refresh_from_db()
    assert (participant.first_name, participant.home_district.slug) == ("Hemlig", "rinkeby-kista")


def test_plans_and_exit_in_the_api_leave_out_the_case_file(staff, earlier, moved):
    _share(staff, earlier, "district:skarpnack", part="plans_and_exit")
    body = (
        api_client_for(staff.officer_skarpnack)
        .get(f"/api/v1/participants/{moved.participant.pk}")
        .json()
    )
    assert body["referral_id"] == str(earlier[0].pk)
    assert body["exit"]["reason_text"] == "HEMLIGT-AVSLUT"
    assert body["coach"] is None  # the case file's, not shared


def test_a_shared_case_is_read_not_worked_on(staff, earlier, moved):
    from types import SimpleNamespace

    from jobbtorg.participants.permissions import can_act_on_case, can_read_assessment
    from jobbtorg.providers.selectors import is_own_case

    _share(staff, earlier, "jobbtorg:sydost")
    case = earlier[0]
    assert case in referrals_visible_to(staff.manager_sydost)
    assert not can_act_on_case(staff.manager_sydost, case)
    assert not can_read_assessment(staff.manager_sydost, case)
    assert not is_own_case(staff.manager_sydost, SimpleNamespace(referral_id=case.pk))
    assert is_own_case(staff.manager_jarva, SimpleNamespace(referral_id=case.pk))


def test_the_earlier_cases_activity_page_does_not_show_the_new_contact_details(staff):
    from tests.factories import ProviderFactory
    from tests.offering import offering_at, place

    number = new_number()
    case = enrol(_refer(staff.officer_rinkeby, number, confirm_move=True), staff.coach_jarva)
    approve(write_plan(case, staff.coach_jarva), staff.officer_rinkeby)
    participation = place(case, offering_at(ProviderFactory(), made_at="jarva"), staff.coach_jarva)
    exit_record(
        actor=staff.coach_jarva,
        audit_context=context(staff.coach_jarva),
        referral=case,
        date=timezone.localdate(),
        reason="moved",
    )
    _refer(staff.officer_farsta, number, confirm_move=True, phone=NEW_CONTACT)
    url = reverse("providers:participation", args=[participation.pk])
    page = client_for(staff.coach_jarva, "en").get(url)
    assert page.status_code == 200
    assert NEW_CONTACT not in page.content.decode()
