"""Writes of organisation data: staff accounts, API tokens, and which Jobbtorg a district
belongs to.

Organisation is the lowest domain app: it imports no app above it. A provider-staff account's
provider is looked up through the account's own relation (`User.provider`), so the provider
table is named once, in the model, and never imported here.
"""

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jobbtorg.core.errors import ValidationFailed
from jobbtorg.core.roles import JOB_CENTRE_ROLES, Role
from jobbtorg.organisation.models import ApiToken, District, DistrictAssignment, JobCentre, User
from jobbtorg.organisation.permissions import require_account_manager, require_unit_manager
from jobbtorg.organisation.selectors import district_find, job_centre_find, provider_find

API_TOKEN_PREFIX = "jbt_"


def _unit_errors(
    role: str, job_centre: str | None, district: str | None, provider: str | None
) -> tuple[dict[str, str], JobCentre | None, District | None, Any]:
    errors: dict[str, str] = {}
    found_centre = found_district = found_provider = None
    if role in JOB_CENTRE_ROLES:
        if not job_centre:
            errors["job_centre"] = _("A %(role)s works at a Jobbtorg: give --jobbtorg SLUG.") % {
                "role": Role(role).label
            }
        else:
            found_centre = job_centre_find(job_centre)
            if found_centre is None:
                slugs = ", ".join(JobCentre.objects.values_list("slug", flat=True))
                errors["job_centre"] = _(
                    "There is no Jobbtorg “%(slug)s”. Use one of: %(slugs)s."
                ) % {
                    "slug": job_centre,
                    "slugs": slugs,
                }
    elif job_centre:
        errors["job_centre"] = _("Only coaches, matchers and managers belong to a Jobbtorg.")
    if role == Role.DISTRICT_OFFICER:
        if not district:
            errors["district"] = _("A district officer works for a district: give --district SLUG.")
        else:
            found_district = district_find(district)
            if found_district is None:
                errors["district"] = _("There is no district “%(slug)s”.") % {"slug": district}
    elif district:
        errors["district"] = _("Only district officers belong to a district.")
    if role == Role.PROVIDER_STAFF:
        if not provider:
            errors["provider"] = _("Provider staff work for a provider: give --provider SLUG.")
        else:
            found_provider = provider_find(provider)
            if found_provider is None:
                errors["provider"] = _("There is no provider “%(slug)s”.") % {"slug": provider}
    elif provider:
        errors["provider"] = _("Only provider staff belong to a provider.")
    return errors, found_centre, found_district, found_provider


@transaction.atomic
def user_create(
    *,
    username: str,
    role: str,
    password: str | None = None,
    job_centre: str | None = None,
    district: str | None = None,
    provider: str | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    check_password: bool = True,
    actor: Any = None,
) -> User:
    """Create a staff account tied to the unit its role needs. Without a password it cannot sign
    in until one is set. From a page (`actor` given) only an administrator may; the command line
    and the demo loader run as the operator (no actor)."""
    if actor is not None:
        require_account_manager(actor)
    errors: dict[str, str] = {}
    username = (username or "").strip()
    if not username:
        errors["username"] = _("Give a username.")
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = _("The username “%(username)s” is taken.") % {"username": username}
    if role not in Role.values:
        errors["role"] = _("Unknown role “%(role)s”. Use one of: %(roles)s.") % {
            "role": role,
            "roles": ", ".join(Role.values),
        }
        unit_errors: dict[str, str] = {}
        centre = found_district = found_provider = None
    else:
        unit_errors, centre, found_district, found_provider = _unit_errors(
            role, job_centre, district, provider
        )
    errors.update(unit_errors)
    user = User(
        username=username,
        role=role,
        job_centre=centre,
        district=found_district,
        provider=found_provider,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=role == Role.ADMINISTRATOR,
        is_superuser=role == Role.ADMINISTRATOR,
    )
    if password is not None and check_password and not errors:
        try:
            validate_password(password, user)
        except ValidationError as error:
            errors["password"] = " ".join(error.messages)
    if errors:
        raise ValidationFailed(errors)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save()
    return user


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_days() -> int:
    """How long a new token works unless the command says otherwise."""
    return int(settings.JOBBTORG_API_TOKEN_DAYS)


