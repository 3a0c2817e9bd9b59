"""Not built yet: each view answers 404 until its page is written."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def inbox(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def report(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def investigate(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def investigation_version(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def close(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def ivo_sent(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


def measure_followed_up(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404
