"""What the matching tests build: a profile's values, a person with a profile, a vacancy, a fair,
an employer, a vacancy form and a person hired into a placement."""

import datetime as dt

from django.utils import timezone

from jobbtorg.matching.models import (
    Employer,
    Occupation,
    Vacancy,
    VacancyKind,
)
from jobbtorg.matching.services.employers import (
    employer_create,
)
from jobbtorg.matching.services.fairs import fair_create
from jobbtorg.matching.services.profiles import ProfileValues, profile_update
from jobbtorg.matching.services.proposals import (
    proposal_agree,
    proposal_create,
    proposal_outcome,
    proposal_send,
)
from tests.participants.scenarios import context, enrol, refer

VALID = "556016-0680"
OTHER_VALID = "5569616161"


def registered_employer(staff):
    return employer_create(actor=staff.matcher_sydost, name="Bygg AB", organisation_number=VALID)


BACKEND = "7wdX_4rv_33z"  # Backend-utvecklare, SSYK 2512


def vacancy_form_data(employer, **changes):
    data = {
        "kind": "job",
        "employer": employer.pk,
        "headline": "Backendutvecklare",
        "occupation": BACKEND,
        "required_skills": "Java",
        "required_languages": "Svenska",
        "extent": "full",
        "openings": "1",
    }
    data.update(changes)
    return data


TODAY = timezone.localdate()


def a_fair(staff, **changes):
    arguments = {
        "name": "Vårdmässan",
        "held_on": TODAY + dt.timedelta(days=14),
        "place": "Kulturhuset",
        "occupations": [Occupation.objects.get(label_sv=NURSE_ASSISTANT)],
        "employers": [],
    } | changes
    return fair_create(context(staff.matcher_sydost), **arguments)


# An occupation name of SSYK 5321 (undersköterskor, hemtjänst …).
NURSE_ASSISTANT = "Undersköterska, hemtjänst, äldreboende och habilitering"


def values(**changes) -> ProfileValues:
    base = {
        "wanted_occupations": [NURSE_ASSISTANT],
        "experience": [],
        "skills": [],
        "languages": [],
        "swedish_level": "intermediate",
        "licences": ["B"],
        "education_level": "",
        "travel_districts": [],
        "extent": "any",
    }
    return ProfileValues(**(base | changes))


def person(staff, n=1, coach=None, officer=None, **changes):
    coach = coach or staff.coach_sydost
    referral = enrol(
        refer(officer or staff.officer_farsta, first_name=f"Kandidat{n}", last_name="Test"),
        coach,
    )
    profile_update(context(coach), referral=referral, based_on_version=1, values=values(**changes))
    return referral


def vacancy(ssyk_label=NURSE_ASSISTANT, kind=VacancyKind.JOB, district="farsta", **fields):
    from jobbtorg.organisation.models import District

    employer, _ = Employer.objects.get_or_create(name="Omsorg AB")
    return Vacancy.objects.create(
        kind=kind,
        employer=employer,
        headline="Undersköterska till hemtjänsten",
        occupation=Occupation.objects.get(label_sv=ssyk_label),
        district=District.objects.get(slug=district),
        **({"supervisor_name": "Stina", "capacity": 2} if kind == VacancyKind.PLACEMENT else {})
        | fields,
    )


def placement_hire(staff):
    """A person (Kandidat1 Test) proposed, agreed, sent and hired into a placement that started
    10 days ago: its supervisor contacts are scheduled. Returns the case and the proposal."""
    referral = person(staff)
    placement = vacancy(kind=VacancyKind.PLACEMENT, starts_on=TODAY - dt.timedelta(days=10))
    proposal = proposal_create(context(staff.matcher_sydost), vacancy=placement, referral=referral)
    proposal_agree(context(staff.coach_sydost), proposal, person_agrees=True, shared_fields=[])
    proposal_send(context(staff.matcher_sydost), proposal)
    proposal_outcome(context(staff.matcher_sydost), proposal, hired=True)
    return referral, proposal
