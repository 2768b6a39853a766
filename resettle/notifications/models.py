"""Notifications: something a user should know about (a referral arrived, a referral was
accepted, one is waiting too long), shown in the app and, when wanted, sent by email.

Each row is one logical notification for one recipient, named by its `key`: the unique
(recipient, key) pair is what makes a retried action create nothing twice, and `emailed_at`
is what makes a retried task send nothing twice.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def for_recipient(self, user):
        """The only way pages read notifications: a user's own, never anyone else's."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def email_pending(self):
        return self.filter(email_wanted=True, emailed_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # What it is about, for filtering and for reading the logs: "referral.received", say.
    kind = models.CharField(_("kind"), max_length=50)
    # Idempotency key, unique per recipient: "referral:<id>:received", say. The caller names
    # the logical event, so repeating the action that caused it finds the row already there.
    key = models.CharField(_("key"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    # A path inside the app (never another site): where following the notification leads.
    url = models.CharField(_("link"), max_length=500)
    # The organisation it concerns, when there is one (the receiving organisation, say).
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email_wanted = models.BooleanField(default=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once")
        ]
        indexes = [
            # The list page and its keyset paging: one index range per user, newest first.
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_newest"),
            # The unread count in every page's header reads only unread rows.
            models.Index(
                fields=["recipient", "-created_at", "-id"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            # The sweep that re-enqueues emails never sent (send_pending_notification_emails).
            models.Index(
                fields=["created_at"],
                condition=Q(email_wanted=True, emailed_at__isnull=True),
                name="notification_email_pending",
            ),
        ]

    def __str__(self):
        return f"{self.title} (for {self.recipient})"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
