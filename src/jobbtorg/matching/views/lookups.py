"""The look-ups behind the fields where staff name an occupation, a skill or a language: the
names that fit what was typed, as the options of the field's datalist (htmx asks for them)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jobbtorg.matching.lookups import LOOKUPS
from jobbtorg.matching.permissions import can_look_up_taxonomy


@login_required
@require_GET
def lookup(request: HttpRequest, kind: str) -> HttpResponse:
    """`kind`: yrke, kompetens or sprak. The typed text comes under the field's own name (htmx
    sends the field as it is), so the first value given is the one looked up. Only for the staff
    who write those forms: anyone else gets 404, as for a page outside their scope."""
    find = LOOKUPS.get(kind)
    if find is None or not can_look_up_taxonomy(request.user):
        raise Http404
    typed = next((value for value in request.GET.values() if value.strip()), "")
    return render(request, "matching/_lookup_options.html", {"names": find(typed)})
