"""Forms for the assessment and its health-related entries."""

from typing import Any

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from jobbtorg.participants.models import (
    Assessment,
)
from jobbtorg.participants.services.assessments import ASSESSMENT_FIELDS


class AssessmentForm(forms.Form):
    """The assessment's fields, as the model names them; `version` for optimistic locking."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = fields_for_model(Assessment, fields=ASSESSMENT_FIELDS)
        for name in ("work_history", "wishes", "long_term_goal", "obstacles"):
            fields[name].widget.attrs["rows"] = 3
        self.fields.update(fields)

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ASSESSMENT_FIELDS}


class HealthEntryForm(forms.Form):
    text = forms.CharField(
        label=_("Health-related limitation or need"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the entry.")},
    )
