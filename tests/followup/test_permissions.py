"""Who may see the key figures, the tertial report and the effect estimate, and who sees small
groups as they are: one row per role."""

import pytest
from django.contrib.auth.models import AnonymousUser

from jobbtorg.followup.permissions import (
    can_see_small_groups,
    can_view_key_figures,
    figures_are_suppressed_for,
)

pytestmark = pytest.mark.django_db

# role (a user of the `staff` fixture), may view, sees small groups, sees "fewer than 5"
ROLES = [
    ("manager_sydost", True, True, False),
    ("analyst", True, False, True),
    ("administrator", True, True, False),
    ("coach_sydost", False, False, False),
    ("matcher_sydost", False, False, False),
    ("officer_farsta", False, False, False),
    ("provider_staff", False, False, False),
]


@pytest.mark.parametrize(("who", "views", "small_groups", "suppressed"), ROLES)
def test_each_role(staff, who, views, small_groups, suppressed):
    user = getattr(staff, who)
    assert can_view_key_figures(user) is views
    assert can_see_small_groups(user) is small_groups
    assert figures_are_suppressed_for(user) is suppressed


def test_a_signed_out_visitor_sees_nothing():
    visitor = AnonymousUser()
    assert not can_view_key_figures(visitor)
    assert not can_see_small_groups(visitor)
    assert not figures_are_suppressed_for(visitor)
