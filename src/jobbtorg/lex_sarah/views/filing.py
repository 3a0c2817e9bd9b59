"""Not built yet: each view answers 404 until its page is written."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def own_reports(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def file_report(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def own_report(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404
