"""notify(), the email task and the sweep, inside a test's transaction (fast); the real worker
across real commits is in test_worker.py."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from resettle.accounts.models import Role
from resettle.notifications.actions import members_of, notify
from resettle.notifications.models import Notification
from resettle.notifications.tasks import send_notification_email
from resettle.notifications.testing import run_queued_tasks
from resettle.testing.factories import member

pytestmark = pytest.mark.django_db


class ChangeRefused(Exception):
    """The caller's change fails after notify() was called."""


def announce(recipients, key="referral:1:received", **overrides):
    fields = {
        "kind": "referral.received",
        "title": "A new referral is waiting",
        "body": "A caseworker at another organisation has referred someone to your service.",
        "url": "/referrals/1/",
        "key": key,
    } | overrides
    with transaction.atomic():
        return notify(recipients, **fields)


def test_it_creates_one_notification_per_recipient_and_key(
    caseworker, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        first = announce([caseworker, manager, caseworker])
    with django_capture_on_commit_callbacks() as again:
        second = announce([caseworker, manager])
    assert len(first) == 2
    assert second == []
    assert Notification.objects.filter(key="referral:1:received").count() == 2
    assert len(callbacks) == 2  # one email task per new notification
    assert again == []  # a retried caller enqueues nothing


def test_it_keeps_different_keys_apart(caseworker):
    announce([caseworker], key="referral:1:received")
    announce([caseworker], key="referral:1:accepted")
    assert Notification.objects.filter(recipient=caseworker).count() == 2


def test_it_enqueues_nothing_when_the_callers_transaction_rolls_back(
    caseworker, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(ChangeRefused),
        transaction.atomic(),
    ):
        notify([caseworker], kind="k", title="T", body="", url="/", key="rolled-back")
        raise ChangeRefused
    assert callbacks == []
    assert not Notification.objects.filter(key="rolled-back").exists()
    assert not DBTaskResult.objects.exists()


def test_it_sends_the_email_once_however_often_the_task_runs(caseworker, settings):
    settings.SITE_URL = "https://resettle.example"
    (notification,) = announce([caseworker])
    assert send_notification_email.call(notification.pk) == "sent"
    assert send_notification_email.call(notification.pk) == "already sent"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [caseworker.email]
    assert message.subject == "A new referral is waiting"
    assert "has referred someone to your service" in message.body
    assert f"https://resettle.example/notifications/{notification.pk}/" in message.body
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_it_sends_once_when_enqueued_twice_and_run_by_the_database_worker(
    caseworker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = announce([caseworker])
    send_notification_email.enqueue(notification.pk)  # a duplicate, as a retry would make
    assert run_queued_tasks() == 2
    assert len(mail.outbox) == 1
    results = DBTaskResult.objects.order_by("enqueued_at")
    assert [r.status for r in results] == ["SUCCESSFUL", "SUCCESSFUL"]
    assert [r.task_result.return_value for r in results] == ["sent", "already sent"]


def test_it_sends_no_email_when_not_wanted(caseworker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        (notification,) = announce([caseworker], email=False)
    assert callbacks == []
    assert send_notification_email.call(notification.pk) == "not wanted"
    assert mail.outbox == []


def test_it_gives_up_on_a_recipient_with_no_address(caseworker):
    (notification,) = announce([caseworker])
    caseworker.is_active = False
    caseworker.save()
    assert send_notification_email.call(notification.pk) == "no address"
    notification.refresh_from_db()
    assert not notification.email_wanted  # so the sweep stops asking
    assert mail.outbox == []


def test_it_finishes_quietly_when_the_notification_is_gone(caseworker):
    (notification,) = announce([caseworker])
    notification.delete()
    assert send_notification_email.call(notification.pk) == "gone"


def test_it_skips_inactive_recipients(caseworker, manager):
    manager.is_active = False
    manager.save()
    assert [n.recipient for n in announce([caseworker, manager])] == [caseworker]


def test_it_refuses_a_link_to_another_site(caseworker):
    for url in ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x", ""]:
        with pytest.raises(ValueError):
            announce([caseworker], url=url)


def test_it_keeps_the_title_to_one_line(caseworker):
    (notification,) = announce([caseworker], title="Two\nlines")
    assert notification.title == "Two lines"


def test_it_picks_recipients_by_role(organisation, other_organisation, manager, caseworker):
    intake = member(organisation, Role.INTAKE)
    member(other_organisation, Role.INTAKE)
    gone = member(organisation, Role.INTAKE, is_active=False)
    both = member(organisation, Role.MANAGER)
    from resettle.accounts.models import Membership

    Membership.objects.create(user=both, organisation=organisation, role=Role.INTAKE)
    chosen = members_of(organisation, [Role.INTAKE, Role.MANAGER])
    assert set(chosen) == {intake, manager, both}
    assert gone not in chosen
    assert list(members_of(organisation, Role.CASEWORKER)) == [caseworker]


def test_the_sweep_enqueues_again_only_emails_still_unsent(caseworker):
    old = timezone.now() - datetime.timedelta(hours=1)
    unsent, sent, fresh, ancient = (
        Notification.objects.create(
            recipient=caseworker, kind="k", key=key, title="T", url="/", created_at=at
        )
        for key, at in [
            ("unsent", old),
            ("sent", old),
            ("fresh", timezone.now()),
            ("ancient", old - datetime.timedelta(days=30)),
        ]
    )
    Notification.objects.filter(pk=sent.pk).update(emailed_at=old)
    call_command("send_pending_notification_emails", stdout=open("/dev/null", "w"))  # noqa: SIM115
    queued = [result.args_kwargs["args"] for result in DBTaskResult.objects.all()]
    assert queued == [[unsent.pk]]
    run_queued_tasks()
    assert len(mail.outbox) == 1
