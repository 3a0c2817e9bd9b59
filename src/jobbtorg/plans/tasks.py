"""The plans' background work: the nightly rebuild of every case's deadline columns. Thin: it
calls the service."""

from django_tasks import task

from jobbtorg.plans.case_deadlines import case_deadlines_rebuild


@task()
def rebuild_case_deadlines() -> int:
    """Keeps every enrolled case's deadlines again as of today (plans/case_deadlines.py): the
    interrupted ones move each day, and a change of rules or holidays reaches every case.
    Batches of cases, each in its own transaction: run again after a worker died, it simply
    does it all again. Returns the number of cases kept."""
    return case_deadlines_rebuild()
