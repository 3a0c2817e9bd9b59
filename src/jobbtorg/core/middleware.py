import ipaddress
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from jobbtorg.core.json_log import current_request_id

request_logger = logging.getLogger("jobbtorg.requests")

# A request id from the proxy is kept when it looks like one (nginx's $request_id, a UUID);
# anything else, or a value with a personnummer's digits in it, gets an id of our own.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,127}")
_PERSONNUMMER_DIGITS = re.compile(r"\d{6}[-+]?\d{4}")


def _request_id(header: str | None) -> str:
    if header and _SANE_REQUEST_ID.fullmatch(header) and not _PERSONNUMMER_DIGITS.search(header):
        return header
    return uuid.uuid4().hex


class RequestLogMiddleware:
    """One JSON line per request (request id, user id, route, status, duration) and the
    X-Request-ID header on the response, so that a user's report can be found in the log.

    The route is the URL pattern ("deltagare/<uuid:participant_id>/"), never the path or the
    query: they can hold a personnummer. Outermost, so that the duration is the whole request's.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request_id = _request_id(request.headers.get("X-Request-ID"))
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            self._log(request, request_id, response.status_code, started)
            return response
        except BaseException:
            # Django turns exceptions into 500 responses inside; one escaping here is a 500 too.
            self._log(request, request_id, 500, started)
            raise
        finally:
            current_request_id.reset(token)

    @staticmethod
    def _log(request: HttpRequest, request_id: str, status: int, started: float) -> None:
        match = request.resolver_match
        user = getattr(request, "user", None)
        fields = {
            "request_id": request_id,
            "method": request.method,
            "route": match.route if match else None,
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "user_id": user.pk if user is not None and user.is_authenticated else None,
        }
        request_logger.info("request", extra={"fields": fields})


class ClientAddressFromProxyMiddleware:
    """Behind the reverse proxies in JOBBTORG_TRUSTED_PROXIES, REMOTE_ADDR becomes the visitor's
    address from X-Forwarded-For: the audit log, sign-in lockouts and the summer-job code limit
    go by it, and with the proxy's address everyone would share one lockout.

    gunicorn leaves REMOTE_ADDR the proxy's. X-Forwarded-For is read from the right, skipping
    the trusted proxies, since a visitor can write anything into its left end.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        try:
            self.trusted = [
                ipaddress.ip_network(proxy, strict=False)
                for proxy in settings.JOBBTORG_TRUSTED_PROXIES
            ]
        except ValueError as error:
            raise ImproperlyConfigured(f"JOBBTORG_TRUSTED_PROXIES: {error}") from None
        if not self.trusted:
            raise MiddlewareNotUsed

    def _address(self, text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
        try:
            return ipaddress.ip_address(text)
        except ValueError:
            return None

    def _is_trusted(self, text: str) -> bool:
        ip = self._address(text)
        return ip is not None and any(ip in network for network in self.trusted)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded and self._is_trusted(request.META.get("REMOTE_ADDR", "")):
            for hop in reversed([hop.strip() for hop in forwarded.split(",")]):
                if not self._is_trusted(hop):
                    # Not an address at all: keep the proxy's rather than trust nonsense.
                    visitor = self._address(hop)
                    if visitor is not None:
                        request.META["REMOTE_ADDR"] = str(visitor)
                    break
        return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """Pages seen by a signed-in user may hold personal data: no browser or proxy may keep them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response


class SwedishFirstLocaleMiddleware:
    """Swedish unless the person chose another language with the language buttons (a cookie).

    Staff browsers are often set to English; the product is Swedish first, so a page does not
    follow the browser's Accept-Language. API clients, which cannot press a button, may ask for
    a language with Accept-Language.

    Two sets of languages: the participant's own pages (JOBBTORG_PORTAL_PATHS) may also be in
    plain Swedish and Arabic; every other page is in one of JOBBTORG_STAFF_LANGUAGES, and a
    choice outside them (made on the portal, in the same browser) shows it in Swedish.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.staff_languages = {code for code, _ in settings.JOBBTORG_STAFF_LANGUAGES}
        self.portal_languages = {code for code, _ in settings.JOBBTORG_PORTAL_LANGUAGES}
        self.portal_paths = tuple(settings.JOBBTORG_PORTAL_PATHS)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        on_portal = request.path_info.startswith(self.portal_paths)
        supported = self.portal_languages if on_portal else self.staff_languages
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in supported and request.path_info.startswith("/api/"):
            language = translation.get_language_from_request(request)
        if language not in supported:
            language = settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        # An override, not an activation: the thread's language is put back afterwards.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie", "Accept-Language"])
        return response
