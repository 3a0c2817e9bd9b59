"""Seasons in the admin: administrators set them up (window, ages, grounds and their order,
choices, periods, goal). Applications are personal data and are not in the admin."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jobbtorg.core.admin import NoPersonalDataAdmin
from jobbtorg.summerjobs.models import Period, PriorityGround, Season
from jobbtorg.summerjobs.services import seed_priority_grounds


class PriorityGroundInline(admin.TabularInline):
    model = PriorityGround
    extra = 0
    fields = ["rank", "code", "name_sv", "name_en"]


class PeriodInline(admin.TabularInline):
    model = Period
    extra = 1
    fields = ["name", "starts_on", "ends_on"]


@admin.register(Season)
class SeasonAdmin(NoPersonalDataAdmin):
    list_display = ["name", "year", "opens_on", "closes_on", "status", "goal"]
    fields = [
        "name",
        "year",
        "opens_on",
        "closes_on",
        "reference_date",
        "min_age",
        "max_age",
        "choices_count",
        "offer_days",
        "goal",
        "status",
    ]
    # A season moves through its steps on its page, as its table allows (season_workflow.py).
    readonly_fields = ["status"]
    inlines = [PriorityGroundInline, PeriodInline]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            # The city's four grounds in their order, editable below.
            seed_priority_grounds(obj)
