"""Background tasks for notifications, run by the task worker (`manage.py db_worker`)."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from resettle.notifications.models import Notification


@task
def send_notification_email(notification_id: int) -> str:
    """Email one notification to its recipient, once, however often this task runs.

    The notification row is locked (SELECT ... FOR UPDATE) for the whole task, the email is
    sent only if `emailed_at` is still empty, and `emailed_at` is set in the same transaction.
    So a task enqueued twice, retried after a failure, or run by two workers at once sends
    one email: the second run waits for the first one's lock, then sees `emailed_at` and
    stops. (SQLite has no row locks, but each transaction here takes its write lock at BEGIN,
    which serialises the runs just the same.) If sending fails, nothing is marked and the
    task fails; running it again, or `send_pending_notification_emails`, sends it later.

    What remains is an at-least-once window, not exactly-once: if the mail server accepts
    the message and then the commit that records `emailed_at` fails (the database connection
    drops in between), a later run sends the email again. No design closes that window, since
    a mail server and our database cannot commit together; marking it sent before sending
    would trade a rare duplicate for a rare email never sent, and a lost "referral waiting"
    email is worse than a second copy of one. The window is kept small: the only thing after
    the send is a one-row update of a row we already hold locked, and the SMTP timeout
    (SMTP_TIMEOUT) bounds how long the lock is held.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None:
            return "gone"  # deleted with its recipient since it was enqueued
        if notification.emailed_at is not None:
            return "already sent"
        if not notification.email_wanted:
            return "not wanted"
        recipient = notification.recipient
        if not recipient.is_active or not recipient.email:
            # Nobody to send it to; say so, so the sweep for unsent emails stops asking.
            notification.email_wanted = False
            notification.save(update_fields=["email_wanted"])
            return "no address"
        send_mail(
            notification.title,
            _email_text(notification),
            None,
            [recipient.email],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return "sent"


def _email_text(notification: Notification) -> str:
    # The link goes through the notification itself, so following it from the email marks it
    # read in the app too.
    link = settings.SITE_URL.rstrip("/") + reverse("notifications:open", args=[notification.pk])
    parts = [notification.body.strip(), _("Open it in Resettle:") + "\n" + link]
    footer = _(
        "You are getting this email because you have a Resettle account. "
        "All your notifications are in Resettle under Notifications."
    )
    return "\n\n".join(part for part in parts if part) + "\n\n-- \n" + footer + "\n"
