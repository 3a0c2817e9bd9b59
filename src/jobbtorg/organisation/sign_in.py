"""How staff sign in: a local password (unless switched off) or the city's identity provider.

Roles and units are Jobbtorg's own: the provider only says who the person is, by the claim
JOBBTORG_OIDC_USERNAME_CLAIM, and that finds an existing active account or nothing.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from jobbtorg.core.identity_provider import IdentityProviderBackend
from jobbtorg.organisation.models import User


def account_with_unit(user_id: Any) -> User | None:
    """The account a session names, read with its unit (Jobbtorg, district or provider) in the
    same query: every page's frame names the unit, which would otherwise be a query of its own."""
    return (
        User.objects.select_related("job_centre", "district", "provider").filter(pk=user_id).first()
    )


class PasswordBackend(ModelBackend):
    """Django's password check, refused outright when JOBBTORG_PASSWORD_LOGIN is off (the admin
    site's login too); a session a password opened ends then at its next request."""

    def get_user(self, user_id: Any) -> Any:
        if not settings.JOBBTORG_PASSWORD_LOGIN:
            return None
        user = account_with_unit(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if not settings.JOBBTORG_PASSWORD_LOGIN:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def is_identity_provider_attempt(request: HttpRequest, credentials: dict[str, Any] | None) -> bool:
    """django-axes leaves sign-ins through the provider alone (AXES_WHITELIST_CALLABLE): the
    provider guards its own passwords, and a city office behind one address must not be locked
    out because someone without an account tried; nor must the provider's code reach axes' log
    of attempts. Only the provider's callback passes a PKCE verifier."""
    return bool(credentials) and "code_verifier" in credentials


def _refusal(username: object, user: User | None) -> str:
    if not isinstance(username, str) or not username:
        return "username_claim_missing"
    if user is None:
        return "unknown_account"
    if not user.is_active:
        return "inactive_account"
    return ""


class StaffIdentityProviderBackend(IdentityProviderBackend):
    def get_user(self, user_id: Any) -> User | None:
        return account_with_unit(user_id)

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> User | None:
        claims = self.claims(access_token, id_token, payload)
        username = claims.get(settings.JOBBTORG_OIDC_USERNAME_CLAIM)
        user = None
        if isinstance(username, str) and username:
            user = User.objects.filter(username=username).first()
        reason = _refusal(username, user)
        if reason:
            # The callback page says why and writes the audit entry.
            self.note_refusal(reason)
            return None
        return user
