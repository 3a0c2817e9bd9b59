"""Forms for choosing a case's personal coach."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.roles import Role
from jobbtorg.organisation.models import User


class CoachChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


def coaches_of(job_centre_id: int | None) -> QuerySet[User]:
    return User.objects.filter(
        role=Role.COACH, job_centre_id=job_centre_id, is_active=True
    ).order_by("first_name", "last_name", "username")


class CoachChangeForm(forms.Form):
    coach = CoachChoiceField(
        label=_("New personal coach"),
        queryset=User.objects.none(),
        to_field_name="username",
        empty_label=_("Choose a coach"),
        error_messages={"required": _("Choose the new coach.")},
    )

    def __init__(self, *args: Any, job_centre_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = coaches_of(job_centre_id)  # type: ignore[attr-defined]
