"""Staff pages: who may see and do what, approval of workplaces, the applications list and
the verified priority grounds, with their audit entries; the season page's steps; every page
at its address."""

import datetime as dt
import hashlib

import pytest
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.core.errors import ValidationFailed
from jobbtorg.summerjobs.models import (
    ApplicationChoice,
    Explanation,
    Offer,
    OfferStatus,
    SeasonStatus,
    SummerApplication,
    SummerWorkplace,
    VerifiedPriority,
    WorkplaceStatus,
)
from jobbtorg.summerjobs.selectors import token_hash
from jobbtorg.summerjobs.services import allocation_run
from jobbtorg.summerjobs.services.confirmation_codes import CODE_ALPHABET, CODE_LENGTH, code_hash
from tests.audit_reads import objects_named
from tests.conftest import client_for, english_client
from tests.factories import district
from tests.participants.scenarios import context
from tests.summerjobs.conftest import (
    form_data,
    make_application,
    make_offer,
    make_run,
    make_season,
    pin_aged,
)
from tests.summerjobs.helpers import (
    MINE,
    URL,
    _answer,
    applicant,
    apply,
    closed_season,
    code_shown,
    link_shown,
    placed_setup,
    report,
    season_set_up,
    sign_in_as_applicant,
    workplace,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

UUID = "7b1d2c3e-0000-4000-8000-000000000001"
HOME = "/sommarjobb/personal/"
LIST = "/sommarjobb/personal/ansokningar/"

READERS = ["matcher_sydost", "manager_sydost", "manager_jarva"]
WRITERS = READERS
REFUSED = [
    "coach_sydost",
    "coach_jarva",
    "officer_farsta",
    "provider_staff",
    "analyst",
    "administrator",
]


def detail(application):
    return f"{LIST}{application.pk}/"


@pytest.mark.parametrize("role", READERS)
def test_matchers_and_managers_read_the_staff_pages(staff, summer, role):
    application = make_application(summer)
    client = client_for(getattr(staff, role), "en")
    assert client.get(HOME).status_code == 200
    assert client.get(LIST).status_code == 200
    assert client.get(detail(application)).status_code == 200


@pytest.mark.parametrize("role", REFUSED)
def test_other_roles_are_refused(staff, summer, role):
    application = make_application(summer)
    client = client_for(getattr(staff, role), "en")
    for url in (HOME, LIST, detail(application)):
        assert client.get(url).status_code == 403, url
    response = client.post(
        f"/sommarjobb/personal/arbetsplatser/{summer.reported.pk}/beslut/",
        {"decision": "approve"},
    )
    assert response.status_code == 403
    assert SummerWorkplace.objects.get(pk=summer.reported.pk).status == WorkplaceStatus.REPORTED
    assert not AuditEntry.objects.filter(action__startswith="summer_application").exists()


def test_signed_out_visitors_are_sent_to_sign_in(summer):
    from django.test import Client

    response = Client().get(HOME)
    assert response.status_code == 302 and "/logga-in/" in response["Location"]


@pytest.mark.parametrize("role", WRITERS)
def test_a_matcher_or_manager_approves_a_workplace(staff, summer, role):
    user = getattr(staff, role)
    client = client_for(user, "en")
    assert "Kiosken" in client.get(HOME).content.decode()
    client.post(
        f"/sommarjobb/personal/arbetsplatser/{summer.reported.pk}/beslut/", {"decision": "approve"}
    )
    workplace = SummerWorkplace.objects.get(pk=summer.reported.pk)
    assert workplace.status == WorkplaceStatus.APPROVED
    assert workplace.decided_by == user and workplace.decided_at is not None
    # Published: now on the application form.
    from tests.conftest import english_client

    assert "Kiosken" in english_client().get("/sommarjobb/").content.decode()


def test_a_rejected_workplace_is_not_published(staff, summer):
    client_for(staff.matcher_sydost, "en").post(
        f"/sommarjobb/personal/arbetsplatser/{summer.reported.pk}/beslut/", {"decision": "reject"}
    )
    assert SummerWorkplace.objects.get(pk=summer.reported.pk).status == WorkplaceStatus.REJECTED
    from tests.conftest import english_client

    assert "Kiosken" not in english_client().get("/sommarjobb/").content.decode()


def test_a_decided_workplace_is_not_decided_again(staff, summer):
    client = client_for(staff.matcher_sydost, "en")
    response = client.post(
        f"/sommarjobb/personal/arbetsplatser/{summer.library.pk}/beslut/",
        {"decision": "reject"},
        follow=True,
    )
    assert "already been decided" in response.content.decode()
    assert SummerWorkplace.objects.get(pk=summer.library.pk).status == WorkplaceStatus.APPROVED


def test_the_administrator_sees_the_season_in_figures_but_no_applicant(staff, summer):
    application = make_application(summer, first="Alva", last="Andersson")
    client = client_for(staff.administrator, "en")
    for url in (HOME, LIST, detail(application)):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Andersson" not in response.content.decode()
    home = client.get("/").content.decode()
    assert 'href="/sommarjobb/personal/"' not in home
    assert 'href="/sommarjobb/sasonger/"' in home
    season_page = client.get(f"/sommarjobb/sasonger/{summer.season.pk}/")
    assert season_page.status_code == 200
    text = season_page.content.decode()
    assert "Andersson" not in text and application.personal_identity_number[2:] not in text
    response = client.post(
        f"{detail(application)}prioritet/",
        {"ground": summer.grounds["disability"].pk, "note": "Intyg"},
    )
    assert response.status_code == 403
    assert not VerifiedPriority.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="summer_application").exists()


