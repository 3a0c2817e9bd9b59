"""The follow-up's background work: the refresh of the stored key figures and effect estimates,
and the tertial report files. Thin: each calls a service."""

from django_tasks import task

from jobbtorg.followup.services import refresh, report_files


@task()
def refresh_key_figures() -> int:
    """Recomputes the stored key figures and effect estimates that are out of date
    (services/refresh.py)."""
    return refresh.refresh_stale()


@task()
def prepare_tertial_report(report_file_id: int) -> str:
    """Writes the document of a requested tertial report (services/report_files.py)."""
    return report_files.tertial_report_prepare(report_file_id)
