"""A transfer checked a batch of people at a time says exactly what the whole-file check says:
the same rejects with the same messages and the same good records, whatever the batch size."""

import subprocess
import zipfile

import pytest

from jobbtorg.engines.transfer import checker
from jobbtorg.engines.transfer.format import FILE_NAMES
from jobbtorg.engines.transfer.read import UnusableInput, open_transfer, read_transfer
from jobbtorg.engines.transfer.staging import Checking, staged
from jobbtorg.engines.transfer.validate import UnitScope, validate
from jobbtorg.engines.transfer.write import table_csv

from .builders import ANNA, CODES, GOOD, TODAY, good_tables, transfer_input

CARL = "19850505-0016"
DORA = "19700101-0011"


def _mixed_tables():
    """Good people, people with bad rows, rows that depend on bad rows, duplicates, and rows
    whose personnummer cannot be read, in no particular order."""
    tables = good_tables()
    carl = {**GOOD["participants"][0], "personnummer": CARL, "referred_on": "2026-13-01"}
    dora = {**GOOD["participants"][0], "personnummer": DORA, "first_name": "Dora"}
    tables["participants"] = [carl, dict(dora), *tables["participants"], {**dora, "coach": "x"}]
    tables["plans"].append({**GOOD["plans"][0], "personnummer": CARL})
    tables["plans"].append({**GOOD["plans"][0], "personnummer": "not a number"})
    tables["activities"].append({**GOOD["activities"][0], "personnummer": CARL})
    tables["activities"].append({**GOOD["activities"][0], "plan_ref": "P9"})
    tables["interruptions"].append({**GOOD["interruptions"][0], "personnummer": "19900101"})
    tables["exits"].append({**GOOD["exits"][0], "personnummer": "19660606-0017"})
    tables["assistance"] += [
        {"personnummer": DORA, "month": "2026-01", "amount_sek": "12", "district": ""},
        {"personnummer": "", "month": "2026-01", "amount_sek": "12", "district": ""},
        {"personnummer": ANNA, "month": "2026-02", "amount_sek": "-1", "district": ""},
    ]
    return tables


def _whole_and_batched(size, **options):
    whole = validate(transfer_input(_mixed_tables()), CODES, today=TODAY, **options)
    with staged(transfer_input(_mixed_tables()), CODES, today=TODAY, **options) as spooled:
        batches = list(spooled.batches(size))
        read = dict(spooled.read)
        people = spooled.people
    return whole, batches, read, people


def _key(reject):
    return (reject.file, reject.row, reject.column, reject.message, dict(reject.values))


@pytest.mark.parametrize("size", [1, 2, 50])
def test_batches_of_people_give_the_rejects_and_records_of_the_whole_file(size):
    whole, batches, read, people = _whole_and_batched(size)
    batched_rejects = [r for batch in batches for r in batch.result.rejects]
    assert sorted(map(_key, batched_rejects)) == sorted(map(_key, whole.rejects))
    assert whole.rejects, "the input must hold bad rows for this test to mean something"
    for name in FILE_NAMES:
        batched = [r for batch in batches for r in getattr(batch.result.records, name)]
        expected = getattr(whole.records, name)
        assert sorted(batched, key=lambda r: r.row) == sorted(expected, key=lambda r: r.row)
        assert [r.row for r in batched] == [r.row for r in batched]
    assert read == dict(whole.read)
    assert people == 5  # Anna, Bo, Carl, Dora and the exit's 19660606-0017


def test_a_batch_holds_at_most_its_size_of_people_in_personnummer_order_after_the_rows_of_no_one():
    _whole, batches, _read, _people = _whole_and_batched(2)
    assert batches[0].numbers == ()
    assert {r.file for r in batches[0].result.rejects} == {
        "plans.csv",
        "interruptions.csv",
        "assistance.csv",
    }
    numbers = [number for batch in batches[1:] for number in batch.numbers]
    assert numbers == sorted(numbers)
    assert all(1 <= len(batch.numbers) <= 2 for batch in batches[1:])
    assert sum(sum(batch.rows.values()) for batch in batches) == sum(_read.values())