def test_the_list_searches_filters_and_audits_each_listed_applicant(staff, summer):
    alva = make_application(summer, n=1, first="Alva", last="Andersson")
    olle = make_application(summer, n=2, first="Olle", last="Olsson", code="ZZZZZZZZZZ")
    olle.home_district = district("skarpnack")
    olle.save()
    client = client_for(staff.matcher_sydost, "en")

    text = client.get(LIST, {"q": "olss"}).content.decode()
    assert "Olsson" in text and "Andersson" not in text
    listed = AuditEntry.objects.get(action=AuditAction.SUMMER_APPLICATIONS_LISTED)
    assert objects_named(AuditAction.SUMMER_APPLICATIONS_LISTED) == [str(olle.pk)]
    assert listed.actor == staff.matcher_sydost

    text = client.get(LIST, {"q": alva.personal_identity_number[:8]}).content.decode()
    assert "Andersson" in text

    text = client.get(LIST, {"district": "skarpnack"}).content.decode()
    assert "Olsson" in text and "Andersson" not in text

    VerifiedPriority.objects.create(
        application=alva,
        ground=summer.grounds["first_time"],
        verified_by=staff.matcher_sydost,
        note="Intyg",
    )
    text = client.get(LIST, {"priority": "yes"}).content.decode()
    assert "Andersson" in text and "Olsson" not in text
    text = client.get(LIST, {"priority": "no"}).content.decode()
    assert "Olsson" in text and "Andersson" not in text


def test_the_list_is_paginated_and_audits_only_the_page_shown(staff, summer):
    for n in range(1, 53):
        make_application(summer, n=n, first=f"P{n:02d}", last="Lund", code="ABCDEFGHJK")
    client = client_for(staff.manager_sydost, "en")
    response = client.get(LIST)
    assert len(response.context["page"].object_list) == 50
    assert len(objects_named(AuditAction.SUMMER_APPLICATIONS_LISTED)) == 50
    response = client.get(LIST, {"sida": 2})
    assert len(response.context["page"].object_list) == 2


def test_opening_an_application_is_audited(staff, summer):
    application = make_application(summer)
    client_for(staff.manager_jarva, "en").get(detail(application))
    entry = AuditEntry.objects.get(action=AuditAction.SUMMER_APPLICATION_VIEWED)
    assert entry.object_id == str(application.pk) and entry.actor == staff.manager_jarva


def test_staff_verify_a_priority_ground_from_a_document_and_remove_it(staff, summer):
    application = make_application(summer)
    client = client_for(staff.matcher_sydost, "en")
    ground = summer.grounds["left_upper_secondary"]
    response = client.post(
        f"{detail(application)}prioritet/",
        {"ground": ground.pk, "note": "Intyg från Farsta gymnasium"},
    )
    assert response.status_code == 302
    verified = VerifiedPriority.objects.get()
    assert verified.ground == ground and verified.verified_by == staff.matcher_sydost
    entry = AuditEntry.objects.get(action=AuditAction.SUMMER_PRIORITY_VERIFIED)
    assert entry.changes == {"before": None, "after": {"ground": "left_upper_secondary"}}
    assert entry.object_id == str(application.pk)

    client.post(f"{detail(application)}prioritet/{verified.pk}/ta-bort/")
    assert not VerifiedPriority.objects.exists()
    removal = AuditEntry.objects.get(action=AuditAction.SUMMER_PRIORITY_REMOVED)
    assert removal.changes == {"before": {"ground": "left_upper_secondary"}, "after": None}
    assert AuditEntry.objects.filter(action=AuditAction.SUMMER_PRIORITY_VERIFIED).count() == 1


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"ground": "GROUND", "note": ""}, "note", "which document"),
        ({"ground": "", "note": "Intyg"}, "ground", "required"),
    ],
)
def test_a_verification_without_ground_or_document_is_refused(staff, summer, data, field, message):
    application = make_application(summer)
    data = {k: (summer.grounds["disability"].pk if v == "GROUND" else v) for k, v in data.items()}
    response = client_for(staff.matcher_sydost, "en").post(f"{detail(application)}prioritet/", data)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not VerifiedPriority.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.SUMMER_PRIORITY_VERIFIED).exists()


