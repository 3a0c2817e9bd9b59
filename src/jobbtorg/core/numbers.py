"""Numbers as a person reads them, the one home for shown decimals and percentages: rounded
half up to the decimals shown (39,25 % reads "39,3 %", never cut to "39,2 %"), in the active
language's format ("39,3 %" in Swedish). The key figures (page, charts, PDF), the effect page
and the start pages all format through here; spreadsheets keep the numbers themselves."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats

Number = int | float | Decimal

# What a missing number reads as.
NONE = "–"


def exact(value: Number) -> Decimal:
    """The number as it is written: a float through its shortest form (repr), so that 0.3925
    is 0.3925 and not the binary fraction just below it, which would round down."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    # float() first: numpy's floats (matplotlib's axis steps) write themselves as
    # "np.float64(2.5)".
    return Decimal(repr(float(value)))


def rounded(value: Number, decimals: int = 1) -> Decimal:
    """Half up (away from zero at the half: 0,05 → 0,1 and −0,05 → −0,1)."""
    return exact(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def decimal_text(value: Number | None, decimals: int = 1, *, grouping: bool = False) -> str:
    """A number rounded half up to `decimals` places in the language's format; `grouping`:
    thousands grouped ("1 250,5"). None is "–"."""
    if value is None:
        return NONE
    # Rounded first: Django's own formatting cuts the decimals it does not show.
    return str(formats.number_format(rounded(value, decimals), decimals, force_grouping=grouping))


def percent_text(value: Number | None, *, fraction: bool = True, decimals: int = 1) -> str:
    """A share as per cent, rounded half up to one decimal: 0.39285 → "39,3 %". `fraction`:
    the value is a share of one (0..1); False: it is already in per cent (39.285). None is
    "–"."""
    if value is None:
        return NONE
    per_cent = exact(value) * 100 if fraction else exact(value)
    return f"{decimal_text(per_cent, decimals)} %"
