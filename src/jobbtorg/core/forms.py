"""Form pieces every app's pages share."""

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker: it shows and sends the date as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
