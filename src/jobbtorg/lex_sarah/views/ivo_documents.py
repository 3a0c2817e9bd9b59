"""Not built yet: each view answers 404 until its page is written."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def notification_pdf(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def investigation_pdf(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404
