"""The tertial report (R31): one document per Jobbtorg and one for the city, with the
indicators, their targets and status, and the change from the same tertial a year earlier,
for the whole scope and per target group. PDF (matplotlib's PdfPages: a title page, then one
page per group of indicators with a chart and a table) and XLSX (openpyxl: the figures with
numbers as numbers, shares formatted as per cent; the targets).

The report is the committee's document and is written in Swedish whatever the language of the
page it is downloaded from.

Lex Sarah (R35) has a section of its own, after the indicators: the reports filed in the
tertial, of them assessed as serious, and the median days from report to decision, for the
scope and per provider type (and, in the city's report, per Jobbtorg); suppressed as the rest
of the report (`services/lex_sarah.py`). A table, no chart: the counts are small."""

import io
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils import timezone, translation

from jobbtorg.engines.cells import neutralised_row
from jobbtorg.followup.selectors import Target, targets_for
from jobbtorg.followup.services import charts
from jobbtorg.followup.services import lex_sarah as lex_sarah_figures
from jobbtorg.followup.services.key_figures import (
    SHARES,
    TERTIALS,
    Cache,
    Figure,
    Status,
    build_figures,
    number_text,
    sub_group_label,
    tertial_period,
)

SV_INDICATORS = {
    "referrals": "Anvisningar",
    "enrolled": "Inskrivna (första möten)",
    "active": "Aktiva deltagare",
    "exits": "Avslut",
    "exits_to_work_share": "Andel avslut till arbete",
    "exits_to_studies_share": "Andel avslut till studier",
    "exits_to_work_or_studies_share": "Andel avslut till arbete eller studier (Kolada)",
    "exits_to_studies_student_finance_unknown": "Avslut till studier, studiemedel okänt",
    "exits_by_employment_form": "Avslut till arbete per anställningsform",
    "plan_within_5_working_days_share": "Andel med planering inom 5 arbetsdagar",
    "median_days_to_exit": "Mediantid till avslut (dagar)",
    "exited_within_18_months_share": "Andel avslutade inom 18 månader",
    "to_work_or_studies_within_18_months_share": "Andel till arbete eller studier inom 18 mån.",
    "assistance_reduction_2m": "Minskat försörjningsstöd 2 mån. efter avslut",
    "assistance_reduction_8m": "Minskat försörjningsstöd 8 mån. efter avslut",
}
SV_STATUS = {Status.MET: "uppfyllt", Status.NEAR: "nära", Status.NOT_MET: "ej uppfyllt"}
SV_TERTIAL = {1: "januari–april", 2: "maj–augusti", 3: "september–december"}
FEWER = "färre än 5"
NONE = "–"
CITY_NAME = "Hela staden"

# One page per group of indicators in the same unit, so that one chart can hold them.
SECTIONS: list[tuple[str, list[str]]] = [
    ("Flöden", ["referrals", "enrolled", "active", "exits"]),
    (
        "Avslut till arbete och studier",
        [
            "exits_to_work_share",
            "exits_to_studies_share",
            "exits_to_work_or_studies_share",
            "exits_to_studies_student_finance_unknown",
        ],
    ),
    ("Anställningsform vid avslut till arbete", ["exits_by_employment_form"]),
    (
        "Planering och 18 månader",
        [
            "plan_within_5_working_days_share",
            "exited_within_18_months_share",
            "to_work_or_studies_within_18_months_share",
        ],
    ),
    ("Tid till avslut", ["median_days_to_exit"]),
    ("Försörjningsstöd före och efter", ["assistance_reduction_2m", "assistance_reduction_8m"]),
]
# In its section's table but not its chart: a count among shares.
TABLE_ONLY = frozenset({"exits_to_studies_student_finance_unknown"})


