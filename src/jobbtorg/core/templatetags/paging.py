"""Links between the pages of a list. A page that shows two paged lists gives each its own
parameter, and a link to one list's next page keeps where the other list is."""

from typing import Any

from django import template
from django.http import QueryDict

register = template.Library()


@register.simple_tag(takes_context=True)
def page_href(context: Any, number: int, param: str = "", query: str = "") -> str:
    """`?sida=<number>` after the search `query` when given (a list with one pager); with
    `param`, the request's own parameters with `param` set to `number`."""
    if not param:
        params = QueryDict(mutable=True)
        if query:
            params["q"] = query
        params["sida"] = str(number)
        return "?" + params.urlencode()
    request = context.get("request")
    params = request.GET.copy() if request is not None else QueryDict(mutable=True)
    params[param] = str(number)
    return "?" + params.urlencode()
