"""Mina uppgifter (issue 18): the page and the PDF of everything recorded about the person, read
through their own selectors and logged on the channel `participant`; health entries and the
assessment's notes only as a sentence that they exist (ADR 0005, point 5); who has read the
data by unit and role, never a staff member's name; the consent and a request to take it back
that reaches the coach's Min dag and deletes nothing."""

import datetime as dt
import io
import warnings

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from jobbtorg.core.audit.models import AuditAction, AuditChannel, AuditEntry
from jobbtorg.core.text_pdf import LEFT_MARGIN, RIGHT_MARGIN, draw_line
from jobbtorg.participants.models import Assessment, ConsentWithdrawalRequest, Referral
from jobbtorg.participants.selectors import audit_extract
from jobbtorg.participants.selectors.consent_withdrawals import consent_withdrawals_awaiting
from jobbtorg.participants.selectors.for_participant import (
    assessments_visible_to_participant,
    consent_withdrawal_requests_visible_to_participant,
    has_health_entries,
    sharing_consents_visible_to_participant,
)
from jobbtorg.participants.services.assessments import assessment_update, health_entry_add
from jobbtorg.participants.services.case_messages import (
    message_from_participant,
    message_from_staff,
)
from jobbtorg.participants.services.consent_withdrawals import (
    TEXT_MAX_CHARACTERS,
    consent_withdrawal_handled,
)
from jobbtorg.participants.services.exits import exit_record
from jobbtorg.participants.services.sharing import case_sharing_consent_record
from jobbtorg.portal.middleware import PARTICIPANT_SESSION_KEY
from jobbtorg.providers.models import AttendanceRegister
from tests.factories import ProviderFactory
from tests.offering import offering_at, place
from tests.participants.scenarios import context
from tests.portal.cases import own_case, signed_in_as
from tests.portal.test_languages import in_language

pytestmark = pytest.mark.django_db

URL = "/mina-sidor/mina-uppgifter/"
PDF_URL = "/mina-sidor/mina-uppgifter/pdf/"
WITHDRAW_URL = "/mina-sidor/mina-uppgifter/samtycke/"
HEALTH_TEXT = "Ryggbesvär efter operation, får inte lyfta tungt."
WORK_HISTORY = "Arbetade som lagerarbetare i fem år, slutade efter konflikt."


def _portal_context():
    from jobbtorg.core.audit.events import AuditContext

    return AuditContext(actor=None, channel=AuditChannel.PARTICIPANT)


@pytest.fixture
def case(staff):
    coach = staff.coach_sydost
    coach.first_name, coach.last_name = "Cecilia", "Coachsson"
    coach.save()
    case = own_case(staff, first_name="Mona", last_name="Minsson")
    person = case.participant
    person.phone, person.email = "070-123 45 67", "mona@example.se"
    person.save()
    assessment, _ = Assessment.objects.get_or_create(referral=case, defaults={"updated_by": coach})
    assessment_update(
        actor=coach,
        audit_context=context(coach),
        assessment=assessment,
        based_on_version=assessment.version,
        values={"languages": "arabiska, svenska", "work_history": WORK_HISTORY},
    )
    health_entry_add(actor=coach, audit_context=context(coach), referral=case, text=HEALTH_TEXT)
    participation = place(
        case,
        offering_at(ProviderFactory(name="Jobbverkstan"), place="Farsta centrum"),
        coach,
        start=timezone.localdate() - dt.timedelta(days=20),
    )
    day = timezone.localdate() - dt.timedelta(days=10)
    AttendanceRegister.objects.create(
        participation=participation, day=day, status="present", registered_by=coach
    )
    AttendanceRegister.objects.create(
        participation=participation,
        day=day + dt.timedelta(days=1),
        status="absent_valid",
        reason="illness",
        registered_by=coach,
    )
    message = message_from_participant(
        participant=person,
        referral=case,
        subject="Tid för möte",
        body="Kan vi ses på tisdag?",
        audit_context=_portal_context(),
    )
    message_from_staff(
        actor=coach,
        thread=message.thread,
        body="Ja, klockan tio passar bra.",
        audit_context=context(coach),
    )
    return case


