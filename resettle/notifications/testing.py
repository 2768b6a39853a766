"""For tests: run the database task queue until it is empty, as a worker would."""

from contextlib import nullcontext
from unittest import mock

from django.db import transaction
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult


def run_queued_tasks(backend: str = DEFAULT_TASK_BACKEND_ALIAS) -> int:
    """Run every task ready in the database queue with django_tasks_db's own worker (what
    `manage.py db_worker --batch` runs, without its signal handlers and logging set-up) and
    return how many ran. Tasks must have been enqueued and committed, or captured with
    django_capture_on_commit_callbacks(execute=True) inside a `db` test."""
    # Inside a `db` test's transaction, the worker's check for stale connections would see a
    # connection not in autocommit and close it, ending the test's transaction. Outside one
    # (transactional tests, like a real worker) it runs as it does in production.
    keep_connection = (
        mock.patch.object(db_worker, "close_old_connections", lambda: None)
        if transaction.get_connection().in_atomic_block
        else nullcontext()
    )
    before = DBTaskResult.objects.finished().count()
    with keep_connection:
        db_worker.Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name=backend,
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()
    return DBTaskResult.objects.finished().count() - before
