"""The detectors of tests/web/plain_words.py, each with text that must trip it and text that
must not: the crawl over the demo (test_no_codes_on_screen.py) is only as good as they are."""

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.web.plain_words import (
    codes,
    english,
    english_numbers,
    offences,
    references,
    uuids,
    visible_text,
)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "employment_form: municipal_measure_full_with_subsidy",
            ["employment_form", "municipal_measure_full_with_subsidy"],
        ),
        ("occupation_none: 0.0 0,0 poäng", ["occupation_none"]),
        ("Lagerarbetare (SSYK 4322, DLEi_bTh_oLA)", ["DLEi_bTh_oLA"]),
        ("SFI kopplat till praktik, employment_for", ["employment_for"]),
        ("Tidsbegränsad anställning, deltid, med lönestöd", []),
        ("Skriv __ här", []),
        ("coach-sydvast skrev 2026-03-14", []),
        ("anna_berg@stockholm.se", []),
    ],
)
def test_codes(text, found):
    assert codes(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("2726a673-3790-4c92-855d-f3edf368e403", ["2726a673-3790-4c92-855d-f3edf368e403"]),
        ("d44a7246….zip kan inte läsas", ["d44a7246"]),
        ("facba1cfeff04abda8c55efc0329978c.zip", ["facba1cfeff04abda8c55efc0329978c"]),
        ("Personnummer 19900101-1234", []),
        ("Telefon 08-508 000 00", []),
        ("Faktura 20260314", []),
        ("decade", []),
    ],
)
def test_uuids(text, found):
    assert uuids(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Målen är nämndens (R31).", ["R31"]),
        ("Närvaro (R15)", ["R15"]),
        ("i dokumentet docs/effect.md.", ["docs/effect.md."]),
        ("se README.md", ["README.md"]),
        ("ADR-0003 säger", ["ADR-0003"]),
        ("Buss 4 eller R-kort", []),
        ("Rinkeby-Kista, R-området", []),
        ("Fil: overforing-sydost.zip", []),
    ],
)
def test_references(text, found):
    assert references(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("30.0 timmar i veckan", ["30.0 timmar"]),
        ("42.5 %", ["42.5 %"]),
        ("12,500 kr", ["12,500 kr"]),
        ("12500 kr", ["12500 kr"]),
        ("25,0 timmar", []),
        ("12 500 kr", []),
        ("kl. 10.00", []),
        ("2026-03-14", []),
        ("version 1.2", []),
        ("450 kr", []),
    ],
)
def test_english_numbers(text, found):
    assert english_numbers(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "This tertial",
        "A year earlier",
        "Target",
        "started 2026-11-06",
        "active in 2026-11",
        "d44a7246.zip cannot be read as a .zip file",
        "This row depends on participants.csv row 34, which was rejected.",
    ],
)
def test_english_on_a_swedish_page(text):
    assert english([text]), text


@pytest.mark.parametrize(
    "text",
    [
        "Denna tertial",
        "Året innan",
        "Mål",
        "Tertial:",
        "Version",
        "Status",
        "Ibrahim Said",  # a name, not the English word
        "Ebba Strand, Jobbtorg Sydost",
        "Be om en tolk till mötet.",
        "Total för alla anordnare: 12 500 kr",
        "Startat 2026-11-06",
        "Logga in",
    ],
)
def test_swedish_is_not_english(text):
    assert english([text]) == []


def test_the_page_is_read_as_a_person_reads_it():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg"><text>This tertial</text>'
        "<text>Året innan</text></svg>"
    )
    chart = base64.b64encode(svg.encode()).decode()
    html = f"""<html lang="sv"><head><title>Nyckeltal</title><style>.a_b {{}}</style>
    <script>var job_search = 1;</script></head><body>
    <p>Avslut till <strong>arbete</strong> per anställningsform</p>
    <img src="data:image/svg+xml;base64,{chart}" alt="Diagram över avslut">
    <button lang="en">In English</button>
    <input type="submit" value="Sök">
    <select name="kind"><option value="job_search">Eget jobbsökande</option></select>
    <a href="/deltagare/2726a673-3790-4c92-855d-f3edf368e403/" aria-label="Öppna Amira">A</a>
    </body></html>"""
    chunks = visible_text(html)
    assert "Avslut till arbete per anställningsform" in chunks
    assert "This tertial" in chunks and "Året innan" in chunks  # the chart's legend
    assert "Diagram över avslut" in chunks and "Öppna Amira" in chunks and "Sök" in chunks
    assert "Eget jobbsökande" in chunks
    text = " ".join(chunks)
    # Not shown: scripts, styles, attribute values that are addresses or codes, and text that
    # says it is in another language.
    assert "job_search" not in text and "a_b" not in text and "2726a673" not in text
    assert "In English" not in text
    assert [o.kind for o in offences(chunks)] == ["english"]


@given(
    st.lists(
        st.sampled_from(
            [
                "Min dag",
                "Deltagare",
                "Aktivitetsplan",
                "Väntar på godkännande",
                "Avbrott",
                "Närvaro",
                "Lediga jobb",
                "Nyckeltal",
                "25,0 timmar",
                "12 500 kr",
                "2026-03-14",
                "Hela staden",
                "färre än 5",
                "Tidsbegränsad anställning, deltid, med lönestöd",
            ]
        ),
        max_size=8,
    )
)
def test_plain_swedish_never_trips(chunks):
    assert list(offences(chunks)) == []
