"""Lex Sarah in the key figures (/nyckeltal/lex-sarah/ and the tertial report): the reports of
tertial 1 2026 built through the lex Sarah services (tests/lex_sarah/world.py), against a hand
count; suppression for the analyst only; access per role; bad input; audit.

The world, tertial 1 2026 (January–April); days from report to decision in brackets:
- Sydost: filed 01-10 serious, procured provider, decided 01-20 (10); filed 02-01, decided
  02-15 (14); filed 03-01 serious risk, open; filed 04-01 no wrongdoing, procured, decided
  04-21 (20); filed 04-30 at 23.30, open. Filed 2025-12-15, decided 2026-01-05 (21): decided in
  the tertial, not filed in it. Filed 05-02: after the tertial.
- Järva (a non-profit provider): filed 02-10 serious, decided 03-12 (30); filed 03-10, open.
- Outside a Jobbtorg: filed 01-15, decided 01-18 (3).
City: 8 filed, 3 serious; 6 decided (3, 10, 14, 20, 21, 30): median 17.
"""

import datetime as dt
import io
import re
from html import unescape
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from jobbtorg.core.audit.models import AuditAction, AuditEntry
from jobbtorg.followup.lex_sarah_selectors import lex_sarah_rows
from jobbtorg.lex_sarah.models import Assessment, Report
from jobbtorg.providers.models import ProviderKind
from tests.conftest import client_for
from tests.factories import ProviderFactory
from tests.followup.test_pages import download, pdf_text, sheet_rows
from tests.lex_sarah.world import closed, filed, investigated, notified, officers

pytestmark = pytest.mark.django_db
URL = "/nyckeltal/lex-sarah/"
Q = "?ar=2026&tertial=1"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def report(reporter, officer, filed_on, *, at=(10, 0), assessment=None, decided_on=None, **kw):
    found = filed(reporter, **kw)
    # Filed "now" by the service; moved to the day the hand count needs.
    Report.objects.filter(pk=found.pk).update(
        reported_at=dt.datetime.combine(dt.date.fromisoformat(filed_on), dt.time(*at), STOCKHOLM)
    )
    found.refresh_from_db()
    if assessment:
        found = investigated(found, officer, assessment)
        if found.is_serious and decided_on:
            found = notified(found, officer)
    if decided_on:
        found = closed(found, officer, decided_on=dt.date.fromisoformat(decided_on))
    return found


@pytest.fixture
def world(staff):
    who = officers(staff)
    procured = ProviderFactory(slug="upphandlad", kind=ProviderKind.PROCURED)
    ngo = ProviderFactory(slug="ideell", kind=ProviderKind.NGO)
    by = staff.coach_sydost
    serious, risk = Assessment.SERIOUS_WRONGDOING, Assessment.SERIOUS_RISK
    plain, nothing = Assessment.WRONGDOING, Assessment.NO_WRONGDOING
    s = who.sydost
    report(by, s, "2026-01-10", assessment=serious, decided_on="2026-01-20", provider=procured)
    report(by, s, "2026-02-01", assessment=plain, decided_on="2026-02-15")
    report(by, s, "2026-03-01", assessment=risk)
    report(by, s, "2026-04-01", assessment=nothing, decided_on="2026-04-21", provider=procured)
    report(by, s, "2026-04-30", at=(23, 30))
    report(by, s, "2025-12-15", assessment=plain, decided_on="2026-01-05")
    report(by, s, "2026-05-02", assessment=serious)
    j = who.jarva
    report(
        staff.coach_jarva,
        j,
        "2026-02-10",
        centre="jarva",
        provider=ngo,
        assessment=serious,
        decided_on="2026-03-12",
    )
    report(staff.coach_jarva, j, "2026-03-10", centre="jarva", provider=ngo)
    report(by, who.city, "2026-01-15", centre=None, assessment=plain, decided_on="2026-01-18")
    return who


def text(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def row_of(response, label: str, table: int) -> str:
    """The text of the row named `label` in the page's `table`-th table (1: the whole city,
    2: by Jobbtorg, 3: by provider type)."""
    html = unescape(response.content.decode())
    start = html.index(f'id="lex-sarah-{table}"')
    body = html[start : html.index("</table>", start)]
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " | ", row))
        if re.sub(r"[\s|]+", " ", cells).strip().startswith(label):
            return re.sub(r"(\s*\|\s*)+", " | ", cells).strip(" |")
    raise AssertionError(f"no row {label!r} in table {table}: {body}")


