"""Not built yet: each view answers 404 until its page is written."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def designations(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def end_designation(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404
