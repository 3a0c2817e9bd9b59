"""Who may import transfer files: one predicate for the services, the pages and the menu."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from jobbtorg.core.errors import NotAllowed
from jobbtorg.transfer.permissions import (
    can_import_transfer,
    can_see_all_transfer_runs,
    require_import_transfer,
)
from tests.conftest import client_for

pytestmark = pytest.mark.usefixtures("english")

# (staff member, may import, sees every run)
ROLES = [
    ("coach_sydost", False, False),
    ("matcher_sydost", False, False),
    ("manager_sydost", True, False),
    ("manager_jarva", True, False),
    ("officer_farsta", False, False),
    ("provider_staff", False, False),
    ("analyst", False, False),
    ("administrator", True, True),
]


@pytest.mark.parametrize(("name", "imports", "sees_all"), ROLES)
def test_who_may_import_and_whose_runs_they_see(staff, name, imports, sees_all):
    user = getattr(staff, name)
    assert can_import_transfer(user) is imports
    assert can_see_all_transfer_runs(user) is sees_all


@pytest.mark.parametrize(("name", "imports", "sees_all"), ROLES)
def test_the_service_and_the_page_ask_the_same_predicate(staff, name, imports, sees_all):
    user = getattr(staff, name)
    if imports:
        require_import_transfer(user)
    else:
        with pytest.raises(NotAllowed, match="managers and administrators"):
            require_import_transfer(user)
    response = client_for(user).get(reverse("transfer:upload"))
    assert response.status_code == (200 if imports else 403)


def test_nobody_signed_out_or_deactivated_imports(staff):
    assert not can_import_transfer(AnonymousUser())
    assert not can_import_transfer(None)
    staff.administrator.is_active = False
    assert not can_import_transfer(staff.administrator)
