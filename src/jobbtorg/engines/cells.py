"""Spreadsheet cells that cannot run as formulas (CSV and formula injection, as OWASP describes).

A spreadsheet program takes a cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage
return before one) for a formula, so a name typed as `=HYPERLINK("http://…","Klicka")` in a form
would become a live link, or worse, in the file a manager opens. Every CSV and XLSX the product
writes passes its values through `neutralised`: such a text gets a leading single quote, which
makes the program show it as text.

Only text is neutralised. Numbers (int, float, Decimal) stay numbers: a negative amount such as
-150 in a payment file is a value, not a formula, and its consumers must read it as one. Writers
therefore hand numbers over as numbers, not as pre-formatted text. Dates, None and booleans pass
unchanged too.

`restored` is the inverse, for the product's own files read back (the transfer format): a text
that was neutralised comes back exactly as it was. So that this holds for every text, one that
already begins with quotes before such a character gets one more quote, and only that one is
taken off again.
"""

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def _needs_quote(text: str) -> bool:
    return text.lstrip(QUOTE).startswith(FORMULA_STARTS)


def neutralised(value: Any) -> Any:
    """`value` as a cell that cannot be a formula: a text that a spreadsheet would take for
    one gets a leading single quote; anything else is returned as it is."""
    if isinstance(value, str) and _needs_quote(value):
        return QUOTE + value
    return value


def neutralised_row(values: Iterable[Any]) -> list[Any]:
    return [neutralised(value) for value in values]


def restored(text: str) -> str:
    """A cell's text as it was before `neutralised`."""
    if text.startswith(QUOTE) and _needs_quote(text[1:]):
        return text[1:]
    return text