def test_the_same_ground_cannot_be_verified_twice(staff, summer):
    application = make_application(summer)
    client = client_for(staff.matcher_sydost, "en")
    data = {"ground": summer.grounds["disability"].pk, "note": "Intyg"}
    client.post(f"{detail(application)}prioritet/", data)
    response = client.post(f"{detail(application)}prioritet/", data)
    assert response.status_code == 400
    assert "already verified" in " ".join(response.context["form"].errors["ground"])
    assert VerifiedPriority.objects.count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.SUMMER_PRIORITY_VERIFIED).count() == 1


# Sent again without the confirmation code


def _sent_again(summer, first_name="Mallory"):
    """The form sent with the personnummer of an application, without its code."""
    from tests.conftest import english_client

    earlier = make_application(summer, code="ABCDEFGHJK")
    response = english_client().post(
        "/sommarjobb/",
        form_data(
            summer,
            personal_identity_number=earlier.personal_identity_number,
            first_name=first_name,
            email="mallory@example.se",
            choice_1=str(summer.pool.pk),
            choice_2="",
        ),
    )
    assert response.status_code == 302
    return earlier, SummerApplication.objects.get(duplicate_of=earlier)


def test_staff_see_a_later_submission_beside_the_earlier_application(staff, summer):
    earlier, later = _sent_again(summer)
    client = client_for(staff.matcher_sydost, "en")
    listing = client.get(LIST).content.decode()
    assert "Sent again without the code" in listing
    earlier_page = client.get(detail(earlier)).content.decode()
    assert "sent again without the confirmation code" in earlier_page
    assert detail(later) in earlier_page
    later_page = client.get(detail(later)).content.decode()
    assert "takes no part in the allocation" in later_page and detail(earlier) in later_page
    assert 'value="keep"' in later_page and 'value="remove"' in later_page
    assert earlier.first_name == "Alva"


def test_keeping_a_later_submission_puts_its_answers_and_code_in_the_earlier_row(staff, summer):
    earlier, later = _sent_again(summer)
    later_hash = later.confirmation_code_hash
    client = client_for(staff.matcher_sydost, "en")
    response = client.post(f"{detail(later)}senare/", {"decision": "keep"})
    assert response.status_code == 302 and response["Location"] == detail(earlier)
    earlier.refresh_from_db()
    assert earlier.first_name == "Mallory" and earlier.email == "mallory@example.se"
    assert earlier.confirmation_code_hash == later_hash and earlier.version == 2
    assert earlier.choices.get(rank=1).workplace == summer.pool
    assert not SummerApplication.objects.filter(pk=later.pk).exists()
    saved = AuditEntry.objects.filter(
        action=AuditAction.SUMMER_APPLICATION_SAVED, actor=staff.matcher_sydost
    )
    assert {e.object_id for e in saved} == {str(earlier.pk), str(later.pk)}
    removed = saved.get(object_id=str(later.pk))
    assert removed.changes["after"] is None and removed.changes["before"]["first_name"] == "Mallory"


def test_removing_a_later_submission_leaves_the_earlier_application_as_it_was(staff, summer):
    earlier, later = _sent_again(summer)
    client = client_for(staff.manager_jarva, "en")
    client.post(f"{detail(later)}senare/", {"decision": "remove"})
    earlier.refresh_from_db()
    assert earlier.first_name == "Alva" and earlier.version == 1
    assert list(SummerApplication.objects.all()) == [earlier]
    assert AuditEntry.objects.filter(
        action=AuditAction.SUMMER_APPLICATION_SAVED,
        actor=staff.manager_jarva,
        object_id=str(later.pk),
    ).exists()


@pytest.mark.parametrize("role", REFUSED)
def test_only_matchers_and_managers_resolve_a_later_submission(staff, summer, role):
    earlier, later = _sent_again(summer)
    response = client_for(getattr(staff, role), "en").post(
        f"{detail(later)}senare/", {"decision": "keep"}
    )
    assert response.status_code == 403
    assert SummerApplication.objects.count() == 2
    earlier.refresh_from_db()
    assert earlier.first_name == "Alva"


def test_a_priority_ground_is_not_verified_on_a_later_submission(staff, summer):
    _earlier, later = _sent_again(summer)
    response = client_for(staff.matcher_sydost, "en").post(
        f"{detail(later)}prioritet/", {"ground": summer.grounds["disability"].pk, "note": "Intyg"}
    )
    assert response.status_code == 400
    assert not VerifiedPriority.objects.exists()


