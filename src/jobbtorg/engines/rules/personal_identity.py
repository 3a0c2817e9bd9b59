"""Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer).

Validation is the `personnummer` library's; this module adds what the product needs on top:
one canonical form to store (12 digits, YYYYMMDDNNNN), a readable form to show, and a
message that says what is wrong (the date, or the control digit).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from personnummer import personnummer as _personnummer

from jobbtorg.engines.rules.problems import gettext_noop

_WRITTEN_FORM = re.compile(r"^([0-9]{6}|[0-9]{8})([-+]?)([0-9]{4})$")
_COORDINATION_DAY_OFFSET = 60


class InvalidPersonalIdentityNumber(ValueError):
    """The text is not a valid personnummer or samordningsnummer.

    `code` says why (empty, format, date, future, control_digit), for the UI to word it.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class PersonalIdentity:
    number: str
    is_coordination_number: bool
    birth_date: dt.date

    @property
    def display(self) -> str:
        """YYYYMMDD-NNNN, the form people read and type."""
        return f"{self.number[:8]}-{self.number[8:]}"


def _written_date(date_digits: str, separator: str, today: dt.date) -> dt.date | None:
    """The date the number states, with the century read the way the library reads it."""
    if len(date_digits) == 8:
        year = int(date_digits[:4])
    else:
        # Ten digits: the most recent such year, or a century earlier after '+' (100 or older).
        base = today.year - (100 if separator == "+" else 0)
        year = base - ((base - int(date_digits[:2])) % 100)
    month, day = int(date_digits[-4:-2]), int(date_digits[-2:])
    if day > _COORDINATION_DAY_OFFSET:
        day -= _COORDINATION_DAY_OFFSET
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_personal_identity_number(raw: str, *, today: dt.date | None = None) -> PersonalIdentity:
    """Parse any common written form: 10 or 12 digits, with or without '-' or '+'."""
    today = today or dt.date.today()
    text = "".join(str(raw).split())
    if not text:
        raise InvalidPersonalIdentityNumber(
            "empty", gettext_noop("Enter a personal identity number.")
        )
    match = _WRITTEN_FORM.match(text)
    if match is None:
        raise InvalidPersonalIdentityNumber(
            "format",
            gettext_noop("A personal identity number has 10 or 12 digits, e.g. 19900101-1234."),
        )
    date_digits, separator, _ = match.groups()
    written_date = _written_date(date_digits, separator, today)
    if written_date is None:
        raise InvalidPersonalIdentityNumber(
            "date", gettext_noop("The date in the personal identity number does not exist.")
        )
    if written_date > today:
        raise InvalidPersonalIdentityNumber(
            "future", gettext_noop("The date in the personal identity number lies in the future.")
        )
    try:
        parsed = _personnummer.parse(text)
    except _personnummer.PersonnummerException:
        raise InvalidPersonalIdentityNumber(
            "control_digit",
            gettext_noop(
                "The personal identity number is not valid: check the last digit (control digit)."
            ),
        ) from None
    return PersonalIdentity(
        number=parsed.format(long_format=True),
        is_coordination_number=parsed.is_coordination_number(),
        birth_date=parsed.get_date(),
    )
