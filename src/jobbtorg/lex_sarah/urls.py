from django.urls import path

from jobbtorg.lex_sarah.views import filing, investigation, ivo_documents, officers

app_name = "lex_sarah"

urlpatterns = [
    # Everyone on staff: file a report, follow one's own reports' status.
    path("lex-sarah/", filing.own_reports, name="own_reports"),
    path("lex-sarah/ny/", filing.file_report, name="file_report"),
    path("lex-sarah/mina/<int:report_id>/", filing.own_report, name="own_report"),
    # The administrator: who the lex Sarah officers are.
    path("lex-sarah/handlaggare/", officers.designations, name="officers"),
    path(
        "lex-sarah/handlaggare/<int:designation_id>/avsluta/",
        officers.end_designation,
        name="end_designation",
    ),
    # The lex Sarah officers: the inbox, the investigation, IVO and closing.
    path("lex-sarah/rapporter/", investigation.inbox, name="inbox"),
    path("lex-sarah/rapporter/<int:report_id>/", investigation.report, name="report"),
    path(
        "lex-sarah/rapporter/<int:report_id>/utredning/",
        investigation.investigate,
        name="investigate",
    ),
    path(
        "lex-sarah/rapporter/<int:report_id>/utredning/<int:number>/",
        investigation.investigation_version,
        name="investigation_version",
    ),
    path("lex-sarah/rapporter/<int:report_id>/avsluta/", investigation.close, name="close"),
    path(
        "lex-sarah/rapporter/<int:report_id>/ivo/skickad/", investigation.ivo_sent, name="ivo_sent"
    ),
    path(
        "lex-sarah/atgarder/<int:measure_id>/uppfoljd/",
        investigation.measure_followed_up,
        name="measure_followed_up",
    ),
    path(
        "lex-sarah/rapporter/<int:report_id>/ivo/anmalan.pdf",
        ivo_documents.notification_pdf,
        name="ivo_notification_pdf",
    ),
    path(
        "lex-sarah/rapporter/<int:report_id>/ivo/utredning.pdf",
        ivo_documents.investigation_pdf,
        name="ivo_investigation_pdf",
    ),
]
