"""`jobbtorg summerjobs allocate` on files: exit codes, messages naming file, row
and column, nothing written on error, one row per applicant in input order. The tests run
without database access (pytest-django refuses any query), which shows the command needs none."""

import csv
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

W_HEADER = "workplace_id,capacity,min_age,max_age,district\n"
A_HEADER = "applicant_id,birth_date,district,priority,lottery,choices\n"
WORKPLACES = W_HEADER + "LIB,1,,,farsta\nPARK,2,18,,kista\nCAFE,1,,17,farsta\n"
APPLICANTS = (
    A_HEADER
    + "a3,2009-03-01,farsta,0,0.5,LIB;CAFE\n"
    + "a1,2007-01-01,kista,1,,PARK;LIB\n"
    + "a2,2009-05-05,farsta,0,0.1,LIB\n"
    + "a4,2010-01-01,farsta,0,,\n"
)


def files(tmp_path, applicants=APPLICANTS, workplaces=WORKPLACES, encoding="utf-8"):
    a = tmp_path / "A.csv"
    w = tmp_path / "W.csv"
    a.write_text(applicants, encoding=encoding)
    w.write_text(workplaces, encoding=encoding)
    return a, w


def run(a, w, out, *extra):
    stdout, stderr = StringIO(), StringIO()
    args = ["allocate", "--applicants", str(a), "--workplaces", str(w), "--on", "2026-06-15"]
    code = 0
    try:
        call_command("summerjobs", *args, "--out", str(out), *extra, stdout=stdout, stderr=stderr)
    except SystemExit as exit_:
        code = exit_.code
    return code, stdout.getvalue(), stderr.getvalue()


def test_allocates_one_row_per_applicant_in_input_order(tmp_path):
    a, w = files(tmp_path)
    out = tmp_path / "M.csv"
    code, stdout, _ = run(a, w, out)
    assert code == 0
    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    # a1 has priority and is 19: PARK. LIB goes to a2 (lottery 0.1 before a3's 0.5);
    # a3 moves on to CAFE (15, under its max 17). a4 chose nothing.
    assert rows == [
        ["applicant_id", "workplace_id"],
        ["a3", "CAFE"],
        ["a1", "PARK"],
        ["a2", "LIB"],
        ["a4", ""],
    ]
    assert stdout.startswith("4 applicants, 3 placed, 4 places, 2 first choices, seed 0, "), stdout
    assert stdout.strip().endswith(" s")


def test_explain_and_compare(tmp_path):
    a, w = files(tmp_path)
    out, explain = tmp_path / "M.csv", tmp_path / "E.csv"
    code, stdout, _ = run(a, w, out, "--explain", str(explain), "--compare", "--seed", "3")
    assert code == 0
    rows = list(csv.DictReader(explain.read_text(encoding="utf-8").splitlines()))
    a3 = [r for r in rows if r["applicant_id"] == "a3"]
    assert [(r["choice_workplace_id"], r["status"]) for r in a3] == [
        ("LIB", "turned_down"),
        ("CAFE", "placed_here"),
    ]
    assert a3[0]["reason"] == "placed_at_choice_n" and a3[0]["placed_choice"] == "2"
    # a1 (priority) ranks first at LIB but took PARK; LIB admitted a2 (rank 2).
    assert (a3[0]["rank"], a3[0]["out_of"], a3[0]["cutoff"]) == ("3", "3", "2")
    a4 = [r for r in rows if r["applicant_id"] == "a4"]
    assert len(a4) == 1 and a4[0]["reason"] == "no_choices"
    assert "stable" in stdout and "max_placement" in stdout and "unfair pairs" in stdout
    assert "seed 3" in stdout


def test_byte_order_mark_is_accepted(tmp_path):
    a, w = files(tmp_path, encoding="utf-8-sig")
    code, _, _ = run(a, w, tmp_path / "M.csv")
    assert code == 0


def test_same_seed_same_result_and_seed_changes_draws(tmp_path):
    rows = A_HEADER + "".join(f"p{i},2008-01-01,farsta,0,,LIB\n" for i in range(20))
    a, w = files(tmp_path, applicants=rows)
    results = []
    for seed in ("1", "1", "2"):
        out = tmp_path / f"M{len(results)}.csv"
        assert run(a, w, out, "--seed", seed)[0] == 0
        results.append(out.read_text(encoding="utf-8"))
    assert results[0] == results[1]
    assert results[0] != results[2]


