"""What a person must never be shown: internal codes (snake_case), UUIDs, English on a Swedish
page, and references to the project's own papers ("R31", "docs/effect.md"); and numbers written
the English way ("25.0 timmar").

The detectors read text as a person sees it: `visible_text` turns a page into the chunks of
text on screen (and in the charts drawn into it), leaving out what carries another language on
purpose (`lang="en"`). tests/web/test_plain_words.py holds their examples; the crawl over the
demo (tests/web/test_no_codes_on_screen.py) runs them over every page and report.
"""

import base64
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import polib

import jobbtorg

CATALOGUE = Path(jobbtorg.__file__).parent / "locale" / "sv" / "LC_MESSAGES" / "django.po"


@dataclass(frozen=True)
class Offence:
    kind: str  # "code", "uuid", "english", "reference", "number"
    found: str
    where: str  # the text around it, as shown

    def __str__(self) -> str:
        return f"{self.kind}: {self.found!r} in {self.where!r}"


# --- codes ------------------------------------------------------------------------------------

# Two or more runs of letters or digits joined by underscores: "municipal_measure",
# "occupation_none", a taxonomy concept id such as "DLEi_bTh_oLA". Swedish prose has no
# underscores between letters.
_CODE = re.compile(r"(?<![\w@./:-])[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+(?![\w@/-]|\.[A-Za-z])")


def codes(text: str) -> list[str]:
    return _CODE.findall(text)


# --- UUIDs and other hexadecimal keys ---------------------------------------------------------

_UUID = re.compile(
    r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"
)
# A key's hexadecimal head, cut or whole: eight or more hex digits with both letters and digits
# ("d44a7246…", "3f2a9c0b1e"). Words have no digits, and numbers have no letters a–f.
_HEX = re.compile(r"(?<![\w-])(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{8,}(?![\w-])")


def uuids(text: str) -> list[str]:
    found = _UUID.findall(text)
    rest = _UUID.sub(" ", text)
    return found + _HEX.findall(rest)


# --- the project's own references -------------------------------------------------------------

_REFERENCE = re.compile(
    r"(?<![\w/-])(?:"
    r"R\d{1,3}(?![\w-])"  # a requirement's number: "R31", "(R15)"
    r"|(?:docs|src|tests|benchmarks)/[\w./-]*"  # a path in the repository
    r"|[\w-]+\.(?:md|py|rst)(?![\w])"  # a file of the repository
    r"|ADR[- ]?\d+"  # an architecture decision record
    r"|issue\s*#?\d+"
    r")"
)


def references(text: str) -> list[str]:
    return _REFERENCE.findall(text)


# --- numbers ---------------------------------------------------------------------------------

# A decimal point between digits, before a unit or a per cent sign: "25.0 timmar", "42.5 %".
# Dates (2026-03-14), times (10.00 is a Swedish time) and version numbers are not numbers with
# a unit, so only a number followed by a unit word or % counts.
_UNITS = (
    "%|kr|kronor|timmar|timme|tim|h|dagar|dag|veckor|vecka|månader|mån|år|poäng|procent|"
    "personer|st|p\\.e\\.|procentenheter"
)
_DECIMAL_POINT = re.compile(r"(?<![\d.,])\d+\.\d+\s?(?:" + _UNITS + r")(?![\wåäö])")
# A thousands group written with a comma or without any separator in an amount of money:
# "12,500 kr", "12500 kr" (Swedish: "12 500 kr").
_UNGROUPED_MONEY = re.compile(r"(?<![\d.,])(?:\d{1,3},\d{3}(?:,\d{3})*|\d{5,})(?:,\d+)?\s?kr\b")


def english_numbers(text: str) -> list[str]:
    return _DECIMAL_POINT.findall(text) + _UNGROUPED_MONEY.findall(text)


# --- English on a Swedish page ---------------------------------------------------------------

# Words of English prose that Swedish does not have (or has only in a sense these pages never
# use): two of them in one piece of text, or one in a piece of three words or fewer, is English.
ENGLISH_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "with",
        "this",
        "that",
        "these",
        "those",
        "cannot",
        "could",
        "would",
        "should",
        "which",
        "there",
        "their",
        "been",
        "were",
        "was",
        "has",
        "have",
        "had",
        "your",
        "you",
        "is",
        "are",
        "from",
        "for",
        "into",
        "onto",
        "not",
        "none",
        "yes",
        "earlier",
        "later",
        "year",
        "years",
        "month",
        "months",
        "week",
        "weeks",
        "day",
        "days",
        "target",
        "started",
        "ended",
        "active",
        "inactive",
        "pending",
        "approved",
        "rejected",
        "awaiting",
        "no-show",
        "missing",
        "unknown",
        "other",
        "reason",
        "reasons",
        "total",
        "per",
        "read",
        "file",
        "cannot",
        "be",
        "able",
        "invalid",
        "error",
        "failed",
        "done",
        "open",
        "closed",
        "shown",
        "hidden",
    ]
)
# Words on the list that a Swedish page may well hold: "be om", "is" and "are" rare but real,
# "for" (past of fara), "per" (per månad), "total" (Swedish too), "open" as in "open data".
_ALSO_SWEDISH = frozenset({"be", "for", "per", "total", "är", "open"})
_WORD = re.compile(r"[A-Za-zÅÄÖåäöÉé-]+")


