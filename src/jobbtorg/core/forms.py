"""Form pieces every app's pages share."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# One wording for a date that cannot be read, on every form that takes one.
DATE_FORMAT_MESSAGE = _("Write the date as YYYY-MM-DD, for example 2026-03-14.")
DATE_ERRORS = {"invalid": DATE_FORMAT_MESSAGE}


class DateInput(forms.DateInput):
    """The browser's date picker: it shows and sends the date as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class LookupInput(forms.TextInput):
    """A text field that offers names from reference data as one types (a look-up): htmx asks
    `lookup_url` for the names that fit what was typed and puts them in the field's datalist, so
    the browser offers them to pick. Without JavaScript it is a plain text field; either way the
    service checks the name against the reference data."""

    template_name = "core/lookup_input.html"

    def __init__(self, lookup_url: Any, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})})
        self.lookup_url = lookup_url

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        options_id = f"{widget['attrs'].get('id') or name}-choices"
        widget["options_id"] = options_id
        widget["attrs"].update(
            {
                "list": options_id,
                "hx-get": str(self.lookup_url),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{options_id}",
                "hx-swap": "innerHTML",
            }
        )
        return context
