"""Charts of the key figures, drawn on the server with matplotlib (Agg, no pyplot: no global
state, safe in a threaded server). A chart never stands alone: the page puts a table with the
same numbers under it, and its alt text states them briefly."""

import base64
import hashlib
import io
from typing import Any

import matplotlib

matplotlib.use("Agg")

from django.core.cache import cache  # noqa: E402
from django.utils import translation  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure as MplFigure  # noqa: E402

from jobbtorg.followup.services.key_figures import Figure, number_text  # noqa: E402

ACCENT = "#1f4e8c"
EARLIER = "#9aa7b8"
TARGET = "#333333"
# Deterministic SVG ids, so the same figures give the same image.
matplotlib.rcParams["svg.hashsalt"] = "jobbtorg"


def _plotted(figure: Figure, value: float | int | None) -> float:
    if value is None:
        return 0.0
    return float(value) * 100 if figure.is_share else float(value)


def draw(
    figures: list[Figure],
    *,
    title: str = "",
    labels: tuple[str, str, str] = ("This tertial", "A year earlier", "Target"),
) -> MplFigure:
    """Horizontal bars per group: this tertial, a year earlier, and the target as a mark.
    Groups without a value (none to count, or fewer than 5) get no bar; the table says why."""
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
    axes.set_yticks(positions, [f.group_label[:40] for f in rows], fontsize=8)
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


# Drawing a chart takes a good part of a second; the dashboard has fourteen. The same figures
# give the same image, so it is kept (in the shared cache in production) under what it shows.
CHART_KEPT_SECONDS = 7 * 24 * 3600


def svg_data_uri(figures: list[Figure]) -> str:
    shown = [
        (
            f.indicator,
            f.group_label,
            f.value,
            f.previous_value,
            f.suppressed,
            f.target.value if f.target else None,
        )
        for f in figures
    ]
    key = (
        "followup:chart:"
        + hashlib.sha256(repr((shown, translation.get_language())).encode()).hexdigest()
    )
    kept = cache.get(key)
    if kept is not None:
        return str(kept)
    chart = draw(figures)
    out = io.BytesIO()
    chart.savefig(out, format="svg", metadata={"Date": None})
    uri = "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode("ascii")
    cache.set(key, uri, timeout=CHART_KEPT_SECONDS)
    return uri


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
