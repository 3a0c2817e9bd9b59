"""The portal's own "not found": another person's object by id, or a page that does not exist
under the portal's paths, answered in the person's language with the way back to Min sida."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def is_the_portals(request: HttpRequest) -> bool:
    """A page under the portal's paths, or any page asked for by a signed-in participant (the
    staff's pages are 404 for them)."""
    on_portal = request.path_info.startswith(tuple(settings.JOBBTORG_PORTAL_PATHS))
    return on_portal or getattr(request, "participant", None) is not None


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "portal/not_found.html", status=404)
