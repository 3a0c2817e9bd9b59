"""Swedish organisation numbers (organisationsnummer): ten digits with a control digit.

Validation is the `organisationsnummer` library's; this module gives the one canonical form the
product stores (ten digits, no hyphen) and refuses what is not a valid number. The wording a
person reads is the caller's (it is translated)."""

from __future__ import annotations

from organisationsnummer import organisationsnummer as _orgnr  # type: ignore[import-untyped]


class InvalidOrganisationNumber(ValueError):
    """The text is not a valid organisation number (form or control digit)."""

    def __init__(self, text: str) -> None:
        super().__init__(f"{text!r} is not a valid organisation number")
        self.text = text


def organisation_number_canonical(text: str) -> str:
    """Ten digits (e.g. "5560160680" for "556016-0680"), or InvalidOrganisationNumber."""
    try:
        return str(_orgnr.parse((text or "").strip()).format(False))
    except _orgnr.OrganisationsnummerException:
        raise InvalidOrganisationNumber(text) from None
