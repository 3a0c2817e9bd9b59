"""Numbers in templates through the one formatting home, `core/numbers.py`: rounded half up,
in the language's format. `{{ share|percent }}` for a share of one (0.3929 → "39,3 %"),
`{{ value|percent:"per_cent" }}` for a value already in per cent, `{{ value|one_decimal }}`."""

from typing import Any

from django import template

from jobbtorg.core.numbers import decimal_text, percent_text

register = template.Library()


@register.filter
def percent(value: Any, unit: str = "") -> str:
    if value is None or value == "":
        return percent_text(None)
    return percent_text(value, fraction=unit != "per_cent")


@register.filter
def one_decimal(value: Any) -> str:
    if value is None or value == "":
        return decimal_text(None)
    return decimal_text(value, 1)
