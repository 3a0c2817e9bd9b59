"""Generated requests against every API operation (schemathesis, from the OpenAPI document):
whatever the input, no server error, and every answer matches the documented schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from jobbtorg.organisation.services import api_token_create


@pytest.fixture(autouse=True)
def _keep_the_test_transaction():
    """Calling the WSGI app directly would close the database connection after each request
    (and with it the test's transaction); Django's own test client switches that off too."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def manager_token(staff, people):
    return api_token_create(user=staff.manager_sydost)


# The document is read once at collection; no database is needed to build it.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_input_makes_the_api_fail_or_break_its_own_schema(case, manager_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {manager_token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
