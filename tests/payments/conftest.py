import pytest

from jobbtorg.providers.models import Offering, Provider
from tests.offering import offering_at
from tests.payments.runs import procured_provider


@pytest.fixture
def provider(db) -> Provider:
    return procured_provider()


@pytest.fixture
def offering(provider: Provider) -> Offering:
    return offering_at(provider)
