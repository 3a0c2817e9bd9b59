from django import forms
from django.utils.translation import gettext_lazy


class MonthForm(forms.Form):
    month = forms.CharField(
        label=gettext_lazy("Month"),
        help_text=gettext_lazy("YYYY-MM, for example 2026-04. This month or earlier."),
        max_length=7,
        error_messages={"required": gettext_lazy("Give the month as YYYY-MM.")},
    )
