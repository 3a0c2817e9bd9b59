"""The public application form, the confirmation code, replacement, and the applicant's page."""

import datetime as dt
import hashlib
import re

import pytest
from django.test import Client
from django.utils import timezone

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.summerjobs.models import (
    ApplicationChoice,
    Explanation,
    Offer,
    OfferStatus,
    SeasonStatus,
    SummerApplication,
)
from jobbtorg.summerjobs.services.confirmation_codes import CODE_ALPHABET, CODE_LENGTH, code_hash
from tests.conftest import english_client
from tests.summerjobs.conftest import (
    form_data,
    make_application,
    make_offer,
    make_run,
    make_season,
    pin_aged,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

URL = "/sommarjobb/"
MINE = "/sommarjobb/min-ansokan/"


def apply(client, summer, **changes):
    return client.post(URL, form_data(summer, **changes))


def code_shown(client) -> str:
    page = client.get("/sommarjobb/skickad/").content.decode()
    start = page.index('id="confirmation-code">') + len('id="confirmation-code">')
    return page[start : page.index("<", start)]


# Sending an application


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
    from tests.factories import district

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


# Replacing an application


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


def _answer(client, summer, pin):
    """What the sender of the form sees: the status, where it leads, and the receipt page with
    its code (and the page's CSRF token) masked; and the code."""
    response = apply(client, summer, personal_identity_number=pin, first_name="Mallory")
    receipt = client.get(response["Location"])
    text = receipt.content.decode()
    start = text.index('id="confirmation-code">') + len('id="confirmation-code">')
    code = text[start : text.index("<", start)]
    masked = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text.replace(code, "CODE"))
    return (response.status_code, response["Location"], receipt.status_code, masked), code


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


# The applicant's own page


def sign_in_as_applicant(client, pin, code):
    return client.post(MINE, {"personal_identity_number": pin, "confirmation_code": code})


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


def test_answering_without_the_code_does_nothing(summer):
    application = make_application(summer, code="ABCDEFGHJK")
    offer = make_offer(make_run(summer), application, summer.library)
    response = Client().post(
        "/sommarjobb/min-ansokan/svar/", {"offer": offer.pk, "answer": "accept"}
    )
    assert response.status_code == 302
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
