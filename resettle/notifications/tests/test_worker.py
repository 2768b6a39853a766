"""The real queue end to end, across real commits: notify() in a committed transaction,
django_tasks_db's table, its `db_worker` command, the email. Runs on SQLite by default and
on PostgreSQL with DATABASE_URL; the concurrent run needs PostgreSQL."""

import signal
import threading
import time

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection, transaction
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from resettle.accounts.models import Role
from resettle.notifications.actions import members_of, notify
from resettle.notifications.models import Notification
from resettle.notifications.tasks import send_notification_email
from resettle.testing.factories import OrganisationFactory, member

# Real commits. Emptying only these apps' tables afterwards keeps the reference data
# (boroughs, taxonomies) that later tests need.
pytestmark = pytest.mark.django_db(
    transaction=True,
    available_apps=[
        "resettle.accounts",
        "resettle.organisations",
        "resettle.notifications",
        "django_tasks_db",
    ],
)


@pytest.fixture
def intake_team():
    organisation = OrganisationFactory(name="Receiving Trust")
    return organisation, [member(organisation, Role.INTAKE), member(organisation, Role.MANAGER)]


def referral_received(organisation, key="referral:7:received"):
    return notify(
        members_of(organisation, [Role.INTAKE, Role.MANAGER]),
        kind="referral.received",
        title="A new referral is waiting",
        body="Someone has been referred to your service.",
        url="/referrals/7/",
        key=key,
        organisation=organisation,
    )


class ChangeRefused(Exception):
    """The caller's change fails after notify() was called."""


def run_db_worker_command():
    """`manage.py db_worker --batch`: work the queue until it is empty, then exit. The
    command installs its own signal handlers; put pytest's back afterwards."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command(
            "db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval=0", verbosity=0
        )
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def test_it_emails_each_recipient_once_through_the_worker_after_commit(intake_team):
    organisation, team = intake_team
    with transaction.atomic():
        referral_received(organisation)
        # Nothing is queued until the change commits.
        assert not DBTaskResult.objects.exists()
    assert DBTaskResult.objects.ready().count() == 2

    run_db_worker_command()

    assert sorted(message.to[0] for message in mail.outbox) == sorted(u.email for u in team)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {
        TaskResultStatus.SUCCESSFUL
    }
    assert not Notification.objects.email_pending().exists()

    # The caller retries (a repeated request): no new notification, no new task, no email.
    with transaction.atomic():
        assert referral_received(organisation) == []
    run_db_worker_command()
    assert DBTaskResult.objects.count() == 2
    assert len(mail.outbox) == 2


def test_it_queues_nothing_for_a_change_that_rolls_back(intake_team):
    organisation, _team = intake_team
    with pytest.raises(ChangeRefused), transaction.atomic():
        referral_received(organisation)
        raise ChangeRefused
    assert not Notification.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_it_runs_only_inside_the_callers_transaction(intake_team):
    organisation, _team = intake_team
    with pytest.raises(RuntimeError):
        referral_received(organisation)


class SlowEmailBackend(EmailBackend):
    """The test outbox, slow enough that a second worker arrives while the first is sending."""

    def send_messages(self, messages):
        time.sleep(0.3)
        return super().send_messages(messages)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite's test database is not shared between threads",
)
def test_it_sends_one_email_when_two_workers_run_the_task_at_once(intake_team, settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.SlowEmailBackend"}}
    organisation, _team = intake_team
    with transaction.atomic():
        notification = referral_received(organisation)[0]
    start = threading.Barrier(2)
    results = []

    def run():
        try:
            start.wait()
            results.append(send_notification_email.call(notification.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["already sent", "sent"]
    assert [message.to for message in mail.outbox] == [[notification.recipient.email]]
