"""Summer-job applications: the public form with its receipt (the confirmation code shown once),
and the staff's pages under /sommarjobb/personal/ (the applications with search and filters,
one application, a later submission to keep or remove).

Matchers and managers of any Jobbtorg act; every other role gets 403 (administrators and
analysts follow the season on its page of aggregates). The selectors write every applicant shown
in a list, and every application opened, to the audit log.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.core.web import add_service_errors, audit_context
from jobbtorg.organisation.models import District
from jobbtorg.summerjobs.forms import ApplicationForm, PriorityForm
from jobbtorg.summerjobs.models import SummerApplication
from jobbtorg.summerjobs.permissions import (
    can_handle_application,
    require_application_handler,
    require_summer_staff,
)
from jobbtorg.summerjobs.selectors import (
    application_for_staff,
    application_of,
    applications_page,
    open_season,
    staff_season,
    upcoming_season,
)
from jobbtorg.summerjobs.services import (
    TooManyTries,
    application_submit,
    code_display,
    later_submission_resolve,
)
from jobbtorg.summerjobs.views.common import (
    is_plain,
    plain_query,
    private,
    render_public,
    too_many_message,
)

SESSION_NEW_CODE = "summerjobs_new_code"
PAGE_SIZE = 50


# The public form


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    season = open_season()
    if season is None:
        return render_public(
            request, "summerjobs/apply_closed.html", {"upcoming": upcoming_season()}
        )
    plain = is_plain(request)
    form = ApplicationForm(request.POST or None, season=season, plain=plain)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            saved = application_submit(
                season=season,
                data=form.data_for_service(),
                confirmation_code=form.cleaned_data.get("confirmation_code") or "",
                context=audit_context(request),
                ip_address=request.META.get("REMOTE_ADDR"),
            )
        except ValidationFailed as error:
            add_service_errors(form, error, {"choices": "choice_1"})
        except TooManyTries as error:
            form.add_error("confirmation_code", too_many_message(plain, error))
            status = 429
        else:
            request.session[SESSION_NEW_CODE] = {
                "code": code_display(saved.code) if saved.code else "",
                "replaced": saved.replaced,
                "version": saved.application.version,
                "season": season.name,
            }
            return redirect(reverse("summerjobs:applied") + plain_query(request))
    return private(
        render_public(
            request,
            "summerjobs/apply.html",
            {"season": season, "form": form},
            status=400 if form.errors and status == 200 else status,
        )
    )


@never_cache
def applied(request: HttpRequest) -> HttpResponse:
    """The receipt, with the confirmation code shown this once."""
    receipt = request.session.pop(SESSION_NEW_CODE, None)
    if receipt is None:
        return redirect(reverse("summerjobs:my_application"))
    return private(render_public(request, "summerjobs/applied.html", {"receipt": receipt}))


# The staff's pages


def refuse_unless(check: Any, *args: Any) -> None:
    """A refusal of a permission check (NotAllowed) as a 403 page with the reason."""
    try:
        check(*args)
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None


@login_required
@require_GET
def applications(request: HttpRequest) -> HttpResponse:
    refuse_unless(require_summer_staff, request.user)
    season = staff_season(request.user, request.GET.get("sasong", ""))
    text = request.GET.get("q", "").strip()[:100]
    district = request.GET.get("district", "")
    priority = request.GET.get("priority", "")
    page = None
    if season is not None:
        page = applications_page(
            request.user,
            season=season,
            context=audit_context(request),
            text=text,
            district=district,
            priority=priority,
            page=request.GET.get("sida"),
            page_size=PAGE_SIZE,
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


def application_page(
    request: HttpRequest, application: SummerApplication, form: PriorityForm | None = None
) -> HttpResponse:
    """One application for staff, with the form to verify a priority ground."""
    context = application_for_staff(request.user, application, context=audit_context(request))
    return render(
        request,
        "summerjobs/staff_application.html",
        {
            **context,
            "form": form or PriorityForm(season=application.season),
            "may_write": can_handle_application(request.user, application),
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_GET
def application_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    refuse_unless(require_summer_staff, request.user)
    return application_page(request, application_of(request.user, pk))


@login_required
@require_POST
def later_submission(request: HttpRequest, pk: Any) -> HttpResponse:
    """Keep or remove a submission sent again without the confirmation code."""
    refuse_unless(require_application_handler, request.user)
    later = application_of(request.user, pk)
    keep = request.POST.get("decision") == "keep"
    try:
        earlier = later_submission_resolve(
            later=later, keep=keep, user=request.user, context=audit_context(request)
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
