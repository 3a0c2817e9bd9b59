"""The words the key figures show for what the engine groups by: never its codes, and never
cut so short that two groups read the same (the PDF once showed "municipal_measur…" twice)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobbtorg.engines.indicators.data import COMBINATIONS
from jobbtorg.followup.services import charts
from jobbtorg.followup.services.key_figures import employment_form_label, sub_group_label
from jobbtorg.followup.services.report import GROUP_LINES, GROUP_WIDTH

pytestmark = pytest.mark.usefixtures("swedish")


@pytest.mark.parametrize(
    ("combination", "label"),
    [
        (
            "municipal_measure_full_with_subsidy",
            "Kommunal arbetsmarknadsåtgärd, heltid, med lönestöd",
        ),
        ("temporary_part_without_subsidy", "Tidsbegränsad anställning, deltid, utan lönestöd"),
        ("permanent_full_unknown_subsidy", "Tillsvidareanställning, heltid, lönestöd okänt"),
        (
            "unknown_form_unknown_extent_unknown_subsidy",
            "anställningsform okänd, omfattning okänd, lönestöd okänt",
        ),
        ("something_new", "annan anställning"),
    ],
)
def test_an_employment_form_is_named_in_words(combination, label):
    assert employment_form_label(combination) == label
    assert sub_group_label("employment_form", combination) == label


def test_every_combination_has_its_own_words_and_no_code():
    labels = [employment_form_label(c) for c in COMBINATIONS]
    assert len(set(labels)) == len(COMBINATIONS)
    assert not [label for label in labels if "_" in label]


@pytest.mark.parametrize(
    ("width", "lines"),
    [(charts.LABEL_CHARACTERS, charts.LABEL_LINES), (GROUP_WIDTH, GROUP_LINES)],
)
def test_labels_wrapped_for_a_chart_or_a_table_stay_apart(width, lines):
    scopes = (
        "Hela staden",
        "SFI kopplat till praktik",
        "b) Nysökande av andra skäl, arbetsförmåga ska utredas",
    )
    for scope in scopes:
        shown = [
            charts.wrapped(f"{scope}, {employment_form_label(c)}", width=width, lines=lines)
            for c in COMBINATIONS
        ]
        assert len(set(shown)) == len(shown), scope
        assert "…" not in "".join(shown), scope


@given(
    st.lists(st.text(alphabet="abcdefghijåäö,", min_size=1, max_size=10), max_size=20),
    st.integers(min_value=12, max_value=60),
)
def test_wrapping_keeps_every_word_of_a_label_that_fits_three_lines(words, width):
    text = " ".join(words)
    shown = charts.wrapped(text, width=width)
    lines = shown.split("\n")
    assert len(lines) <= 3 and all(len(line) <= width for line in lines)
    if "…" not in shown:
        assert shown.split() == text.split()