def test_the_allocation_waits_until_later_submissions_are_resolved(staff, summer):
    from jobbtorg.summerjobs.selectors import season_figures

    _earlier, later = _sent_again(summer)
    assert season_figures(summer.season)["total"]["applied"] == 1
    summer.season.status = "closed"
    summer.season.save()
    with pytest.raises(ValidationFailed, match="sent again without the confirmation code: 1"):
        allocation_run(context(staff.matcher_sydost), summer.season, seed=1)
    client_for(staff.matcher_sydost, "en").post(f"{detail(later)}senare/", {"decision": "remove"})
    assert allocation_run(context(staff.matcher_sydost), summer.season, seed=1).round_number == 1


# The season page offers only the steps its table allows


def season_page(season):
    return f"/sommarjobb/sasonger/{season.pk}/"


@pytest.mark.parametrize(
    ("status", "button", "step"),
    [
        ("draft", "Open the application window", "open"),
        ("open", "Close the application window", "close"),
        ("closed", "Finish the season", "finish"),
        ("finished", None, None),
    ],
)
def test_the_administrator_is_offered_the_one_next_step(staff, status, button, step):
    season = make_season(status=status)
    page = client_for(staff.administrator, "en").get(season_page(season)).content.decode()
    assert page.count('name="step"') == (1 if step else 0)
    if step:
        assert button in page and f'name="step" value="{step}"' in page


@pytest.mark.parametrize("username", ["matcher_sydost", "analyst"])
def test_others_are_offered_no_step(staff, username):
    season = make_season(status="draft")
    page = client_for(getattr(staff, username), "en").get(season_page(season)).content.decode()
    assert 'name="step"' not in page


def test_a_step_the_table_does_not_allow_is_refused_with_a_message(staff):
    season = make_season(status="draft")
    client = client_for(staff.administrator, "en")
    response = client.post(season_page(season), {"action": "move", "step": "finish"}, follow=True)
    assert "A season moves one step at a time." in response.content.decode()
    season.refresh_from_db()
    assert season.status == "draft"
    client.post(season_page(season), {"action": "move", "step": "open"})
    season.refresh_from_db()
    assert season.status == "open"


def test_a_matcher_cannot_move_a_season(staff):
    season = make_season(status="draft")
    response = client_for(staff.matcher_sydost).post(
        season_page(season), {"action": "move", "step": "open"}
    )
    assert response.status_code == 403
    season.refresh_from_db()
    assert season.status == "draft"


# The addresses did not change when the pages moved into one namespace


@pytest.mark.parametrize(
    ("name", "args", "path"),
    [
        ("summerjobs:apply", [], "/sommarjobb/"),
        ("summerjobs:applied", [], "/sommarjobb/skickad/"),
        ("summerjobs:my_application", [], "/sommarjobb/min-ansokan/"),
        ("summerjobs:my_application_answer", [], "/sommarjobb/min-ansokan/svar/"),
        ("summerjobs:my_application_leave", [], "/sommarjobb/min-ansokan/lamna/"),
        ("summerjobs:workplace_report", [], "/sommarjobb/arbetsplats/"),
        ("summerjobs:workplace_reported", [], "/sommarjobb/arbetsplats/anmald/"),
        ("summerjobs:workplace_page", ["abc"], "/sommarjobb/arbetsplats/abc/"),
        ("summerjobs:staff_home", [], "/sommarjobb/personal/"),
        (
            "summerjobs:staff_workplace_decision",
            [7],
            "/sommarjobb/personal/arbetsplatser/7/beslut/",
        ),
        ("summerjobs:staff_applications", [], "/sommarjobb/personal/ansokningar/"),
        ("summerjobs:staff_application", [UUID], f"/sommarjobb/personal/ansokningar/{UUID}/"),
        (
            "summerjobs:staff_later_submission",
            [UUID],
            f"/sommarjobb/personal/ansokningar/{UUID}/senare/",
        ),
        (
            "summerjobs:staff_priority_add",
            [UUID],
            f"/sommarjobb/personal/ansokningar/{UUID}/prioritet/",
        ),
        (
            "summerjobs:staff_priority_delete",
            [UUID, 3],
            f"/sommarjobb/personal/ansokningar/{UUID}/prioritet/3/ta-bort/",
        ),
        ("summerjobs:seasons", [], "/sommarjobb/sasonger/"),
        ("summerjobs:season", [5], "/sommarjobb/sasonger/5/"),
    ],
)
def test_every_page_keeps_its_address(name, args, path):
    assert reverse(name, args=args) == path
    assert resolve(path).view_name == name


