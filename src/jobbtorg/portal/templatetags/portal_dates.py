"""Days written out for the person, in the page's language and its own formats (UX.md: "tisdag
14 mars"): the weekday's name, then the day and month, with the year only when it is not this
year's."""

import datetime as dt

from django import template
from django.utils import formats, timezone

register = template.Library()


@register.filter
def day_written_out(day: dt.date | None) -> str:
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day).date()
    named = "MONTH_DAY_FORMAT" if day.year == timezone.localdate().year else "DATE_FORMAT"
    return f"{formats.date_format(day, 'l')} {formats.date_format(day, named)}"
