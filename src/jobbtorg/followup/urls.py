from django.urls import path

from jobbtorg.followup.views import effect, key_figures, lex_sarah

app_name = "followup"

urlpatterns = [
    path("nyckeltal/", key_figures.dashboard, name="dashboard"),
    path("nyckeltal/rapport/", key_figures.report, name="report"),
    path("nyckeltal/rapport/<int:report_file_id>/", key_figures.report_file, name="report_file"),
    path(
        "nyckeltal/rapport/<int:report_file_id>/fil/",
        key_figures.report_download,
        name="report_download",
    ),
    path("nyckeltal/effekt/", effect.effect_page, name="effect"),
    path("nyckeltal/lex-sarah/", lex_sarah.lex_sarah_page, name="lex_sarah"),
]