def test_a_young_person_applies_and_gets_a_code_shown_once(summer):
    client = english_client()
    response = apply(client, summer)
    assert response.status_code == 302
    application = SummerApplication.objects.get()
    assert [c.workplace for c in application.choices.order_by("rank")][:2] == [
        summer.library,
        summer.park,
    ]
    area = application.choices.get(rank=3)
    assert area.workplace is None and area.area_districts == ["farsta", "skarpnack"]
    assert list(application.periods.all()) == [summer.periods[0]]
    assert application.guardian_name == "Anna Andersson"
    code = code_shown(client)
    letters = code.replace("-", "")
    assert len(letters) == CODE_LENGTH and set(letters) <= set(CODE_ALPHABET)
    assert not set(letters) & set("0O1I")
    # Shown once: the receipt is gone on the second visit.
    assert client.get("/sommarjobb/skickad/").status_code == 302


def test_the_code_is_kept_only_as_its_sha256_hash(summer):
    client = Client()
    apply(client, summer)
    code = code_shown(client).replace("-", "")
    application = SummerApplication.objects.get()
    assert application.confirmation_code_hash == hashlib.sha256(code.encode()).hexdigest()
    stored = " ".join(str(v) for v in SummerApplication.objects.values().get().values())
    assert code not in stored
    entry = AuditEntry.objects.get(action=AuditAction.SUMMER_APPLICATION_SAVED)
    assert code not in str(entry.changes)


def test_the_form_is_shown_in_swedish_english_and_plain_swedish(summer):
    english = english_client().get(URL).content.decode()
    assert "Apply for a summer job" in english
    assert 'name="choice_1"' in english and 'name="choice_3"' in english
    assert 'name="choice_4"' not in english
    plain = english_client().get(URL + "?lattlast=1")
    text = plain.content.decode()
    assert plain["Content-Language"] == "sv"
    assert '<html lang="sv">' in text
    assert "Sök sommarjobb" in text and "Vilka jobb vill du ha?" in text
    # The same field names in every version.
    for name in ("personal_identity_number", "choice_1", "area_districts", "periods"):
        assert f'name="{name}"' in text
    # Only approved workplaces can be chosen.
    assert "Biblioteket" in text and "Kiosken" not in text


def test_the_form_says_priority_grounds_are_verified_from_documents(summer):
    text = english_client().get(URL).content.decode()
    assert "certificate" in text


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"personal_identity_number": "20080230-1234"},
            "personal_identity_number",
            "does not exist",
        ),
        ({"personal_identity_number": "12345"}, "personal_identity_number", "10 or 12 digits"),
        ({"guardian_name": "", "guardian_phone": ""}, "guardian_name", "under 18"),
        ({"choice_2": "SAME"}, "choice_1", "same workplace more than once"),
        ({"choice_2": "REPORTED"}, "choice_2", "valid choice"),
        ({"periods": []}, "periods", "at least one period"),
        ({"first_name": ""}, "first_name", "first name"),
        ({"email": "", "phone": ""}, "phone", "phone number or an e-mail"),
        ({"home_district": ""}, "home_district", "district"),
        (
            {"choice_1": "", "choice_2": "", "area_districts": []},
            "choice_1",
            "at least one workplace",
        ),
    ],
)
def test_a_bad_application_is_refused_with_a_message_and_nothing_is_written(
    summer, changes, field, message
):
    changes = {
        k: (
            str(summer.library.pk)
            if v == "SAME"
            else str(summer.reported.pk)
            if v == "REPORTED"
            else v
        )
        for k, v in changes.items()
    }
    response = apply(english_client(), summer, **changes)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert message in " ".join(errors.get(field, [])), errors
    assert SummerApplication.objects.count() == 0
    assert ApplicationChoice.objects.count() == 0
    assert not AuditEntry.objects.filter(action=AuditAction.SUMMER_APPLICATION_SAVED).exists()


@pytest.mark.parametrize("years", [15, 20])
def test_too_young_or_too_old_on_the_reference_date_is_told_why(summer, years):
    response = apply(
        english_client(),
        summer,
        personal_identity_number=pin_aged(summer.season, years),
    )
    assert response.status_code == 400
    message = " ".join(response.context["form"].errors["personal_identity_number"])
    assert "aged 16 to 19" in message and f"will be {years}" in message
    assert SummerApplication.objects.count() == 0


def test_an_adult_needs_no_guardian(summer):
    response = apply(
        english_client(),
        summer,
        personal_identity_number=pin_aged(summer.season, 18),
        guardian_name="",
        guardian_phone="",
    )
    assert response.status_code == 302
    assert SummerApplication.objects.get().guardian_name == ""


