"""A Jobbtorg manager's upload stays inside the manager's Jobbtorg, and says nothing of the rest
of the city: a person known at another unit reads exactly as one the city has never seen."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from jobbtorg.core.audit.models import AuditEntry
from jobbtorg.participants.models import Participant, Referral
from jobbtorg.plans.models import PlanVersion
from jobbtorg.transfer.models import ImportRun
from tests.conftest import client_for
from tests.factories import district
from tests.participants.scenarios import enrol, new_number, refer

NOT_IN_UNIT_SV = "Personen hör inte till din Jobbtorg."


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def zip_of(files: dict[str, str]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(f"{name}.csv", text)
    return SimpleUploadedFile("overforing.zip", buffer.getvalue())


PARTICIPANTS = (
    "personnummer,first_name,last_name,home_district,target_group,referred_on,enrolled_on\n"
)
PLANS = "personnummer,plan_ref,drawn_up_on,start,end,approved_on\n"
ASSISTANCE = "personnummer,month,amount_sek\n"
ACTIVITIES = "personnummer,plan_ref,activity_type,provider,start,end,status\n"
INTERRUPTIONS = "personnummer,reason,start,end\n"
EXITS = "personnummer,exit_date,reason\n"


def files_for(number: str, home: str = "farsta") -> dict[str, str]:
    return {
        "participants": PARTICIPANTS
        + f"{number},Ny,Namnsson,{home},resurs,2026-01-10,2026-01-20\n",
        "plans": PLANS + f"{number},P1,2026-01-21,2026-01-22,2026-04-30,\n",
        "activities": ACTIVITIES
        + f"{number},P1,job_search,Jobbtorget,2026-01-22,2026-02-28,completed\n",
        "interruptions": INTERRUPTIONS + f"{number},illness,2026-03-01,2026-03-05\n",
        "exits": EXITS + f"{number},2026-04-30,moved\n",
        "assistance": ASSISTANCE + f"{number},2026-01,5000\n",
    }


def upload(user, files: dict[str, str]) -> ImportRun:
    client_for(user).post(reverse("transfer:upload"), {"file": zip_of(files)})
    return ImportRun.objects.order_by("-created_at", "-id").first()


def confirm(user, run: ImportRun) -> ImportRun:
    client_for(user).post(reverse("transfer:confirm", args=[run.pk]))
    run.refresh_from_db()
    return run


def what_the_check_says(run: ImportRun):
    return (
        run.status,
        run.reconciliation,
        run.rejects_total,
        [(r["file"], r["row"], r["column"], r["message"]) for r in run.rejects_sample],
    )


@pytest.fixture
def at_jarva(staff):
    """A person of Rinkeby-Kista with an open case at Järva."""
    referral = refer(staff.officer_rinkeby, first_name="Rami", last_name="Järvasson")
    case = enrol(referral, staff.coach_jarva)
    return case.participant


def snapshot(person: Participant):
    person.refresh_from_db()
    cases = list(
        Referral.objects.filter(participant=person).values_list(
            "pk", "job_centre__slug", "district__slug", "stage", "enrolled_on", "referred_at"
        )
    )
    plans = PlanVersion.objects.filter(referral__participant=person).count()
    return (person.first_name, person.last_name, person.home_district.slug, cases, plans)


@pytest.mark.parametrize("home", ["farsta", "rinkeby-kista"])
def test_a_person_of_another_jobbtorg_reads_as_one_the_city_does_not_know(staff, at_jarva, home):
    """Whether the row names a district the Jobbtorg serves or not, the check's answer for a
    person at Järva is the answer for a number nobody has: same counts, same rejects."""
    known = upload(staff.manager_sydost, files_for(at_jarva.personal_identity_number, home))
    unknown = upload(staff.manager_sydost, files_for(new_number(), home))
    assert what_the_check_says(known) == what_the_check_says(unknown)
    assert known.status == "validated"
    served = home == "farsta"
    for file in ("participants", "plans", "activities", "interruptions", "exits"):
        assert known.reconciliation[file]["created"] == int(served), file
        assert known.reconciliation[file]["rejected"] == int(not served), file


def test_a_row_for_a_district_the_jobbtorg_does_not_serve_is_rejected_neutrally(staff, at_jarva):
    before = snapshot(at_jarva)
    files = files_for(at_jarva.personal_identity_number, "rinkeby-kista")
    run = upload(staff.manager_sydost, files)
    page = client_for(staff.manager_sydost).get(reverse("transfer:run", args=[run.pk]))
    text = page.content.decode()
    assert NOT_IN_UNIT_SV in text
    assert "Järva" not in text and "Rinkeby" not in text
    assert run.reconciliation["participants"]["rejected"] == 1
    assert run.reconciliation["assistance"]["rejected"] == 1
    confirm(staff.manager_sydost, run)
    assert snapshot(at_jarva) == before
    assert not at_jarva.assistance_months.exists()


def test_a_person_at_another_jobbtorg_is_never_written_by_a_managers_import(staff, at_jarva):
    """The row names a Sydost district, so the check takes the person for new; the import
    holds them back with the same neutral message, and nothing of theirs changes."""
    before = snapshot(at_jarva)
    newcomer = new_number()
    files = files_for(at_jarva.personal_identity_number, "farsta")
    files["participants"] += f"{newcomer},Nora,Nyström,skarpnack,resurs,2026-01-10,\n"
    run = confirm(staff.manager_sydost, upload(staff.manager_sydost, files))
    assert run.status == "done"
    assert snapshot(at_jarva) == before
    assert run.reconciliation["participants"]["created"] == 1
    assert run.reconciliation["participants"]["rejected"] == 1
    assert run.reconciliation["plans"]["rejected"] == 1
    messages = {r["message"] for r in run.rejects_sample}
    assert messages == {NOT_IN_UNIT_SV}
    created = Participant.objects.get(personal_identity_number=newcomer)
    assert created.referrals.get().job_centre.slug == "sydost"
    # The attempt is in the person's audit extract, for their own Jobbtorg to see.
    extract = client_for(staff.manager_jarva, language="en").get(
        reverse("participants:audit_extract", args=[at_jarva.pk])
    )
    assert "outside the Jobbtorg" in extract.content.decode()


def test_dependent_rows_alone_are_refused_alike_for_known_and_unknown_people(staff, at_jarva):
    def plans_only(number):
        return {"plans": PLANS + f"{number},P9,2026-01-21,2026-01-22,2026-04-30,\n"}

    known = upload(staff.manager_sydost, plans_only(at_jarva.personal_identity_number))
    unknown = upload(staff.manager_sydost, plans_only(new_number()))
    assert what_the_check_says(known) == what_the_check_says(unknown)
    assert [r["message"] for r in known.rejects_sample] == [NOT_IN_UNIT_SV]


def import_own_case(staff, *, last_name: str, home: str):
    """A Sydost case of Farsta, imported again by Sydost's manager with a new name and home."""
    case = enrol(refer(staff.officer_farsta), staff.coach_sydost)
    files = {
        "participants": PARTICIPANTS
        + f"{case.participant.personal_identity_number},Amira,{last_name},{home},"
        f"unemployed_assistance,{case.referred_at:%Y-%m-%d},{case.enrolled_on:%Y-%m-%d}\n"
    }
    run = confirm(staff.manager_sydost, upload(staff.manager_sydost, files))
    case.refresh_from_db()
    case.participant.refresh_from_db()
    return run, case


