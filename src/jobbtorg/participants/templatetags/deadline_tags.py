"""Deadlines as a date and a plain word, never colour alone (UX.md), and the one action that
resolves each deadline."""

import datetime as dt
from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jobbtorg.core.web import name_of
from jobbtorg.engines.rules.deadlines import due_label

register = template.Library()


def due_word(due_on: dt.date, today: dt.date | None = None) -> tuple[str, str]:
    code, days = due_label(due_on, today or timezone.localdate())
    if code == "overdue":
        return code, _("overdue")
    if code == "today":
        return code, _("today")
    return code, ngettext("in %(n)d day", "in %(n)d days", days) % {"n": days}


@register.simple_tag
def due(due_on: dt.date | None) -> str:
    """The date, and the word that says how near it is (a list of 25 cases shows 50: written
    here rather than by a template of its own, which cost a rendering each)."""
    if due_on is None:
        return "–"
    code, word = due_word(due_on)
    day = due_on.isoformat()
    return format_html(
        '<span class="due due--{}"><time datetime="{}">{}</time> '
        '<span class="due__word">{}</span></span>',
        code,
        day,
        day,
        word,
    )


@register.simple_tag
def deadline_action(item: Any) -> dict[str, str]:
    """The page that resolves a deadline, and the words on its link."""
    participant_id = item.referral.participant_id
    if item.kind == "follow_up_due":
        url = reverse("plans:follow_up", args=[participant_id])
        return {"url": f"{url}?aktivitet={item.activity_id}", "text": _("Follow up")}
    if item.kind == "plan_due":
        return {
            "url": reverse("plans:create", args=[participant_id]),
            "text": _("Write the plan"),
        }
    if item.kind in {"plan_rejected", "review_due"}:
        return {
            "url": reverse("plans:create", args=[participant_id]),
            "text": _("Write a new version"),
        }
    if item.kind == "participation_limit":
        return {
            "url": reverse("web:participant_exit", args=[participant_id]),
            "text": _("Record the exit"),
        }
    return {"url": reverse("web:participant", args=[participant_id]), "text": _("Open")}


@register.filter
def person_name(user: Any) -> str:
    return name_of(user)