def test_the_selector_reads_the_reports_filed_or_decided_in_the_period(world):
    rows = lex_sarah_rows(dt.date(2026, 1, 1), dt.date(2026, 4, 30))
    # Nine of the ten: the one filed in May is neither filed nor decided in the tertial.
    assert len(rows) == 9
    late = [r for r in rows if r.reported_on == dt.date(2026, 4, 30)]
    # Filed 23.30 in Stockholm, 21.30 UTC: the day is the city's.
    assert len(late) == 1 and late[0].job_centre == "sydost" and not late[0].serious
    outside = [r for r in rows if r.job_centre is None]
    assert [(r.provider_kind, r.decided_on) for r in outside] == [(None, dt.date(2026, 1, 18))]
    assert len(lex_sarah_rows(dt.date(2026, 1, 1), dt.date(2026, 4, 30), job_centre="jarva")) == 2


def test_a_report_reassessed_as_not_serious_counts_as_not_serious(world, staff):
    found = Report.objects.get(job_centre__slug="sydost", assessment=Assessment.SERIOUS_RISK)
    investigated(found, world.sydost, Assessment.RISK)
    rows = lex_sarah_rows(dt.date(2026, 1, 1), dt.date(2026, 4, 30))
    assert sum(r.serious for r in rows) == 2


@pytest.mark.parametrize("who", ["manager_sydost", "administrator"])
def test_the_page_against_the_hand_count(who, staff, world, english):
    response = client_for(getattr(staff, who), "en").get(URL + Q)
    assert response.status_code == 200
    assert "Tertial January–April 2026 (2026-01-01 to 2026-04-30)" in text(response)
    # Group | reports | of them serious | decided | median days
    assert row_of(response, "The whole city", 1) == "The whole city | 8 | 3 | 6 | 17"
    assert row_of(response, "Sydost", 2) == "Sydost | 5 | 2 | 4 | 17"
    assert row_of(response, "Järva", 2) == "Järva | 2 | 1 | 1 | 30"
    assert row_of(response, "The city's own operations", 2).endswith("| 1 | 0 | 1 | 3")
    assert row_of(response, "Procured provider", 3).endswith("| 2 | 1 | 2 | 15")
    assert row_of(response, "Non-profit", 3).endswith("| 2 | 1 | 1 | 30")
    assert row_of(response, "No provider", 3).endswith("| 4 | 1 | 3 | 14")
    # A group with no report still has its row, with words for the missing median.
    assert row_of(response, "Innerstaden", 2) == "Innerstaden | 0 | 0 | 0 | – | (no decision)"
    assert "fewer than 5" not in text(response)


def test_the_analyst_sees_fewer_than_5_for_small_groups_and_small_medians(staff, world, english):
    response = client_for(staff.analyst, "en").get(URL + Q)
    assert response.status_code == 200
    assert "Groups of fewer than 5 reports are shown as “fewer than 5”" in text(response)
    assert row_of(response, "The whole city", 1) == "The whole city | 8 | 3 | 6 | 17"
    # Sydost: five reports, but its median rests on four decisions.
    assert row_of(response, "Sydost", 2) == "Sydost | 5 | 2 | fewer than 5"
    assert row_of(response, "Järva", 2) == "Järva | fewer than 5"
    assert row_of(response, "Procured provider", 3).endswith("| fewer than 5")
    assert row_of(response, "No provider", 3).endswith("| fewer than 5")
    assert "| 30" not in row_of(response, "Non-profit", 3)


def test_swedish_page(staff, world):
    response = client_for(staff.analyst).get(URL + Q)
    page = text(response)
    assert "Lex Sarah i nyckeltalen" in page
    assert row_of(response, "Järva", 2) == "Järva | färre än 5"


@pytest.mark.parametrize(
    "who", ["coach_sydost", "matcher_sydost", "officer_farsta", "provider_staff", "coach_jarva"]
)
def test_other_roles_get_what_the_dashboard_gives_them(who, staff, world):
    client = client_for(getattr(staff, who))
    assert client.get(URL + Q).status_code == client.get("/nyckeltal/" + Q).status_code == 403
    assert not AuditEntry.objects.filter(action=AuditAction.INDICATORS_COMPUTED).exists()


def test_a_lex_sarah_officer_without_a_follow_up_role_is_refused(staff, world):
    assert client_for(world.jarva).get(URL + Q).status_code == 403


