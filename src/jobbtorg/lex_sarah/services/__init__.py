"""Every write of lex Sarah (R35), one module per thing written: filing a report
(`reports`), the investigation in versions (`investigations`), the documents sent to IVO
(`ivo`), closing with a decision and measures and following them up (`closing`), and the
officers (`designations`). Each write checks the permission, runs in one transaction with its
audit entry, and refuses bad input with a Swedish message naming the fix. The names are
gathered here for the pages and tests that call `services.<write>`."""

from jobbtorg.lex_sarah.services.checks import (
    INVESTIGATION_FIELDS,
    TEXT_MAX_CHARACTERS,
)
from jobbtorg.lex_sarah.services.closing import (
    MeasureToFollowUp,
    close_report,
    follow_up_measure,
    what_stops_closing,
)
from jobbtorg.lex_sarah.services.designations import designate_officer, end_designation
from jobbtorg.lex_sarah.services.investigations import current_investigation, save_investigation
from jobbtorg.lex_sarah.services.ivo import record_ivo_sent
from jobbtorg.lex_sarah.services.reports import file_report

__all__ = [
    "INVESTIGATION_FIELDS",
    "TEXT_MAX_CHARACTERS",
    "MeasureToFollowUp",
    "close_report",
    "current_investigation",
    "designate_officer",
    "end_designation",
    "file_report",
    "follow_up_measure",
    "record_ivo_sent",
    "save_investigation",
    "what_stops_closing",
]