def _exited(case: Referral, coach) -> Referral:
    exit_record(
        actor=coach,
        audit_context=context(coach),
        referral=case,
        date=timezone.localdate(),
        reason="studies",
        studies_with_student_finance=True,
    )
    case.refresh_from_db()
    return case


def _page(person, **query) -> str:
    answer = signed_in_as(person).get(URL, query)
    assert answer.status_code == 200
    return answer.content.decode()


def _reads_section(page: str) -> str:
    return page.split('id="reads-heading"', 1)[1]


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_page_shows_what_is_recorded_about_the_person(case, staff):
    _exited(case, staff.coach_sydost)
    page = _page(case.participant)

    for shown in (
        "Mona Minsson",
        case.participant.personal_identity_number,
        "070-123 45 67",
        "mona@example.se",
        case.job_centre.name,
        case.district.name,
        "Cecilia Coachsson",
        "Söka tio jobb i veckan.",  # the approved plan's goal
        "Jobbverkstan",
        "Dagar närvarande: 1.",
        "Sjukdom",  # the day away, with its reason in words
        "Studier",  # the exit's destination in words
        "Kan vi ses på tisdag?",
        "Ja, klockan tio passar bra.",
        "arabiska, svenska",
    ):
        assert shown in page, shown


def test_health_entries_and_assessment_notes_are_only_said_to_exist(case):
    page = _page(case.participant)

    assert "Det finns anteckningar om hälsa. Fråga din coach." in page
    assert HEALTH_TEXT not in page
    assert "Ryggbesvär" not in page
    assert WORK_HISTORY not in page
    assert "Det finns anteckningar från dina samtal med din coach. Fråga din coach." in page


def test_a_draft_plan_is_not_shown(case, staff):
    from tests.participants.scenarios import activity, write_plan

    write_plan(case, staff.coach_sydost, [activity(goal="Utkastets hemliga mål.")], based_on=1)
    assert "Utkastets hemliga mål." not in _page(case.participant)


def test_another_persons_data_is_never_shown(case, staff):
    other = own_case(staff, first_name="Otto", last_name="Andersson")
    health_entry_add(
        actor=staff.coach_sydost,
        audit_context=context(staff.coach_sydost),
        referral=other,
        text="Annan persons hälsa.",
    )
    message_from_participant(
        participant=other.participant,
        referral=other,
        subject="Ottos ärende",
        body="Ottos meddelande.",
        audit_context=_portal_context(),
    )
    page = _page(case.participant)

    assert "Otto" not in page and "Andersson" not in page
    assert other.participant.personal_identity_number not in page
    assert "Ottos meddelande." not in page
    printed = pdf_text(signed_in_as(case.participant).get(PDF_URL).content)
    assert "Otto" not in printed and "Ottos meddelande." not in printed
    assert other.participant.personal_identity_number not in printed


def test_the_persons_own_selectors_never_return_another_persons_rows(case, staff):
    other = own_case(staff, first_name="Otto", last_name="Andersson")
    coach = staff.coach_sydost
    case_sharing_consent_record(
        actor=coach,
        audit_context=context(coach),
        referral=other,
        unit="district:skarpnack",
        shared_part="plans_and_exit",
    )
    ConsentWithdrawalRequest.objects.create(referral=other, text="Ottos begäran")
    me = case.participant

    assert not sharing_consents_visible_to_participant(me).exists()
    assert sharing_consents_visible_to_participant(other.participant).count() == 1
    assert not consent_withdrawal_requests_visible_to_participant(me).exists()
    assert consent_withdrawal_requests_visible_to_participant(other.participant).count() == 1
    assert {row["referral_id"] for row in assessments_visible_to_participant(me)} == {case.pk}
    assert has_health_entries(me)
    assert not has_health_entries(other.participant)


