"""Who is signed in on the participant's own pages (ADR 0005, point 2).

The session's `eid_participant_id` (put there by the e-ID sign-in) becomes
`request.participant`, read once per request. The session ends after
JOBBTORG_PARTICIPANT_IDLE_MINUTES idle (staff keep theirs). On a staff page a participant's
session gets 404: never a staff sign-in page that would suggest they might have an account.
"""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse

from jobbtorg.participants.models import Participant

PARTICIPANT_SESSION_KEY = "eid_participant_id"
SEEN_AT_SESSION_KEY = "eid_participant_seen_at"

# Pages anyone may open, a participant too: the staff's sign-in (so that staff can sign in
# from this browser, which ends the participant's session), the language, the health check
# and the summer-job pages for the public. Everything else outside the portal is staff's.
OPEN_TO_EVERYONE = frozenset(
    {
        "web:login",
        "web:oidc_start",
        "web:oidc_callback",
        "web:healthz",
        "set_language",
        "summerjobs:apply",
        "summerjobs:applied",
        "summerjobs:my_application",
        "summerjobs:my_application_answer",
        "summerjobs:my_application_leave",
        "summerjobs:workplace_report",
        "summerjobs:workplace_reported",
        "summerjobs:workplace_page",
    }
)
PORTAL_NAMESPACE = "portal"


def sign_participant_in(request: HttpRequest, participant: Participant) -> None:
    request.session[PARTICIPANT_SESSION_KEY] = str(participant.pk)
    request.session[SEEN_AT_SESSION_KEY] = int(time.time())


class ParticipantSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.participant = self._participant(request)  # type: ignore[attr-defined]
        return self.get_response(request)

    @staticmethod
    def _participant(request: HttpRequest) -> Participant | None:
        session = request.session
        participant_id = session.get(PARTICIPANT_SESSION_KEY)
        if not participant_id:
            return None
        if request.user.is_authenticated:
            # One person per session: a staff sign-in after the participant's ends theirs.
            session.pop(PARTICIPANT_SESSION_KEY)
            session.pop(SEEN_AT_SESSION_KEY, None)
            return None
        now = int(time.time())
        seen_at = session.get(SEEN_AT_SESSION_KEY, 0)
        if now - seen_at > settings.JOBBTORG_PARTICIPANT_IDLE_MINUTES * 60:
            session.flush()
            return None
        # Written again only now and then: not a session write on every page.
        if now - seen_at >= settings.JOBBTORG_SESSION_REFRESH_SECONDS:
            session[SEEN_AT_SESSION_KEY] = now
        participant = Participant.objects.filter(pk=participant_id).first()
        if participant is None:
            session.flush()
        return participant

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        if getattr(request, "participant", None) is None:
            return
        match = request.resolver_match
        if match is None:
            return
        if match.namespace == PORTAL_NAMESPACE or match.view_name in OPEN_TO_EVERYONE:
            return
        raise Http404
