"""The app's pages, one module per noun. The start pages compose the pieces in `home`."""

from jobbtorg.providers.views.home import (
    coach_attendance_flags,
    provider_attendance_flags,
    provider_home,
    unread_reports,
)

__all__ = [
    "coach_attendance_flags",
    "provider_attendance_flags",
    "provider_home",
    "unread_reports",
]
