"""Fields and widgets the participants' forms share."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.forms import DateInput

# The individual's path (R7–R19). The forms parse what was typed; the services decide and say
# what is wrong, and the views put those messages on the fields.


def _date_field(label: Any, *, required: bool = True, missing: Any = None, **kwargs: Any) -> Any:
    error_messages = {"invalid": _("Write the date as YYYY-MM-DD, for example 2026-03-14.")}
    if missing is not None:
        error_messages["required"] = missing
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        error_messages=error_messages,
        **kwargs,
    )