@dataclass(frozen=True)
class Report:
    year: int
    tertial: int
    scope: str  # "Hela staden" or the Jobbtorg's name
    job_centre: str | None
    suppressed: bool
    figures: list[Figure]  # the scope's total first per indicator, then per target group
    targets: dict[tuple[str, str | None], Target]
    lex_sarah: list[lex_sarah_figures.Table] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"Tertialrapport {self.year}, tertial {self.tertial} ({SV_TERTIAL[self.tertial]})"

    def filename(self, extension: str) -> str:
        scope = self.job_centre or "stad"
        return f"tertialrapport-{self.year}-t{self.tertial}-{scope}.{extension}"


def tertial_report(
    *,
    year: int,
    tertial: int,
    job_centre: str | None,
    job_centre_name: str = "",
    suppress_below: int | None,
    cache: Cache | None = None,
) -> Report:
    if tertial not in TERTIALS:
        raise ValueError(f"tertial {tertial} is not 1, 2 or 3")
    cache = cache if cache is not None else Cache()
    # The committee's document is Swedish whatever the language of the page that asked for it.
    with translation.override("sv"):
        return _tertial_report(
            year=year,
            tertial=tertial,
            job_centre=job_centre,
            job_centre_name=job_centre_name,
            suppress_below=suppress_below,
            cache=cache,
        )


def _tertial_report(
    *,
    year: int,
    tertial: int,
    job_centre: str | None,
    job_centre_name: str,
    suppress_below: int | None,
    cache: Cache,
) -> Report:
    total = build_figures(
        year=year,
        tertial=tertial,
        by=None,
        job_centre=job_centre,
        suppress_below=suppress_below,
        cache=cache,
    )
    groups = build_figures(
        year=year,
        tertial=tertial,
        by="target_group",
        job_centre=job_centre,
        suppress_below=suppress_below,
        cache=cache,
    )
    scope = job_centre_name or (job_centre or CITY_NAME)
    if job_centre is not None:
        total = [replace(f, group_label=_scope_label(f, scope)) for f in total]
    else:
        total = [replace(f, group_label=_scope_label(f, CITY_NAME)) for f in total]
    order = {name: i for i, name in enumerate(SV_INDICATORS)}
    figures = sorted(
        [*total, *groups],
        key=lambda f: (order.get(f.indicator, len(order)), "target_group" in f.group),
    )
    return Report(
        year=year,
        tertial=tertial,
        scope=scope,
        job_centre=job_centre,
        suppressed=bool(suppress_below),
        figures=figures,
        targets=targets_for(year),
        lex_sarah=lex_sarah_figures.tables(
            year=year,
            tertial=tertial,
            job_centre=job_centre,
            scope=scope,
            suppress_below=suppress_below,
        ),
    )


def _scope_label(figure: Figure, scope: str) -> str:
    # The city total has an empty group; a total with a sub-key (an employment form) keeps it.
    extra = {k: v for k, v in figure.group.items() if k != "target_group"}
    return scope + (
        "" if not extra else ", " + ", ".join(sub_group_label(k, v) for k, v in extra.items())
    )


def _value(figure: Figure, value: float | int | None, suppressed: bool) -> str:
    if suppressed:
        return FEWER
    return number_text(figure.is_share, value)


def _change(figure: Figure) -> str:
    if figure.change is None:
        return NONE
    return figure.change_text + (" p.e." if figure.is_share else "")


def _target(figure: Figure) -> str:
    return number_text(figure.is_share, figure.target.value) if figure.target else NONE


def table_rows(figures: list[Figure]) -> list[list[str]]:
    """The text of each row: indicator, group, value, n, target, status, a year earlier,
    change."""
    rows = []
    for f in figures:
        rows.append(
            [
                SV_INDICATORS.get(f.indicator, f.indicator),
                charts.wrapped(f.group_label, width=GROUP_WIDTH, lines=GROUP_LINES),
                _value(f, f.value, f.suppressed),
                NONE if f.suppressed or f.n is None else str(f.n),
                _target(f),
                SV_STATUS.get(f.status, NONE) if f.status else NONE,
                _value(f, f.previous_value, f.previous_suppressed),
                _change(f),
            ]
        )
    return rows