@pytest.mark.parametrize(
    "opens, closes, status",
    [(5, 1, SeasonStatus.OPEN), (-1, -10, SeasonStatus.OPEN), (5, -10, SeasonStatus.DRAFT)],
)
def test_outside_the_window_the_form_says_it_is_closed(db, opens, closes, status):
    today = timezone.localdate()
    # opens/closes in days from today, counted backwards (5 = five days ago).
    make_season(
        opens_on=today - dt.timedelta(days=opens),
        closes_on=today - dt.timedelta(days=closes),
        status=status,
    )
    response = english_client().get(URL)
    assert "Applications for summer jobs are closed" in response.content.decode()
    assert 'name="personal_identity_number"' not in response.content.decode()
    response = english_client().post(URL, {"personal_identity_number": "x"})
    assert SummerApplication.objects.count() == 0


def test_sending_again_with_the_code_replaces_the_application_in_the_same_row(summer):
    client = english_client()
    apply(client, summer)
    code = code_shown(client)
    first = SummerApplication.objects.get()
    response = apply(
        client,
        summer,
        choice_1=str(summer.pool.pk),
        choice_2="",
        area_districts=[],
        periods=[str(p.pk) for p in summer.periods],
        confirmation_code=code.lower(),
    )
    assert response.status_code == 302
    application = SummerApplication.objects.get()
    assert application.pk == first.pk
    assert application.version == 2
    assert [c.workplace for c in application.choices.all()] == [summer.pool]
    assert application.periods.count() == 2
    # The code stays the same; the receipt says so and shows no new code.
    assert application.confirmation_code_hash == first.confirmation_code_hash
    receipt = client.get("/sommarjobb/skickad/").content.decode()
    assert "replaced" in receipt and "confirmation-code" not in receipt
    entry = AuditEntry.objects.filter(action=AuditAction.SUMMER_APPLICATION_SAVED).latest("id")
    assert entry.changes["before"]["choices"][0]["workplace"] == summer.library.code
    assert entry.changes["after"]["choices"] == [
        {"rank": 1, "workplace": summer.pool.code, "area_districts": []}
    ]
    assert entry.changes["after"]["version"] == 2


def test_a_wrong_code_changes_nothing_and_is_told_alike_whether_or_not_the_person_applied(
    summer,
):
    client = english_client()
    apply(client, summer)
    answers = []
    for n in (1, 5):  # 1 applied above; 5 never did
        response = apply(
            client,
            summer,
            personal_identity_number=pin_aged(summer.season, 17, n=n),
            first_name="Mallory",
            confirmation_code="WRONGCODE2",
        )
        assert response.status_code == 400
        answers.append(response.context["form"].errors["confirmation_code"])
    assert answers[0] == answers[1]
    assert "does not match" in answers[0][0]
    application = SummerApplication.objects.get()
    assert application.first_name == "Alva" and application.version == 1


def test_sending_a_personnummer_that_applied_answers_as_a_new_application_would(summer):
    applied = pin_aged(summer.season, 17, n=1)
    apply(english_client(), summer, personal_identity_number=applied)
    first = SummerApplication.objects.get()
    before = (first.first_name, first.email, first.confirmation_code_hash, first.version)

    new_answer, new_code = _answer(english_client(), summer, pin_aged(summer.season, 17, n=2))
    again_answer, again_code = _answer(english_client(), summer, applied)
    assert again_answer == new_answer
    assert new_answer[0] == 302
    # The code given works on the applicant's page in both cases: the page does not tell either.
    for pin, code in ((pin_aged(summer.season, 17, n=2), new_code), (applied, again_code)):
        client = english_client()
        assert sign_in_as_applicant(client, pin, code).status_code == 302
        assert "Mallory" in client.get(MINE).content.decode()
    # The earlier application is untouched; the later submission is kept beside it for staff.
    first.refresh_from_db()
    assert (first.first_name, first.email, first.confirmation_code_hash, first.version) == before
    later = SummerApplication.objects.get(duplicate_of=first)
    assert later.first_name == "Mallory" and later.personal_identity_number == applied


def test_the_applicant_sees_their_own_application_with_the_code(summer):
    application = make_application(summer, code="ABCDEFGHJK")
    other = make_application(summer, code="ZZZZZZZZZZ", n=2, first="Olle", last="Olsson")
    client = english_client()
    response = sign_in_as_applicant(client, application.personal_identity_number, "abcde-fghjk")
    assert response.status_code == 302
    page = client.get(MINE)
    text = page.content.decode()
    assert "Alva Andersson" in text and "Biblioteket" in text
    assert "Olle" not in text
    assert page["Cache-Control"].startswith("no-store") or "no-store" in page["Cache-Control"]
    viewed = AuditEntry.objects.filter(action=AuditAction.SUMMER_APPLICATION_VIEWED)
    assert [e.object_id for e in viewed] == [str(application.pk)]
    assert other.pk  # untouched


