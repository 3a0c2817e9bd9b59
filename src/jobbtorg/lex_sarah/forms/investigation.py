"""The lex Sarah officer's forms: the investigation, a document sent to IVO, closing with its
measures to follow up, and a measure's follow-up. They parse what was typed; the services
decide what may be saved and word their refusals."""

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jobbtorg.core.forms import DATE_ERRORS, DateInput
from jobbtorg.lex_sarah.models import Assessment, IvoDocumentKind
from jobbtorg.lex_sarah.services import INVESTIGATION_FIELDS, MeasureToFollowUp

# Rows of measures to follow up on the closing form; empty rows are left out.
MEASURE_ROWS = 5


class _VersionedForm(forms.Form):
    """`expected_version`: the report's version when the form was opened. Lost or altered, it
    is told above the form (a hidden field has nowhere to show its error)."""

    expected_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_expected_version(self) -> int | None:
        value = (self.cleaned_data.get("expected_version") or "").strip()
        if not value.isdigit():
            self.add_error(None, _("The form is out of date. Reload the page and write again."))
            return None
        return int(value)


def _text(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class InvestigationForm(_VersionedForm):
    """One version of the investigation; `expected_version` is the report's version when the
    form was opened, so that a save over someone else's is refused."""

    facts = _text(_("Facts"), _("What is known: documents, registers, what people said."))
    course_of_events = _text(_("Course of events"))
    causes = _text(_("Causes"))
    measures_taken = _text(_("Measures taken"))
    measures_planned = _text(_("Measures planned"))
    people_heard = _text(_("People heard"), _("Who was heard, and when."))
    assessment = forms.ChoiceField(
        label=pgettext_lazy("lex Sarah", "Assessment"),
        required=False,
        choices=[("", _("Not assessed yet")), *Assessment.choices],
        help_text=_(
            "A serious wrongdoing or a risk of one is reported to IVO without delay, from the "
            "day it is first assessed so."
        ),
        error_messages={"invalid_choice": _("Choose one of the assessments in the list.")},
    )

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in INVESTIGATION_FIELDS}


class IvoSentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Document sent"),
        choices=IvoDocumentKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose which document was sent."),
            "invalid_choice": _("Choose which document was sent."),
        },
    )
    sent_on = forms.DateField(
        label=_("Sent on"),
        widget=DateInput(),
        error_messages={"required": _("Give the day it was sent."), **DATE_ERRORS},
    )


class CloseForm(_VersionedForm):
    """The decision, its day, the measures taken, and up to `MEASURE_ROWS` measures to follow
    up (a description and the day it is followed up; a row left empty is ignored)."""

    decision = forms.CharField(
        label=_("Decision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    decided_on = forms.DateField(
        label=_("Day of the decision"),
        required=False,
        widget=DateInput(),
        error_messages=DATE_ERRORS,
    )
    measures_taken = forms.CharField(
        label=_("Measures taken"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in range(1, MEASURE_ROWS + 1):
            self.fields[f"measure_{row}"] = forms.CharField(
                label=_("Measure %(n)d to follow up") % {"n": row},
                required=False,
                max_length=500,
                error_messages={"max_length": _("Describe the measure in at most 500 characters.")},
            )
            self.fields[f"follow_up_{row}"] = forms.DateField(
                label=_("Follow up measure %(n)d on") % {"n": row},
                required=False,
                widget=DateInput(),
                error_messages=DATE_ERRORS,
            )

    def measure_rows(self) -> list[tuple[Any, Any]]:
        """(description field, date field) per row, for the template's table."""
        return [
            (self[f"measure_{row}"], self[f"follow_up_{row}"]) for row in range(1, MEASURE_ROWS + 1)
        ]

    def measures(self) -> tuple[list[MeasureToFollowUp], dict[str, str]]:
        """The rows filled in, and which form field each of the service's `measures-<i>`
        errors belongs to."""
        measures: list[MeasureToFollowUp] = []
        fields: dict[str, str] = {}
        for row in range(1, MEASURE_ROWS + 1):
            text = (self.cleaned_data.get(f"measure_{row}") or "").strip()
            day: dt.date | None = self.cleaned_data.get(f"follow_up_{row}")
            if not text and day is None:
                continue
            # Without a description the row needs one; with one, what is wrong is the day.
            fields[f"measures-{len(measures)}"] = f"follow_up_{row}" if text else f"measure_{row}"
            measures.append(MeasureToFollowUp(description=text, follow_up_on=day))
        return measures, fields


class FollowUpForm(forms.Form):
    note = forms.CharField(
        label=_("What the follow-up found"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write what the follow-up found.")},
    )
