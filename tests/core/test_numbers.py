"""Shown percentages and decimals are rounded half up, never cut, in the language's format,
by the one formatting home (core/numbers.py) that the key figures, their charts and PDF, the
effect page and the start pages use."""

from decimal import Decimal
from fractions import Fraction

import numpy
import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.core.numbers import decimal_text, percent_text
from jobbtorg.followup.services.key_figures import number_text


@pytest.fixture(autouse=True)
def swedish_format():
    with translation.override("sv"):
        yield


@pytest.mark.parametrize(
    ("share", "shown"),
    [
        (0.3929, "39,3 %"),  # was cut to "39,2 %"
        (11 / 28, "39,3 %"),  # 39,2857… %
        (0.39249, "39,2 %"),
        (0.3925, "39,3 %"),  # x,x5 goes up (0.3925 is just below it as a binary float)
        (0.0005, "0,1 %"),
        (0.00049, "0,0 %"),
        (0.0625, "6,3 %"),
        (0.9995, "100,0 %"),
        (0, "0,0 %"),
        (0.0, "0,0 %"),
        (1, "100,0 %"),
        (1.0, "100,0 %"),
        (Decimal("0.4215"), "42,2 %"),
        (None, "–"),
    ],
)
def test_a_share_reads_as_per_cent_rounded_half_up(share, shown):
    assert percent_text(share) == shown
    # The key figures' own formatting says the same.
    assert number_text(True, share) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (39.25, "39,3 %"),
        (Decimal("39.25"), "39,3 %"),
        (Decimal(100) * 3 / 7, "42,9 %"),
        (0, "0,0 %"),
        (100, "100,0 %"),
        (None, "–"),
    ],
)
def test_a_value_already_in_per_cent(value, shown):
    assert percent_text(value, fraction=False) == shown


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (4.45, 1, "4,5"),
        (-4.45, 1, "-4,5"),  # half away from zero, the same both ways
        (0.05, 1, "0,1"),
        (-0.04, 1, "0,0"),  # no "-0,0"
        (12.96, 1, "13,0"),
        (1250.55, 1, "1250,6"),
        (2.5, 0, "3"),  # not to the even 2
        (None, 1, "–"),
    ],
)
def test_decimals_are_rounded_half_up(value, decimals, shown):
    assert decimal_text(value, decimals) == shown


def test_thousands_are_grouped_when_asked():
    assert decimal_text(1250.55, 1, grouping=True) == "1\xa0250,6"
    assert number_text(False, 1250.55) == decimal_text(1250.55, 1, grouping=True)


def test_english_pages_get_a_decimal_point():
    with translation.override("en"):
        assert percent_text(0.3929) == "39.3 %"


@pytest.mark.parametrize(
    ("template", "value", "shown"),
    [
        ("{{ v|percent }}", 0.3929, "39,3 %"),
        ('{{ v|percent:"per_cent" }}', Decimal("39.25"), "39,3 %"),
        ("{{ v|percent }}", None, "–"),
        ("{{ v|one_decimal }}", 4.45, "4,5"),
        ("{{ v|one_decimal }}", None, "–"),
    ],
)
def test_the_template_filters_use_the_same_formatting(template, value, shown):
    rendered = Template("{% load numbers %}" + template).render(Context({"v": value}))
    assert rendered == shown


def _half_up_tenths_of_per_cent(part: int, whole: int) -> int:
    """Exactly, in tenths of a per cent: floor(1000·part/whole + ½)."""
    return int(Fraction(1000 * part, whole) + Fraction(1, 2))


@given(
    st.integers(min_value=1, max_value=100_000).flatmap(
        lambda whole: st.tuples(st.integers(min_value=0, max_value=whole), st.just(whole))
    )
)
def test_any_share_of_people_reads_as_its_exact_value_rounded_half_up(case):
    part, whole = case
    tenths = _half_up_tenths_of_per_cent(part, whole)
    expected = f"{tenths // 10},{tenths % 10} %"
    assert percent_text(part / whole) == expected
    assert percent_text(Decimal(part) / Decimal(whole)) == expected
    # Never further than half a tenth from the exact share.
    shown = Fraction(tenths, 10)
    assert abs(shown - Fraction(100 * part, whole)) <= Fraction(1, 20)


# Where the key figures are shown: the page's table, its chart, the PDF's table.


def _share_figure(value, previous, target=0.40):
    from jobbtorg.followup.selectors import Target
    from jobbtorg.followup.services.key_figures import Figure

    return Figure(
        indicator="exits_to_work_share",
        group={},
        value=value,
        n=28,
        suppressed=False,
        target=Target(target, True, 0.05, 2026, None, ""),
        status="near",
        previous_value=previous,
        previous_n=40,
        previous_suppressed=False,
        group_label="Hela staden",
    )


def test_a_key_figure_reads_rounded_on_the_page_in_the_chart_and_in_the_pdf():
    from jobbtorg.followup.services import charts, report

    figure = _share_figure(11 / 28, 0.3125, target=0.3925)
    assert (figure.value_text, figure.previous_text, figure.target_text) == (
        "39,3 %",
        "31,3 %",
        "39,3 %",
    )
    assert figure.change_text == "+8,0"  # 39,2857… − 31,25 = 8,0357… points
    assert "39,3 %" in charts.svg([figure], ("I år", "Året innan", "Mål"))
    (row,) = report.table_rows([figure])
    assert row[2] == "39,3 %" and row[4] == "39,3 %" and row[6] == "31,3 %"
    assert row[7] == "+8,0 p.e."


@pytest.mark.parametrize(
    ("change", "shown"),
    [(0.0004, "±0,0"), (-0.0004, "±0,0"), (0.0005, "+0,1"), (-0.0005, "−0,1")],
)
def test_a_change_too_small_to_show_has_no_sign(change, shown):
    figure = _share_figure(0.5 + change, 0.5)
    assert figure.change_text == shown


@pytest.mark.parametrize(
    ("tick", "shown"),
    [
        (0.0, "0"),
        (20.0, "20"),
        (2.5, "2,5"),
        (0.1 * 3, "0,3"),
        (0.25 * 3, "0,75"),
        (1e6, "1000000"),
    ],
)
def test_chart_axis_steps_have_a_decimal_comma(tick, shown):
    from jobbtorg.followup.services.charts import tick_text

    assert tick_text(tick) == shown
    assert tick_text(numpy.float64(tick)) == shown  # as matplotlib gives them
