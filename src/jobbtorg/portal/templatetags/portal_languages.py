"""The portal's language switch: its languages, each named in itself (settings)."""

from dataclasses import dataclass

from django import template
from django.conf import settings

register = template.Library()


@dataclass(frozen=True)
class PortalLanguage:
    code: str
    name: str
    # The language's direction, for the button that names it ("rtl" for Arabic).
    direction: str


@register.simple_tag
def portal_languages() -> list[PortalLanguage]:
    # Django's own rule (get_language_bidi): the first part of the code in LANGUAGES_BIDI.
    # Django's LANG_INFO is not asked: it lacks languages the portal may add (so, ti).
    return [
        PortalLanguage(
            code=code,
            name=name,
            direction="rtl" if code.split("-")[0] in settings.LANGUAGES_BIDI else "ltr",
        )
        for code, name in settings.JOBBTORG_PORTAL_LANGUAGES
    ]
