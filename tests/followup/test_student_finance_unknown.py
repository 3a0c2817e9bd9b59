"""Kolada's share counts an exit to studies only when the studies qualify for student finance;
the dashboard and the tertial report say how many exits to studies it is not known for, beside
that share."""

import dataclasses
import re
from datetime import date

import pytest

from tests.conftest import client_for
from tests.followup import known_records
from tests.followup.test_pages import URL, Q, download, pdf_text, query, sheet_rows, table_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_studies(monkeypatch):
    """The known records and, in 2026 tertial 1, six exits to studies of Sydost's Resurs:
    student finance yes for one, no for one, not known for four."""
    rows = known_records.case_rows()
    template = next(r for r in rows if r.exit_reason == "work" and r.exit_on == date(2026, 2, 16))
    studies = [
        dataclasses.replace(
            template,
            case_ref=f"s{n}",
            person_ref=f"ps{n}",
            exit_reason="studies",
            studies_with_student_finance=finance,
        )
        for n, finance in enumerate([True, False, None, None, None, None])
    ]
    monkeypatch.setattr(known_records, "case_rows", lambda: [*rows, *studies])
    known_records.install(monkeypatch)
    return known_records


def test_the_dashboard_says_how_many_exits_to_studies_have_student_finance_not_known(
    staff, with_studies
):
    response = client_for(staff.manager_sydost).get(URL + Q)
    html = response.content.decode()
    kolada = html[html.index('id="indicator-exits_to_work_or_studies_share"') :]
    kolada = kolada[: kolada.index("</section>")]
    # The six exits to studies are among the share's 56 exits; only the "yes" is counted in it.
    assert " 56 " in table_of(response, "exits_to_work_or_studies_share")
    assert "Avslut till studier där det inte är känt om studierna ger rätt till studiemedel" in (
        kolada
    )
    assert "<dd>4</dd>" in kolada
    # Beside the share, not a figure of its own.
    assert 'id="indicator-exits_to_studies_student_finance_unknown"' not in html


def test_per_jobbtorg_the_dashboard_lists_the_number_per_group(staff, with_studies):
    response = client_for(staff.manager_sydost).get(URL + Q + "&per=jobbtorg")
    html = response.content.decode()
    kolada = html[html.index('id="indicator-exits_to_work_or_studies_share"') :]
    kolada = kolada[: kolada.index("</section>")]
    assert re.search(r"Sydost[^<]*: 4</li>", kolada), kolada


def test_an_analyst_sees_fewer_than_5_for_a_small_number(staff, with_studies):
    response = client_for(staff.analyst).get(URL + Q)
    html = response.content.decode()
    kolada = html[html.index('id="indicator-exits_to_work_or_studies_share"') :]
    kolada = kolada[: kolada.index("</section>")]
    assert "<dd>färre än 5</dd>" in kolada


def test_the_report_says_it_too(staff, with_studies):
    rows = sheet_rows(download(client_for(staff.manager_sydost), query()).content)
    city = next(
        r for r in rows if r[1] == "exits_to_studies_student_finance_unknown" and r[0] is not None
    )
    assert city[0] == "Avslut till studier, studiemedel okänt" and city[3] == 4
    pdf = pdf_text(download(client_for(staff.manager_sydost), query(fmt="pdf")).content)
    assert "Avslut till studier, studiemedel okänt" in pdf
    assert "studiemedel" in pdf.split("Avslut till arbete och studier")[0]