def test_another_persons_number_with_my_code_gets_the_same_neutral_error(summer):
    mine = make_application(summer, code="ABCDEFGHJK")
    theirs = make_application(summer, code="ZZZZZZZZZZ", n=2, first="Olle", last="Olsson")
    nobody = pin_aged(summer.season, 17, n=3)
    answers = []
    for pin in (theirs.personal_identity_number, nobody):
        client = english_client()
        response = sign_in_as_applicant(client, pin, "ABCDEFGHJK")
        assert response.status_code == 400
        answers.append(response.context["form"].non_field_errors())
        assert "Olle" not in client.get(MINE).content.decode()
    # The same words whether or not the person applied.
    assert answers[0] == answers[1]
    assert mine.pk


def test_the_applicant_accepts_an_offer_before_the_answer_date(summer):
    application = make_application(summer, code="ABCDEFGHJK")
    offer = make_offer(make_run(summer), application, summer.library)
    client = english_client()
    sign_in_as_applicant(client, application.personal_identity_number, "ABCDEFGHJK")
    assert "Accept the place" in client.get(MINE).content.decode()
    client.post("/sommarjobb/min-ansokan/svar/", {"offer": offer.pk, "answer": "accept"})
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED and offer.answered_at is not None
    entry = AuditEntry.objects.get(action=AuditAction.SUMMER_OFFER_ANSWERED)
    assert entry.changes == {"before": {"status": "offered"}, "after": {"status": "accepted"}}
    assert entry.actor is None
    assert "Accept the place" not in client.get(MINE).content.decode()


def test_the_applicant_declines_an_offer(summer):
    application = make_application(summer, code="ABCDEFGHJK")
    offer = make_offer(make_run(summer), application, summer.library)
    client = english_client()
    sign_in_as_applicant(client, application.personal_identity_number, "ABCDEFGHJK")
    client.post("/sommarjobb/min-ansokan/svar/", {"offer": offer.pk, "answer": "decline"})
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED


def test_an_offer_past_its_answer_date_cannot_be_answered(summer):
    application = make_application(summer, code="ABCDEFGHJK")
    offer = make_offer(
        make_run(summer),
        application,
        summer.library,
        answer_by=timezone.localdate() - dt.timedelta(days=1),
    )
    client = english_client()
    sign_in_as_applicant(client, application.personal_identity_number, "ABCDEFGHJK")
    assert "Accept the place" not in client.get(MINE).content.decode()
    response = client.post(
        "/sommarjobb/min-ansokan/svar/", {"offer": offer.pk, "answer": "accept"}, follow=True
    )
    assert "ran out" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OFFERED
    assert not AuditEntry.objects.filter(action=AuditAction.SUMMER_OFFER_ANSWERED).exists()


def test_an_applicant_cannot_answer_someone_elses_offer(summer):
    mine = make_application(summer, code="ABCDEFGHJK")
    theirs = make_application(summer, code="ZZZZZZZZZZ", n=2, first="Olle", last="Olsson")
    offer = make_offer(make_run(summer), theirs, summer.library)
    client = english_client()
    sign_in_as_applicant(client, mine.personal_identity_number, "ABCDEFGHJK")
    response = client.post(
        "/sommarjobb/min-ansokan/svar/", {"offer": offer.pk, "answer": "decline"}
    )
    assert response.status_code == 404
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.OFFERED


def test_the_explanation_is_shown_in_words(summer):
    application = make_application(summer, code="ABCDEFGHJK")
    run = make_run(summer)
    Explanation.objects.create(
        run=run,
        application=application,
        details={
            "lottery": 0.4321,
            "placed_at": summer.park.code,
            "choices": [
                {
                    "rank": 1,
                    "workplace": summer.library.code,
                    "standing": 7,
                    "places": 3,
                    "outcome": "full",
                },
                {
                    "rank": 2,
                    "workplace": summer.park.code,
                    "standing": 2,
                    "places": 3,
                    "outcome": "placed",
                },
            ],
        },
    )
    client = english_client()
    sign_in_as_applicant(client, application.personal_identity_number, "ABCDEFGHJK")
    text = client.get(MINE).content.decode()
    assert "0.4321" in text
    assert "Choice 1, Biblioteket: you were number 7 in line for 3 places" in text
    assert "You got a place at Parken." in text


def test_leaving_the_page_forgets_the_applicant(summer):
    application = make_application(summer, code="ABCDEFGHJK")
    client = english_client()
    sign_in_as_applicant(client, application.personal_identity_number, "ABCDEFGHJK")
    client.post("/sommarjobb/min-ansokan/lamna/")
    assert "Alva" not in client.get(MINE).content.decode()


