"""Every message of a rejected transfer row reads Swedish to a manager: no English and no code
but the format's own column names (contracts, docs/transfer-format.md), on the run page and in
the rejects list alike; a page in English reads English."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobbtorg.engines.transfer import format as fmt
from jobbtorg.engines.transfer import notices, plans, rows, validate
from jobbtorg.engines.transfer.read import UNUSABLE_REASONS, UnusableInput
from jobbtorg.engines.transfer.validate import DUPLICATES, ONGOING_TWICE
from jobbtorg.transfer.models import ImportRun
from jobbtorg.transfer.services.checks import refusal_text
from tests.conftest import client_for
from tests.engines.transfer.builders import CODES, TODAY, good_tables, transfer_input
from tests.factories import valid_personal_identity_number
from tests.web.plain_words import offences

COLUMNS = frozenset(column for file in fmt.FILES for column in file.columns)
# A column name in a message is the format's word for it, as the page's Column cell shows it.
_COLUMN = re.compile(r"(?<![\w])(" + "|".join(sorted(COLUMNS, key=len, reverse=True)) + r")\b")
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _row_messages() -> list[str]:
    """Every message the engine rejects or warns about a row with (its msgids)."""
    found = [
        value
        for module in (rows, validate, plans, notices)
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, str) and " " in value
    ]
    found += [message for pair in (*DUPLICATES.values(), ONGOING_TWICE) for message in pair]
    # The personal identity rule's own messages, which a row's personnummer may get.
    found += [
        "Enter a personal identity number.",
        "A personal identity number has 10 or 12 digits, e.g. 19900101-1234.",
        "The date in the personal identity number does not exist.",
        "The date in the personal identity number lies in the future.",
        "The personal identity number is not valid: check the last digit (control digit).",
    ]
    return sorted(set(found))


ROW_MESSAGES = _row_messages()
# What a message names, in the shape a row gives it.
SAMPLE = {
    "column": "referred_on",
    "other": "enrolled_on",
    "file": "plans.csv",
    "choices": "yes, no",
    "person": "19900101-0017",
    "value": "Narnia",
    "values": "'x'",
    "provider": "Hopp AB",
    "activity_type": "praktik",
    "rows": "2, 3",
    "current": "Ersatt",
    "imported": "Godkänd",
}


def _in_swedish(msgid: str) -> str:
    params = {name: SAMPLE.get(name, "2026-01-05") for name in _PLACEHOLDER.findall(msgid)}
    with translation.override("sv"):
        return gettext(msgid) % params if params else gettext(msgid)


def _plain(text: str) -> list:
    return list(offences([_COLUMN.sub("kolumnen", text)]))


def test_the_table_covers_the_messages_of_every_kind_of_row_problem():
    assert len(ROW_MESSAGES) > 50
    assert {rows.COACH_UNKNOWN, rows.OCCUPATION_NOT_IN_TAXONOMY, validate.DEPENDS} <= set(
        ROW_MESSAGES
    )


@pytest.mark.parametrize("msgid", ROW_MESSAGES)
def test_each_row_message_reads_swedish_naming_no_code(msgid):
    text = _in_swedish(msgid)

    with translation.override("sv"):
        assert gettext(msgid) != msgid, "no Swedish in the catalogue"
    assert _plain(text) == [], text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    file=st.sampled_from(["participants", "plans", "activities", "interruptions", "exits"]),
    column=st.sampled_from(sorted(COLUMNS)),
    value=st.one_of(
        st.sampled_from(["", " ", "x", "2026-13-01", "2099-01-01", "-1", "yes", "1,5", "0"]),
        st.text(alphabet="abcXYZ019-_ ,.", max_size=12),
    ),
)
def test_whatever_a_row_holds_every_rejection_is_told_in_swedish(file, column, value):
    tables = good_tables(**{file: {column: value}})
    result = validate.validate(transfer_input(tables), CODES, today=TODAY)

    for reject in result.rejects:
        assert reject.msgid, reject
        with translation.override("sv"):
            text = reject.text(gettext)
            assert gettext(reject.msgid) != reject.msgid, reject.msgid
        # What the row held is shown as it was; the rest is Swedish.
        words = text
        for shown in {value.strip(), value} - {""}:
            words = words.replace(shown, "x")
        assert not [o for o in _plain(words) if o.kind == "english"], text


# --- on the page -----------------------------------------------------------------------------

PERSON = valid_personal_identity_number(71)


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def _upload(client, participants: str) -> ImportRun:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "participants.csv",
            "personnummer,first_name,last_name,home_district,target_group,referred_on,enrolled_on,"
            "coach\n" + participants,
        )
    upload = SimpleUploadedFile("overforing.zip", buffer.getvalue())
    client.post(reverse("transfer:upload"), {"file": upload})
    return ImportRun.objects.get()


def test_the_run_page_tells_a_rejected_row_in_swedish(staff):
    client = client_for(staff.manager_sydost)
    run = _upload(client, f"{PERSON},Nora,Nyström,farsta,resurs,2026-01-10,,nobody\n")

    page = client.get(reverse("transfer:run", args=[run.pk])).content.decode()

    assert run.rejects_total == 1
    assert "”nobody” är inte användarnamnet för någon medarbetare." in page
    assert "is not the username" not in page
    # The rejects list keeps its columns, the message in the installation's language.
    listed = b"".join(client.get(reverse("transfer:rejects", args=[run.pk])).streaming_content)
    assert listed.decode().splitlines() == [
        "file,row,column,message",
        "participants.csv,2,coach,”nobody” är inte användarnamnet för någon medarbetare.",
    ]


def test_the_run_page_in_english_reads_english(staff):
    client = client_for(staff.manager_sydost, language="en")
    run = _upload(client, f"{PERSON},Nora,Nyström,farsta,resurs,2026-01-10,,nobody\n")

    page = client.get(reverse("transfer:run", args=[run.pk])).content.decode()

    assert "&#x27;nobody&#x27; is not the username of a member of staff." in page


# --- a file that cannot be used at all ----------------------------------------------------------


@pytest.mark.parametrize("reason", sorted(UNUSABLE_REASONS))
def test_each_refusal_of_a_whole_file_reads_swedish_naming_the_upload(reason):
    stored = "d44a7246e1b14b0c9d3c5f0e2a1b7c88"
    refused = UnusableInput(
        "English text of the engine",
        reason=reason,
        name=f"participants.csv in {stored}.zip",
        detail="enrolled_on",
    )

    with translation.override("sv"):
        text = refusal_text(refused, uploaded_as="overforing", stored_as=stored)

    assert "overforing.zip" in text and stored not in text
    assert _plain(text) == [], text


def test_a_utf16_file_is_refused_in_swedish_on_the_run_page(staff):
    client = client_for(staff.manager_sydost)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("participants.csv", "personnummer\n".encode("utf-16"))
    client.post(
        reverse("transfer:upload"),
        {"file": SimpleUploadedFile("overforing.zip", buffer.getvalue())},
    )
    run = ImportRun.objects.get()

    page = client.get(reverse("transfer:run", args=[run.pk])).content.decode()

    assert "participants.csv in overforing.zip är text i UTF-16: spara den som UTF-8" in page
