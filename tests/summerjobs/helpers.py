"""Shared builders and constants for the summerjobs tests."""

import re

from django.test import Client

from tests.summerjobs.conftest import (
    form_data,
)

URL = "/sommarjobb/"


MINE = "/sommarjobb/min-ansokan/"


def apply(client, summer, **changes):
    return client.post(URL, form_data(summer, **changes))


def code_shown(client) -> str:
    page = client.get("/sommarjobb/skickad/").content.decode()
    start = page.index('id="confirmation-code">') + len('id="confirmation-code">')
    return page[start : page.index("<", start)]


def _answer(client, summer, pin):
    """What the sender of the form sees: the status, where it leads, and the receipt page with
    its code (and the page's CSRF token) masked; and the code."""
    response = apply(client, summer, personal_identity_number=pin, first_name="Mallory")
    receipt = client.get(response["Location"])
    text = receipt.content.decode()
    start = text.index('id="confirmation-code">') + len('id="confirmation-code">')
    code = text[start : text.index("<", start)]
    masked = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text.replace(code, "CODE"))
    return (response.status_code, response["Location"], receipt.status_code, masked), code


def sign_in_as_applicant(client, pin, code):
    return client.post(MINE, {"personal_identity_number": pin, "confirmation_code": code})


def from_address(address: str) -> Client:
    client = Client(REMOTE_ADDR=address)
    client.cookies["django_language"] = "en"
    return client


def look_up(client, pin, code):
    return client.post(MINE, {"personal_identity_number": pin, "confirmation_code": code})
