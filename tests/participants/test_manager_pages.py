"""The manager's pages of the path: exceptions to the 18-month limit (R13), booking the first free
intake time for a referral that got none (R7), and the district officer marking inbox events as
handled. Who may, who is refused, what bad input gets, and what is logged."""

import datetime as dt

import pytest
from django.contrib.messages import constants as message_levels
from django.urls import reverse
from django.utils import timezone

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.participants.models import DistrictEvent, EventKind, IntakeSlot, LimitException
from jobbtorg.participants.services.limit_exceptions import limit_exception_request
from jobbtorg.plans.deadlines import case_deadlines
from tests.audit_reads import people_named
from tests.conftest import client_for
from tests.factories import ParticipantFactory
from tests.participants.scenarios import backdate, context, enrol, publish_slot, refer, tomorrow_at

pytestmark = pytest.mark.usefixtures("english")

# Enrolled this many days ago, the 18-month limit is 10 to 15 days ahead: flagged (R13).
NEAR_THE_LIMIT = 535


def en(user):
    return client_for(user, language="en")


def html_of(response) -> str:
    return response.content.decode()


def audited(action, **filters) -> int:
    return AuditEntry.objects.filter(action=action, **filters).count()


def near_the_limit(staff, **refer_kwargs):
    return backdate(
        enrol(refer(staff.officer_farsta, **refer_kwargs), staff.coach_sydost), NEAR_THE_LIMIT
    )


def limit_of(referral) -> dt.date:
    return case_deadlines(referral).participation_ends


def ask(staff, referral, days_after_limit: int = 90) -> LimitException:
    coach = staff.coach_sydost
    return limit_exception_request(
        actor=coach,
        audit_context=context(coach),
        referral=referral,
        reason="Undersköterskeutbildningen slutar i april; anställning utlovad.",
        until=limit_of(referral) + dt.timedelta(days=days_after_limit),
    )


def exception_url(referral) -> str:
    return reverse("participants:limit_exception", args=[referral.participant_id])


def decide_url(exception) -> str:
    return reverse("participants:exception_decide", args=[exception.pk])


def decision(exception, choice: str, note: str = "", **extra) -> dict:
    prefix = f"undantag-{exception.pk}"
    return {f"{prefix}-decision": choice, f"{prefix}-note": note, **extra}


