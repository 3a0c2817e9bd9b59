"""What the public summer-job pages share (no staff login; in production the city's e-ID sits in
front). Three versions of the texts: Swedish and English through Django's i18n, and plain
Swedish (lättläst) with `?lattlast=1`, always in Swedish."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from jobbtorg.summerjobs.services import TooManyTries


def is_plain(request: HttpRequest) -> bool:
    return request.GET.get("lattlast") == "1"


def plain_query(request: HttpRequest) -> str:
    return "?lattlast=1" if is_plain(request) else ""


def render_public(
    request: HttpRequest, template: str, context: dict[str, Any], **kwargs: Any
) -> HttpResponse:
    """Plain Swedish is Swedish whatever language the visitor chose."""
    plain = is_plain(request)
    context = {"plain": plain, "plain_query": plain_query(request), **context}
    if plain:
        with translation.override("sv"):
            response = render(request, template, context, **kwargs)
            response.headers["Content-Language"] = "sv"
            return response
    return render(request, template, context, **kwargs)


def private(response: HttpResponse) -> HttpResponse:
    """Pages with personal data or a secret: no cache keeps them, no link to another site
    learns their address (the workplace link holds a secret)."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


def too_many_message(plain: bool, error: TooManyTries) -> str:
    """How long to wait: minutes when this address made too many wrong tries, seconds when the
    personnummer is in its short back-off (docs/summerjobs.md, "Wrong codes")."""
    seconds = max(1, int(error.wait.total_seconds()))
    if error.address:
        minutes = max(1, -(-seconds // 60))
        if plain:
            return f"Du har försökt för många gånger. Vänta {minutes} minuter och försök igen."
        return str(
            translation.gettext(
                "Too many tries from this connection. Wait %(minutes)d minutes and try again."
            )
            % {"minutes": minutes}
        )
    if plain:
        return f"Du har försökt för många gånger. Vänta {seconds} sekunder och försök igen."
    return str(
        translation.gettext(
            "Too many tries for this personal identity number. Wait %(seconds)d seconds and "
            "try again."
        )
        % {"seconds": seconds}
    )
