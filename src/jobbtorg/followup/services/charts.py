"""Charts of the key figures: on the page as SVG written directly (`svg`), in the PDF report
drawn with matplotlib (`draw`; Agg, no pyplot: no global state). A chart never stands alone:
the page puts a table with the same numbers under it, and its alt text states them briefly."""

import base64
import math
import textwrap
from typing import Any
from xml.sax.saxutils import escape

import matplotlib

matplotlib.use("Agg")

from django.utils.translation import gettext as _  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure as MplFigure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from jobbtorg.core.numbers import decimal_text  # noqa: E402
from jobbtorg.followup.services.key_figures import Figure, number_text  # noqa: E402

ACCENT = "#1f4e8c"
EARLIER = "#9aa7b8"
TARGET = "#333333"


def wrapped(text: str, *, width: int, lines: int = 3) -> str:
    """`text` on at most `lines` lines of `width` characters, cut with "…" only past them:
    labels that differ only at their end (the employment forms) stay apart."""
    parts = textwrap.wrap(text, width) or [""]
    if len(parts) > lines:
        parts = [
            *parts[: lines - 1],
            textwrap.shorten(" ".join(parts[lines - 1 :]), width, placeholder="…"),
        ]
    return "\n".join(parts)


LABEL_CHARACTERS = 36  # of a group's name beside its bars, on each of its lines
LABEL_LINES = 4  # a target group's name and an employment form fit


def tick_text(tick: float) -> str:
    """An axis step in the language's format with the decimals it has ("2,5", "20"): the
    steps are round, so nothing is lost, and no decimal point shows on a Swedish chart."""
    plain = f"{round(tick, 6):g}"
    decimals = 0 if "e" in plain else len(plain.partition(".")[2])
    return decimal_text(round(tick, 6), decimals)


def _plotted(figure: Figure, value: float | int | None) -> float:
    if value is None:
        return 0.0
    return float(value) * 100 if figure.is_share else float(value)


