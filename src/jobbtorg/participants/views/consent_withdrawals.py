"""The staff's side of a person's request to take back a consent (issue 18): the coach or the
Jobbtorg's manager marks it handled from Min dag once they have acted on it with the person."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobbtorg.core.errors import NotAllowed
from jobbtorg.core.web import audit_context
from jobbtorg.participants.models import ConsentWithdrawalRequest
from jobbtorg.participants.selectors.scope import referrals_visible_to
from jobbtorg.participants.services.consent_withdrawals import consent_withdrawal_handled


@login_required
@require_POST
def consent_withdrawal_handle(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    """Only among the requests of cases the user may read: others are 404; a reader of the
    case who does not act on it (a matcher, the district's officer) gets 403 with the reason."""
    user = request.user
    found = (
        ConsentWithdrawalRequest.objects.filter(
            pk=request_id, referral__in=referrals_visible_to(user)
        )
        .select_related("referral__participant", "referral__coach", "referral__job_centre")
        .first()
    )
    if found is None:
        raise Http404
    try:
        consent_withdrawal_handled(actor=user, request=found, audit_context=audit_context(request))
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    messages.success(
        request,
        _("Marked as handled: the request of %(name)s.")
        % {"name": found.referral.participant.full_name},
    )
    return redirect("web:home")
