"""The person's messages with the Jobbtorg on their own pages (ADR 0005, point 7): their
threads, one thread with its answer form, and a new thread about their current case. The
rules and their Swedish messages are the service's (participants/services/case_messages.py);
every read and write is audited on the channel `participant`."""

import uuid

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from jobbtorg.core.audit.events import AuditContext
from jobbtorg.core.web import call_service
from jobbtorg.participants.models import Participant
from jobbtorg.participants.selectors import message_threads_visible_to_participant, one_in_scope
from jobbtorg.participants.selectors.case_messages import (
    participant_threads_listed,
    participant_unread_answers,
)
from jobbtorg.participants.selectors.for_participant import case_shown_to_participant
from jobbtorg.participants.services.case_messages import (
    message_from_participant,
    participant_thread_opened,
)
from jobbtorg.portal.signed_in import participant_page

# The service checks what is written (empty, too long) in its own words: the fields here
# only carry the text to it.
_BODY_WIDGET = forms.Textarea(attrs={"rows": 6})


class NewThreadForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("What is it about?"), required=False)
    body = forms.CharField(
        label=gettext_lazy("Your message"),
        help_text=gettext_lazy("Write only text. You cannot send files here."),
        required=False,
        widget=_BODY_WIDGET,
    )


class AnswerForm(forms.Form):
    body = forms.CharField(label=gettext_lazy("Your answer"), required=False, widget=_BODY_WIDGET)


def unread_answers_block(person: Participant) -> dict[str, int]:
    """Min sida's "Messages" block: how many answers the person has not opened yet."""
    return {"unread_answers": participant_unread_answers(person)}


@require_GET
@participant_page
def thread_list(request: HttpRequest, person: Participant) -> HttpResponse:
    threads = participant_threads_listed(
        participant=person, audit_context=AuditContext.for_participant(request)
    )
    return render(
        request,
        "portal/messages/list.html",
        {"threads": threads, "case": case_shown_to_participant(person)},
    )


@require_http_methods(["GET", "POST"])
@participant_page
def new_thread(request: HttpRequest, person: Participant) -> HttpResponse:
    case = case_shown_to_participant(person)
    if case is None:
        raise Http404  # no case to write about: the list says so
    form = NewThreadForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        sent = call_service(
            form,
            message_from_participant,
            participant=person,
            referral=case,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            audit_context=AuditContext.for_participant(request),
        )
        if sent is not None:
            messages.success(request, _("Your message is sent. You get the answer here."))
            return redirect("portal:message_thread", thread_id=sent.thread_id)
    return render(request, "portal/messages/new.html", {"form": form, "case": case})


@require_http_methods(["GET", "POST"])
@participant_page
def thread(request: HttpRequest, person: Participant, thread_id: uuid.UUID) -> HttpResponse:
    context = AuditContext.for_participant(request)
    form = AnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        # Only the person's own thread takes an answer; another id is 404 before anything.
        own = one_in_scope(
            message_threads_visible_to_participant(person).select_related("referral"), thread_id
        )
        if form.is_valid():
            sent = call_service(
                form,
                message_from_participant,
                participant=person,
                thread=own,
                body=form.cleaned_data["body"],
                audit_context=context,
            )
            if sent is not None:
                messages.success(request, _("Your answer is sent."))
                url = reverse("portal:message_thread", kwargs={"thread_id": thread_id})
                return redirect(f"{url}#message-{sent.pk}")
    shown = participant_thread_opened(
        participant=person, thread_id=thread_id, audit_context=context
    )
    if shown is None:
        raise Http404
    return render(request, "portal/messages/thread.html", {"shown": shown, "form": form})
