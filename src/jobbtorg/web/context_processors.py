"""What every page's frame needs: the demo flag, the signed-in role's name and which entries
of the main menu the user sees. Each entry asks the predicate that guards its pages, so the
menu offers nothing the page would refuse."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from jobbtorg.core.roles import CASE_READERS, CASE_WORKERS, Role
from jobbtorg.followup.permissions import can_view_key_figures
from jobbtorg.lex_sarah.permissions import can_file_report
from jobbtorg.matching.permissions import can_use_matching
from jobbtorg.payments.permissions import can_view_payment_runs
from jobbtorg.providers.permissions import (
    can_use_attendance_lists,
    can_view_comparison,
    can_view_offerings,
)
from jobbtorg.summerjobs.permissions import can_read_applications, can_read_season
from jobbtorg.transfer.permissions import can_import_transfer


def jobbtorg(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    role = getattr(user, "role", "") if signed_in else ""
    frame: dict[str, Any] = {
        "DEMO_MODE": settings.DEMO_MODE,
        "user_role_label": Role(role).label if role in Role.values else "",
        "user_is_administrator": role == Role.ADMINISTRATOR,
        "user_is_officer": role == Role.DISTRICT_OFFICER,
    }
    if not signed_in:
        return frame
    handles_summer_jobs = can_read_applications(user)
    frame.update(
        {
            "user_sees_participants": role in CASE_READERS,
            "user_publishes_times": role in CASE_WORKERS,
            "user_imports_transfers": can_import_transfer(user),
            "user_sees_offerings": can_view_offerings(user),
            "user_takes_attendance": can_use_attendance_lists(user),
            "user_matches": can_use_matching(user),
            "user_handles_summer_jobs": handles_summer_jobs,
            # The other readers (analysts, administrators) follow the seasons.
            "user_reads_summer_seasons": not handles_summer_jobs and can_read_season(user),
            "user_sees_payments": can_view_payment_runs(user),
            "user_compares_providers": can_view_comparison(user),
            "user_follows_up": can_view_key_figures(user),
            # Every staff account reports wrongdoings (R35).
            "user_files_lex_sarah": can_file_report(user),
        }
    )
    return frame
