"""Text as a PDF: lines of headings and paragraphs, wrapped and drawn on A4 pages with
matplotlib's PdfPages, the library of the tertial report (followup/services/report.py). Type 42
fonts keep the text as text (searchable, readable by a screen reader's PDF tool). The portal's
Mina uppgifter and lex Sarah's documents to IVO are drawn with it.

Right to left (Arabic): matplotlib shapes Arabic and lays out right-to-left text itself; the
lines are drawn right-aligned at the right margin. DejaVu Sans, matplotlib's default, has the
Arabic glyphs."""

import io
import textwrap
from collections.abc import Iterable
from typing import Any

# Characters of a line at the body's size, and lines of a page.
LINE_WIDTH = 92
LINES_PER_PAGE = 62
# The page's margins, as a fraction of its width.
LEFT_MARGIN = 0.06
RIGHT_MARGIN = 0.94
SIZES = {"h1": 14, "h2": 12, "p": 9}
RIGHT_TO_LEFT_MARK = "\u200f"

Line = tuple[str, str]  # (kind: "h1", "h2" or "p", text)


def line_width(kind: str) -> int:
    """Characters that fit on a line of this kind: a heading's letters are larger."""
    return LINE_WIDTH * SIZES["p"] // SIZES[kind]


def wrapped(lines: Iterable[Line]) -> list[Line]:
    """Each line cut into pieces that fit the page; a line break in the text (a paragraph of
    a long answer) starts a new piece, and a word longer than a line is cut, never lost. A
    second-level heading gets an empty line above it."""
    out: list[Line] = []
    for kind, text in lines:
        if kind == "h2":
            out.append(("p", ""))
        width = line_width(kind)
        # A paragraph after the first is indented as the line's continuation.
        later = ("  " if text.startswith("  ") else "") + "    "
        for number, paragraph in enumerate(text.splitlines() or [""]):
            pieces = textwrap.wrap(
                paragraph,
                width,
                initial_indent=later if number else "",
                subsequent_indent="    ",
            )
            out += [(kind, piece) for piece in pieces or [""]]
    return out


def draw_line(page: Any, row: int, kind: str, text: str, *, right_to_left: bool) -> Any:
    """One line on the page: at the left margin, or right-aligned at the right margin for a
    right-to-left language (matplotlib lays the letters out right to left itself). A
    right-to-left line starts with a right-to-left mark, so that a line beginning with a name
    in Latin letters is still laid out right to left."""
    x, align = (RIGHT_MARGIN, "right") if right_to_left else (LEFT_MARGIN, "left")
    return page.text(
        x,
        0.96 - row * 0.0148,
        RIGHT_TO_LEFT_MARK + text.strip() if right_to_left else text,
        fontsize=SIZES[kind],
        weight="normal" if kind == "p" else "bold",
        ha=align,
    )


def pages(lines: list[Line]) -> list[list[Line]]:
    """The wrapped lines in pages of LINES_PER_PAGE; at least one page."""
    starts = range(0, len(lines), LINES_PER_PAGE)
    return [lines[start : start + LINES_PER_PAGE] for start in starts] or [[]]


def text_pdf_bytes(lines: Iterable[Line], *, title: str, right_to_left: bool = False) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    out = io.BytesIO()
    with (
        matplotlib.rc_context({"pdf.fonttype": 42, "font.family": "DejaVu Sans"}),
        PdfPages(out, metadata={"Title": title, "CreationDate": None}) as pdf,
    ):
        for page_lines in pages(wrapped(lines)):
            page = Figure(figsize=(8.27, 11.69))
            for row, (kind, text) in enumerate(page_lines):
                draw_line(page, row, kind, text, right_to_left=right_to_left)
            pdf.savefig(page)
    return out.getvalue()
