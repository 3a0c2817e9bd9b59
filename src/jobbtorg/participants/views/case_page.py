"""What every page about one person does: render it (logging that the user saw the person),
go back to the person, or to the page a button was pressed on."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from jobbtorg.core.web import audit_context
from jobbtorg.participants.models import IntakeSlot, Participant
from jobbtorg.participants.selectors import participant_shown


def render_case_page(
    request: HttpRequest,
    template: str,
    participant: Participant,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    """Render a page about one person, read through the user's scope by the view; the read is
    recorded here (`participant_shown`), when the page is shown."""
    participant_shown(participant=participant, audit_context=audit_context(request))
    return render(request, template, {"participant": participant, **context}, status=status)


def to_person(participant: Participant, anchor: str = "") -> HttpResponse:
    url = reverse("web:participant", args=[participant.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def next_or(request: HttpRequest, default: str) -> str:
    """Back to the page a button was pressed on (Min dag, the inbox, the person), when it is
    one of ours; `default` otherwise."""
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def when_text(slot: IntakeSlot) -> str:
    return timezone.localtime(slot.starts_at).strftime("%Y-%m-%d %H:%M")