def test_a_managers_own_people_are_updated(staff):
    run, case = import_own_case(staff, last_name="Hassan-Ny", home="skarpnack")
    assert run.rejects_total == 0, run.rejects_sample
    assert case.participant.last_name == "Hassan-Ny"
    assert case.participant.home_district == district("skarpnack")
    assert case.job_centre.slug == "sydost"


def test_a_managers_own_person_cannot_be_moved_to_a_district_outside(staff):
    run, case = import_own_case(staff, last_name="Hassan-Ny", home="rinkeby-kista")
    assert [r["message"] for r in run.rejects_sample] == [NOT_IN_UNIT_SV]
    assert case.participant.last_name == "Hassan"
    assert case.participant.home_district == district("farsta")


def test_an_administrators_upload_is_city_wide(staff, at_jarva):
    files = files_for(at_jarva.personal_identity_number, "rinkeby-kista")
    run = confirm(staff.administrator, upload(staff.administrator, files))
    assert run.rejects_total == 0, run.rejects_sample
    at_jarva.refresh_from_db()
    assert at_jarva.last_name == "Namnsson"


def test_the_command_is_city_wide(staff, at_jarva, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in files_for(at_jarva.personal_identity_number, "rinkeby-kista").items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    call_command("transfer", "import", str(folder))
    at_jarva.refresh_from_db()
    assert at_jarva.last_name == "Namnsson"


def test_every_person_an_import_writes_has_an_entry_in_their_audit_extract(staff):
    newcomer = new_number()
    files = files_for(newcomer, "farsta")
    files.pop("assistance")
    run = confirm(staff.manager_sydost, upload(staff.manager_sydost, files))
    person = Participant.objects.get(personal_identity_number=newcomer)
    entry = AuditEntry.objects.get(participant=person, action="transfer.person_imported")
    assert entry.changes["import_run"] == run.pk
    assert entry.changes["files"] == [
        "activities",
        "exits",
        "interruptions",
        "participants",
        "plans",
    ]
    assert entry.actor == staff.manager_sydost
    extract = client_for(staff.manager_sydost, language="en").get(
        reverse("participants:audit_extract", args=[person.pk])
    )
    assert "Imported the person&#x27;s data from a file" in extract.content.decode()
    # The summary entry of the run stays, one per step.
    assert AuditEntry.objects.filter(action="transfer.imported").count() == 2
    # The check wrote no entry of its own for the person: only the import did.
    assert AuditEntry.objects.filter(action="transfer.person_imported").count() == 1
