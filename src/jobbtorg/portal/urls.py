from django.urls import path
from django.views.decorators.http import require_GET

from jobbtorg.portal import absence, case_messages, eid, min_sida, my_data_views, views

app_name = "portal"

# The participant's own pages (ADR 0005): the e-ID sign-in keeps the addresses it had, and
# every page of the portal lives under /mina-sidor/.
urlpatterns = [
    path("e-legitimation/", require_GET(eid.EidSignInStartView.as_view()), name="eid_start"),
    path("e-legitimation/retur/", eid.eid_callback, name="eid_callback"),
    path("mina-sidor/", views.own_page, name="own_page"),
    path("mina-sidor/logga-ut/", eid.eid_sign_out, name="eid_sign_out"),
    path("mina-sidor/demo/", views.demo_sign_in, name="demo_sign_in"),
    path("mina-sidor/planer/<uuid:plan_id>/", views.plan_version, name="plan_version"),
    path("mina-sidor/planer/", min_sida.plan_history, name="plan_history"),
    path("mina-sidor/vecka/", min_sida.own_week, name="own_week"),
    path("mina-sidor/mina-uppgifter/", my_data_views.my_data_page, name="my_data"),
    path("mina-sidor/mina-uppgifter/pdf/", my_data_views.my_data_pdf, name="my_data_pdf"),
    path(
        "mina-sidor/mina-uppgifter/samtycke/",
        my_data_views.consent_withdrawal,
        name="consent_withdrawal",
    ),
    path("mina-sidor/meddelanden/", case_messages.thread_list, name="messages"),
    path("mina-sidor/meddelanden/nytt/", case_messages.new_thread, name="message_new"),
    path(
        "mina-sidor/meddelanden/<uuid:thread_id>/",
        case_messages.thread,
        name="message_thread",
    ),
    path("mina-sidor/franvaro/", absence.report_absence, name="report_absence"),
    path("mina-sidor/franvaro/anmald/", absence.absence_reported, name="absence_reported"),
]