def draw(
    figures: list[Figure],
    *,
    title: str = "",
    labels: tuple[str, str, str] | None = None,
) -> MplFigure:
    """Horizontal bars per group: this tertial, a year earlier, and the target as a mark.
    Groups without a value (none to count, or fewer than 5) get no bar; the table says why."""
    labels = labels or (_("This tertial"), _("A year earlier"), _("Target"))
    rows = list(reversed(figures))
    height = 1.2 + 0.45 * len(rows)
    chart = MplFigure(figsize=(7.0, min(max(height, 2.0), 11.0)), dpi=96)
    FigureCanvasAgg(chart)
    axes = chart.add_subplot(1, 1, 1)
    positions = list(range(len(rows)))
    now = [_plotted(f, f.value) for f in rows]
    before = [_plotted(f, f.previous_value) for f in rows]
    axes.barh([p + 0.2 for p in positions], now, height=0.4, color=ACCENT, label=labels[0])
    axes.barh([p - 0.2 for p in positions], before, height=0.4, color=EARLIER, label=labels[1])
    targets = [
        (p, _plotted(f, f.target.value)) for p, f in zip(positions, rows, strict=True) if f.target
    ]
    if targets:
        axes.scatter(
            [t for _, t in targets],
            [p for p, _ in targets],
            marker="|",
            s=400,
            color=TARGET,
            linewidths=2,
            label=labels[2],
            zorder=3,
        )
    for p, f in zip(positions, rows, strict=True):
        axes.annotate(
            number_text(f.is_share, f.value) if not f.suppressed else "< 5",
            (now[p], p + 0.2),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    axes.set_yticks(
        positions,
        [wrapped(f.group_label, width=LABEL_CHARACTERS, lines=LABEL_LINES) for f in rows],
        fontsize=6.5,
    )
    axes.xaxis.set_major_formatter(FuncFormatter(lambda tick, _position: tick_text(tick)))
    if rows and rows[0].is_share:
        axes.set_xlabel("%")
        axes.set_xlim(0, max([100.0, *now, *before]) * 1.1)
    else:
        axes.set_xlim(0, max([1.0, *now, *before, *(t for _, t in targets)]) * 1.15)
    axes.spines[["top", "right"]].set_visible(False)
    if title:
        axes.set_title(title, fontsize=10, loc="left")
    axes.legend(fontsize=7, loc="lower right", frameon=False)
    chart.tight_layout()
    return chart


def _svg_label(label: str, y: float) -> str:
    """A group's name left of its bars, on up to four lines when it is long (smaller as they
    grow, so that they fit the row)."""
    lines = wrapped(label, width=LABEL_CHARACTERS, lines=LABEL_LINES).split("\n")
    step, size = {1: (12.0, ""), 2: (12.0, ""), 3: (9.5, ' font-size="9"')}.get(
        len(lines), (7.5, ' font-size="7.5"')
    )
    first = y + ROW / 2 + 4 - step * (len(lines) - 1) / 2
    spans = "".join(
        f'<tspan x="{LABEL_WIDTH - 6}" y="{first + step * i:.1f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text text-anchor="end"{size}>{spans}</text>'


# The page's charts are written as SVG directly, not drawn by matplotlib: a matplotlib chart
# takes a good part of a second and the dashboard has fourteen, so a page right after a refresh
# (new figures, nothing kept) took seconds. These take well under a millisecond each, so
# nothing needs keeping. The PDF report still draws with matplotlib (`draw`).
WIDTH = 640
LABEL_WIDTH = 210
VALUE_ROOM = 60  # right of the longest bar, for its value
ROW = 30
TOP = 8
BOTTOM = 46  # the axis and the legend
FONT = 'font-family="sans-serif" font-size="11"'


def _ticks(top: float) -> list[float]:
    """Four or five round steps from 0 to at least `top`."""
    step = 10.0 ** math.floor(math.log10(top / 4)) if top > 0 else 1.0
    for factor in (1, 2, 2.5, 5, 10):
        if top / (step * factor) <= 5:
            step *= factor
            break
    return [step * i for i in range(int(math.ceil(top / step - 1e-9)) + 1)]


def svg(figures: list[Figure], labels: tuple[str, str, str] | None = None) -> str:
    """Horizontal bars per group, in the table's order: this tertial, a year earlier, and the
    target as a mark. Groups without a value (none to count, or fewer than 5) get no bar; the
    table says why."""
    now_label, earlier_label, target_label = labels or (
        _("This tertial"),
        _("A year earlier"),
        _("Target"),
    )
    share = bool(figures) and figures[0].is_share
    now = [_plotted(f, f.value) for f in figures]
    before = [_plotted(f, f.previous_value) for f in figures]
    targets = [_plotted(f, f.target.value) if f.target else None for f in figures]
    top = max([100.0 if share else 1.0, *now, *before, *(t for t in targets if t is not None)])
    ticks = _ticks(top)
    scale = (WIDTH - LABEL_WIDTH - VALUE_ROOM) / ticks[-1]
    height = TOP + ROW * len(figures) + BOTTOM
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" {FONT}>'
    ]
    axis_y = TOP + ROW * len(figures)
    for tick in ticks:
        x = LABEL_WIDTH + tick * scale
        out.append(
            f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{axis_y}" stroke="#dddddd"/>'
            f'<text x="{x:.1f}" y="{axis_y + 14}" text-anchor="middle">'
            f"{escape(tick_text(tick))}</text>"
        )
    if share:
        out.append(f'<text x="{WIDTH - 4}" y="{axis_y + 14}" text-anchor="end">%</text>')
    for row, figure in enumerate(figures):
        y = TOP + ROW * row
        out.append(
            _svg_label(figure.group_label, y)
            + f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{now[row] * scale:.1f}" height="11" '
            f'fill="{ACCENT}"/>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 15}" width="{before[row] * scale:.1f}" '
            f'height="11" fill="{EARLIER}"/>'
            f'<text x="{LABEL_WIDTH + now[row] * scale + 3:.1f}" y="{y + 13}">'
            f"{escape('< 5' if figure.suppressed else number_text(figure.is_share, figure.value))}"
            "</text>"
        )
        if targets[row] is not None:
            x = LABEL_WIDTH + targets[row] * scale
            out.append(
                f'<line x1="{x:.1f}" y1="{y + 1}" x2="{x:.1f}" y2="{y + ROW - 1}" '
                f'stroke="{TARGET}" stroke-width="2"/>'
            )
    legend_y = axis_y + 32
    x = LABEL_WIDTH
    for colour, text in ((ACCENT, now_label), (EARLIER, earlier_label)):
        out.append(
            f'<rect x="{x}" y="{legend_y - 9}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="{legend_y}">{escape(str(text))}</text>'
        )
        x += 130
    out.append(
        f'<line x1="{x + 5}" y1="{legend_y - 10}" x2="{x + 5}" y2="{legend_y + 1}" '
        f'stroke="{TARGET}" stroke-width="2"/>'
        f'<text x="{x + 14}" y="{legend_y}">{escape(str(target_label))}</text></svg>'
    )
    return "".join(out)


def svg_data_uri(figures: list[Figure]) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg(figures).encode()).decode("ascii")


def alt_text(label: str, figures: list[Figure], texts: dict[str, Any]) -> str:
    """The numbers in a sentence or two: "Share of exits to work: The whole city 42.0 %
    (target 40.0 %, met)." `texts` holds the translated words for fewer than 5, no one to
    count and target."""
    parts = []
    for f in figures[:12]:
        if f.suppressed:
            shown = str(texts["fewer"])
        elif f.value is None:
            shown = str(texts["none"])
        else:
            shown = number_text(f.is_share, f.value)
        if f.target is not None and f.status:
            shown += f" ({texts['target']} {number_text(f.is_share, f.target.value)}, "
            shown += f"{f.status_label})"
        parts.append(f"{f.group_label} {shown}")
    more = f"; +{len(figures) - 12}" if len(figures) > 12 else ""
    return f"{label}: " + "; ".join(parts) + more + "."