@cache
def english_catalogue() -> tuple[frozenset[str], tuple[str, ...]]:
    """The English texts of the project's catalogue whose Swedish differs: single words (shown
    alone, as a legend or a heading would be) and longer phrases (found anywhere in a text)."""
    words: set[str] = set()
    phrases: set[str] = set()
    catalogue = polib.pofile(str(CATALOGUE))
    # A word the Swedish texts use too ("Version", "Tertial", "Status") is no sign of English.
    swedish = {
        word.lower()
        for entry in catalogue
        for text in (entry.msgstr, *entry.msgstr_plural.values())
        for word in _WORD.findall(text)
    }
    for entry in catalogue:
        if entry.obsolete or not entry.msgstr or entry.msgstr == entry.msgid:
            continue
        # Placeholders split a message into the parts a page shows as they are.
        for part in re.split(r"%\([^)]*\)[sd]|%[sd]|\{[^}]*\}", entry.msgid):
            part = part.strip(" .:,;()–-\n")
            letters = _WORD.findall(part)
            if (
                len(letters) == 1
                and part == letters[0]
                and len(part) >= 4
                and part.lower() not in swedish
            ):
                words.add(part)
            elif len(letters) >= 3 and len(part) >= 14:
                phrases.add(part)
    return frozenset(words), tuple(sorted(phrases, key=len, reverse=True))


def english(chunks: Iterable[str]) -> list[tuple[str, str]]:
    """(what gave it away, the piece of text) for every piece of text that reads as English."""
    words, phrases = english_catalogue()
    found = []
    for chunk in chunks:
        text = " ".join(chunk.split())
        if not text:
            continue
        if text.strip(" .:") in words:
            found.append((text, text))
            continue
        phrase = next((p for p in phrases if p in text), None)
        if phrase:
            found.append((phrase, text))
            continue
        tokens = _WORD.findall(text)
        hits = []
        for i, token in enumerate(tokens):
            # A capital inside a text is a name ("Said", "Strand"); the first word may be English.
            word = token.lower() if i == 0 else token
            if word in ENGLISH_WORDS and word not in _ALSO_SWEDISH and word not in hits:
                hits.append(word)
        if len(hits) >= 2 or (hits and len(tokens) <= 3 and _mostly_latin(tokens)):
            found.append((" ".join(hits), text))
    return found


def _mostly_latin(tokens: list[str]) -> bool:
    # A short piece with å, ä or ö in it is Swedish that happens to hold one of the words.
    return not any(set(t) & set("åäöÅÄÖ") for t in tokens)


# --- reading a page as a person does ---------------------------------------------------------

_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_HIDDEN = frozenset({"script", "style", "template", "noscript"})
# Tags that do not break a piece of text: the words inside read on with those around them.
_INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "code",
        "data",
        "dfn",
        "em",
        "i",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
        "var",
    ]
)
# Attributes a person reads (or hears) as text.
_SHOWN_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder", "aria-description")
_SVG_DATA = re.compile(r"^data:image/svg\+xml(;base64)?,(.*)$", re.S)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.current: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, shown in Swedish)

    def _swedish(self) -> bool:
        return all(shown for _, shown in self.stack)

    def _hidden(self) -> bool:
        return any(tag in _HIDDEN for tag, _ in self.stack)

    def _break(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.chunks.append(text)
        self.current = []

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], *, void: bool) -> None:
        values = dict(attrs)
        if tag not in _INLINE:
            self._break()
        lang = values.get("lang")
        shown_in_swedish = lang is None or lang.lower().startswith("sv")
        if self._swedish() and shown_in_swedish and not self._hidden():
            for name in _SHOWN_ATTRIBUTES:
                if values.get(name):
                    self.chunks.append(" ".join(str(values[name]).split()))
            if (
                tag == "input"
                and values.get("type") in {"submit", "button"}
                and values.get("value")
            ):
                self.chunks.append(str(values["value"]))
            src = values.get("src") or ""
            match = _SVG_DATA.match(src)
            if tag == "img" and match:
                data = match.group(2)
                svg = base64.b64decode(data).decode() if match.group(1) else unquote(data)
                self.chunks.extend(visible_text(svg))
        if not void:
            self.stack.append((tag, shown_in_swedish))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, void=tag in _VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, void=True)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _INLINE:
            self._break()
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._swedish() and not self._hidden():
            self.current.append(data)

    def close(self) -> None:
        super().close()
        self._break()


def visible_text(html: str) -> list[str]:
    """The pieces of text a person reads on the page, in order: text, the text of attributes a
    screen reader reads, and the text of charts drawn into the page as SVG images."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.chunks


def offences(chunks: Iterable[str], *, swedish: bool = True) -> Iterator[Offence]:
    """Every offence in the pieces of text of one page or document."""
    chunks = list(chunks)
    for chunk in chunks:
        for found in codes(chunk):
            yield Offence("code", found, chunk)
        for found in uuids(chunk):
            yield Offence("uuid", found, chunk)
        for found in references(chunk):
            yield Offence("reference", found, chunk)
        if swedish:
            for found in english_numbers(chunk):
                yield Offence("number", found, chunk)
    if swedish:
        for found, chunk in english(chunks):
            yield Offence("english", found, chunk)
