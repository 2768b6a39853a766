"""Enqueue again every notification email that should have gone but has not.

An email can be left unsent if the queue was down when its change committed, or if the mail
server refused it and the task failed. Run this every few minutes from the scheduler (cron, a
systemd timer): it is safe to run any number of times, because the task sends each email once.
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from resettle.notifications.models import Notification
from resettle.notifications.tasks import send_notification_email


class Command(BaseCommand):
    help = "Enqueue again the notification emails not yet sent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-minutes",
            type=int,
            default=10,
            help="Leave alone emails younger than this: their first task may still be queued.",
        )
        parser.add_argument(
            "--within-days",
            type=int,
            default=7,
            help="Give up on emails older than this (an address that always fails, say).",
        )

    def handle(self, *, older_than_minutes, within_days, **options):
        now = timezone.now()
        pending = Notification.objects.email_pending().filter(
            created_at__lt=now - datetime.timedelta(minutes=older_than_minutes),
            created_at__gte=now - datetime.timedelta(days=within_days),
        )
        count = 0
        for notification_id in pending.values_list("pk", flat=True).iterator():
            send_notification_email.enqueue(notification_id)
            count += 1
        self.stdout.write(f"Enqueued {count} notification email(s) again.")
