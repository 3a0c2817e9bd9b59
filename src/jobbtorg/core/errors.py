"""Errors that services raise and views, API routes and commands turn into messages."""

from collections.abc import Mapping, Sequence


class ServiceError(Exception):
    """Base for refusals a user should read."""


class ValidationFailed(ServiceError):
    """Bad input. `errors` maps a field name (or "__all__") to messages naming the fix."""

    def __init__(self, errors: Mapping[str, str | Sequence[str]]) -> None:
        self.errors: dict[str, list[str]] = {
            field: [str(messages)] if isinstance(messages, str) else [str(m) for m in messages]
            for field, messages in errors.items()
        }
        super().__init__("; ".join(f"{f}: {' '.join(m)}" for f, m in self.errors.items()))


class NotAllowed(ServiceError):
    """The role may not do this. The message says why and who can do it instead."""


class ConcurrentChange(ValidationFailed):
    """Someone else saved first. The message says what changed; nothing was overwritten."""
