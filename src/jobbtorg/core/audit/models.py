from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobbtorg.core.roles import Role


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or delete an audit entry."""


class AuditAction(models.TextChoices):
    PARTICIPANT_VIEWED = "participant.viewed", _("Viewed the participant")
    PARTICIPANT_LISTED = "participant.listed", _("Saw the participant in a list")
    PARTICIPANT_CREATED = "participant.created", _("Registered the participant")
    REFERRAL_CREATED = "referral.created", _("Referred the person")
    # A referral or registration refused because of the person's case elsewhere: the look-up
    # read that the person exists.
    PARTICIPANT_LOOKED_UP = "participant.looked_up", _("Looked the person up (refused)")
    HOME_DISTRICT_CHANGED = "participant.moved", _("Recorded a move to another home district")
    CONTACT_DETAILS_REPLACED = (
        "participant.contact_replaced",
        _("Replaced the contact details with the referral's"),
    )
    CASE_SHARED = "case.shared", _("Recorded consent to share a case with another unit")
    CASE_SHARING_WITHDRAWN = "case.sharing_withdrawn", _("Recorded that the consent was withdrawn")
    FIRST_MEETING_RECORDED = "first_meeting.recorded", _("Recorded the first meeting")
    FIRST_MEETING_BOOKED = "first_meeting.booked", _("Booked the first meeting")
    INTAKE_TIME_RELEASED = "first_meeting.time_released", _("Released a booked intake time")
    COACH_ASSIGNED = "coach.assigned", _("Assigned the personal coach")
    ASSESSMENT_VIEWED = "assessment.viewed", _("Viewed the assessment")
    ASSESSMENT_UPDATED = "assessment.updated", _("Changed the assessment")
    HEALTH_ENTRIES_VIEWED = "health.viewed", _("Viewed health-related entries")
    HEALTH_ENTRY_ADDED = "health.added", _("Added a health-related entry")
    PLAN_VIEWED = "plan.viewed", _("Viewed the activity plan")
    PLAN_SUBMITTED = "plan.submitted", _("Wrote a plan version")
    PLAN_APPROVED = "plan.approved", _("Approved the plan")
    PLAN_REJECTED = "plan.rejected", _("Rejected the plan")
    FOLLOW_UP_RECORDED = "follow_up.recorded", _("Recorded a follow-up")
    INTERRUPTION_STARTED = "interruption.started", _("Interrupted the participation")
    INTERRUPTION_ENDED = "interruption.ended", _("Restarted the participation")
    EXIT_RECORDED = "exit.recorded", _("Recorded the exit")
    LIMIT_EXCEPTION_REQUESTED = (
        "limit_exception.requested",
        _("Asked for an exception to 18 months"),
    )
    LIMIT_EXCEPTION_DECIDED = "limit_exception.decided", _("Decided on an exception to 18 months")
    REPORTED_TO_DISTRICT = "district.reported", _("Reported to the district")
    DISTRICT_EVENTS_READ = "district_events.read", _("Read the district's events")
    DISTRICT_EVENT_HANDLED = "district_event.handled", _("Marked a district event as handled")
    TRANSFER_IMPORTED = "transfer.imported", _("Imported case files")
    TRANSFER_EXPORTED = "transfer.exported", _("Exported case files")
    TRANSFER_PERSON_IMPORTED = (
        "transfer.person_imported",
        _("Imported the person's data from a file"),
    )
    TRANSFER_PERSON_REFUSED = (
        "transfer.person_refused",
        _("Named the person in an upload outside the Jobbtorg (nothing written)"),
    )
    AUDIT_EXTRACT_VIEWED = "audit_extract.viewed", _("Viewed the audit extract")
    AUDIT_EXTRACT_EXPORTED = "audit_extract.exported", _("Exported the audit extract")
    PARTICIPATION_PLACED = "participation.placed", _("Placed the person in an activity")
    PROVIDER_CHOSEN = "participation.provider_chosen", _("Recorded the choice of provider")
    PROVIDER_REPORTED = "participation.reported", _("Reported on the activity")
    PARTICIPATION_CORRECTED = "participation.corrected", _("Corrected the activity's facts")
    PROVIDER_REPORT_SEEN = "participation.report_seen", _("Read the provider's report")
    FOLLOW_UP_RESULT_RECORDED = (
        "participation.result_followed_up",
        _("Recorded whether the result lasted"),
    )
    ATTENDANCE_REGISTERED = "attendance.registered", _("Registered attendance")
    ATTENDANCE_VIEWED = "attendance.viewed", _("Viewed the attendance")
    SCHEDULE_VIEWED = "schedule.viewed", _("Viewed the week's schedule")
    PAYMENT_RUN_PREVIEWED = "payment_run.previewed", _("Previewed a payment run")
    PAYMENT_RUN_VIEWED = "payment_run.viewed", _("Viewed a payment run")
    PAYMENT_RUN_APPROVED = "payment_run.approved", _("Approved a payment run")
    PAYMENT_RUN_EXPORTED = "payment_run.exported", _("Exported a payment run")
    MATCHING_PROFILE_VIEWED = "matching_profile.viewed", _("Viewed the matching profile")
    MATCHING_PROFILE_UPDATED = "matching_profile.updated", _("Changed the matching profile")
    CANDIDATES_SUGGESTED = "matching.candidates_suggested", _("Saw the person among suggestions")
    PROPOSAL_RECORDED = "proposal.recorded", _("Recorded a step of a proposal to an employer")
    EMPLOYER_PROFILE_SHARED = "proposal.profile_shared", _("Shared the profile with an employer")
    FAIR_INVITATION_RECORDED = "fair.invitation_recorded", _("Recorded a fair invitation")
    SUMMER_APPLICATION_SAVED = "summer_application.saved", _("Saved a summer-job application")
    SUMMER_APPLICATION_VIEWED = "summer_application.viewed", _("Viewed a summer-job application")
    SUMMER_APPLICATIONS_LISTED = (
        "summer_application.listed",
        _("Saw a summer-job applicant in a list"),
    )
    SUMMER_PRIORITY_VERIFIED = "summer_application.priority_verified", _("Verified a priority")
    SUMMER_PRIORITY_REMOVED = (
        "summer_application.priority_removed",
        _("Removed a verified priority"),
    )
    SUMMER_ALLOCATION_RUN = "summer_allocation.run", _("Ran a summer-job allocation")
    SUMMER_OFFER_ANSWERED = "summer_offer.answered", _("Answered a summer-job offer")
    INDICATORS_COMPUTED = "indicators.computed", _("Computed key figures from personal data")
    # A sign-in through the identity provider that found no one to sign in: the reason only,
    # never the claims (they are personal data of someone who may have no case here).
    SIGN_IN_REFUSED = "sign_in.refused", _("Sign-in refused")
    PARTICIPANT_SIGNED_IN = "participant.signed_in", _("Signed in with e-ID")
    # Messages between the person and the Jobbtorg (participants/services/case_messages.py).
    CASE_MESSAGE_SENT = "case_message.sent", _("Wrote a message in the case")
    CASE_MESSAGES_VIEWED = "case_messages.viewed", _("Viewed the case's messages")
    CASE_MESSAGES_MARKED_READ = "case_messages.marked_read", _("Marked messages as read")
    # The person's own data page and its PDF (portal/my_data.py): one entry for the whole read.
    MY_DATA_VIEWED = "my_data.viewed", _("Viewed everything recorded about the person")
    MY_DATA_PRINTED = "my_data.printed", _("Printed everything recorded about the person (PDF)")
    CONSENT_WITHDRAWAL_REQUESTED = (
        "consent.withdrawal_requested",
        _("Asked to take back a consent"),
    )
    CONSENT_WITHDRAWAL_HANDLED = (
        "consent.withdrawal_handled",
        _("Handled a request to take back a consent"),
    )
    # Lex Sarah (lex_sarah/services/): entries name the report, never the person linked to
    # it, so the person's own list of reads does not reveal a report (ADR 0006).
    LEX_SARAH_REPORT_FILED = "lex_sarah.filed", _("Filed a lex Sarah report")
    LEX_SARAH_REPORT_VIEWED = "lex_sarah.viewed", _("Viewed a lex Sarah report")
    LEX_SARAH_REPORTS_LISTED = "lex_sarah.listed", _("Saw lex Sarah reports in a list")
    LEX_SARAH_INVESTIGATION_SAVED = (
        "lex_sarah.investigated",
        _("Saved the investigation of a lex Sarah report"),
    )
    LEX_SARAH_IVO_DOCUMENT_PRODUCED = (
        "lex_sarah.ivo_document",
        _("Produced a lex Sarah document for IVO"),
    )
    LEX_SARAH_IVO_SENT = "lex_sarah.ivo_sent", _("Recorded a lex Sarah document sent to IVO")
    LEX_SARAH_REPORT_CLOSED = "lex_sarah.closed", _("Closed a lex Sarah report")
    LEX_SARAH_MEASURE_FOLLOWED_UP = (
        "lex_sarah.measure_followed_up",
        _("Followed up a lex Sarah measure"),
    )
    LEX_SARAH_OFFICER_DESIGNATED = (
        "lex_sarah.officer_designated",
        _("Designated a lex Sarah officer"),
    )
    LEX_SARAH_DESIGNATION_ENDED = (
        "lex_sarah.designation_ended",
        _("Ended a lex Sarah officer's designation"),
    )
    CASE_FILES_CULLED = "retention.culled", _("Culled the person's case files (gallring)")
    ASSISTANCE_POOL_CULLED = (
        "retention.assistance_pool_culled",
        _("Culled months of assistance of people who never took part (gallring)"),
    )


class AuditChannel(models.TextChoices):
    PAGE = "page", _("Page")
    API = "api", _("API")
    EXPORT = "export", _("Export")
    COMMAND = "command", _("Command line")
    # The person themselves on their own pages (the portal), signed in with e-ID.
    PARTICIPANT = "participant", _("The participant's own pages")


class AuditEntryNotChained(Exception):
    """Raised when an entry is stored without its place in the chain (core/audit/chain.py)."""


class AppendOnlyQuerySet(models.QuerySet):
    """Audit rows: a queryset cannot change or delete them either."""

    def update(self, **kwargs: object) -> int:
        raise AuditLogIsAppendOnly("Audit entries cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly("Audit entries cannot be deleted.")


class AuditEntryQuerySet(AppendOnlyQuerySet):
    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list["AuditEntry"]:
        objs = list(objs)
        if any(not entry.entry_hash for entry in objs):
            raise AuditEntryNotChained("Write audit entries through jobbtorg.core.audit.events.")
        return super().bulk_create(objs, *args, **kwargs)


class AuditEntry(models.Model):
    """Who did what to whose data, when and from where. Never changed, never deleted.

    The database refuses changes too (triggers in migration 0002), so a bug or a raw query
    cannot rewrite history either.
    """

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Kept as text so the entry still reads right if the account is later renamed.
    actor_username = models.CharField(max_length=150, blank=True)
    actor_role = models.CharField(max_length=32, blank=True)
    action = models.CharField(max_length=64, choices=AuditAction.choices)
    # No database constraint and no cascade: when a person's case files are culled (gallring)
    # their entries stay, unchanged, with an id that no longer resolves.
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="audit_entries",
    )
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    channel = models.CharField(max_length=16, choices=AuditChannel.choices)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    # The chain (core/audit/chain.py): the previous entry's hash and this entry's, a SHA-256
    # over its content and the previous hash. Set by `chain.append`, the only writer.
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        app_label = "core"
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["participant", "-occurred_at"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_username} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise AuditLogIsAppendOnly("Audit entries cannot be changed.")
        if not self.entry_hash:
            raise AuditEntryNotChained("Write audit entries through jobbtorg.core.audit.events.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly("Audit entries cannot be deleted.")

    @property
    def actor_role_label(self) -> str:
        return (
            str(Role(self.actor_role).label) if self.actor_role in Role.values else self.actor_role
        )


class AuditEntryPerson(models.Model):
    """One person a list entry names: a page, API answer or export that showed many people is
    one entry, and each person on it one narrow row here, written in one insert with the entry
    (core/audit/chain.py), so that the person's loggutdrag finds the view by index. The entry's
    hash covers the sorted list of these rows: a row removed, added or changed breaks the chain
    at the entry. Never changed, never deleted (triggers in migration 0018)."""

    entry = models.ForeignKey(AuditEntry, on_delete=models.PROTECT, related_name="people")
    # As on the entry: no database constraint, so the row outlives the person's culled files.
    # Null for a list of things that are not participants (summer-job applications).
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
    )
    # The object shown for this person when it is their own (a district event, a
    # participation, an application); blank when the list showed the person or one shared
    # object (the entry's: a payment run).
    object_id = models.CharField(max_length=64, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry person")
        verbose_name_plural = _("audit entry people")
        app_label = "core"
        # The loggutdrag's look-up: one person's list entries.
        indexes = [models.Index(fields=["participant", "entry"], name="core_audit_person_entry")]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.participant_id or ''} {self.object_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        raise AuditLogIsAppendOnly("Write audit entries through jobbtorg.core.audit.events.")

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly("Audit entries cannot be deleted.")


class AuditChainHead(models.Model):
    """The newest entry of the chain and its hash: one row, locked by every append so that
    entries chain one after another (core/audit/chain.py). Kept beside the entries so that a
    removal of the newest entries shows too."""

    entry_id = models.BigIntegerField(null=True)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")
        app_label = "core"

    def __str__(self) -> str:
        return f"{self.entry_id} {self.entry_hash}"


class AuditChainCheck(models.Model):
    """One check of the chain: by `jobbtorg audit verify` from the first entry (`from_start`),
    or by a loggutdrag going on from the previous check to its own newest entry. A later check
    goes on from the newest intact one instead of walking millions of entries again."""

    checked_at = models.DateTimeField(default=timezone.now)
    from_start = models.BooleanField()
    up_to_entry_id = models.BigIntegerField(null=True)
    up_to_hash = models.CharField(max_length=64)
    entries_checked = models.BigIntegerField()
    broken_entry_id = models.BigIntegerField(null=True)
    broken_entry_at = models.DateTimeField(null=True)
    problem = models.CharField(max_length=32, blank=True)
    seconds = models.FloatField()

    class Meta:
        verbose_name = _("audit chain check")
        verbose_name_plural = _("audit chain checks")
        app_label = "core"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.checked_at:%Y-%m-%d %H:%M:%S} {self.problem or 'intact'}"

    @property
    def intact(self) -> bool:
        return not self.problem
