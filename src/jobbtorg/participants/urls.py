"""The pages of participants and their cases, each with its full path (the app is included once
at the root)."""

from django.urls import path

from jobbtorg.participants.views import (
    assessments,
    case_messages,
    coaches,
    consent_withdrawals,
    district_events,
    first_meetings,
    interruptions,
    limit_exceptions,
    participants,
    referrals,
    sharing,
)

app_name = "participants"

# Every route that shows a person takes `participant_id`: the audit test walks them by that name.
# They take no other parameter (an activity is chosen in the form or with ?aktivitet=).
urlpatterns = [
    path("deltagare/", participants.participant_list, name="list"),
    path("deltagare/ny/", participants.participant_create_view, name="create"),
    path("deltagare/<uuid:participant_id>/logg/", participants.audit_extract, name="audit_extract"),
    path(
        "deltagare/<uuid:participant_id>/logg.csv",
        participants.audit_extract_csv,
        name="audit_extract_csv",
    ),
    path(
        "deltagare/<uuid:participant_id>/forsta-motet/",
        first_meetings.first_meeting,
        name="first_meeting",
    ),
    path(
        "deltagare/<uuid:participant_id>/kartlaggning/",
        assessments.assessment,
        name="assessment",
    ),
    path(
        "deltagare/<uuid:participant_id>/avbrott/",
        interruptions.interruption,
        name="interruption",
    ),
    path(
        "deltagare/<uuid:participant_id>/rapport/",
        district_events.district_report_view,
        name="report",
    ),
    path("deltagare/<uuid:participant_id>/coach/", coaches.coach_change_view, name="coach_change"),
    path(
        "deltagare/<uuid:participant_id>/boka-forsta-mote/",
        first_meetings.first_meeting_book_view,
        name="first_meeting_book",
    ),
    path("deltagare/<uuid:participant_id>/delning/", sharing.case_sharing, name="case_sharing"),
    path(
        "deltagare/<uuid:participant_id>/undantag/",
        limit_exceptions.limit_exception_view,
        name="limit_exception",
    ),
    path(
        "deltagare/<uuid:participant_id>/meddelanden/",
        case_messages.case_messages,
        name="case_messages",
    ),
    # Pages that are not about one person: intake times, the referral form, the district's
    # inbox, and the manager's decisions on exceptions to the 18-month limit.
    path("tider/", first_meetings.intake_slots, name="intake_slots"),
    path("remisser/ny/", referrals.referral_create_view, name="referral_create"),
    path("inkorg/", district_events.inbox, name="inbox"),
    path("inkorg/<int:event_id>/hanterad/", district_events.inbox_handle, name="inbox_handle"),
    path(
        "samtycke/<uuid:request_id>/hanterad/",
        consent_withdrawals.consent_withdrawal_handle,
        name="consent_withdrawal_handle",
    ),
    path(
        "undantag/<int:exception_id>/beslut/",
        limit_exceptions.limit_exception_decide_view,
        name="exception_decide",
    ),
]
