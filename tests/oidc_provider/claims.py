"""The claims the test provider gives each of its users: set per user in its configuration."""

from django.conf import settings
from oidc_provider.lib.claims import ScopeClaims


def _configured(user):
    return settings.CONFIGURATION["users"][user.username].get("claims", {})


def subject(user):
    """`sub` is the provider's username, as many city providers give an HSA-id."""
    return user.username


def userinfo(claims, user):
    claims["preferred_username"] = user.username
    claims.update({k: v for k, v in _configured(user).items() if k != "personal_identity_number"})
    return claims


class PersonalIdentityClaims(ScopeClaims):
    """The scope `personnummer` gives the Swedish OpenID Connect profile's claim."""

    CLAIM = "https://id.oidc.se/claim/personalIdentityNumber"

    def scope_personnummer(self):
        number = _configured(self.user).get("personal_identity_number")
        return {self.CLAIM: number} if number else {}
