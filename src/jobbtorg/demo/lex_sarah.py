"""What the demo shows of lex Sarah (R35): the demo manager designated officer for Jobbtorg
Sydost, the account `lexsarah` city-wide, and four reports at their steps: one just received
from the demo provider, one assessed as serious three working days ago and not yet at IVO
(escalated on the start pages), one closed with a measure due for follow-up today, and one at
Järva that only the city-wide officer sees. Written through the real services, then dated
back; loaded once (a second run adds nothing)."""

import datetime as dt

from django.utils import timezone

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.engines.rules.deadlines import add_working_days, is_working_day
from jobbtorg.lex_sarah import services
from jobbtorg.lex_sarah.models import Assessment, OfficerDesignation, Report, ReportKind
from jobbtorg.organisation.models import JobCentre, User
from jobbtorg.providers.models import Provider

# Who the demo designates: (username, Jobbtorg slug or None for city-wide).
DEMO_OFFICERS = [("chef", "sydost"), ("lexsarah", None)]


def _context() -> AuditContext:
    return AuditContext.for_command("load_demo")


def _working_days_before(day: dt.date, days: int) -> dt.date:
    """The day from which `days` working days have passed on `day`."""
    start = day - dt.timedelta(days=1)
    while add_working_days(start, days) > day or not is_working_day(start):
        start -= dt.timedelta(days=1)
    return start


def _filed(username: str, centre: str | None, days_ago: int, **fields: object) -> Report:
    reporter = User.objects.get(username=username)
    report = services.file_report(
        reporter=reporter,
        audit_context=_context(),
        job_centre=JobCentre.objects.get(slug=centre) if centre else None,
        **fields,  # type: ignore[arg-type]
    )
    Report.objects.filter(pk=report.pk).update(
        reported_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    report.refresh_from_db()
    return report


def load_demo_lex_sarah(today: dt.date | None = None) -> int:
    """Designations and reports; returns how many reports were added (0 on a second run)."""
    today = today or timezone.localdate()
    admin = User.objects.get(username="admin")
    for username, centre in DEMO_OFFICERS:
        user = User.objects.get(username=username)
        job_centre = JobCentre.objects.get(slug=centre) if centre else None
        if not OfficerDesignation.objects.filter(
            user=user, job_centre=job_centre, ended_at__isnull=True
        ).exists():
            services.designate_officer(
                actor=admin, user=user, job_centre=job_centre, audit_context=_context()
            )
    if Report.objects.exists():
        return 0
    sydost_officer = User.objects.get(username="chef")
    provider = Provider.objects.filter(slug="demo-anordnare").first()
    _filed(
        "anordnare",
        "sydost",
        2,
        provider=provider,
        kind=ReportKind.WRONGDOING,
        what_happened=(
            "En deltagares närvaro i arbetsträningen registrerades inte på tre veckor. "
            "Stadsdelen drog in försörjningsstödet för att närvaron saknades."
        ),
        happened_on=today - dt.timedelta(days=3),
        happened_where="Arbetsträningen i Demoanordnarens lokaler",
        affected="En deltagare i arbetsträning",
        immediate_actions="Närvaron registrerades i efterhand och stadsdelen informerades.",
    )
    assessed_on = _working_days_before(today, 3)
    serious = _filed(
        "coach",
        "sydost",
        (today - assessed_on).days + 2,
        kind=ReportKind.RISK,
        what_happened=("Uppgifter om en deltagares hälsa skickades med e-post till fel anordnare."),
        happened_on=assessed_on - dt.timedelta(days=2),
        happened_where="Jobbtorg Sydost",
        affected="En deltagare vars hälsouppgifter kom till fel mottagare",
        immediate_actions="Mottagaren ombads radera e-postmeddelandet.",
    )
    services.save_investigation(
        actor=sydost_officer,
        report=serious,
        expected_version=serious.version,
        assessment=Assessment.SERIOUS_RISK,
        audit_context=_context(),
        today=assessed_on,
        facts="E-postmeddelandet gick till en anordnare som inte arbetar med personen.",
        course_of_events="Coachen valde fel mottagare i adressboken.",
        people_heard="Coachen och enhetschefen.",
    )
    closed = _filed(
        "matchare",
        "sydost",
        40,
        kind=ReportKind.RISK,
        what_happened="Platsannonser med krav på körkort visades för deltagare utan körkort.",
        happened_where="Matchningen på Jobbtorg Sydost",
        affected="Deltagare som söker arbete genom matchningen",
    )
    services.save_investigation(
        actor=sydost_officer,
        report=closed,
        expected_version=closed.version,
        assessment=Assessment.RISK,
        audit_context=_context(),
        today=today - dt.timedelta(days=35),
        facts="Filtret för körkort var inte påslaget i en vy.",
        causes="Vyn byggdes innan körkortskravet fanns i annonserna.",
        measures_taken="Filtret slogs på.",
    )
    closed.refresh_from_db()
    services.close_report(
        actor=sydost_officer,
        report=closed,
        expected_version=closed.version,
        decision="Risk för missförhållande. Rutinen för matchning ses över.",
        measures_taken="Filtret för körkort är påslaget i alla vyer.",
        decided_on=today - dt.timedelta(days=30),
        measures=[services.MeasureToFollowUp("Följ upp att filtret används", today)],
        audit_context=_context(),
        today=today,
    )
    _filed(
        "coach-jarva",
        "jarva",
        1,
        kind=ReportKind.WRONGDOING,
        what_happened="En deltagare fick vänta två veckor på ett första möte.",
        happened_where="Jobbtorg Järva",
        affected="En nyanländ deltagare",
    )
    return 4