BAD = [
    (
        "unknown workplace",
        APPLICANTS.replace("LIB;CAFE", "LIB;ZOO"),
        WORKPLACES,
        "A.csv, row 2, column choices: unknown workplace 'ZOO'",
    ),
    (
        "duplicate applicant",
        APPLICANTS.replace("a2,", "a3,"),
        WORKPLACES,
        "A.csv, row 4, column applicant_id: a3 already on row 2",
    ),
    (
        "duplicate workplace",
        APPLICANTS,
        WORKPLACES.replace("CAFE,", "LIB,"),
        "W.csv, row 4, column workplace_id: LIB already on row 2",
    ),
    (
        "negative capacity",
        APPLICANTS,
        WORKPLACES.replace("PARK,2", "PARK,-1"),
        "W.csv, row 3, column capacity: must be 0 or more: '-1'",
    ),
    (
        "malformed date",
        APPLICANTS.replace("2009-05-05", "2009-13-05"),
        WORKPLACES,
        "A.csv, row 4, column birth_date: not a date (YYYY-MM-DD): '2009-13-05'",
    ),
    (
        "date in another format",
        APPLICANTS.replace("2009-05-05", "20090505"),
        WORKPLACES,
        "A.csv, row 4, column birth_date: not a date (YYYY-MM-DD): '20090505'",
    ),
    (
        "malformed priority",
        APPLICANTS.replace("kista,1,", "kista,high,"),
        WORKPLACES,
        "A.csv, row 3, column priority: not a whole number: 'high'",
    ),
    (
        "malformed lottery",
        APPLICANTS.replace("0.1", "x"),
        WORKPLACES,
        "A.csv, row 4, column lottery: not a number: 'x'",
    ),
    (
        "malformed age",
        APPLICANTS,
        WORKPLACES.replace("PARK,2,18", "PARK,2,eighteen"),
        "W.csv, row 3, column min_age: not a whole number: 'eighteen'",
    ),
    (
        "missing column",
        APPLICANTS.replace(",lottery", ",lot"),
        WORKPLACES,
        "A.csv, row 1, column lottery: the column is missing",
    ),
    (
        "no header",
        "",
        WORKPLACES,
        "A.csv, row 1: empty; a header row is required",
    ),
    (
        "wrong number of fields",
        APPLICANTS + "a9,2009-01-01,farsta,0\n",
        WORKPLACES,
        "A.csv, row 6: 4 fields where the header has 6",
    ),
]


@pytest.mark.parametrize(
    ("applicants", "workplaces", "message"),
    [case[1:] for case in BAD],
    ids=[case[0] for case in BAD],
)
def test_bad_files_stop_with_file_row_and_column_and_write_nothing(
    tmp_path, applicants, workplaces, message
):
    a, w = files(tmp_path, applicants, workplaces)
    out, explain = tmp_path / "M.csv", tmp_path / "E.csv"
    code, stdout, stderr = run(a, w, out, "--explain", str(explain))
    assert code == 2
    assert message in stderr
    assert stdout == ""
    assert not out.exists() and not explain.exists()
    assert sorted(os.listdir(tmp_path)) == ["A.csv", "W.csv"]


def test_bad_file_leaves_an_earlier_result_untouched(tmp_path):
    a, w = files(tmp_path, APPLICANTS.replace("LIB;CAFE", "LIB;ZOO"))
    out = tmp_path / "M.csv"
    out.write_text("earlier\n", encoding="utf-8")
    assert run(a, w, out)[0] == 2
    assert out.read_text(encoding="utf-8") == "earlier\n"


def test_bad_reference_date_and_missing_file(tmp_path):
    a, w = files(tmp_path)
    stdout, stderr = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "summerjobs",
            "allocate",
            "--applicants",
            str(a),
            "--workplaces",
            str(w),
            "--on",
            "15/06/2026",
            "--out",
            str(tmp_path / "M.csv"),
            stdout=stdout,
            stderr=stderr,
        )
    assert exit_.value.code == 2
    assert "--on: not a date (YYYY-MM-DD): '15/06/2026'" in stderr.getvalue()
    code, _, message = run(tmp_path / "missing.csv", w, tmp_path / "M.csv")
    assert code == 2 and "missing.csv: there is no such file" in message
    assert not (tmp_path / "M.csv").exists()


def test_the_installed_command_exits_0_and_2(tmp_path):
    a, w = files(tmp_path)
    out = tmp_path / "M.csv"
    script = Path(sys.executable).with_name("jobbtorg")
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2] / "src"))
    base = [str(script), "summerjobs", "allocate", "--workplaces", str(w), "--on", "2026-06-15"]
    done = subprocess.run(
        [*base, "--applicants", str(a), "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "4 applicants, 3 placed" in done.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(APPLICANTS.replace("2009-05-05", "5 May"), encoding="utf-8")
    refused = subprocess.run(
        [*base, "--applicants", str(bad), "--out", str(tmp_path / "N.csv")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert refused.returncode == 2
    assert "bad.csv, row 4, column birth_date" in refused.stderr
    assert not (tmp_path / "N.csv").exists()
