"""How Renkei's background tasks run: kept in the database for the task workers, or at once."""


def run_by_workers(task) -> bool:
    """Whether ``task`` is kept in this database for the task workers (`manage.py db_worker`).

    Then enqueuing writes a row in the current transaction, and several workers may share the
    work; other backends (the tests') run a task at once, in the enqueuing process.
    """
    from django_tasks_db import DatabaseBackend

    return isinstance(task.get_backend(), DatabaseBackend)
