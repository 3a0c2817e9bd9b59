"""The applicant's confirmation code, and how often it may be guessed: on the applicant's page and
in the application form's code field (docs/summerjobs.md, "Wrong codes").

The applicant has no staff account: in production the city's e-ID sits in front of the form.
Here the applicant proves it is them with the confirmation code shown once when they applied;
only its SHA-256 hash is kept.

Two counts, each a `CodeTryCount` row:
- per source address: at most ADDRESS_MAX_TRIES wrong codes in TRIES_WINDOW; then that address is
  refused until the window passes (whoever guesses from there);
- per personnummer: PERSON_FREE_TRIES wrong codes, then a back-off of 2, 4, 8 ... seconds, at most
  PERSON_MAX_WAIT; 15 minutes without a try start it afresh. Someone guessing from many
  addresses is slowed to about one guess a minute, and the real applicant, typing the right code
  from their own address, waits seconds, never a quarter of an hour.

A try is claimed *before* the code is compared, by one conditional UPDATE that both counts and
checks ("WHERE failures < limit AND next_try_at <= now"): the database lets exactly one request
at a time change the row, so parallel requests can never compare more codes than the limit. A
right code gives the claimed tries back.
"""

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Case, DateTimeField, F, Value, When
from django.utils import timezone

from jobbtorg.summerjobs.models import CodeTryCount, SummerApplication

# Easy to read aloud and to copy: no 0/O, no 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10

ADDRESS_MAX_TRIES: int = settings.JOBBTORG_SUMMER_CODE_TRIES_PER_ADDRESS
TRIES_WINDOW = dt.timedelta(minutes=15)
PERSON_FREE_TRIES = 3
PERSON_MAX_WAIT = dt.timedelta(seconds=60)
# Rows untouched this long are removed by the next claim.
STALE_AFTER = dt.timedelta(days=1)


def new_confirmation_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What the applicant typed, without spaces or dashes and in capitals."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def code_hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def code_matches(application: SummerApplication, code: str) -> bool:
    return bool(code) and hmac.compare_digest(application.confirmation_code_hash, code_hash(code))


def code_display(code: str) -> str:
    """In two groups of five, as printed for the applicant."""
    return f"{code[:5]}-{code[5:]}"


# Wrong codes


class TooManyTries(Exception):
    """Refused before any code was compared; `wait` says how long until the next try."""

    def __init__(self, wait: dt.timedelta, *, address: bool) -> None:
        super().__init__(wait)
        self.wait = wait
        self.address = address


def person_wait(failures: int) -> dt.timedelta:
    """The wait before the next try after `failures` wrong codes for one personnummer."""
    if failures < PERSON_FREE_TRIES:
        return dt.timedelta(0)
    steps = failures - PERSON_FREE_TRIES + 1
    if steps >= 16:
        return PERSON_MAX_WAIT
    return min(PERSON_MAX_WAIT, dt.timedelta(seconds=2**steps))


def _now() -> dt.datetime:
    return timezone.now()


def _key(kind: str, value: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"summerjobs-code|{kind}|{value}".encode(), hashlib.sha256
    ).hexdigest()


@dataclass(frozen=True)
class Claim:
    """The tries taken for one comparison of a code; give them back when it was right."""

    address_key: str
    person_key: str

    def succeeded(self) -> None:
        _give_back(self.address_key)
        CodeTryCount.objects.filter(key=self.person_key).update(
            failures=0, next_try_at=_now() - STALE_AFTER
        )


def _give_back(key: str) -> None:
    CodeTryCount.objects.filter(key=key, failures__gt=0).update(failures=F("failures") - 1)


def _claim_one(key: str, now: dt.datetime, *, limit: int | None) -> bool:
    """Count one try on `key` and say whether it is allowed, in one atomic UPDATE."""
    # "Free to try" is a time well past, so that requests whose clocks read a few
    # milliseconds apart do not refuse each other.
    free = now - STALE_AFTER
    if limit is None:
        # The wait after this try, chosen by the count before it (all in the same UPDATE). The
        # free tries keep the row's time as it is.
        free_below = PERSON_FREE_TRIES - 1
        waits = [
            When(failures=n, then=Value(now + person_wait(n + 1)))
            for n in range(max(free_below, 0), PERSON_FREE_TRIES + 8)
        ]
        changes: dict[str, Any] = {
            "next_try_at": Case(
                When(failures__lt=free_below, then=F("next_try_at")),
                *waits,
                default=Value(now + PERSON_MAX_WAIT),
                output_field=DateTimeField(),
            ),
            # The window slides: only 15 minutes without a try start the back-off afresh.
            "window_started_at": Value(now, output_field=DateTimeField()),
        }
    else:
        changes = {}
    for _attempt in range(2):
        CodeTryCount.objects.bulk_create(
            [CodeTryCount(key=key, failures=0, window_started_at=now, next_try_at=free)],
            ignore_conflicts=True,
        )
        # A passed window starts afresh: only a row whose window has passed is reset, and the
        # reset moves the window, so two requests cannot both reset it.
        CodeTryCount.objects.filter(key=key, window_started_at__lte=now - TRIES_WINDOW).update(
            failures=0, window_started_at=now, next_try_at=free
        )
        rows = CodeTryCount.objects.filter(key=key, next_try_at__lte=now)
        if limit is not None:
            rows = rows.filter(failures__lt=limit)
        if rows.update(failures=F("failures") + 1, **changes) == 1:
            return True
        # Refused, unless a clean-up removed the row in between: then once more.
        if CodeTryCount.objects.filter(key=key).exists():
            return False
    return False


def _wait(key: str, now: dt.datetime, *, address: bool) -> dt.timedelta:
    row = CodeTryCount.objects.filter(key=key).first()
    if row is None:
        return dt.timedelta(0)
    until = row.window_started_at + TRIES_WINDOW if address else row.next_try_at
    return max(until - now, dt.timedelta(seconds=1))


def claim_try(*, personal_identity_number: str, ip_address: str | None) -> Claim:
    """Take one try for comparing a code for this personnummer from this address, or raise
    TooManyTries. Runs in autocommit (never inside the caller's transaction), so the count
    stays when the caller's save is refused."""
    now = _now()
    CodeTryCount.objects.filter(
        window_started_at__lt=now - STALE_AFTER, next_try_at__lt=now - STALE_AFTER
    ).delete()
    claim = Claim(
        address_key=_key("address", ip_address or ""),
        person_key=_key("person", personal_identity_number),
    )
    if not _claim_one(claim.address_key, now, limit=ADDRESS_MAX_TRIES):
        raise TooManyTries(_wait(claim.address_key, now, address=True), address=True)
    if not _claim_one(claim.person_key, now, limit=None):
        # No code was compared: the address's try is given back.
        _give_back(claim.address_key)
        raise TooManyTries(_wait(claim.person_key, now, address=False), address=False)
    return claim
