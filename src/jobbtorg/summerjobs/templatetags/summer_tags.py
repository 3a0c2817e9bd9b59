from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def rows_named(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """Figure rows with the breakdown's value as `name`."""
    return [{**row, "name": row[key]} for row in rows]


@register.filter
def ground_rows(rows: list[dict[str, Any]], without: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**row, "name": row["ground"].name} for row in rows] + [
        {**without, "name": _("No verified ground")}
    ]


@register.filter
def tradeoff_rows(tradeoff: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    labels = {
        "stable": _("Stable (deferred acceptance): used"),
        "max_placement": _("Maximum placement (comparison)"),
    }
    return [{**tradeoff[key], "label": labels[key]} for key in labels if key in tradeoff]
