"""The provider portal's attendance page (R15): /anordnare/narvaro/?dag=YYYY-MM-DD."""

from django.urls import path

from jobbtorg.providers import views_attendance

app_name = "attendance"

urlpatterns = [
    path("", views_attendance.attendance_day, name="day"),
]
