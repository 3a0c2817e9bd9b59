"""Mina uppgifter (issue 18): the page and the PDF of everything recorded about the signed-in
person, who has read it, the consents recorded and the request to take one back. Only for the
person signed in on the portal; staff have no portal (404), a signed-out visitor is sent to
the sign-in."""

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.web import call_service
from jobbtorg.participants.models import Participant
from jobbtorg.participants.selectors.for_participant import case_shown_to_participant
from jobbtorg.participants.services.consent_withdrawals import consent_withdrawal_request
from jobbtorg.portal.my_data import my_data_shown
from jobbtorg.portal.my_data_pdf import my_data_pdf_bytes
from jobbtorg.portal.signed_in import participant_page


class ConsentWithdrawalForm(forms.Form):
    text = forms.CharField(
        label=_("What do you want to tell us? (You do not have to write anything.)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _page(
    request: HttpRequest, person: Participant, form: ConsentWithdrawalForm, status: int = 200
) -> HttpResponse:
    shown = my_data_shown(
        person=person,
        audit_context=AuditContext.for_participant(request),
        reads_page_number=request.GET.get("sida"),
    )
    return render(request, "portal/my_data.html", {**shown, "form": form}, status=status)


@require_GET
@participant_page
def my_data_page(request: HttpRequest, person: Participant) -> HttpResponse:
    return _page(request, person, ConsentWithdrawalForm())


@require_GET
@participant_page
def my_data_pdf(request: HttpRequest, person: Participant) -> HttpResponse:
    shown = my_data_shown(
        person=person, audit_context=AuditContext.for_participant(request), printed=True
    )
    today = timezone.localdate()
    response = HttpResponse(my_data_pdf_bytes(shown, today), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="mina-uppgifter-{today}.pdf"'
    return response


@require_POST
@participant_page
def consent_withdrawal(request: HttpRequest, person: Participant) -> HttpResponse:
    """The person asks to take back a consent: recorded as a request to the coach."""
    case = case_shown_to_participant(person)
    if case is None:
        raise Http404
    form = ConsentWithdrawalForm(request.POST)
    if form.is_valid():
        done = call_service(
            form,
            consent_withdrawal_request,
            participant=person,
            referral=case,
            text=form.cleaned_data["text"],
            audit_context=AuditContext.for_participant(request),
        )
        if done is not None:
            return redirect(reverse("portal:my_data") + "#consent-heading")
    return _page(request, person, form, status=400)
