"""Priority grounds on an application: staff verify one from a document, or take it back."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobbtorg.core.errors import NotAllowed
from jobbtorg.core.web import audit_context, call_service
from jobbtorg.summerjobs.forms import PriorityForm
from jobbtorg.summerjobs.permissions import require_application_handler
from jobbtorg.summerjobs.selectors import application_of, verified_priority_of
from jobbtorg.summerjobs.services import priority_remove, priority_verify
from jobbtorg.summerjobs.views.applications import application_page, refuse_unless


@login_required
@require_POST
def priority_add(request: HttpRequest, pk: Any) -> HttpResponse:
    refuse_unless(require_application_handler, request.user)
    application = application_of(request.user, pk)
    form = PriorityForm(request.POST, season=application.season)
    if form.is_valid():
        verified = call_service(
            form,
            priority_verify,
            application=application,
            ground=form.cleaned_data["ground"],
            note=form.cleaned_data["note"],
            user=request.user,
            context=audit_context(request),
        )
        if verified is not None:
            messages.success(
                request, _("Priority ground verified: %(ground)s.") % {"ground": verified.ground}
            )
            return redirect("summerjobs:staff_application", pk=application.pk)
    return application_page(request, application, form)


@login_required
@require_POST
def priority_delete(request: HttpRequest, pk: Any, priority_pk: int) -> HttpResponse:
    refuse_unless(require_application_handler, request.user)
    application = application_of(request.user, pk)
    verified = verified_priority_of(request.user, application, priority_pk)
    try:
        priority_remove(verified=verified, user=request.user, context=audit_context(request))
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    messages.success(
        request, _("Priority ground removed: %(ground)s.") % {"ground": verified.ground}
    )
    return redirect("summerjobs:staff_application", pk=application.pk)