def test_a_unit_scope_is_applied_in_each_batch_as_in_the_whole_file():
    unit = UnitScope(own_people=frozenset({"199001010017"}), served_districts=frozenset())
    whole, batches, _read, _people = _whole_and_batched(1, unit=unit)
    batched_rejects = [r for batch in batches for r in batch.result.rejects]
    assert sorted(map(_key, batched_rejects)) == sorted(map(_key, whole.rejects))
    assert any(r.message == unit.message for r in whole.rejects)


def _directory(tmp_path, tables):
    folder = tmp_path / "transfer"
    folder.mkdir()
    for name, rows in tables.items():
        (folder / f"{name}.csv").write_text(table_csv(name, rows), encoding="utf-8", newline="")
    return folder


def _rows(transfer):
    return {
        name: [(row.number, dict(row.values), row.extra) for row in table.rows]
        for name, table in transfer.tables.items()
    }


def test_a_directory_and_a_zip_read_as_they_are_used_hold_the_rows_read_whole(tmp_path):
    folder = _directory(tmp_path, _mixed_tables())
    archive = tmp_path / "transfer.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in folder.iterdir():
            zipped.write(path, f"export/{path.name}")
    whole = _rows(read_transfer(folder))
    for path in (folder, archive):
        with open_transfer(path) as transfer:
            assert not isinstance(transfer.tables["plans"].rows, tuple)
            assert _rows(transfer) == whole


def test_a_bad_byte_far_down_a_file_is_refused_naming_its_line_before_any_batch(tmp_path):
    # Far enough down that it is not in the first block decoded when the header is read.
    folder = _directory(tmp_path, {"participants": GOOD["participants"] * 300})
    path = folder / "participants.csv"
    path.write_bytes(path.read_bytes() + "Börje\n".encode("latin-1"))
    with (
        open_transfer(folder) as transfer,
        pytest.raises(UnusableInput) as raised,
        staged(transfer, CODES, today=TODAY),
    ):
        pytest.fail("the input cannot be used: no batch may be checked")
    assert "participants.csv is not UTF-8 text (the first bad byte is on line 302)" in str(
        raised.value
    )


def _checkers(monkeypatch):
    """The checking processes started (`checker.py`), as they are started."""
    started = []
    popen = subprocess.Popen

    def recorded(*args, **kwargs):
        started.append(popen(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(checker.subprocess, "Popen", recorded)
    return started


def test_batches_are_checked_in_a_process_of_their_own_as_in_the_importing_one(monkeypatch):
    started = _checkers(monkeypatch)
    with staged(transfer_input(_mixed_tables()), CODES, today=TODAY) as spooled:
        here = list(spooled.batches(2, ahead=False))
        assert not started
        ahead = list(spooled.batches(2))
    assert len(started) == 1 and started[0].returncode is not None
    assert [(b.numbers, b.result, dict(b.rows)) for b in ahead] == [
        (b.numbers, b.result, dict(b.rows)) for b in here
    ]


def test_one_batch_is_checked_without_a_process(monkeypatch):
    started = _checkers(monkeypatch)
    with staged(transfer_input(_mixed_tables()), CODES, today=TODAY) as spooled:
        assert len([b for b in spooled.batches(50) if b.numbers]) == 1
    assert not started


def test_leaving_the_batches_early_stops_the_checking_process(monkeypatch):
    started = _checkers(monkeypatch)
    with staged(transfer_input(_mixed_tables()), CODES, today=TODAY) as spooled:
        batches = spooled.batches(1)
        next(batches)
        batches.close()
        assert started[0].returncode is not None


def test_a_checking_process_that_fails_says_why(tmp_path):
    checking = Checking(
        transfer_input(_mixed_tables()),
        CODES,
        today=TODAY,
        known_people=frozenset(),
        known_plans=None,
        unit=None,
    )
    with pytest.raises(checker.CheckerFailed, match="unable to open database file"):
        list(checker.checked_ahead(tmp_path / "no-spool-here.sqlite3", checking, 1))
