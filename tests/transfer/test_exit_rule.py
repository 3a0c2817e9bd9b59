"""One exit rule on every path: the same bad exit gets the same problem whether a coach records
it (the exit service behind the page and the API) or it arrives in a transfer file (the
validator). Both ask engines/rules/exit.py; a job on an exit that is not to work is refused on
both, never silently dropped."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from jobbtorg.core.errors import ValidationFailed
from jobbtorg.engines.rules import exit as exit_rule
from jobbtorg.engines.transfer.rows import EXIT_COLUMNS
from jobbtorg.engines.transfer.validate import validate
from jobbtorg.participants.models import EmploymentExtent, EmploymentForm, Exit, ExitReason
from jobbtorg.participants.services.exits import exit_record
from jobbtorg.transfer.services.checks import known_people, reference_codes
from tests.conftest import api_client_for, client_for
from tests.engines.transfer.builders import transfer_input
from tests.participants.scenarios import context, enrol, refer

pytestmark = pytest.mark.usefixtures("english")
TODAY = timezone.localdate()

NO_JOB = {
    "form": "",
    "extent": "",
    "hours_per_week": "",
    "wage_subsidy": None,
    "employer": "",
    "occupation_ssyk": "",
}
JOB = {**NO_JOB, "form": "permanent", "extent": "full", "wage_subsidy": False}

# (what is wrong, the exit: reason, days before today, explanation, the job)
BAD_EXITS = [
    ("no reason", "", 0, "", NO_JOB),
    ("an unknown reason", "fired", 0, "", NO_JOB),
    ("a date ahead", "moved", -1, "", NO_JOB),
    ("a date before the referral", "moved", 30, "", NO_JOB),
    ("work without the job", "work", 0, "", NO_JOB),
    ("part time without hours", "work", 0, "", {**JOB, "extent": "part"}),
    ("hours above 80", "work", 0, "", {**JOB, "hours_per_week": "80.5"}),
    ("hours of 0", "work", 0, "", {**JOB, "hours_per_week": "0"}),
    ("hours to the minute", "work", 0, "", {**JOB, "hours_per_week": "37.25"}),
    ("an employer too long", "work", 0, "", {**JOB, "employer": "x" * 201}),
    ("an unknown form", "work", 0, "", {**JOB, "form": "seasonal"}),
    ("a job on studies", "studies", 0, "", {**NO_JOB, "form": "permanent", "employer": "AB"}),
    ("a wage subsidy on a move", "moved", 0, "", {**NO_JOB, "wage_subsidy": False}),
]


@pytest.fixture
def case(staff):
    referral = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    referral.referred_at -= dt.timedelta(days=10)
    referral.save(update_fields=["referred_at"])
    return referral


def _service_problems(case, coach, reason, days, reason_text, job) -> set[tuple[str, str]]:
    with pytest.raises(ValidationFailed) as refused:
        exit_record(
            actor=coach,
            audit_context=context(coach),
            referral=case,
            date=TODAY - dt.timedelta(days=days),
            reason=reason,
            reason_text=reason_text,
            employment=job,
        )
    return {
        (EXIT_COLUMNS[exit_rule.Field(field)], message)
        for field, messages in refused.value.errors.items()
        for message in messages
    }


def _transfer_problems(case, reason, days, reason_text, job) -> set[tuple[str, str]]:
    person = case.participant
    row = {
        "personnummer": person.personal_identity_number,
        "exit_date": (TODAY - dt.timedelta(days=days)).isoformat(),
        "reason": reason,
        "reason_text": reason_text,
        "employment_form": job["form"],
        "extent": job["extent"],
        "hours_per_week": job["hours_per_week"],
        "wage_subsidy": {None: "", True: "yes", False: "no"}[job["wage_subsidy"]],
        "employer": job["employer"],
        "occupation_ssyk": job["occupation_ssyk"],
    }
    participant = {
        "personnummer": person.personal_identity_number,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "home_district": case.district.slug,
        "target_group": case.target_group.code,
        "referred_on": timezone.localdate(case.referred_at).isoformat(),
        "enrolled_on": case.enrolled_on.isoformat(),
        "coach": "",
        "af_registered": "",
    }
    result = validate(
        transfer_input({"participants": [participant], "exits": [row]}),
        reference_codes(),
        today=TODAY,
        known_people=known_people(),
    )
    return {(r.column, r.message) for r in result.rejects if r.file == "exits.csv"}


@pytest.mark.parametrize(("what", "reason", "days", "reason_text", "job"), BAD_EXITS)
def test_the_same_bad_exit_gets_the_same_problem_on_both_paths(
    staff, case, what, reason, days, reason_text, job
):
    refused = _service_problems(case, staff.coach_sydost, reason, days, reason_text, job)
    rejected = _transfer_problems(case, reason, days, reason_text, job)
    assert refused, what
    assert refused == rejected, what
    assert not Exit.objects.exists()


def test_other_unexplained_is_refused_on_the_page_but_valid_in_a_version_1_transfer(staff, case):
    """Version 1 of the format had no reason_text: such a row is imported with a warning
    (tests/transfer/test_version_1_promises.py), while a coach is asked to explain."""
    refused = _service_problems(case, staff.coach_sydost, "other", 0, "", NO_JOB)
    assert {column for column, _message in refused} == {"reason_text"}
    assert _transfer_problems(case, "other", 0, "", NO_JOB) == set()


def test_a_good_exit_is_taken_on_both_paths(staff, case):
    job = {**JOB, "extent": "part", "hours_per_week": "0.5"}
    assert _transfer_problems(case, "work", 0, "", job) == set()
    exit_ = exit_record(
        actor=staff.coach_sydost,
        audit_context=context(staff.coach_sydost),
        referral=case,
        date=TODAY,
        reason="work",
        employment=job,
    )
    assert exit_.hours_per_week == Decimal("0.5")


def _refused(coach, case, **exit_) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as refused:
        exit_record(actor=coach, audit_context=context(coach), referral=case, date=TODAY, **exit_)
    return refused.value


def test_the_service_no_longer_drops_a_job_given_with_another_reason(staff, case):
    refused = _refused(
        staff.coach_sydost,
        case,
        reason="studies",
        employment={"employer": "Bageriet AB"},
        studies_with_student_finance=True,
    )
    assert list(refused.errors) == ["employment.employer"]
    assert "recorded only for an exit to work" in refused.errors["employment.employer"][0]


def test_student_finance_belongs_to_an_exit_to_studies(staff, case):
    refused = _refused(staff.coach_sydost, case, reason="moved", studies_with_student_finance=False)
    assert list(refused.errors) == ["studies_with_student_finance"]


def test_the_exit_page_refuses_a_job_on_another_reason_on_its_field(staff, case):
    response = client_for(staff.coach_sydost, "en").post(
        reverse("web:participant_exit", args=[case.participant_id]),
        {"date": TODAY.isoformat(), "reason": "studies", "employer": "Bageriet AB"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_employer"' in html and "recorded only for an exit to work" in html
    assert not Exit.objects.exists()


def test_the_exit_page_says_what_hours_it_accepts(staff, case):
    response = client_for(staff.coach_sydost, "en").post(
        reverse("web:participant_exit", args=[case.participant_id]),
        {
            "date": TODAY.isoformat(),
            "reason": "work",
            "employment_form": "permanent",
            "extent": "part",
            "hours_per_week": "90",
            "wage_subsidy": "no",
        },
    )
    html = response.content.decode()
    assert 'href="#id_hours_per_week"' in html
    assert "a number above 0 and at most 80, with one decimal at most" in html
    assert "1 to 80" not in html


def test_the_api_refuses_a_job_on_another_reason(staff, case):
    response = api_client_for(staff.coach_sydost).post(
        f"/api/v1/participants/{case.participant_id}/exit",
        {
            "date": TODAY.isoformat(),
            "reason": "moved",
            "employment": {"form": "permanent"},
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "employment.form" in response.json()["errors"]


def test_the_rule_knows_the_codes_the_database_stores():
    assert {r.value for r in exit_rule.ExitReason} == set(ExitReason.values)
    assert {f.value for f in exit_rule.EmploymentForm} == set(EmploymentForm.values)
    assert {e.value for e in exit_rule.EmploymentExtent} == set(EmploymentExtent.values)
