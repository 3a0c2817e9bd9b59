"""Forms of the activity plan pages: parse what was typed; the plans service decides."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.forms import DATE_FORMAT_MESSAGE, DateInput
from jobbtorg.plans.models import FollowUpOutcome
from jobbtorg.providers.models import ActivityType, Provider


class ActivityTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class PlanActivityForm(forms.Form):
    """One activity of a plan version (R12, R13): what, by whom, when, how much, to what end.

    The form only reads what was typed (a date that is no date, a number that is no number);
    what is missing or not allowed is the plans service's to say (the plan-activity rule), for
    every row at once, so no field here is required."""

    activity_type = ActivityTypeChoiceField(
        label=_("Activity"),
        queryset=ActivityType.objects.filter(is_active=True),
        to_field_name="code",
        empty_label=_("Choose an activity"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the activities in the list.")},
    )
    provider = forms.CharField(
        label=_("Provider"),
        max_length=200,
        required=False,
        help_text=_(
            "Leave empty when the Jobbtorg runs the activity itself (assessment, guidance, "
            "coaching, own job search, preparatory activities, matching)."
        ),
        widget=forms.TextInput(attrs={"list": "providers", "autocomplete": "off"}),
    )
    start = forms.DateField(
        label=_("Start"),
        widget=DateInput(),
        required=False,
        error_messages={"invalid": DATE_FORMAT_MESSAGE},
    )
    end = forms.DateField(
        label=_("End"),
        widget=DateInput(),
        required=False,
        error_messages={"invalid": DATE_FORMAT_MESSAGE},
    )
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"),
        max_digits=4,
        decimal_places=1,
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "1", "max": "60"}),
        error_messages={"invalid": _("Hours per week is a number from 1 to 60.")},
    )
    goal = forms.CharField(
        label=_("Goal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_provider(self) -> str:
        """A name that is in the register becomes its id, so that the plan links to it."""
        name = " ".join(self.cleaned_data["provider"].split())
        if not name:
            return ""
        registered = Provider.objects.filter(is_active=True, name__iexact=name).first()
        return str(registered.pk) if registered else name

    def as_activity(self) -> dict[str, Any]:
        """The row as read; a value that could not be read is None (its error is on the form)."""
        data = getattr(self, "cleaned_data", {})
        activity_type = data.get("activity_type")
        return {
            "type": activity_type.code if activity_type else "",
            "provider": data.get("provider", ""),
            "start": data.get("start"),
            "end": data.get("end"),
            "hours_per_week": data.get("hours_per_week"),
            "goal": data.get("goal", ""),
        }


class BasePlanActivityFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this activity")

    def kept_forms(self) -> list[PlanActivityForm]:
        """The rows to save: not removed, and not an extra row left blank."""
        kept = []
        for index, form in enumerate(self.forms):
            if self.can_delete and self._should_delete_form(form):
                continue
            if index >= self.initial_form_count() and not form.has_changed():
                continue
            kept.append(form)
        return kept


PlanActivityFormSet = forms.formset_factory(
    PlanActivityForm,
    formset=BasePlanActivityFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
)


class PlanVersionForm(forms.Form):
    # The latest version number seen when the form was opened (empty for the first plan).
    based_on = forms.IntegerField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("What changed and why"),
        required=False,
        help_text=_("For the district officer who approves the plan."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FollowUpForm(forms.Form):
    activity = forms.TypedChoiceField(
        label=_("Activity"),
        coerce=int,
        choices=[],
        error_messages={"required": _("Choose the activity you followed up.")},
    )
    done_on = forms.DateField(
        label=_("Date of the follow-up"),
        widget=DateInput(),
        error_messages={
            "required": _("Give the date of the follow-up."),
            "invalid": DATE_FORMAT_MESSAGE,
        },
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=FollowUpOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the outcome of the activity.")},
    )
    note = forms.CharField(
        label=_("Note and next step"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, activities: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = [("", _("Choose an activity"))] + [  # type: ignore[attr-defined]
            (
                a.pk,
                f"{a.activity_type.name}, {a.provider_label} "
                f"({a.start:%Y-%m-%d} – {a.end:%Y-%m-%d})",
            )
            for a in activities
        ]


class PlanRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the rejection"),
        help_text=_("The coach reads it and writes a new version."),
        # Required by the service, which says so in its own words.
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
