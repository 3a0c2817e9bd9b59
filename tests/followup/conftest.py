import pytest
from django.utils import timezone

from jobbtorg.participants.services.exits import exit_record
from tests.followup import known_records
from tests.participants.scenarios import context, enrol, refer


@pytest.fixture
def known(monkeypatch):
    """The pages and reports over known records (tests/followup/known_records.py), computed
    by the real engine; `known.calls` holds every question asked of it."""
    known_records.install(monkeypatch)
    return known_records


@pytest.fixture
def cases(staff):
    made = []
    for n in range(9):
        referral = enrol(refer(staff.officer_farsta, first_name=f"P{n}"), staff.coach_sydost)
        made.append(referral)
    jarva = enrol(
        refer(staff.officer_rinkeby, first_name="J", target_group="youth"), staff.coach_jarva
    )
    made.append(jarva)
    for referral, reason in zip(made[:4], ["work", "work", "studies", "moved"], strict=True):
        employment = (
            {"form": "permanent", "extent": "full", "wage_subsidy": False, "employer": "ICA"}
            if reason == "work"
            else None
        )
        exit_record(
            actor=staff.coach_sydost,
            audit_context=context(staff.coach_sydost),
            referral=referral,
            date=timezone.localdate(),
            reason=reason,
            employment=employment,
            studies_with_student_finance=True if reason == "studies" else None,
        )
    return made