GROUP_WIDTH = 34  # characters of the table's group column on a line
GROUP_LINES = 5  # a target group's name and an employment form fit


HEADERS = ["Indikator", "Grupp", "Värde", "n", "Mål", "Status", "Året innan", "Förändring"]


def pdf_bytes(report: Report) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure as MplFigure

    out = io.BytesIO()
    # Type 42 fonts: the text stays text (searchable, readable by a screen reader's PDF tool).
    with (
        matplotlib.rc_context({"pdf.fonttype": 42}),
        PdfPages(out, metadata={"Title": report.title, "CreationDate": None}) as pdf,
    ):
        title = MplFigure(figsize=(8.27, 11.69))
        title.text(0.1, 0.8, report.title, fontsize=18, weight="bold")
        title.text(0.1, 0.75, report.scope, fontsize=16)
        start, end = tertial_period(report.year, report.tertial)
        lines = [
            f"Period: {start.isoformat()} – {end.isoformat()}",
            f"Jämförelse: samma tertial {report.year - 1}",
            "Målen är nämndens. Status: uppfyllt = på eller bättre än målet;",
            "nära = högst marginalen från målet; ej uppfyllt = längre ifrån.",
            "Andelar visas i procent; förändringar i andelar i procentenheter (p.e.).",
            "– betyder att det inte fanns någon att räkna.",
        ]
        if report.suppressed:
            lines.append("Grupper med färre än 5 personer visas som ”färre än 5”.")
        lines.append(
            "Avslut till studier räknas i Koladas andel bara när studierna ger rätt till "
            "studiemedel;"
        )
        lines.append("de där det inte är känt räknas för sig (studiemedel okänt).")
        lines.append(f"Framtagen {timezone.localdate().isoformat()} ur Jobbtorgs register.")
        for i, line in enumerate(lines):
            title.text(0.1, 0.65 - i * 0.03, line, fontsize=10)
        pdf.savefig(title)
        for section, names in SECTIONS:
            figures = [f for f in report.figures if f.indicator in names]
            if not figures:
                continue
            totals = [
                replace(f, group_label=SV_INDICATORS[f.indicator] + _sub(f))
                for f in figures
                if "target_group" not in f.group and f.indicator not in TABLE_ONLY
            ]
            rows = table_rows(figures)
            for page_number, page_rows in enumerate(_pages(rows)):
                page = MplFigure(figsize=(8.27, 11.69))
                page.text(
                    0.06,
                    0.96,
                    section + (" (forts.)" if page_number else ""),
                    fontsize=14,
                    weight="bold",
                )
                page.text(0.06, 0.94, f"{report.scope}, {report.title}", fontsize=8)
                # The scope's totals; a section with none (only groups) charts the groups.
                shown = totals or figures[:12]
                if page_number == 0 and shown:
                    _chart_into(page, shown)
                    table_top = 0.52
                else:
                    table_top = 0.9
                _table_into(page, page_rows, table_top)
                pdf.savefig(page)
        if report.lex_sarah:
            _lex_sarah_page_into(pdf, report)
    return out.getvalue()


LEX_SARAH_TITLE = "Lex Sarah"
LEX_SARAH_HEADERS = [
    "Uppdelning",
    "Grupp",
    "Rapporter",
    "Varav allvarliga",
    "Beslutade",
    "Mediandagar till beslut",
]
LEX_SARAH_ABOUT = [
    "Rapporter: lex Sarah-rapporter som kom in under tertialen.",
    "Varav allvarliga: av dem, de som nu bedöms som ett allvarligt missförhållande eller en"
    " risk för ett.",
    "Mediandagar till beslut: kalenderdagar från rapport till beslut, över rapporterna som"
    " beslutades under tertialen;",
    "Beslutade säger hur många.",
]
LEX_SARAH_SUPPRESSED = (
    "Grupper med färre än 5 rapporter visas som ”färre än 5”; det gör också en median över"
    " färre än 5 beslut."
)


def lex_sarah_about(report: Report) -> list[str]:
    return LEX_SARAH_ABOUT + ([LEX_SARAH_SUPPRESSED] if report.suppressed else [])


