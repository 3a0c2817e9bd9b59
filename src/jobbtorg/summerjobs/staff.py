"""What staff do with summer jobs (R26, issue 8): who may, the applications list, and the
priority grounds verified from documents.

Matchers and managers of any Jobbtorg handle summer jobs (the season is the city's, not one
Jobbtorg's). Everyone else is refused (403), administrators too: they see no personal data and
follow the season on its page of aggregates (views_season.py).
"""

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import NotAllowed, ValidationFailed
from jobbtorg.core.roles import Role, scope_role
from jobbtorg.summerjobs.applications import snapshot
from jobbtorg.summerjobs.models import (
    PriorityGround,
    SummerApplication,
    VerifiedPriority,
)

SUMMER_WRITERS = frozenset({Role.MATCHER, Role.MANAGER})
# Those who see applicants' names. Not administrators (no personal data) nor analysts.
SUMMER_READERS = SUMMER_WRITERS


def may_read(user: Any) -> bool:
    return scope_role(user) in SUMMER_READERS


def may_write(user: Any) -> bool:
    return scope_role(user) in SUMMER_WRITERS


def require_summer_reader(user: Any) -> None:
    if not may_read(user):
        raise NotAllowed(_("Summer jobs are handled by matchers and managers of the Jobbtorg."))


def require_summer_writer(user: Any) -> None:
    require_summer_reader(user)
    if not may_write(user):
        raise NotAllowed(_("This is done by a matcher or a manager of a Jobbtorg."))


def applications_visible_to(user: Any) -> QuerySet[SummerApplication]:
    if not may_read(user):
        return SummerApplication.objects.none()
    return SummerApplication.objects.all()


def applications_search(
    user: Any, *, season: Any, text: str = "", district: str = "", priority: str = ""
) -> QuerySet[SummerApplication]:
    """The season's applications matching a name or personnummer, a home district and whether
    a priority ground is verified ("yes"/"no")."""
    rows = applications_visible_to(user).filter(season=season).select_related("home_district")
    for word in text.split():
        digits = "".join(ch for ch in word if ch.isdigit())
        condition = Q(first_name__icontains=word) | Q(last_name__icontains=word)
        if len(digits) >= 6:
            condition |= Q(personal_identity_number__contains=digits)
        rows = rows.filter(condition)
    if district:
        rows = rows.filter(home_district__slug=district)
    verified = Exists(VerifiedPriority.objects.filter(application=OuterRef("pk")))
    if priority == "yes":
        rows = rows.filter(verified)
    elif priority == "no":
        rows = rows.exclude(verified)
    return rows.order_by("last_name", "first_name", "personal_identity_number")


def priority_verify(
    *,
    application: SummerApplication,
    ground: PriorityGround,
    note: str,
    user: Any,
    context: audit.AuditContext,
) -> VerifiedPriority:
    """Record a priority ground that staff verified from a document (named in `note`)."""
    require_summer_writer(user)
    errors: dict[str, str] = {}
    if application.duplicate_of_id is not None:
        errors["ground"] = _(
            "This is a later submission: keep it or remove it first (at the top of the page)."
        )
    elif ground.season_id != application.season_id:
        errors["ground"] = _("Choose one of this season's priority grounds.")
    if not note.strip():
        errors["note"] = _("Say which document you saw, e.g. a certificate from the school.")
    if errors:
        raise ValidationFailed(errors)
    try:
        with transaction.atomic():
            verified = VerifiedPriority.objects.create(
                application=application, ground=ground, verified_by=user, note=note.strip()
            )
            audit.summer_priority_verified(context, application, ground.code)
    except IntegrityError:
        raise ValidationFailed(
            {"ground": _("This priority ground is already verified for the applicant.")}
        ) from None
    return verified


def priority_remove(*, verified: VerifiedPriority, user: Any, context: audit.AuditContext) -> None:
    require_summer_writer(user)
    with transaction.atomic():
        application = verified.application
        code = verified.ground.code
        verified.delete()
        audit.summer_priority_removed(context, application, code)


def later_submission_resolve(
    *, later: SummerApplication, keep: bool, user: Any, context: audit.AuditContext
) -> SummerApplication:
    """A submission sent again without the confirmation code (`duplicate_of`), resolved by staff
    after they reached the young person through the earlier application's contact details
    (docs/summerjobs.md, "Sent again without the code"). Keep: the later submission's answers
    and code replace the earlier application's, in the earlier row (its offers, verified grounds
    and history stay). Remove: the later submission is deleted. Both audited."""
    require_summer_writer(user)
    with transaction.atomic():
        later = SummerApplication.objects.select_for_update().get(pk=later.pk)
        earlier = later.duplicate_of
        if earlier is None:
            raise ValidationFailed({"__all__": _("This application is not a later submission.")})
        earlier = SummerApplication.objects.select_for_update().get(pk=earlier.pk)
        removed = snapshot(later)
        if keep:
            before = snapshot(earlier)
            for name in _KEPT_FIELDS:
                setattr(earlier, name, getattr(later, name))
            earlier.version += 1
            earlier.save()
            earlier.periods.set(later.periods.all())
            earlier.choices.all().delete()
            later.choices.update(application=earlier)
        audit.summer_application_saved(context, later, removed, None)
        later.periods.clear()
        later.delete()
        if keep:
            audit.summer_application_saved(context, earlier, before, snapshot(earlier))
    return earlier


_KEPT_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "guardian_name",
    "guardian_phone",
    "guardian_email",
    "home_district",
    "school",
    "languages",
    "needs_language_support",
    "confirmation_code_hash",
)