def free_slot_in(coach, days: int) -> IntakeSlot:
    """A free intake time `days` ahead: beyond the 5 working days a referral books within."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return publish_slot(coach, timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0))))


# Asking for an exception (R13)


@pytest.mark.parametrize("username", ["coach_sydost", "manager_sydost"])
def test_the_participant_page_offers_an_exception_when_the_limit_is_near(staff, username):
    near = near_the_limit(staff, last_name="Nära")
    fresh = enrol(refer(staff.officer_farsta, last_name="Ny"), staff.coach_sydost)
    client = en(getattr(staff, username))

    near_page = html_of(client.get(reverse("web:participant", args=[near.participant_id])))
    fresh_page = html_of(client.get(reverse("web:participant", args=[fresh.participant_id])))

    assert exception_url(near) in near_page and "Ask for an exception" in near_page
    assert exception_url(fresh) not in fresh_page


@pytest.mark.parametrize("username", ["officer_farsta", "matcher_sydost"])
def test_the_exception_link_is_not_offered_to_roles_that_may_not_ask(staff, username):
    near = near_the_limit(staff)
    page = html_of(
        en(getattr(staff, username)).get(reverse("web:participant", args=[near.participant_id]))
    )
    assert exception_url(near) not in page


def test_a_coach_asks_for_an_exception_and_it_shows_on_the_page_and_in_the_log(staff):
    referral = near_the_limit(staff)
    until = limit_of(referral) + dt.timedelta(days=60)
    client = en(staff.coach_sydost)
    form = html_of(client.get(exception_url(referral)))
    assert limit_of(referral).isoformat() in form  # the limit the date must be after

    response = client.post(
        exception_url(referral),
        {"reason": "Praktik leder till anställning i maj.", "until": until.isoformat()},
    )

    detail = reverse("web:participant", args=[referral.participant_id])
    assert response.status_code == 302
    assert response["Location"] == f"{detail}#exceptions-title"
    exception = LimitException.objects.get()
    assert exception.referral == referral and exception.until == until
    assert exception.requested_by == staff.coach_sydost and exception.approved is None
    assert audited(
        AuditAction.LIMIT_EXCEPTION_REQUESTED,
        actor=staff.coach_sydost,
        participant=referral.participant,
        object_id=str(exception.pk),
    )
    page = html_of(client.get(detail))
    assert "Awaiting the manager's decision" in page
    assert "Praktik leder till anställning i maj." in page
    timeline = page.split('class="timeline"')[1]
    assert f"Exception to the 18-month limit asked for, until {until.isoformat()}" in timeline
    # One at a time: no second link while this one waits.
    assert exception_url(referral) not in page


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ({"reason": "", "until": "+60"}, "reason", "Give the reasons for the exception."),
        ({"reason": "   ", "until": "+60"}, "reason", "Give the reasons for the exception."),
        ({"reason": "Skäl som hålls kvar.", "until": ""}, "until", "Give the date"),
        ({"reason": "Skäl som hålls kvar.", "until": "-1"}, "until", "must be after the limit"),
        ({"reason": "Skäl som hålls kvar.", "until": "+0"}, "until", "must be after the limit"),
    ],
)
def test_bad_input_on_the_exception_form_is_named_on_its_field_and_nothing_is_written(
    staff, typed, field, message
):
    referral = near_the_limit(staff)
    limit = limit_of(referral)
    until = typed["until"]
    if until:
        until = (limit + dt.timedelta(days=int(until))).isoformat()
    before = AuditEntry.objects.count()

    response = en(staff.coach_sydost).post(
        exception_url(referral), {"reason": typed["reason"], "until": until}
    )

    html = html_of(response)
    assert response.status_code == 200
    assert f'href="#id_{field}"' in html and message in html
    if typed["reason"].strip():
        assert typed["reason"] in html  # what was typed is kept
    if until:
        assert f'value="{until}"' in html
    assert not LimitException.objects.exists()
    new_actions = set(AuditEntry.objects.order_by("id")[before:].values_list("action", flat=True))
    assert new_actions == {AuditAction.PARTICIPANT_VIEWED}


@pytest.mark.parametrize("username", ["officer_farsta", "matcher_sydost"])
def test_the_exception_form_is_refused_to_other_roles_with_a_reason(staff, username):
    referral = near_the_limit(staff)
    client = en(getattr(staff, username))
    until = (limit_of(referral) + dt.timedelta(days=30)).isoformat()
    for response in (
        client.get(exception_url(referral)),
        client.post(exception_url(referral), {"reason": "Skäl", "until": until}),
    ):
        assert response.status_code == 403
        assert "is done by the coach or manager at Jobbtorg Sydost" in html_of(response)
    assert not LimitException.objects.exists()


def test_the_exception_form_is_404_for_another_jobbtorg(staff):
    referral = near_the_limit(staff)
    before = AuditEntry.objects.count()
    response = en(staff.coach_jarva).post(
        exception_url(referral), {"reason": "Skäl", "until": "2099-01-01"}
    )
    assert response.status_code == 404
    assert not LimitException.objects.exists()
    assert AuditEntry.objects.count() == before


def test_a_second_exception_waits_for_the_first_to_be_decided(staff):
    referral = near_the_limit(staff)
    ask(staff, referral)
    client = en(staff.coach_sydost)
    html = html_of(client.get(exception_url(referral)))
    assert "awaits the manager&#x27;s decision" in html
    until = (limit_of(referral) + dt.timedelta(days=10)).isoformat()
    client.post(exception_url(referral), {"reason": "Igen", "until": until})
    assert LimitException.objects.count() == 1


def test_an_exception_is_asked_for_only_in_an_ongoing_participation(staff):
    referred = refer(staff.officer_farsta)
    html = html_of(en(staff.coach_sydost).get(exception_url(referred)))
    assert "Only an ongoing participation can be extended." in html


# The manager's decision


def test_the_managers_day_lists_exceptions_to_decide_and_logs_the_people(staff):
    referral = near_the_limit(staff, last_name="Undantag")
    exception = ask(staff, referral)

    html = html_of(en(staff.manager_sydost).get(reverse("web:home")))

    section = html.split('id="exceptions-title"')[1].split("</section>")[0]
    assert referral.participant.full_name in section
    assert exception.until.isoformat() in section
    assert "Undersköterskeutbildningen slutar i april" in section
    assert f'action="{decide_url(exception)}"' in section
    assert f'name="undantag-{exception.pk}-decision" value="approve"' in section
    assert f'name="undantag-{exception.pk}-decision" value="refuse"' in section
    assert f'for="id_undantag-{exception.pk}-note"' in section  # the note has its label
    assert referral.participant_id in people_named(
        AuditAction.PARTICIPANT_LISTED, actor=staff.manager_sydost
    )


def test_another_jobbtorgs_manager_does_not_see_the_exception(staff):
    referral = near_the_limit(staff, last_name="Undantag")
    ask(staff, referral)
    html = html_of(en(staff.manager_jarva).get(reverse("web:home")))
    assert referral.participant.full_name not in html
    assert "No exception to the 18-month limit awaits your decision." in html


def test_the_manager_approves_from_min_dag_and_the_limit_moves(staff):
    referral = near_the_limit(staff)
    exception = ask(staff, referral)
    home = reverse("web:home") + "#exceptions-title"

    response = en(staff.manager_sydost).post(
        decide_url(exception), decision(exception, "approve", next=home)
    )

    assert response.status_code == 302 and response["Location"] == home
    exception.refresh_from_db()
    assert exception.approved is True and exception.decided_by == staff.manager_sydost
    assert limit_of(referral) == exception.until
    assert audited(
        AuditAction.LIMIT_EXCEPTION_DECIDED,
        actor=staff.manager_sydost,
        participant=referral.participant,
    )
    page = html_of(
        en(staff.coach_sydost).get(reverse("web:participant", args=[referral.participant_id]))
    )
    until = exception.until.isoformat()
    assert f"Exception approved: the participation may go on until {until}" in page
    after = html_of(en(staff.manager_sydost).get(reverse("web:home")))
    assert decide_url(exception) not in after


def test_the_manager_refuses_with_a_note_the_coach_sees(staff):
    referral = near_the_limit(staff)
    limit = limit_of(referral)
    exception = ask(staff, referral)

    response = en(staff.manager_sydost).post(
        decide_url(exception), decision(exception, "refuse", "Inga särskilda skäl.")
    )

    assert response.status_code == 302
    exception.refresh_from_db()
    assert exception.approved is False and exception.decision_note == "Inga särskilda skäl."
    assert limit_of(referral) == limit
    assert audited(AuditAction.LIMIT_EXCEPTION_DECIDED, actor=staff.manager_sydost)
    page = html_of(
        en(staff.coach_sydost).get(reverse("web:participant", args=[referral.participant_id]))
    )
    assert "Exception refused" in page and "Inga särskilda skäl." in page


def test_a_refusal_without_a_note_is_named_on_the_note_and_nothing_is_decided(staff):
    referral = near_the_limit(staff)
    exception = ask(staff, referral)
    home = reverse("web:home") + "#exceptions-title"

    response = en(staff.manager_sydost).post(
        decide_url(exception), decision(exception, "refuse", "  ", next=home)
    )

    html = html_of(response)
    assert response.status_code == 200
    assert f'href="#id_undantag-{exception.pk}-note"' in html
    assert "Say why the exception is refused." in html
    assert f'name="next" value="{home}"' in html  # still goes back to Min dag afterwards
    exception.refresh_from_db()
    assert exception.approved is None and exception.decided_by is None
    assert not audited(AuditAction.LIMIT_EXCEPTION_DECIDED)


def test_a_decision_without_approve_or_refuse_is_refused_by_the_form(staff):
    exception = ask(staff, near_the_limit(staff))
    response = en(staff.manager_sydost).post(decide_url(exception), {"next": "/"})
    assert response.status_code == 200
    assert "Choose approve or refuse." in html_of(response)
    exception.refresh_from_db()
    assert exception.approved is None


def test_the_decision_page_shows_the_request_and_logs_the_view(staff):
    referral = near_the_limit(staff)
    exception = ask(staff, referral)
    response = en(staff.manager_sydost).get(decide_url(exception))
    html = html_of(response)
    assert response.status_code == 200
    assert "Undersköterskeutbildningen slutar i april" in html
    assert audited(
        AuditAction.PARTICIPANT_VIEWED,
        actor=staff.manager_sydost,
        participant=referral.participant,
    )
    page = html_of(
        en(staff.manager_sydost).get(reverse("web:participant", args=[referral.participant_id]))
    )
    assert decide_url(exception) in page  # the manager decides from the person's page too


def test_a_decided_exception_cannot_be_decided_again(staff):
    exception = ask(staff, near_the_limit(staff))
    client = en(staff.manager_sydost)
    client.post(decide_url(exception), decision(exception, "approve"))
    response = client.post(decide_url(exception), decision(exception, "refuse", "Ändrat mig."))
    assert response.status_code == 200
    assert "already decided" in html_of(response)
    exception.refresh_from_db()
    assert exception.approved is True and exception.decision_note == ""


@pytest.mark.parametrize("username", ["coach_sydost", "matcher_sydost", "officer_farsta"])
def test_only_the_manager_decides_and_others_are_told_who_does(staff, username):
    exception = ask(staff, near_the_limit(staff))
    client = en(getattr(staff, username))
    for response in (
        client.get(decide_url(exception)),
        client.post(decide_url(exception), decision(exception, "approve")),
    ):
        assert response.status_code == 403
        assert "Only the manager of Jobbtorg Sydost decides" in html_of(response)
    exception.refresh_from_db()
    assert exception.approved is None
    assert not audited(AuditAction.LIMIT_EXCEPTION_DECIDED)


@pytest.mark.parametrize("username", ["manager_jarva", "coach_jarva", "officer_rinkeby", "analyst"])
def test_an_exception_outside_the_users_scope_is_404_and_logs_nothing(staff, username):
    exception = ask(staff, near_the_limit(staff))
    before = AuditEntry.objects.count()
    client = en(getattr(staff, username))
    assert client.get(decide_url(exception)).status_code == 404
    assert client.post(decide_url(exception), decision(exception, "approve")).status_code == 404
    exception.refresh_from_db()
    assert exception.approved is None
    assert AuditEntry.objects.count() == before


# Booking the first free time (R7)


def test_the_managers_no_slot_list_has_a_booking_button_per_row(staff):
    no_slot = refer(staff.officer_farsta, last_name="Utantid")
    free_slot_in(staff.coach_sydost, days=30)
    html = html_of(en(staff.manager_sydost).get(reverse("web:home")))
    section = html.split('id="no-slot-title"')[1].split("</section>")[0]
    book = reverse("participants:first_meeting_book", args=[no_slot.participant_id])
    assert f'action="{book}"' in section
    assert "Book the first free time" in section
    assert "The first free time now:" in section


def test_the_no_slot_list_is_paged_the_longest_waiting_first(staff, settings):
    settings.JOBBTORG_PAGE_SIZE = 2
    waiting = [refer(staff.officer_farsta, last_name=f"Utantid{n}") for n in range(3)]
    client = en(staff.manager_sydost)
    first = client.get(reverse("web:home"))
    second = client.get(reverse("web:home") + "?obokade=2&sida=1")
    assert [c.pk for c in first.context["no_slot"]] == [w.pk for w in waiting[:2]]
    assert [c.pk for c in second.context["no_slot"]] == [waiting[2].pk]
    section = html_of(first).split('id="no-slot-title"')[1].split("</section>")[0]
    assert "3 people are referred with no first meeting booked" in section
    assert 'href="?obokade=2#no-slot-title"' in section
    # Each view names the people of the page it showed.
    entries = AuditEntry.objects.filter(
        action=AuditAction.PARTICIPANT_LISTED, actor=staff.manager_sydost
    ).order_by("id")
    assert [{p.participant_id for p in entry.people.all()} for entry in entries] == [
        {w.participant_id for w in waiting[:2]},
        {waiting[2].participant_id},
    ]


def test_the_manager_books_the_first_free_time_however_far_ahead(staff):
    referral = refer(staff.officer_farsta)  # nothing free within 5 working days
    later = free_slot_in(staff.coach_sydost, days=40)
    free_slot_in(staff.coach_sydost, days=60)
    home = reverse("web:home") + "#no-slot-title"
    client = en(staff.manager_sydost)

    response = client.post(
        reverse("participants:first_meeting_book", args=[referral.participant_id]),
        {"next": home},
    )

    assert response.status_code == 302 and response["Location"] == home
    later.refresh_from_db()
    assert later.referral == referral
    assert audited(
        AuditAction.FIRST_MEETING_BOOKED,
        actor=staff.manager_sydost,
        participant=referral.participant,
    )
    page = client.get(reverse("web:home"))
    shown = [(m.level, str(m)) for m in page.context["messages"]]
    when = timezone.localtime(later.starts_at).strftime("%Y-%m-%d %H:%M")
    assert (
        message_levels.SUCCESS,
        f"The first meeting of Amira Hassan is booked for {when} "
        "with coach-sydost: tell the person.",
    ) in shown
    assert referral.participant.full_name not in html_of(page).split('id="no-slot-title"')[1]


def test_with_no_free_time_the_page_gone_back_to_says_so_as_an_error(staff):
    referral = refer(staff.officer_farsta)
    client = en(staff.manager_sydost)

    response = client.post(
        reverse("participants:first_meeting_book", args=[referral.participant_id]),
        {"next": reverse("web:home")},
        follow=True,
    )

    assert response.redirect_chain == [(reverse("web:home"), 302)]
    shown = [(m.level, str(m)) for m in response.context["messages"]]
    assert shown == [
        (
            message_levels.ERROR,
            "There is no free intake time. Ask a coach to publish more times.",
        )
    ]
    assert "message--error" in html_of(response)
    assert not IntakeSlot.objects.filter(referral=referral).exists()
    assert not audited(AuditAction.FIRST_MEETING_BOOKED)


def test_a_next_address_elsewhere_is_ignored(staff):
    referral = refer(staff.officer_farsta)
    response = en(staff.manager_sydost).post(
        reverse("participants:first_meeting_book", args=[referral.participant_id]),
        {"next": "https://example.com/"},
    )
    assert response["Location"] == reverse("web:participant", args=[referral.participant_id])


def test_a_coach_books_from_the_participant_page(staff):
    referral = refer(staff.officer_farsta)
    slot = free_slot_in(staff.coach_sydost, days=20)
    detail = reverse("web:participant", args=[referral.participant_id])
    book = reverse("participants:first_meeting_book", args=[referral.participant_id])
    client = en(staff.coach_sydost)
    assert f'action="{book}"' in html_of(client.get(detail))
    assert "The earliest free intake time at Jobbtorg Sydost" in html_of(client.get(book))

    response = client.post(book, {"next": detail}, follow=True)

    slot.refresh_from_db()
    assert slot.referral == referral
    html = html_of(response)
    assert "is booked for" in html
    assert f'action="{book}"' not in html  # booked: no second button


def test_no_booking_button_when_a_time_is_booked_or_for_the_district(staff):
    publish_slot(staff.coach_sydost, tomorrow_at())
    booked = refer(staff.officer_farsta, last_name="Bokad")
    unbooked = refer(staff.officer_farsta, last_name="Obokad")
    coach = en(staff.coach_sydost)
    officer = en(staff.officer_farsta)
    for referral, client, shown in (
        (booked, coach, False),
        (unbooked, coach, True),
        (unbooked, officer, False),
    ):
        book = reverse("participants:first_meeting_book", args=[referral.participant_id])
        page = html_of(client.get(reverse("web:participant", args=[referral.participant_id])))
        assert (f'action="{book}"' in page) is shown


def test_a_booked_referral_is_not_booked_again(staff):
    first = publish_slot(staff.coach_sydost, tomorrow_at())
    referral = refer(staff.officer_farsta)
    free_slot_in(staff.coach_sydost, days=30)
    response = en(staff.manager_sydost).post(
        reverse("participants:first_meeting_book", args=[referral.participant_id]), follow=True
    )
    assert "A first meeting is already booked." in html_of(response)
    assert list(IntakeSlot.objects.filter(referral=referral)) == [first]


@pytest.mark.parametrize("username", ["officer_farsta", "matcher_sydost"])
def test_booking_is_refused_to_other_roles_with_a_reason(staff, username):
    referral = refer(staff.officer_farsta)
    slot = free_slot_in(staff.coach_sydost, days=30)
    response = en(getattr(staff, username)).post(
        reverse("participants:first_meeting_book", args=[referral.participant_id])
    )
    assert response.status_code == 403
    assert "Booking a first meeting is done by the coach or manager" in html_of(response)
    slot.refresh_from_db()
    assert slot.referral is None


@pytest.mark.parametrize("username", ["manager_jarva", "coach_jarva", "officer_rinkeby"])
def test_booking_outside_scope_is_404(staff, username):
    referral = refer(staff.officer_farsta)
    slot = free_slot_in(staff.coach_sydost, days=30)
    response = en(getattr(staff, username)).post(
        reverse("participants:first_meeting_book", args=[referral.participant_id])
    )
    assert response.status_code == 404
    slot.refresh_from_db()
    assert slot.referral is None


def test_booking_for_a_person_never_referred_says_so(staff):
    person = ParticipantFactory()
    url = reverse("participants:first_meeting_book", args=[person.pk])
    client = en(staff.manager_sydost)
    assert "The person has no open referral." in html_of(client.get(url))
    response = client.post(url, follow=True)
    assert "The person has no open referral." in html_of(response)


# The inbox: handled


def unhandled_event(staff, **refer_kwargs) -> DistrictEvent:
    referral = refer(staff.officer_farsta, **refer_kwargs)
    return DistrictEvent.objects.create(
        district=referral.participant.home_district,
        participant=referral.participant,
        referral=referral,
        kind=EventKind.NO_SHOW,
        occurred_at=timezone.now(),
        summary="Kom inte till första mötet.",
    )


def handle_url(event) -> str:
    return reverse("participants:inbox_handle", args=[event.pk])


def test_each_unhandled_event_has_a_button_and_a_handled_one_says_by_whom(staff):
    event = unhandled_event(staff, last_name="Ohanterad")
    client = en(staff.officer_farsta)
    inbox = html_of(client.get(reverse("participants:inbox")))
    assert f'action="{handle_url(event)}"' in inbox and "Mark as handled" in inbox

    response = client.post(handle_url(event), {"next": reverse("participants:inbox") + "?sida=1"})

    assert response.status_code == 302
    assert response["Location"] == reverse("participants:inbox") + "?sida=1"
    event.refresh_from_db()
    assert event.handled_by == staff.officer_farsta and event.handled_at is not None
    after = html_of(client.get(reverse("participants:inbox")))
    row = after.split("<tbody>")[1].split("Ohanterad")[1].split("</tr>")[0]
    assert "Handled" in row and "by officer-farsta" in row
    assert timezone.localtime(event.handled_at).strftime("%Y-%m-%d %H:%M") in row
    assert f'action="{handle_url(event)}"' not in after
    assert "0 events are not handled yet" in after
    assert event.referral.participant_id in people_named(
        AuditAction.PARTICIPANT_LISTED, actor=staff.officer_farsta
    )


def test_another_districts_event_is_404_and_stays_unhandled(staff):
    event = unhandled_event(staff)
    response = en(staff.officer_skarpnack).post(handle_url(event))
    assert response.status_code == 404
    event.refresh_from_db()
    assert event.handled_at is None


@pytest.mark.parametrize("username", ["coach_sydost", "manager_sydost", "analyst"])
def test_only_officers_handle_inbox_events(staff, username):
    event = unhandled_event(staff)
    response = en(getattr(staff, username)).post(handle_url(event))
    assert response.status_code == 403
    assert "social-assistance officers" in html_of(response)
    event.refresh_from_db()
    assert event.handled_at is None


def test_handling_is_a_post(staff):
    event = unhandled_event(staff)
    assert en(staff.officer_farsta).get(handle_url(event)).status_code == 405
    event.refresh_from_db()
    assert event.handled_at is None


def test_the_manager_sees_the_jobbtorgs_intake_times_but_no_form_to_publish(staff):
    from django.urls import reverse

    from tests.conftest import client_for

    html = (
        client_for(staff.manager_sydost).get(reverse("participants:intake_slots")).content.decode()
    )
    assert 'name="time"' not in html
    coach_html = (
        client_for(staff.coach_sydost).get(reverse("participants:intake_slots")).content.decode()
    )
    assert 'name="time"' in coach_html
