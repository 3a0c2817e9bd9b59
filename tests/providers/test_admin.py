"""The provider register in the admin: organisation numbers checked, and a contract's payment
steps edited inline and checked as a whole."""

from decimal import Decimal

import pytest
from django.urls import reverse

from jobbtorg.providers.models import (
    Provider,
    ProviderKind,
)
from tests.conftest import client_for
from tests.offering import contract_for
from tests.payments.runs import procured_provider

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def provider(db):
    return procured_provider()


def steps_post(contract, rows):
    data = {
        "provider": str(contract.provider_id),
        "number": contract.number,
        "valid_from": contract.valid_from.isoformat(),
        "valid_until": contract.valid_until.isoformat(),
        "price_model": "",
        "payment_steps-TOTAL_FORMS": str(len(rows)),
        "payment_steps-INITIAL_FORMS": "0",
        "payment_steps-MIN_NUM_FORMS": "0",
        "payment_steps-MAX_NUM_FORMS": "1000",
    }
    for index, (kind, a, b, c) in enumerate(rows):
        data |= {
            f"payment_steps-{index}-kind": kind,
            f"payment_steps-{index}-amount_a": a,
            f"payment_steps-{index}-amount_b": b,
            f"payment_steps-{index}-amount_c": c,
        }
    return data


def test_an_administrator_edits_a_contracts_steps_inline(staff):
    provider = Provider.objects.create(slug="ny", name="Ny AB", kind=ProviderKind.PROCURED)
    contract = contract_for(provider)
    client = client_for(staff.administrator, "en")
    url = reverse("admin:providers_contract_change", args=[contract.pk])
    response = client.post(url, steps_post(contract, [("start_fee", "0", "500", "1000.50")]))
    assert response.status_code == 302
    step = contract.payment_steps.get()
    assert (step.kind, step.amount_a, step.amount_c) == ("start_fee", 0, Decimal("1000.50"))


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("start_fee", "1", "1", "1"), ("start_fee", "2", "2", "2")], "duplicate data for kind"),
        ([("result_fee", "1", "-5", "1")], "Give 0 or more SEK."),
        ([("result_fee", "1", "", "1")], "This field is required"),
    ],
)
def test_the_admin_refuses_a_model_that_cannot_be_used(staff, rows, message):
    provider = Provider.objects.create(slug="ny", name="Ny AB", kind=ProviderKind.PROCURED)
    contract = contract_for(provider)
    client = client_for(staff.administrator, "en")
    url = reverse("admin:providers_contract_change", args=[contract.pk])
    response = client.post(url, steps_post(contract, rows))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not contract.payment_steps.exists()
    assert client_for(staff.manager_sydost).get(url).status_code == 302


def test_the_admin_refuses_a_bad_organisation_number_with_a_message(staff):
    client = client_for(staff.administrator, language="en")
    response = client.post(
        reverse("admin:providers_provider_add"),
        {
            "name": "Bad AB",
            "slug": "bad",
            "kind": "procured",
            "organisation_number": "556016-0681",
            "is_active": "on",
            "locations-TOTAL_FORMS": "0",
            "locations-INITIAL_FORMS": "0",
            "locations-MIN_NUM_FORMS": "0",
            "locations-MAX_NUM_FORMS": "1000",
            "contracts-TOTAL_FORMS": "0",
            "contracts-INITIAL_FORMS": "0",
            "contracts-MIN_NUM_FORMS": "0",
            "contracts-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    assert "not a valid organisation number" in response.content.decode()
    assert not Provider.objects.filter(slug="bad").exists()
