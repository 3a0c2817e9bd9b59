"""Who a portal page is for: the person signed in on their own pages (ADR 0005, point 2)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from jobbtorg.participants.models import Participant

PersonView = Callable[..., HttpResponse]


def participant_page(view: PersonView) -> Callable[..., HttpResponse]:
    """Calls `view(request, person, ...)` with the signed-in person. A staff session gets 404
    (staff have no portal: never a way into a person's pages from here); a browser signed in
    as no one is sent to Min sida, which offers the sign-in."""

    @wraps(view)
    def for_the_person(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        person: Participant | None = getattr(request, "participant", None)
        if person is None:
            if request.user.is_authenticated:
                raise Http404
            return redirect("portal:own_page")
        return view(request, person, *args, **kwargs)

    return for_the_person
