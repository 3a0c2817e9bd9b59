"""The import goes through the product's rules where only the product knows the answer: the
exit rule with the case's referral date, the plan workflow for a version already here, and the
exit's effect on an open interruption, as the exit service has it."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from jobbtorg.participants.models import Exit, Interruption, Referral
from jobbtorg.plans.models import PlanVersion
from tests.factories import valid_personal_identity_number

pytestmark = pytest.mark.django_db

PERSON = valid_personal_identity_number(951)
TODAY = timezone.localdate()
PARTICIPANTS = (
    "personnummer,first_name,last_name,home_district,target_group,referred_on,enrolled_on,"
    "coach,af_registered\n"
)
PLANS = "personnummer,plan_ref,drawn_up_on,start,end,approved_on\n"


def day(days_ago: int) -> str:
    return (TODAY - dt.timedelta(days=days_ago)).isoformat()


def run(tmp_path, name: str, files: dict[str, str]):
    directory = tmp_path / name
    directory.mkdir()
    for file, text in files.items():
        (directory / f"{file}.csv").write_text(text, encoding="utf-8")
    out = io.StringIO()
    try:
        call_command("transfer", "import", str(directory), stdout=out, stderr=io.StringIO())
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), directory


@pytest.fixture
def known(tmp_path):
    """A person already in the product, referred 40 days ago and enrolled, with an open
    interruption."""
    code, out, _ = run(
        tmp_path,
        "first",
        {
            "participants": PARTICIPANTS + f"{PERSON},Ada,Ek,farsta,resurs,{day(40)},{day(38)},,\n",
            "interruptions": f"personnummer,reason,start,end\n{PERSON},illness,{day(20)},\n",
        },
    )
    assert code == 0, out
    return Referral.objects.get()


def test_an_exit_before_the_referral_of_a_known_person_is_rejected_at_import(tmp_path, known):
    code, out, directory = run(
        tmp_path, "exit", {"exits": f"personnummer,exit_date,reason\n{PERSON},{day(50)},moved\n"}
    )
    assert code == 1
    # In the installation's language, Swedish, as on the page and in the rejects file.
    assert f"exits.csv row 2, exit_date: Avslutet ({day(50)}) är före anvisningen" in out
    assert (directory.parent / "exit.rejects.csv").exists()
    assert not Exit.objects.exists()
    known.refresh_from_db()
    assert known.stage == "enrolled"


def test_an_imported_exit_ends_the_open_interruption_as_the_exit_service_does(tmp_path, known):
    code, out, _ = run(
        tmp_path, "exit", {"exits": f"personnummer,exit_date,reason\n{PERSON},{day(5)},moved\n"}
    )
    assert code == 0, out
    known.refresh_from_db()
    assert known.stage == "exited"
    assert Interruption.objects.get().end == TODAY - dt.timedelta(days=5)


def test_a_superseded_version_does_not_become_the_active_plan_again(tmp_path, known):
    both = PLANS + (
        f"{PERSON},P-1,{day(36)},{day(35)},{day(1)},{day(34)}\n"
        f"{PERSON},P-2,{day(20)},{day(19)},{day(1)},{day(18)}\n"
    )
    assert run(tmp_path, "both", {"plans": both})[0] == 0
    statuses = dict(PlanVersion.objects.values_list("source_ref", "status"))
    assert statuses == {"P-1": "superseded", "P-2": "approved"}

    code, out, _ = run(tmp_path, "older", {"plans": PLANS + both.splitlines()[1] + "\n"})
    assert code == 1
    assert (
        "plans.csv row 2: Planversionen P-1 har status ”Ersatt” i Jobbtorg, och planens "
        "arbetsgång låter den inte bli ”Godkänd”"
    ) in out
    assert dict(PlanVersion.objects.values_list("source_ref", "status")) == statuses


def test_a_version_awaiting_approval_is_approved_by_a_later_import(tmp_path, known):
    pending = PLANS + f"{PERSON},P-1,{day(36)},{day(35)},{day(1)},\n"
    assert run(tmp_path, "pending", {"plans": pending})[0] == 0
    assert PlanVersion.objects.get().status == "awaiting_approval"
    approved = PLANS + f"{PERSON},P-1,{day(36)},{day(35)},{day(1)},{day(30)}\n"
    code, out, _ = run(tmp_path, "approved", {"plans": approved})
    assert code == 0, out
    assert PlanVersion.objects.get().status == "approved"