def api_token_create(*, user: User, days: int | None = None) -> str:
    """Make a bearer token for the API. The token is returned once; only its hash is kept."""
    return api_token_issue(user=user, days=days)[0]


@transaction.atomic
def api_token_issue(*, user: User, days: int | None = None) -> tuple[str, ApiToken]:
    """Make a bearer token for the API that works for `days` (the setting by default). The token
    is returned once, with its record, which says when it expires; only its hash is kept."""
    if not user.is_active:
        raise ValidationFailed({"username": _("The account is deactivated.")})
    days = api_token_days() if days is None else days
    if days < 1:
        raise ValidationFailed({"days": _("A token must work for at least one day.")})
    token = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(
        user=user,
        token_hash=_hash_token(token),
        prefix=token[:12],
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    return token, record


def api_token_user(token: str) -> User | None:
    """The active user a token belongs to, or None for an unknown, revoked or expired token, or
    one made before the user's password last changed or the account was last deactivated."""
    if not token:
        return None
    now = timezone.now()
    api_token = (
        ApiToken.objects.select_related("user")
        .filter(
            token_hash=_hash_token(token),
            revoked_at__isnull=True,
            expires_at__gt=now,
            user__is_active=True,
        )
        .filter(
            Q(user__api_tokens_valid_after__isnull=True)
            | Q(created_at__gt=F("user__api_tokens_valid_after"))
        )
        .first()
    )
    if api_token is None:
        return None
    # Written at most once a minute, to keep reads cheap.
    if api_token.last_used_at is None or (now - api_token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
    return api_token.user


def api_tokens_invalidate(*, user: User) -> int:
    """End the account's tokens: called when its password changes or it is deactivated. Sets the
    moment before which no token of the account works and revokes the ones it has, so that
    reactivating the account does not bring them back. Returns how many were revoked."""
    now = timezone.now()
    user.api_tokens_valid_after = now
    User.objects.filter(pk=user.pk).update(api_tokens_valid_after=now)
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)


def district_assignment_problems(
    *, district: District, job_centre: JobCentre, valid_from: dt.date
) -> dict[str, str]:
    """Why a district cannot move to a Jobbtorg from a date; empty when it can."""
    current = district.assignments.filter(valid_until__isnull=True).first() if district.pk else None
    if current is None:
        return {}
    if current.job_centre_id == job_centre.pk:
        return {
            "job_centre": _("%(district)s already belongs to %(centre)s.")
            % {"district": district, "centre": job_centre}
        }
    if valid_from <= current.valid_from:
        return {
            "valid_from": _(
                "The new belonging must start after %(date)s, when the current one began."
            )
            % {"date": current.valid_from.isoformat()}
        }
    return {}


@transaction.atomic
def district_assign(
    *, district: District, job_centre: JobCentre, valid_from: dt.date, actor: Any = None
) -> DistrictAssignment:
    """Move a district to a Jobbtorg from a date. The belonging it had ends the day before;
    history is never rewritten, so the date must come after the current belonging began. From
    the admin (`actor` given) only an administrator may; commands run as the operator."""
    if actor is not None:
        require_unit_manager(actor)
    District.objects.select_for_update().get(pk=district.pk)
    problems = district_assignment_problems(
        district=district, job_centre=job_centre, valid_from=valid_from
    )
    if problems:
        raise ValidationFailed(problems)
    current = district.assignments.filter(valid_until__isnull=True).first()
    if current is not None:
        current.valid_until = valid_from - dt.timedelta(days=1)
        current.save(update_fields=["valid_until", "updated_at"])
    return DistrictAssignment.objects.create(
        district=district, job_centre=job_centre, valid_from=valid_from
    )