def lex_sarah_rows(report: Report) -> list[list[str]]:
    """The lex Sarah section's rows as text: breakdown, group, reports, of them serious,
    decided, median days to decision; "färre än 5" where suppressed."""
    rows = []
    for table in report.lex_sarah:
        for line in table.lines:
            if line.suppressed:
                figures = [FEWER] * 4
            elif line.median_days.suppressed:
                figures = [line.reports_text, line.serious_text, FEWER, FEWER]
            else:
                figures = [
                    line.reports_text,
                    line.serious_text,
                    line.decided_text,
                    line.median_text,
                ]
            rows.append([table.label, line.label, *figures])
    return rows


def _lex_sarah_page_into(pdf: Any, report: Report) -> None:
    from matplotlib.figure import Figure as MplFigure

    rows = [
        [cell if i > 1 else charts.wrapped(cell, width=30, lines=3) for i, cell in enumerate(row)]
        for row in lex_sarah_rows(report)
    ]
    for page_number, page_rows in enumerate(_pages(rows)):
        page = MplFigure(figsize=(8.27, 11.69))
        page.text(
            0.06,
            0.96,
            LEX_SARAH_TITLE + (" (forts.)" if page_number else ""),
            fontsize=14,
            weight="bold",
        )
        page.text(0.06, 0.94, f"{report.scope}, {report.title}", fontsize=8)
        top = 0.9
        if page_number == 0:
            about = lex_sarah_about(report)
            for i, line in enumerate(about):
                page.text(0.06, 0.91 - i * 0.02, line, fontsize=8)
            top = 0.91 - len(about) * 0.02
        _table_into(
            page,
            page_rows,
            top,
            headers=LEX_SARAH_HEADERS,
            widths=[0.2, 0.3, 0.11, 0.13, 0.1, 0.16],
        )
        pdf.savefig(page)


def _sub(figure: Figure) -> str:
    extra = [sub_group_label(k, v) for k, v in figure.group.items() if k != "target_group"]
    return (", " + ", ".join(extra)) if extra else ""


def _chart_into(page: Any, totals: list[Figure]) -> None:
    chart = charts.draw(totals, labels=("Denna tertial", "Året innan", "Mål"))
    buffer = io.BytesIO()
    chart.savefig(buffer, format="png", dpi=120)
    buffer.seek(0)
    import matplotlib.image as mpimg

    image = mpimg.imread(buffer, format="png")
    axes = page.add_axes((0.06, 0.55, 0.88, 0.37))
    axes.imshow(image)
    axes.axis("off")


# Heights in parts of the page: a row grows with the lines of its longest cell (a group's name
# is wrapped, never cut short), and a page holds the rows that fit under its chart or title.
HEADER_HEIGHT = 0.02
FIRST_PAGE_ROOM = 0.52 - 0.04 - HEADER_HEIGHT  # under the chart
PAGE_ROOM = 0.9 - 0.04 - HEADER_HEIGHT


def _row_height(row: list[str]) -> float:
    lines = max(cell.count("\n") + 1 for cell in row)
    return 0.006 + 0.009 * lines


def _pages(rows: list[list[str]]) -> list[list[list[str]]]:
    pages: list[list[list[str]]] = [[]]
    room = FIRST_PAGE_ROOM
    for row in rows:
        if pages[-1] and _row_height(row) > room:
            pages.append([])
            room = PAGE_ROOM
        pages[-1].append(row)
        room -= _row_height(row)
    return pages


def _table_into(
    page: Any,
    rows: list[list[str]],
    top: float,
    *,
    headers: list[str] = HEADERS,
    widths: list[float] | None = None,
) -> None:
    heights = [HEADER_HEIGHT, *(_row_height(row) for row in rows)]
    height = sum(heights)
    axes = page.add_axes((0.04, top - height, 0.92, height))
    axes.axis("off")
    table = axes.table(
        cellText=rows,
        colLabels=headers,
        loc="upper center",
        cellLoc="left",
        colWidths=widths or [0.26, 0.24, 0.09, 0.06, 0.08, 0.08, 0.1, 0.08],
    )
    table.auto_set_font_size(False)
    table.set_fontsize(6.5)
    for (row, _column), cell in table.get_celld().items():
        cell.set_height(heights[row] / height)


