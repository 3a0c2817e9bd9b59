"""Demo matching: employers (a staffing firm among them), open jobs and placements across the
city, a matching profile for the demo people with an open case, a proposal on its way and a
recruitment fair, so that the matcher's pages have something to show."""

import datetime as dt

from django.utils import timezone

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.matching.models import (
    Employer,
    EmployerKind,
    Occupation,
    RecruitmentFair,
    Skill,
    Vacancy,
    VacancyKind,
    VacancySkill,
)
from jobbtorg.matching.services.fairs import fair_create
from jobbtorg.matching.services.profiles import ProfileValues, profile_update
from jobbtorg.matching.services.proposals import proposal_create
from jobbtorg.organisation.models import District, JobCentre, User
from jobbtorg.participants.models import Referral, Stage

EMPLOYERS = [
    ("Omsorgshuset i Söder AB", EmployerKind.COMPANY, "5567012345", "Vård och omsorg"),
    ("Bemanningspartner Stockholm AB", EmployerKind.STAFFING_FIRM, "", "Bemanning"),
    ("Stockholms stad, förskoleförvaltningen", EmployerKind.CITY_UNIT, "", "Förskola"),
    ("Lagerlogistik Nord AB", EmployerKind.COMPANY, "", "Lager och logistik"),
]
# headline, employer index, occupation name, kind, district, required skill, desired skill
VACANCIES = [
    (
        "Undersköterska till hemtjänsten",
        0,
        "Undersköterska, hemtjänst, äldreboende och habilitering",
        VacancyKind.JOB,
        "sodermalm",
        "Personlig omvårdnad",
        "Kundbemötande och service",
    ),
    ("Barnskötare, vikariat", 2, "Barnskötare", VacancyKind.JOB, "farsta", "", ""),
    ("Praktik som barnskötare", 2, "Barnskötare", VacancyKind.PLACEMENT, "skarholmen", "", ""),
    (
        "Lagerarbetare, dagtid",
        3,
        "Lagerarbetare/Terminalarbetare",
        VacancyKind.JOB,
        "rinkeby-kista",
        "Lagerhållning",
        "",
    ),
    ("Städare via bemanning", 1, "Städare", VacancyKind.JOB, "norrmalm", "", ""),
    ("Restaurangbiträde", 1, "Restaurangbiträde", VacancyKind.JOB, "kungsholmen", "", "Kassavana"),
    (
        "Praktik i lager",
        3,
        "Lagerarbetare/Terminalarbetare",
        VacancyKind.PLACEMENT,
        "bromma",
        "",
        "Lagerhållning",
    ),
]
PROFILE_CHOICES = [
    ("Undersköterska, hemtjänst, äldreboende och habilitering", "Personlig omvårdnad"),
    ("Barnskötare", "Kundbemötande och service"),
    ("Lagerarbetare/Terminalarbetare", "Lagerhållning"),
    ("Städare", "Kundbemötande och service"),
    ("Restaurangbiträde", "Kassavana"),
]


def load_demo_matching(today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    if Vacancy.objects.filter(source_ref__startswith="demo-").exists():
        return
    employers = [
        Employer.objects.get_or_create(
            name=name,
            defaults={"kind": kind, "organisation_number": number, "industry": industry},
        )[0]
        for name, kind, number, industry in EMPLOYERS
    ]
    for n, (headline, e, occupation, kind, district, required, desired) in enumerate(VACANCIES):
        vacancy = Vacancy.objects.create(
            kind=kind,
            employer=employers[e],
            headline=headline,
            occupation=Occupation.objects.get(label_sv=occupation),
            district=District.objects.get(slug=district),
            starts_on=today + dt.timedelta(days=14),
            openings=2,
            source_ref=f"demo-{n}",
            made_at=JobCentre.objects.get(slug="sydost"),
            **(
                {"supervisor_name": "Handledare Demo", "capacity": 2}
                if kind == VacancyKind.PLACEMENT
                else {}
            ),
        )
        for label, is_required in ((required, True), (desired, False)):
            if label:
                VacancySkill.objects.create(
                    vacancy=vacancy, skill=Skill.objects.get(label_sv=label), required=is_required
                )
    open_cases = Referral.objects.filter(stage=Stage.ENROLLED).select_related("coach")
    for n, referral in enumerate(open_cases.order_by("participant__last_name")):
        if referral.coach is None or hasattr(referral, "matching_profile"):
            continue
        wanted, skill = PROFILE_CHOICES[n % len(PROFILE_CHOICES)]
        profile_update(
            AuditContext.for_command("load_demo", actor=referral.coach),
            referral=referral,
            based_on_version=1,
            values=ProfileValues(
                wanted_occupations=[wanted],
                experience=[f"{wanted}; {1 + n % 4}"],
                skills=[skill],
                languages=["Arabiska"] if n % 3 == 0 else [],
                swedish_level="intermediate" if n % 2 else "fluent",
                licences=["B"] if n % 2 else [],
                education_level="",
                travel_districts=[],
                extent="any",
            ),
        )
    matcher = User.objects.filter(username="matchare").first()
    first = open_cases.filter(matching_profile__isnull=False).first()
    if matcher is not None and first is not None:
        ctx = AuditContext.for_command("load_demo", actor=matcher)
        proposal_create(ctx, vacancy=Vacancy.objects.get(source_ref="demo-0"), referral=first)
        if not RecruitmentFair.objects.exists():
            fair_create(
                ctx,
                name="Vård- och omsorgsmässan",
                held_on=today + dt.timedelta(days=21),
                place="Kulturhuset, Sergels torg",
                sector="Vård och omsorg",
                occupations=list(
                    Occupation.objects.filter(label_sv__in=[PROFILE_CHOICES[0][0], "Barnskötare"])
                ),
                employers=employers[:1] + employers[2:3],
            )
