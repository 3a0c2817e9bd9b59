"""Staff pages: who may see and do what, approval of workplaces, the applications list and
the verified priority grounds, with their audit entries; the season page's steps; every page
at its address."""

import pytest
from django.urls import resolve, reverse

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.summerjobs.models import (
    SummerApplication,
    SummerWorkplace,
    VerifiedPriority,
    WorkplaceStatus,
)
from tests.conftest import client_for
from tests.factories import district
from tests.summerjobs.conftest import make_application, make_season

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
    listed = AuditEntry.objects.filter(action=AuditAction.SUMMER_APPLICATIONS_LISTED)
    assert [e.object_id for e in listed] == [str(olle.pk)]
    assert listed.get().actor == staff.matcher_sydost

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
    assert AuditEntry.objects.filter(action=AuditAction.SUMMER_APPLICATIONS_LISTED).count() == 50
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
    from tests.summerjobs.conftest import form_data

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
    from jobbtorg.core.errors import ValidationFailed
    from jobbtorg.summerjobs.selectors import season_figures
    from jobbtorg.summerjobs.services import allocation_run
    from tests.participants.scenarios import context

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
