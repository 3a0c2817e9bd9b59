from decimal import Decimal

import pytest

from jobbtorg.payments.models import PaymentRun, PaymentRunLine
from jobbtorg.providers.models import (
    Provider,
    ProviderKind,
)
from tests.offering import contract_for, offering_at
from tests.providers.helpers import (
    TODAY,
    started,
)


@pytest.fixture
def yardstick(staff):
    own = Provider.objects.create(
        slug="egen", name="Stockholm Matchning", kind=ProviderKind.OWN_OPERATION
    )
    bought = Provider.objects.create(slug="lou", name="Stöd AB", kind=ProviderKind.PROCURED)
    small = Provider.objects.create(slug="liten", name="Lilla AB", kind=ProviderKind.PROCURED)
    started(
        staff,
        offering_at(own, own_cost_per_month=Decimal("1000")),
        5,
        prefix="Egen",
        completed=2,
        studies=1,
    )
    paid = started(staff, offering_at(bought), 6, prefix="Lou", completed=3)
    started(staff, offering_at(small), 3, prefix="Liten")
    approved = PaymentRun.objects.create(
        month=TODAY.replace(day=1), status="approved", created_by=staff.manager_sydost
    )
    preview = PaymentRun.objects.create(
        month=TODAY.replace(day=1), status="preview", created_by=staff.manager_sydost
    )
    for run, amount in ((approved, "2000"), (preview, "99999")):
        for participation in paid:
            PaymentRunLine.objects.create(
                run=run,
                participation=participation,
                provider=bought,
                contract=contract_for(bought),
                kind="start_fee",
                level="B",
                amount=Decimal(amount),
                reason="start",
            )


@pytest.fixture
def provider(staff):
    return staff.provider_staff.provider