def test_the_read_is_logged_on_the_participants_channel(case):
    before = AuditEntry.objects.count()
    _page(case.participant)
    entry = AuditEntry.objects.get(action=AuditAction.MY_DATA_VIEWED)
    assert entry.participant_id == case.participant.pk
    assert entry.channel == AuditChannel.PARTICIPANT and entry.actor_id is None
    assert AuditEntry.objects.count() == before + 1


def test_who_has_read_shows_unit_and_role_never_the_staff_members_name(case, staff):
    reads = _reads_section(_page(case.participant))

    assert f"Coach på {staff.coach_sydost.job_centre.name}" in reads
    assert staff.officer_farsta.district.name in reads  # the officer who referred and approved
    for name in ("Cecilia", "Coachsson", "coach-sydost", "officer-farsta"):
        assert name not in reads
    # The person's own read of this page is theirs.
    assert "Du" in reads


def test_who_has_read_is_paged_with_the_latest_first(case, monkeypatch):
    monkeypatch.setattr(audit_extract, "READS_PER_PAGE", 3)
    first = _reads_section(_page(case.participant))
    # The newest entry is this very read, the person's own.
    assert (
        first.split("<li>")[1]
        .split("</li>")[0]
        .strip()
        .endswith("Läste allt som finns registrerat om personen")
    )
    assert "Du<br>" in first.split("<li>")[1]
    assert "Visa äldre" in first and "Visa nyare" not in first
    older = _reads_section(_page(case.participant, sida=2))
    assert "Visa nyare" in older
    assert "Läste allt som finns registrerat om personen" not in older


def test_the_pdf_has_the_persons_data_in_swedish_and_is_logged_as_printed(case, staff):
    _exited(case, staff.coach_sydost)
    answer = signed_in_as(case.participant).get(PDF_URL)

    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    text = pdf_text(answer.content)
    for shown in (
        "Mina uppgifter i Jobbtorg: Mona Minsson",
        f"Framtagen {timezone.localdate():%Y-%m-%d}",
        case.participant.personal_identity_number,
        "Söka tio jobb i veckan.",
        "Sjukdom",
        "Studier",
        "Kan vi ses på tisdag?",
        "Det finns anteckningar om hälsa. Fråga din coach.",
    ):
        assert shown in text, shown
    assert HEALTH_TEXT not in text and WORK_HISTORY not in text
    assert "Cecilia" not in text.split("Vem har läst")[1]
    assert AuditEntry.objects.filter(
        participant=case.participant,
        action=AuditAction.MY_DATA_PRINTED,
        channel=AuditChannel.PARTICIPANT,
    ).exists()


# The PDF in the portal's language --------------------------------------------------------

# Headings of the PDF that are the page's own, so translated in every portal language.
PDF_HEADINGS = ("About you", "Your cases", "Your consent", "Your plans", "Your messages")
A4_WIDTH = 595.44  # points


