"""The matching function's background work: the city's index, built by the worker after a change
(and at 00:05 each day, when availability moves with the date) for every web process."""

from django_tasks import task

from jobbtorg.matching import index_store


@task()
def rebuild_matching_index() -> bool:
    """Build and store the index unless it is fresh (several changes ask once; a retry after a
    worker died finds the index fresh or builds it whole). True when it built."""
    return index_store.rebuild().built
