"""The person's messages as staff see them: every thread of the person's cases the user may
read, and the answer form where the user answers (the case's coach, the Jobbtorg's manager).
The participant page shows the same threads and posts its answers here."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jobbtorg.core.web import audit_context, call_service
from jobbtorg.participants.forms import CaseMessageAnswerForm
from jobbtorg.participants.selectors import participant_get
from jobbtorg.participants.selectors.case_messages import case_thread_get
from jobbtorg.participants.services.case_messages import case_threads_opened, message_from_staff
from jobbtorg.participants.views.case_page import render_case_page


@login_required
@require_http_methods(["GET", "POST"])
def case_messages(request: HttpRequest, participant_id: str) -> HttpResponse:
    user = request.user
    participant = participant_get(user=user, participant_id=participant_id)
    failed: CaseMessageAnswerForm | None = None
    if request.method == "POST":
        thread = case_thread_get(
            user=user, participant=participant, thread_id=request.POST.get("thread")
        )
        if thread is None:
            raise Http404
        form = CaseMessageAnswerForm(request.POST, auto_id=f"svar-{thread.pk}-%s")
        if form.is_valid():
            sent = call_service(
                form,
                message_from_staff,
                actor=user,
                thread=thread,
                body=form.cleaned_data["body"],
                audit_context=audit_context(request),
            )
            if sent is not None:
                messages.success(
                    request,
                    _("Your answer is sent. %(name)s reads it on their own pages.")
                    % {"name": participant.first_name},
                )
                url = reverse("participants:case_messages", args=[participant.pk])
                return redirect(f"{url}#thread-{thread.pk}")
        failed = form
    threads = case_threads_opened(
        user=user, participant=participant, audit_context=audit_context(request)
    )
    context: dict[str, Any] = {
        "heading": _("Messages"),
        "threads": with_answer_forms(threads, failed),
        "form": failed,
    }
    return render_case_page(request, "participants/case_messages.html", participant, context)


def with_answer_forms(threads: Any, failed: CaseMessageAnswerForm | None = None) -> Any:
    """An empty answer form on each thread the user answers; the refused one keeps what was
    typed. Used by the participant page too."""
    for item in threads:
        if not item.may_answer:
            continue
        key = str(item.thread.pk)
        if failed is not None and failed.data.get("thread") == key:
            item.answer_form = failed
        else:
            item.answer_form = CaseMessageAnswerForm(
                initial={"thread": key}, auto_id=f"svar-{key}-%s"
            )
    return threads