def test_a_replaced_code_hash_ends_the_applicants_session(summer):
    application = make_application(summer, code="ABCDEFGHJK")
    client = english_client()
    sign_in_as_applicant(client, application.personal_identity_number, "ABCDEFGHJK")
    SummerApplication.objects.filter(pk=application.pk).update(
        confirmation_code_hash=code_hash("ZZZZZZZZZZ")
    )
    assert "Alva" not in client.get(MINE).content.decode()


def test_the_season_page_shows_the_figures_against_the_goal(staff):
    season = closed_season(staff)
    park = workplace(season, "park", places=2)
    applicant(season, 1, [park], age=16)
    applicant(season, 2, [park], age=18, district="skarholmen")
    applicant(season, 3, [park], age=25)  # too old: applied, not eligible
    client = client_for(staff.matcher_sydost, language="en")
    url = reverse("summerjobs:season", args=[season.pk])
    response = client.post(url, {"action": "run", "seed": "9"})
    assert response.status_code == 302
    Offer.objects.filter(application__first_name="Ung1").update(status="accepted")
    page = client_for(staff.analyst, language="en").get(url).content.decode()
    assert "Eligible (age)" in page
    figures = page.split("Where the season stands")[1]
    assert "Ung1" not in page  # aggregates only
    assert ">3<" in figures and ">2<" in figures  # applied 3, eligible and placed 2
    assert "Skärholmen" in figures


@pytest.mark.parametrize(
    ("username", "status"),
    [("analyst", 200), ("administrator", 200), ("coach_sydost", 403), ("officer_farsta", 403)],
)
def test_who_sees_the_season_page(staff, username, status):
    season = season_set_up(staff)
    url = reverse("summerjobs:season", args=[season.pk])
    assert client_for(getattr(staff, username)).get(url).status_code == status


def test_a_workplace_reports_places_and_gets_its_link_once(summer):
    client = english_client()
    assert report(client, summer).status_code == 302
    workplace = SummerWorkplace.objects.get(name="Farsta bibliotek")
    assert workplace.status == WorkplaceStatus.REPORTED
    assert workplace.code.startswith("farsta-bibliotek-") and len(workplace.code) == 21
    assert workplace.places == 4 and workplace.min_age == 16 and workplace.max_age is None
    assert workplace.periods.count() == 2
    link = link_shown(client)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert workplace.contact_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(SummerWorkplace.objects.filter(pk=workplace.pk).values().get())
    # Shown once.
    assert client.get("/sommarjobb/arbetsplats/anmald/").status_code == 302
    page = english_client().get(link.replace("http://testserver", ""))
    assert page.status_code == 200
    assert "awaiting approval" in page.content.decode()


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"places": "0"}, "places", "greater than or equal to 1"),
        ({"min_age": "18", "max_age": "16"}, "max_age", "cannot be lower"),
        ({"periods": []}, "periods", "at least one period"),
        ({"contact_email": "not-an-address"}, "contact_email", "valid email"),
        ({"tasks": ""}, "tasks", "required"),
    ],
)
def test_a_bad_report_is_refused_and_nothing_is_written(summer, changes, field, message):
    before = SummerWorkplace.objects.count()
    response = report(english_client(), summer, **changes)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert SummerWorkplace.objects.count() == before


def test_the_contact_sees_only_the_young_people_who_accepted_a_place_there(summer):
    token, _run, accepted = placed_setup(summer)
    response = english_client().get(f"/sommarjobb/arbetsplats/{token}/")
    text = response.content.decode()
    assert "Alva Andersson" in text
    assert "Förälder" in text  # the guardian of an under-18
    for name in ("Olle", "Dana", "Eli"):
        assert name not in text
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
    entries = AuditEntry.objects.filter(action=AuditAction.SUMMER_APPLICATIONS_LISTED)
    assert objects_named(AuditAction.SUMMER_APPLICATIONS_LISTED) == [str(accepted.pk)]
    # The secret is not written to the audit log.
    assert token not in entries.get().path


def test_before_the_allocation_the_contact_sees_nobody(summer):
    token, run, _accepted = placed_setup(summer)
    run.offers_sent = False
    run.save()
    text = english_client().get(f"/sommarjobb/arbetsplats/{token}/").content.decode()
    assert "have not been given out yet" in text
    assert "Alva" not in text
    assert not AuditEntry.objects.filter(action=AuditAction.SUMMER_APPLICATIONS_LISTED).exists()


def test_one_workplaces_link_does_not_show_another_workplaces_young_people(summer):
    placed_setup(summer)
    token = "secret-token-for-the-park"
    summer.park.contact_token_hash = token_hash(token)
    summer.park.save()
    text = english_client().get(f"/sommarjobb/arbetsplats/{token}/").content.decode()
    assert "Eli Ek" in text and "Alva" not in text
    # An adult: no guardian shown.
    assert "Förälder" not in text
