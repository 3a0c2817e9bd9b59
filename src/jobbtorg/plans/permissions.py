"""Who may do what with activity plans. The plans service raises `NotAllowed` on these
predicates; the plan pages, the participant page and the API ask the same ones.

- Writing a plan version and following up its activities: the coach or the manager of the
  Jobbtorg that holds the case (R10, R13).
- Deciding on a version (approve or reject): a social-assistance officer of the district that
  referred the case (R11). The case is that district's: when the person has moved since, the
  new district refers them anew and decides on the plans of its own case.

Whether the version's status allows the decision is the workflow table's question
(`engines/rules/plan_workflow.py`), not a permission: a decider asking for a decision the table
refuses is told so (422), not refused (403).
"""

from typing import Any

from django.utils.translation import gettext as _

from jobbtorg.core.errors import NotAllowed
from jobbtorg.core.roles import CASE_WORKERS, Role, scope_role
from jobbtorg.participants.models import Referral
from jobbtorg.plans.models import PlanActivity, PlanVersion


def _case_of(obj: Referral | PlanVersion | PlanActivity) -> Referral:
    if isinstance(obj, PlanActivity):
        return obj.plan.referral
    if isinstance(obj, PlanVersion):
        return obj.referral
    return obj


def can_write_plan(user: Any, case: Referral | PlanVersion | PlanActivity | None = None) -> bool:
    """The coach or manager of the case's Jobbtorg, who write its plan versions and follow up
    their activities; without a case, whether the role writes plans at all."""
    if scope_role(user) not in CASE_WORKERS:
        return False
    return case is None or user.job_centre_id == _case_of(case).job_centre_id


def can_decide_plan(user: Any, plan_or_case: Referral | PlanVersion | None = None) -> bool:
    """An officer of the district that referred the case; without a case, whether the role
    decides on plans at all."""
    if scope_role(user) != Role.DISTRICT_OFFICER or not user.district_id:
        return False
    return plan_or_case is None or user.district_id == _case_of(plan_or_case).district_id


def require_plan_writer(
    user: Any, case: Referral | PlanVersion | PlanActivity | None, what: str
) -> None:
    """`NotAllowed`, naming who does `what` instead, unless `can_write_plan`."""
    if can_write_plan(user, case):
        return
    if case is None:
        raise NotAllowed(
            _("%(what)s is done by the coach or manager at the person's Jobbtorg.") % {"what": what}
        )
    raise NotAllowed(
        _("%(what)s is done by the coach or manager at Jobbtorg %(centre)s.")
        % {"what": what, "centre": _case_of(case).job_centre.name}
    )


def require_plan_decider(user: Any, plan: PlanVersion) -> None:
    """`NotAllowed`, naming the district that decides, unless `can_decide_plan`."""
    if not can_decide_plan(user, plan):
        raise NotAllowed(
            _("Plans are approved by a social-assistance officer of the home district, %(d)s.")
            % {"d": plan.referral.district}
        )