def _pdf_in(person, language: str) -> bytes:
    """The PDF with the language cookie at `language`; a glyph the font lacks fails the test
    (matplotlib would draw an empty box and only warn)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph", category=UserWarning)
        answer = in_language(signed_in_as(person), language).get(PDF_URL)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    return answer.content


def _line_starts(data: bytes) -> list[float]:
    """Where each line drawn on the first page starts (matplotlib moves to each text with
    the current transformation matrix)."""
    starts: list[float] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            starts.append(round(cm[4], 1))

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    return starts


@pytest.mark.parametrize("language", ["en", "ar", settings.PLAIN_SWEDISH])
def test_the_pdf_is_in_the_language_of_the_portal(case, language):
    text = pdf_text(_pdf_in(case.participant, language))

    words = text.replace("\u200f", " ").split()  # right-to-left marks are invisible
    with translation.override(language):
        for msgid in PDF_HEADINGS:
            heading = gettext(msgid)
            if language != "en":
                assert heading != msgid, f"{language}: {msgid} is not translated"
            # Word by word: a right-to-left line is read back from the PDF in drawn order.
            assert set(heading.split()) <= set(words), (language, heading)
    for shown in (
        "Mona Minsson",
        case.participant.personal_identity_number,
        "mona@example.se",
        "Söka tio jobb i veckan",  # in Arabic, the full stop goes to the other end
    ):
        assert shown in text, (language, shown)
    assert HEALTH_TEXT not in text and WORK_HISTORY not in text


def test_the_english_pdf_says_the_same_as_the_english_page(case):
    text = pdf_text(_pdf_in(case.participant, "en"))
    for shown in (
        "My data at Jobbtorg: Mona Minsson",
        "There are notes about your health. Ask your coach.",
        "Who has read your data",
        "Your coach: Cecilia Coachsson.",
    ):
        assert shown in text, shown


def test_the_arabic_pdf_is_right_aligned_and_the_swedish_left_aligned(case):
    left_margin = LEFT_MARGIN * A4_WIDTH
    swedish = set(_line_starts(_pdf_in(case.participant, "sv")))
    assert min(swedish) == pytest.approx(left_margin, abs=1)
    arabic = _line_starts(_pdf_in(case.participant, "ar"))
    # Right-aligned lines of different lengths start at different places, none at the left
    # margin (the helper's test below checks that they end at the right margin).
    assert min(arabic) > left_margin + 5
    assert len(set(arabic)) > 10


def test_the_pdf_says_when_it_holds_only_the_latest_reads(case, monkeypatch):
    assert "Vem har läst dina uppgifter (de senaste)" not in pdf_text(
        _pdf_in(case.participant, "sv")
    )
    monkeypatch.setattr(audit_extract, "READS_PER_PAGE", 3)
    assert "Vem har läst dina uppgifter (de senaste)" in pdf_text(_pdf_in(case.participant, "sv"))


def _drawn(language: str, msgid: str, *, right_to_left: bool):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    page = Figure(figsize=(8.27, 11.69))
    canvas = FigureCanvasAgg(page)
    with translation.override(language):
        drawn = draw_line(page, 0, "p", "  " + gettext(msgid), right_to_left=right_to_left)
    return drawn, drawn.get_window_extent(renderer=canvas.get_renderer()), page.bbox.width


def test_a_right_to_left_line_ends_at_the_right_margin():
    drawn, box, width = _drawn("ar", "Your messages", right_to_left=True)
    assert drawn.get_horizontalalignment() == "right"
    assert box.x1 == pytest.approx(RIGHT_MARGIN * width, abs=2)
    assert box.x0 > LEFT_MARGIN * width + 5


def test_a_left_to_right_line_starts_at_the_left_margin():
    drawn, box, width = _drawn("sv", "Your messages", right_to_left=False)
    assert drawn.get_horizontalalignment() == "left"
    assert box.x0 == pytest.approx(LEFT_MARGIN * width, abs=2)


def test_the_consent_is_said_in_words(case):
    page = _page(case.participant)
    assert "sa du ja till att dina uppgifter lämnas vidare" in page


def test_a_request_to_take_back_the_consent_is_recorded_audited_and_reaches_the_coach(case, staff):
    client = signed_in_as(case.participant)
    answer = client.post(WITHDRAW_URL, {"text": "Jag vill inte att stadsdelen ser min plan."})

    assert answer.status_code == 302
    request = ConsentWithdrawalRequest.objects.get(referral=case)
    assert request.text == "Jag vill inte att stadsdelen ser min plan."
    assert request.handled_at is None
    entry = AuditEntry.objects.get(action=AuditAction.CONSENT_WITHDRAWAL_REQUESTED)
    assert entry.channel == AuditChannel.PARTICIPANT and entry.participant_id == case.participant.pk
    assert "Jag vill inte" not in str(entry.changes)  # the text stays with the request
    # Nothing is deleted or changed by the request itself.
    case.refresh_from_db()
    assert case.consent_given is True
    # The page says what happens next.
    assert "Din coach kontaktar dig." in client.get(URL).content.decode()
    # The coach's Min dag lists it; another Jobbtorg's coach's does not.
    assert consent_withdrawals_awaiting(staff.coach_sydost) == [request]
    assert consent_withdrawals_awaiting(staff.coach_jarva) == []
    home = Client()
    home.force_login(staff.coach_sydost)
    assert (
        "Mona Minsson" in home.get("/").content.decode().split('id="consent-withdrawals-title"')[1]
    )


def test_the_coach_marks_the_request_handled_and_others_may_not(case, staff):
    request = ConsentWithdrawalRequest.objects.create(referral=case)
    from jobbtorg.core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        consent_withdrawal_handled(
            actor=staff.coach_jarva, request=request, audit_context=context(staff.coach_jarva)
        )
    handled = consent_withdrawal_handled(
        actor=staff.coach_sydost, request=request, audit_context=context(staff.coach_sydost)
    )
    assert handled.handled_at is not None and handled.handled_by == staff.coach_sydost
    assert consent_withdrawals_awaiting(staff.coach_sydost) == []


def test_a_too_long_text_is_refused_and_nothing_is_saved(case):
    before = AuditEntry.objects.filter(action=AuditAction.CONSENT_WITHDRAWAL_REQUESTED).count()
    answer = signed_in_as(case.participant).post(
        WITHDRAW_URL, {"text": "x" * (TEXT_MAX_CHARACTERS + 1)}
    )

    assert answer.status_code == 400
    page = answer.content.decode()
    assert f"Texten får vara högst {TEXT_MAX_CHARACTERS} tecken" in page
    assert "Vad vill du berätta?" in page  # the field named
    assert not ConsentWithdrawalRequest.objects.exists()
    after = AuditEntry.objects.filter(action=AuditAction.CONSENT_WITHDRAWAL_REQUESTED).count()
    assert after == before


@pytest.mark.parametrize("url", [URL, PDF_URL])
def test_a_staff_session_gets_404_and_nobody_signed_in_goes_to_the_sign_in(case, staff, url):
    coach = Client()
    coach.force_login(staff.coach_sydost)
    assert coach.get(url).status_code == 404
    assert coach.post(WITHDRAW_URL, {"text": ""}).status_code == 404
    answer = Client().get(url)
    assert answer.status_code == 302 and answer.url == "/mina-sidor/"
    assert not ConsentWithdrawalRequest.objects.exists()


def test_a_staff_sign_in_in_the_persons_browser_does_not_show_their_data(case, staff):
    client = signed_in_as(case.participant)
    client.force_login(staff.coach_sydost)
    assert client.get(URL).status_code == 404
    assert PARTICIPANT_SESSION_KEY not in client.session


def test_the_manager_sees_the_request_only_when_the_case_has_no_present_coach(case, staff):
    request = ConsentWithdrawalRequest.objects.create(referral=case)
    assert consent_withdrawals_awaiting(staff.manager_sydost) == []
    staff.coach_sydost.is_active = False
    staff.coach_sydost.save()
    assert consent_withdrawals_awaiting(staff.manager_sydost) == [request]
    assert consent_withdrawals_awaiting(staff.manager_jarva) == []
    assert consent_withdrawals_awaiting(staff.officer_farsta) == []


def test_marking_handled_on_min_dag_per_role(case, staff):
    request = ConsentWithdrawalRequest.objects.create(referral=case)
    url = f"/samtycke/{request.pk}/hanterad/"

    def post_as(user):
        client = Client()
        client.force_login(user)
        return client.post(url)

    assert post_as(staff.coach_jarva).status_code == 404  # not a case they may read
    assert post_as(staff.matcher_sydost).status_code == 403  # reads the case, does not act
    request.refresh_from_db()
    assert request.handled_at is None
    answer = post_as(staff.coach_sydost)
    assert answer.status_code == 302 and answer.url == "/"
    request.refresh_from_db()
    assert request.handled_by == staff.coach_sydost
    assert AuditEntry.objects.filter(
        action=AuditAction.CONSENT_WITHDRAWAL_HANDLED, actor=staff.coach_sydost
    ).exists()
