"""Run the jobs that must happen on a clock, for machines without cron or systemd timers.

Two things in Resettle happen because time passed, not because someone did something: chasing
referrals left unanswered, and sending again notification emails that did not go. Both are
safe to run any number of times (each referral is chased once, each email sent once), so a
schedule that runs a job twice, or a second scheduler by mistake, does no harm. `make demo`
runs this beside the task worker; in production, cron or a timer calling the commands works
as well.
"""

import logging
import time
from dataclasses import dataclass

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

logger = logging.getLogger(__name__)


@dataclass
class Job:
    command: str
    every_seconds: int
    next_at: float = 0.0  # due at once when the schedule starts


def default_jobs() -> list[Job]:
    return [
        Job("chase_referrals", every_seconds=60 * 60),
        Job("send_pending_notification_emails", every_seconds=10 * 60),
    ]


def run_due(jobs: list[Job], now: float, stdout=None) -> list[str]:
    """Run every job that is due at `now`, and set when each runs next. A job that fails is
    logged and tried again at its next time; the others still run."""
    ran = []
    for job in jobs:
        if job.next_at > now:
            continue
        job.next_at = now + job.every_seconds
        try:
            call_command(job.command, stdout=stdout)
        except Exception:
            logger.exception("Scheduled command %s failed", job.command)
        else:
            ran.append(job.command)
    return ran


class Command(BaseCommand):
    help = (
        "Chase unanswered referrals every hour and send again unsent notification emails "
        "every 10 minutes, until stopped. --once runs each job once and exits."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run each job once and exit.")

    def handle(self, *, once, **options):
        jobs = default_jobs()
        while True:
            ran = run_due(jobs, time.monotonic(), stdout=self.stdout)
            if once:
                if len(ran) < len(jobs):
                    # So cron, or whoever runs it once, can tell it went wrong.
                    raise CommandError("A scheduled command failed: see the log above.")
                return
            # Between runs, drop a connection the database may close while this sleeps (a
            # restart, an idle timeout), as Django does between requests.
            close_old_connections()
            time.sleep(max(1.0, min(job.next_at for job in jobs) - time.monotonic()))
