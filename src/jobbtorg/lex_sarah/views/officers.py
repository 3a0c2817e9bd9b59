"""The administrator designates the lex Sarah officers, per Jobbtorg or city-wide, and ends
designations. Like the other pages of one role (Överföring, Ersättning), anyone else is
refused with a 403 that says who designates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jobbtorg.core.web import audit_context, call_for_button, call_service, name_of
from jobbtorg.lex_sarah import selectors, services
from jobbtorg.lex_sarah.forms.reports import DesignationForm
from jobbtorg.lex_sarah.permissions import can_designate_officers


def _require_administrator(request: HttpRequest) -> None:
    if not can_designate_officers(request.user):
        raise PermissionDenied(_("Lex Sarah officers are designated by an administrator."))


@login_required
@require_http_methods(["GET", "POST"])
def designations(request: HttpRequest) -> HttpResponse:
    _require_administrator(request)
    form = DesignationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        designation = call_service(
            form,
            services.designate_officer,
            actor=request.user,
            user=form.cleaned_data["user"],
            job_centre=form.cleaned_data["job_centre"],
            audit_context=audit_context(request),
        )
        if designation is not None:
            messages.success(
                request,
                _("%(name)s is now a lex Sarah officer for %(unit)s.")
                % {
                    "name": name_of(designation.user),
                    "unit": designation.job_centre.name
                    if designation.job_centre
                    else _("the whole city"),
                },
            )
            return redirect("lex_sarah:officers")
    return render(
        request,
        "lex_sarah/officers.html",
        {"form": form, "designations": selectors.designations_in_force().order_by("created_at")},
    )


@login_required
@require_POST
def end_designation(request: HttpRequest, designation_id: int) -> HttpResponse:
    _require_administrator(request)
    designation = selectors.designation_get(designation_id)
    if designation is None:
        raise Http404
    ended = call_for_button(
        request,
        services.end_designation,
        actor=request.user,
        designation=designation,
        audit_context=audit_context(request),
    )
    if ended is not None:
        messages.success(
            request,
            _("%(name)s is no longer a lex Sarah officer for %(unit)s.")
            % {
                "name": name_of(ended.user),
                "unit": ended.job_centre.name if ended.job_centre else _("the whole city"),
            },
        )
    return redirect("lex_sarah:officers")
