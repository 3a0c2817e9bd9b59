"""Every problem of a payment run or model reads Swedish where it is shown: a step by its name,
a participation by its short reference, no code and no English."""

import re
import uuid

import pytest
from django.utils import translation

from jobbtorg.engines.payments import model, run
from jobbtorg.engines.payments.model import Problem
from jobbtorg.payments.reasons import problem_text
from tests.web.plain_words import offences

PARTICIPATION = uuid.UUID("3f2a91c0-0000-4000-8000-000000000001")
SAMPLE = {
    "participation": str(PARTICIPATION),
    "step": "monthly_base_fee",
    "contract": "LOU-1",
    "other": "LOU-2",
    "level": "B",
    "run": "2026-02",
    "count": "2",
    "months": "6",
    "type": "float",
    "levels": "D",
    "amount": "-1",
}
MESSAGES = sorted(
    {
        value
        for module in (model, run)
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, str) and " " in value
    }
)


def test_the_table_holds_every_problem_of_a_run():
    assert {run.LEFT_OUT, run.ENDS_BEFORE_START, model.NO_AMOUNT} <= set(MESSAGES)


@pytest.mark.parametrize("msgid", MESSAGES)
def test_each_problem_reads_swedish_naming_no_code(msgid):
    names = re.findall(r"%\((\w+)\)s", msgid)
    problem = Problem(msgid, **{name: SAMPLE.get(name, "2026-03-01") for name in names})

    with translation.override("sv"):
        text = problem_text(problem.as_json())

    assert text != str(problem)
    assert list(offences([text])) == [], text
    if "participation" in names:
        assert "D-3F2A-91C0" in text and str(PARTICIPATION) not in text
    if "step" in names:
        assert "Månadsersättning" in text, text


def test_a_run_made_before_problems_had_msgids_keeps_its_text():
    assert problem_text("participation P1: given 2 times; nothing computed") == (
        "participation P1: given 2 times; nothing computed"
    )
