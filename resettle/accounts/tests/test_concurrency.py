import threading

import pytest
from django.db import connection

from resettle.accounts import actions
from resettle.testing.factories import UserFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite's test database is not shared between threads",
    ),
    # Real commits, so other threads see them. Emptying only these apps' tables afterwards
    # keeps the reference data (boroughs, taxonomies) that later tests need.
    pytest.mark.django_db(transaction=True, available_apps=["resettle.accounts", "resettle.audit"]),
]


def test_it_counts_every_failure_when_guesses_arrive_together(settings):
    committed_user = UserFactory()
    settings.LOCKOUT_FAILURES = 100
    start = threading.Barrier(8)

    def guess():
        try:
            start.wait()
            actions.attempt_sign_in(committed_user.email, "a wrong guess")
        finally:
            connection.close()

    threads = [threading.Thread(target=guess) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    committed_user.refresh_from_db()
    # Without the row lock, two guesses read the same count and one failure is lost.
    assert committed_user.failed_sign_ins == 8