def test_a_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/logga-in/" in response["Location"]


@pytest.mark.parametrize(
    "query, message",
    [
        ("?ar=abc&tertial=1", "Give the year as four digits"),
        ("?ar=1999&tertial=1", "Give a year from 2000 on."),
        ("?ar=2026&tertial=4", "Choose a tertial"),
    ],
)
def test_a_bad_question_says_what_to_fix_and_shows_nothing(query, message, staff, world, english):
    response = client_for(staff.manager_sydost, "en").get(URL + query)
    assert response.status_code == 200
    assert message in text(response) and 'class="error-summary' in response.content.decode()
    assert "lex-sarah-1" not in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.INDICATORS_COMPUTED).exists()


def test_without_a_question_the_latest_finished_tertial_is_shown(staff, world, on_day, english):
    on_day(dt.date(2026, 6, 10))
    response = client_for(staff.manager_sydost, "en").get(URL)
    assert "Tertial January–April 2026" in text(response)
    assert row_of(response, "The whole city", 1) == "The whole city | 8 | 3 | 6 | 17"


def test_each_view_is_audited_naming_what_was_shown_and_no_one(staff, world):
    client_for(staff.analyst).get(URL + Q)
    entry = AuditEntry.objects.get(action=AuditAction.INDICATORS_COMPUTED)
    assert entry.actor == staff.analyst and entry.participant is None
    jobbtorgs = 1 + len({c for c in Report.objects.values_list("job_centre", flat=True)})
    after = entry.changes["after"]
    assert after == {
        "view": "lex sarah",
        "year": 2026,
        "tertial": 1,
        "suppressed": True,
        "rows": after["rows"],
    }
    # The city, every Jobbtorg and the group outside one, every provider kind and none.
    assert after["rows"] >= 1 + jobbtorgs + len(ProviderKind) + 1


def test_the_dashboard_links_the_lex_sarah_figures_of_its_tertial(staff, known):
    html = client_for(staff.manager_sydost).get("/nyckeltal/" + Q).content.decode()
    assert f'href="{URL}?ar=2026&amp;tertial=1"' in html


# The tertial report


def test_the_citys_report_has_the_lex_sarah_section_suppressed_for_the_analyst(staff, world, known):
    scope = "?ar=2026&tertial=1&jobbtorg=stad&format="
    rows = sheet_rows(
        download(client_for(staff.analyst), "/nyckeltal/rapport/" + scope + "xlsx").content,
        "Lex Sarah",
    )
    assert rows[0] == (
        "Uppdelning",
        "Grupp",
        "Rapporter",
        "Varav allvarliga",
        "Beslutade",
        "Mediandagar till beslut",
    )
    by_group = {(row[0], row[1]): row[2:] for row in rows[1:] if row[1]}
    assert by_group[("Hela staden", "Hela staden")] == (8, 3, 6, 17)
    assert by_group[("Per Jobbtorg", "Sydost")] == (5, 2, "färre än 5", "färre än 5")
    assert by_group[("Per Jobbtorg", "Järva")] == ("färre än 5",) * 4
    assert any(str(row[0]).startswith("Grupper med färre än 5 rapporter") for row in rows)
    text_ = pdf_text(
        download(client_for(staff.analyst), "/nyckeltal/rapport/" + scope + "pdf").content
    )
    assert "Lex Sarah" in text_ and "Mediandagar till beslut" in text_ and "färre än 5" in text_
    assert "Grupper med färre än 5 rapporter" in text_


def test_a_jobbtorgs_report_has_its_own_reports_unsuppressed_for_the_manager(staff, world, known):
    data = download(
        client_for(staff.manager_sydost),
        "/nyckeltal/rapport/?ar=2026&tertial=1&jobbtorg=sydost&format=xlsx",
    ).content
    rows = sheet_rows(data, "Lex Sarah")
    by_group = {(row[0], row[1]): row[2:] for row in rows[1:] if row[1]}
    assert by_group[("Hela staden", "Sydost")] == (5, 2, 4, 17)
    assert not any(key[0] == "Per Jobbtorg" for key in by_group)
    assert by_group[("Per anordnartyp", "Upphandlad anordnare (LOU)")] == (2, 1, 2, 15)
    assert not any("Grupper med färre än 5" in str(row[0]) for row in rows)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames[-1] == "Om rapporten"
