"""Keep API tokens tied to the account they act for, whatever saves the account: the admin's
change form, a command or a service. A changed password or a deactivation ends every token the
account has; reactivating it does not bring them back."""

from typing import Any

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from jobbtorg.organisation.models import User
from jobbtorg.organisation.services import api_tokens_invalidate


def _ends_tokens(user: User, update_fields: Any) -> bool:
    if user.pk is None or user._state.adding:
        return False
    if update_fields is not None and not {"is_active", "password"} & set(update_fields):
        return False
    before = User.objects.filter(pk=user.pk).values("is_active", "password").first()
    if before is None:
        return False
    if before["is_active"] and not user.is_active:
        return True
    # A hash rewritten at sign-in (User.check_password) is the same password.
    return before["password"] != user.password and not getattr(user, "_rehashing_password", False)


@receiver(pre_save, sender=User)
def _note_token_ending(sender: type[User], instance: User, **kwargs: Any) -> None:
    instance._ends_api_tokens = _ends_tokens(instance, kwargs.get("update_fields"))  # type: ignore[attr-defined]


@receiver(post_save, sender=User)
def _end_tokens(sender: type[User], instance: User, **kwargs: Any) -> None:
    if getattr(instance, "_ends_api_tokens", False):
        instance._ends_api_tokens = False  # type: ignore[attr-defined]
        api_tokens_invalidate(user=instance)
