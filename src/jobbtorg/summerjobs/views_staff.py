"""Staff pages for summer jobs under /sommarjobb/personal/: workplaces awaiting approval, the
applications with search and filters, and one application with its verified priority grounds.

Matchers and managers of any Jobbtorg act; every other role gets 403 (administrators and
analysts follow the season on its page of aggregates).
Every applicant shown in a list, and every application opened, is written to the audit log.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.core.web import call_service
from jobbtorg.organisation.models import District
from jobbtorg.summerjobs.applications import age_on, current_offer
from jobbtorg.summerjobs.forms import PriorityForm
from jobbtorg.summerjobs.models import (
    Season,
    SummerApplication,
    SummerWorkplace,
    VerifiedPriority,
    WorkplaceStatus,
)
from jobbtorg.summerjobs.staff import (
    applications_search,
    applications_visible_to,
    later_submission_resolve,
    may_write,
    priority_remove,
    priority_verify,
    require_summer_reader,
    require_summer_writer,
)
from jobbtorg.summerjobs.workplaces import workplace_decide

PAGE_SIZE = 50


def _reader(request: HttpRequest) -> None:
    try:
        require_summer_reader(request.user)
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None


def _writer(request: HttpRequest) -> None:
    try:
        require_summer_writer(request.user)
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None


def _season(request: HttpRequest) -> Season | None:
    """The season asked for (?sasong=<id>), else the newest."""
    wanted = request.GET.get("sasong", "")
    seasons = Season.objects.order_by("-year", "-opens_on")
    if wanted.isdigit():
        return get_object_or_404(seasons, pk=int(wanted))
    return seasons.first()


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    _reader(request)
    season = _season(request)
    awaiting: list[SummerWorkplace] = []
    decided: list[SummerWorkplace] = []
    if season is not None:
        workplaces = season.workplaces.select_related("district", "decided_by").prefetch_related(
            "periods"
        )
        awaiting = [w for w in workplaces if w.status == WorkplaceStatus.REPORTED]
        decided = [w for w in workplaces if w.status != WorkplaceStatus.REPORTED]
    return render(
        request,
        "summerjobs/staff_home.html",
        {
            "season": season,
            "seasons": Season.objects.order_by("-year", "-opens_on"),
            "awaiting": awaiting,
            "decided": decided,
            "may_write": may_write(request.user),
        },
    )


@login_required
@require_POST
def workplace_decision(request: HttpRequest, pk: int) -> HttpResponse:
    _writer(request)
    workplace = get_object_or_404(SummerWorkplace, pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        workplace_decide(workplace=workplace, approve=approve, user=request.user)
    except NotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            (_("%(name)s is approved and published.") if approve else _("%(name)s is rejected."))
            % {"name": workplace.name},
        )
    return redirect(reverse("summerjobs:staff_home") + f"?sasong={workplace.season_id}")


@login_required
@require_GET
def applications(request: HttpRequest) -> HttpResponse:
    _reader(request)
    season = _season(request)
    text = request.GET.get("q", "").strip()[:100]
    district = request.GET.get("district", "")
    priority = request.GET.get("priority", "")
    page = None
    if season is not None:
        rows = applications_search(
            request.user, season=season, text=text, district=district, priority=priority
        ).prefetch_related("priorities__ground")
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("sida"))
        audit.summer_applications_listed(
            audit.AuditContext.from_request(request), list(page.object_list)
        )
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "summerjobs/staff_applications.html",
        {
            "season": season,
            "page": page,
            "q": text,
            "district": district,
            "priority": priority,
            "districts": District.objects.filter(is_active=True).order_by("name"),
            "query": query.urlencode(),
        },
    )


def _application(request: HttpRequest, pk: Any) -> SummerApplication:
    return get_object_or_404(
        applications_visible_to(request.user).select_related(
            "season", "home_district", "duplicate_of"
        ),
        pk=pk,
    )


def _application_page(
    request: HttpRequest, application: SummerApplication, form: PriorityForm | None = None
) -> HttpResponse:
    audit.summer_application_viewed(audit.AuditContext.from_request(request), application)
    return render(
        request,
        "summerjobs/staff_application.html",
        {
            "application": application,
            "age": age_on(application.birth_date, application.season.reference_date),
            "choices": list(
                application.choices.select_related("workplace__district").order_by("rank")
            ),
            "periods": list(application.periods.order_by("starts_on")),
            "priorities": list(
                application.priorities.select_related("ground", "verified_by").order_by(
                    "ground__rank"
                )
            ),
            "offer": current_offer(application),
            "resends": list(application.resends.order_by("created_at")),
            "form": form or PriorityForm(season=application.season),
            "may_write": may_write(request.user),
            "area_names": dict(District.objects.values_list("slug", "name")),
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_GET
def application_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    _reader(request)
    return _application_page(request, _application(request, pk))


@login_required
@require_http_methods(["POST"])
def priority_add(request: HttpRequest, pk: Any) -> HttpResponse:
    _writer(request)
    application = _application(request, pk)
    form = PriorityForm(request.POST, season=application.season)
    if form.is_valid():
        verified = call_service(
            form,
            priority_verify,
            application=application,
            ground=form.cleaned_data["ground"],
            note=form.cleaned_data["note"],
            user=request.user,
            context=audit.AuditContext.from_request(request),
        )
        if verified is not None:
            messages.success(
                request, _("Priority ground verified: %(ground)s.") % {"ground": verified.ground}
            )
            return redirect("summerjobs:staff_application", pk=application.pk)
    return _application_page(request, application, form)


@login_required
@require_POST
def priority_delete(request: HttpRequest, pk: Any, priority_pk: int) -> HttpResponse:
    _writer(request)
    application = _application(request, pk)
    verified = get_object_or_404(
        VerifiedPriority.objects.select_related("ground"), pk=priority_pk, application=application
    )
    try:
        priority_remove(
            verified=verified, user=request.user, context=audit.AuditContext.from_request(request)
        )
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    messages.success(
        request, _("Priority ground removed: %(ground)s.") % {"ground": verified.ground}
    )
    return redirect("summerjobs:staff_application", pk=application.pk)


@login_required
@require_POST
def later_submission(request: HttpRequest, pk: Any) -> HttpResponse:
    """Keep or remove a submission sent again without the confirmation code."""
    _writer(request)
    later = _application(request, pk)
    keep = request.POST.get("decision") == "keep"
    try:
        earlier = later_submission_resolve(
            later=later,
            keep=keep,
            user=request.user,
            context=audit.AuditContext.from_request(request),
        )
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    except ValidationFailed:
        raise Http404 from None
    messages.success(
        request,
        _("The later submission replaced the earlier application.")
        if keep
        else _("The later submission is removed."),
    )
    return redirect("summerjobs:staff_application", pk=earlier.pk)
