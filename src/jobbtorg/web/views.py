"""The pages that belong to no one app: each role's start page ("Min dag", composed
from the apps' selectors), the health check and the refusal and not-found pages."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jobbtorg.core.roles import CASE_READERS, Role
from jobbtorg.core.tasks.health import queue_health
from jobbtorg.core.web import audit_context
from jobbtorg.organisation.selectors import job_centres_with_districts
from jobbtorg.participants.models import Participant
from jobbtorg.participants.selectors import participants_visible_to
from jobbtorg.providers.views import (
    coach_attendance_flags,
    provider_attendance_flags,
    provider_home,
    unread_reports,
)
from jobbtorg.web.my_day import (
    coach_day_shown,
    lex_sarah_day,
    manager_day_shown,
    officer_day_shown,
)


def _participant_counts_per_job_centre() -> list[dict[str, Any]]:
    """Aggregates only: how many people each Jobbtorg's districts have registered today."""
    per_district = dict(
        Participant.objects.values_list("home_district_id").annotate(n=Count("pk")).order_by()
    )
    rows = []
    for centre, districts in job_centres_with_districts(timezone.localdate()):
        rows.append(
            {
                "job_centre": centre,
                "districts": districts,
                "count": sum(per_district.get(d.pk, 0) for d in districts),
            }
        )
    return rows


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    role = getattr(user, "role", "")
    context: dict[str, Any] = {"role": role, "Role": Role}
    if role in CASE_READERS and role not in (Role.COACH, Role.MANAGER):
        # The coach's and the manager's Min dag count their caseloads instead (the people of
        # a Jobbtorg's districts took PostgreSQL 20-30 ms to count at 50,000 people).
        context["participant_count"] = participants_visible_to(user).count()
    if role == Role.ANALYST:
        context["counts_per_job_centre"] = _participant_counts_per_job_centre()
    if role == Role.COACH:
        context.update(
            coach_day_shown(
                user=user,
                page_number=request.GET.get("sida"),
                todo_page_number=request.GET.get("uppgifter"),
                audit_context=audit_context(request),
            )
        )
        context.update(unread_reports(request))
        context.update(coach_attendance_flags(request))
    elif role == Role.MANAGER:
        context.update(
            manager_day_shown(
                user=user,
                page_number=request.GET.get("sida"),
                no_slot_page_number=request.GET.get("obokade"),
                audit_context=audit_context(request),
            )
        )
    elif role == Role.DISTRICT_OFFICER:
        context.update(officer_day_shown(user=user, audit_context=audit_context(request)))
    elif role == Role.PROVIDER_STAFF:
        context.update(provider_home(request))
        context.update(provider_attendance_flags(request))
    context.update(lex_sarah_day(user=user))
    return render(request, "web/home.html", context)


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """For a load balancer or monitor, without signing in: the database, the worker's last
    heartbeat and the oldest waiting task, as JSON; 503 when the database does not answer or
    no worker has been heard within JOBBTORG_WORKER_SILENT_SECONDS. Counts and times only."""
    health = queue_health()
    body = health.as_dict()
    if health.database_ok and health.worker_last_seen is None:
        # A fresh install, or a worker that was never started: say so rather than "silent".
        body["worker"] = "not seen"
    return JsonResponse(body, status=200 if health.healthy else 503)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A refusal says why and who can do it instead (the message of the exception)."""
    message = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)
