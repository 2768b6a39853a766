"""The clock-driven jobs: chasing unanswered referrals and sending again unsent emails."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from resettle.notifications.management.commands import run_schedule
from resettle.notifications.models import Notification
from resettle.notifications.testing import run_queued_tasks
from resettle.referrals.models import Referral

pytestmark = pytest.mark.django_db


def test_once_chases_an_old_unanswered_referral_and_sends_its_emails(
    referral, django_capture_on_commit_callbacks
):
    sent = timezone.now() - datetime.timedelta(days=30)
    Referral.objects.filter(pk=referral.pk).update(sent_at=sent)
    # The email tasks from sending the referral ran long ago; pretend the queue lost them.
    DBTaskResult.objects.all().delete()
    Notification.objects.update(created_at=sent)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_schedule", "--once", stdout=out)
    assert "escalated 1 unanswered referrals" in out.getvalue()
    escalations = Notification.objects.filter(kind__contains="escalat")
    assert escalations.exists()
    run_queued_tasks()
    # Every notification has had its email: the lost ones and the escalations.
    assert not Notification.objects.email_pending().exists()
    assert len(mail.outbox) == Notification.objects.count()


def test_each_job_runs_at_start_then_at_its_own_interval(monkeypatch):
    ran = []
    monkeypatch.setattr(run_schedule, "call_command", lambda name, **kw: ran.append(name))
    jobs = [run_schedule.Job("hourly", 3600), run_schedule.Job("often", 600)]
    assert run_schedule.run_due(jobs, now=1000.0) == ["hourly", "often"]
    assert run_schedule.run_due(jobs, now=1000.0 + 599) == []
    assert run_schedule.run_due(jobs, now=1000.0 + 600) == ["often"]
    assert run_schedule.run_due(jobs, now=1000.0 + 3600) == ["hourly", "often"]
    assert ran == ["hourly", "often", "often", "hourly", "often"]


def test_a_failing_job_is_logged_and_does_not_stop_the_others(monkeypatch, caplog):
    def command(name, **kw):
        if name == "broken":
            raise RuntimeError("mail server down")

    monkeypatch.setattr(run_schedule, "call_command", command)
    jobs = [run_schedule.Job("broken", 60), run_schedule.Job("fine", 60)]
    assert run_schedule.run_due(jobs, now=0.0) == ["fine"]
    assert "Scheduled command broken failed" in caplog.text
    # It is tried again at its next time, not at once.
    assert jobs[0].next_at == 60.0


def test_once_fails_loudly_when_a_job_failed(monkeypatch):
    def command(name, **kw):
        if name == "chase_referrals":
            raise RuntimeError("database went away")

    monkeypatch.setattr(run_schedule, "call_command", command)
    with pytest.raises(CommandError, match="A scheduled command failed"):
        run_schedule.Command().handle(once=True)
