"""The forms of lex Sarah's pages. They parse; the services decide what may be filed or
designated and word the refusals."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.forms import DATE_FORMAT_MESSAGE, DateInput
from jobbtorg.lex_sarah.models import ReportKind
from jobbtorg.lex_sarah.permissions import DESIGNABLE_ROLES
from jobbtorg.organisation.models import JobCentre, User
from jobbtorg.providers.models import Provider


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you report?"),
        choices=ReportKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether it is a wrongdoing or a risk of wrongdoing."),
            "invalid_choice": _("Choose whether it is a wrongdoing or a risk of wrongdoing."),
        },
    )
    what_happened = forms.CharField(
        label=_("What happened, or what could happen?"),
        help_text=_("Describe it as you saw or heard it. Write no more about people than needed."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Describe what happened or could happen.")},
    )
    happened_on = forms.DateField(
        label=_("When did it happen? (optional)"),
        help_text=_("For a risk: the day you saw it. Leave empty if you do not know."),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": DATE_FORMAT_MESSAGE},
    )
    happened_where = forms.CharField(
        label=_("Where did it happen, or where could it happen?"),
        help_text=_("For example the Jobbtorg's reception, or a provider's premises."),
        error_messages={"required": _("Write where it happened or could happen.")},
    )
    affected = forms.CharField(
        label=_("Who was or could be affected?"),
        help_text=_("For example “a participant” or “the participants of an activity”."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Write who was or could be affected, for example “a participant”.")
        },
    )
    immediate_actions = forms.CharField(
        label=_("What was done at once? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    job_centre = forms.ModelChoiceField(
        label=_("Which Jobbtorg does it concern?"),
        help_text=_("The Jobbtorg's lex Sarah officers receive the report."),
        queryset=JobCentre.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label=_("The city's own operations outside a Jobbtorg"),
        error_messages={"invalid_choice": _("Choose an active Jobbtorg.")},
    )
    provider = forms.ModelChoiceField(
        label=_("Which provider does it concern? (optional)"),
        queryset=Provider.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label=_("No provider"),
        error_messages={"invalid_choice": _("Choose a provider in the list.")},
    )
    # Set only by coming from the person's page; the service checks the reporter may see them.
    participant = forms.UUIDField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": _("The linked participant could not be read.")},
    )


class DesignationForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Staff account"),
        queryset=User.objects.none(),
        empty_label=_("Choose a staff account"),
        error_messages={
            "required": _("Choose the staff account to designate."),
            "invalid_choice": _("Choose an active staff account in the list."),
        },
    )
    job_centre = forms.ModelChoiceField(
        label=_("For"),
        help_text=_("A city-wide officer receives every report, those outside a Jobbtorg too."),
        queryset=JobCentre.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label=_("The whole city"),
        error_messages={"invalid_choice": _("Choose an active Jobbtorg.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Evaluated per form: accounts are made and closed while the process runs.
        self.fields["user"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(is_active=True, role__in=sorted(DESIGNABLE_ROLES))
            .select_related("job_centre")
            .order_by("last_name", "first_name", "username")
        )
        self.fields["user"].label_from_instance = _account_label  # type: ignore[attr-defined]


def _account_label(user: User) -> str:
    name = user.get_full_name() or user.get_username()
    unit = user.job_centre.name if user.job_centre else ""
    role = user.get_role_display()
    return f"{name} ({role}, {unit})" if unit else f"{name} ({role})"