def xlsx_bytes(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Nyckeltal"
    sheet.append(
        [
            "Indikator",
            "Kod",
            "Grupp",
            "Värde",
            "n",
            "Mål",
            "Status",
            "Samma tertial året innan",
            "Förändring",
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for f in report.figures:
        value: Any = FEWER if f.suppressed else f.value
        previous: Any = FEWER if f.previous_suppressed else f.previous_value
        change = (
            None
            if f.value is None or f.previous_value is None
            else float(f.value) - float(f.previous_value)
        )
        sheet.append(
            neutralised_row(
                [
                    SV_INDICATORS.get(f.indicator, f.indicator),
                    f.indicator,
                    f.group_label,
                    value,
                    FEWER if f.suppressed else f.n,
                    f.target.value if f.target else None,
                    SV_STATUS.get(f.status, "") if f.status else "",
                    previous,
                    change,
                ]
            )
        )
        if f.is_share:
            row = sheet.max_row
            for column in ("D", "F", "H"):
                sheet[f"{column}{row}"].number_format = "0.0%"
            sheet[f"I{row}"].number_format = "+0.0%;-0.0%;0.0%"
    for column, width in zip("ABCDEFGHI", (48, 34, 30, 12, 10, 10, 12, 14, 12), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"

    targets = workbook.create_sheet("Mål")
    targets.append(
        ["Indikator", "Kod", "Målgrupp", "Mål", "Högre är bättre", "Nära inom", "Från år"]
    )
    for cell in targets[1]:
        cell.font = Font(bold=True)
    for (indicator, group), target in sorted(
        report.targets.items(), key=lambda item: (item[0][0], item[0][1] or "")
    ):
        targets.append(
            neutralised_row(
                [
                    SV_INDICATORS.get(indicator, indicator),
                    indicator,
                    group or CITY_NAME,
                    target.value,
                    "ja" if target.higher_is_better else "nej",
                    target.near_margin,
                    target.valid_from_year,
                ]
            )
        )
        if indicator in SHARES:
            targets[f"D{targets.max_row}"].number_format = "0.0%"
            targets[f"F{targets.max_row}"].number_format = "0.0%"
    if report.lex_sarah:
        _lex_sarah_sheet(workbook, report)
    about = workbook.create_sheet("Om rapporten")
    about.append(neutralised_row([report.title]))
    about.append(neutralised_row([report.scope]))
    start, end = tertial_period(report.year, report.tertial)
    about.append([f"Period {start.isoformat()} – {end.isoformat()}"])
    if report.suppressed:
        about.append(["Grupper med färre än 5 personer visas som ”färre än 5”."])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _lex_sarah_sheet(workbook: Any, report: Report) -> None:
    """The sheet "Lex Sarah": numbers as numbers, "färre än 5" where suppressed."""
    from openpyxl.styles import Font

    sheet = workbook.create_sheet(LEX_SARAH_TITLE)
    sheet.append(LEX_SARAH_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for table in report.lex_sarah:
        for line in table.lines:
            median_hidden = line.suppressed or line.median_days.suppressed
            sheet.append(
                neutralised_row(
                    [
                        table.label,
                        line.label,
                        FEWER if line.suppressed else line.reports.value,
                        FEWER if line.suppressed else line.serious.value,
                        FEWER if median_hidden else line.median_days.n,
                        FEWER if median_hidden else line.median_days.value,
                    ]
                )
            )
    sheet.append([])
    for line in lex_sarah_about(report):
        sheet.append([line])
    for column, width in zip("ABCDEF", (20, 48, 14, 16, 12, 22), strict=True):
        sheet.column_dimensions[column].width = width
