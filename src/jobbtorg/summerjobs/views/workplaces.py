"""Summer workplaces: the public report of places, the contact's own page through its secret
link (the young people who accepted a place there), and the staff's start page with the
workplaces awaiting approval and the decision on one."""

import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.core.web import add_service_errors, audit_context
from jobbtorg.summerjobs.forms import WorkplaceReportForm
from jobbtorg.summerjobs.permissions import (
    can_decide_workplace,
    require_summer_staff,
    require_workplace_decider,
)
from jobbtorg.summerjobs.selectors import (
    allocation_has_happened,
    placed_at,
    season_for_reports,
    seasons_visible_to,
    staff_season,
    staff_workplaces,
    workplace_by_token,
    workplace_of,
)
from jobbtorg.summerjobs.services import workplace_decide, workplace_report
from jobbtorg.summerjobs.views.applications import refuse_unless
from jobbtorg.summerjobs.views.common import private, render_public

SESSION_NEW_LINK = "summerjobs_new_link"


# The workplace's own pages (no account)


@never_cache
@require_http_methods(["GET", "POST"])
def workplace_report_page(request: HttpRequest) -> HttpResponse:
    season = season_for_reports()
    if season is None:
        return render_public(request, "summerjobs/workplace_closed.html", {})
    form = WorkplaceReportForm(request.POST or None, season=season)
    if request.method == "POST" and form.is_valid():
        try:
            reported = workplace_report(season=season, data=form.data_for_service())
        except ValidationFailed as error:
            add_service_errors(form, error)
        else:
            request.session[SESSION_NEW_LINK] = {
                "link": request.build_absolute_uri(
                    reverse("summerjobs:workplace_page", args=[reported.token])
                ),
                "name": reported.workplace.name,
                "code": reported.workplace.code,
            }
            return redirect("summerjobs:workplace_reported")
    return private(
        render_public(
            request,
            "summerjobs/workplace_report.html",
            {"season": season, "form": form},
            status=400 if form.errors else 200,
        )
    )


@never_cache
def workplace_reported(request: HttpRequest) -> HttpResponse:
    receipt = request.session.pop(SESSION_NEW_LINK, None)
    if receipt is None:
        return redirect("summerjobs:workplace_report")
    return private(
        render_public(request, "summerjobs/workplace_reported.html", {"receipt": receipt})
    )


@never_cache
def workplace_page(request: HttpRequest, token: str) -> HttpResponse:
    workplace = workplace_by_token(token)
    if workplace is None:
        raise Http404
    allocated = allocation_has_happened(workplace)
    # The token is in the path: keep it out of the audit log, which names the workplace anyway.
    context = dataclasses.replace(audit_context(request), path="/sommarjobb/arbetsplats/<token>/")
    rows = placed_at(workplace, context) if allocated else []
    return private(
        render_public(
            request,
            "summerjobs/workplace_page.html",
            {
                "workplace": workplace,
                "allocated": allocated,
                "rows": rows,
                "today": timezone.localdate(),
            },
        )
    )


# The staff's pages


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    refuse_unless(require_summer_staff, request.user)
    season = staff_season(request.user, request.GET.get("sasong", ""))
    awaiting, decided = staff_workplaces(request.user, season)
    return render(
        request,
        "summerjobs/staff_home.html",
        {
            "season": season,
            "seasons": seasons_visible_to(request.user).order_by("-year", "-opens_on"),
            "awaiting": awaiting,
            "decided": decided,
            "may_write": can_decide_workplace(request.user),
        },
    )


@login_required
@require_POST
def workplace_decision(request: HttpRequest, pk: int) -> HttpResponse:
    refuse_unless(require_workplace_decider, request.user)
    workplace = workplace_of(request.user, pk)
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
