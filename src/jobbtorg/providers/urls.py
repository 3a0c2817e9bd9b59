"""Every page of the providers app, with its full path."""

from django.urls import path

from jobbtorg.providers.views import (
    attendance,
    attendance_week,
    comparison,
    free_choice,
    offerings,
)
from jobbtorg.providers.views import participations as participation_views

app_name = "providers"

urlpatterns = [
    # A person's activities, under their page.
    path(
        "deltagare/<uuid:participant_id>/aktivitet/ny/",
        participation_views.place,
        name="place",
    ),
    # Takes only `participant_id` (the audit walk over person routes finds it); ?aktivitet=<code>.
    path(
        "deltagare/<uuid:participant_id>/valfrihet/",
        free_choice.free_choice,
        name="free_choice",
    ),
    path(
        "aktiviteter/<uuid:participation_id>/",
        participation_views.participation_detail,
        name="participation",
    ),
    # The offerings a Jobbtorg has made.
    path("erbjudanden/", offerings.offerings, name="offerings"),
    path("erbjudanden/<int:offering_id>/", offerings.offering_detail, name="offering"),
    # The provider portal's attendance lists (R15): ?dag=YYYY-MM-DD.
    path("anordnare/narvaro/", attendance.attendance_day, name="attendance"),
    # The week's list of one activity, everyone present by default: ?vecka=YYYY-Wnn.
    path("anordnare/narvaro/vecka/", attendance_week.attendance_weeks, name="attendance_weeks"),
    path(
        "anordnare/narvaro/vecka/<int:offering_id>/",
        attendance_week.attendance_week,
        name="attendance_week",
    ),
    # The comparison of providers (R27, R30) and its exports.
    path("jamforelse/", comparison.comparison, name="comparison"),
    path("jamforelse/export.csv", comparison.comparison_csv, name="comparison_csv"),
    path("jamforelse/export.xlsx", comparison.comparison_xlsx, name="comparison_xlsx"),
]
