"""Writing notifications and marking them read.

`notify` is called by other apps' actions, inside their transaction: the notification rows
commit or roll back with the change they describe, and their emails are enqueued only once
that change has committed. Everything is keyed, so doing the same thing twice (a retried
request, a double click that got past the form, a reminder job run twice in a day) creates no
second notification and sends no second email.
"""

from collections.abc import Iterable
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from resettle.accounts.models import User
from resettle.notifications.links import is_local_url
from resettle.notifications.models import Notification
from resettle.notifications.tasks import send_notification_email

KEY_LENGTH = Notification._meta.get_field("key").max_length
TITLE_LENGTH = Notification._meta.get_field("title").max_length


def notify(
    recipients: Iterable[User],
    *,
    kind: str,
    title: str,
    body: str,
    url: str,
    key: str,
    organisation=None,
    email: bool = True,
) -> list[Notification]:
    """Tell each recipient about one thing that happened, in the app and (when `email`) by
    email. Returns the notifications created now; a recipient who already has one with this
    `key` gets nothing new, so callers may repeat themselves safely.

    `key` names the logical event, the same for every recipient ("referral:<id>:received");
    `url` is a path on this site. The title and body go out by email, which is less private
    than the app: say what happened and where to look, never a person's name or details.

    Call inside the transaction that makes the change: nothing is sent for a change that
    rolls back. Inactive accounts are skipped.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("notify() runs inside the transaction of the change it announces.")
    if not is_local_url(url):
        raise ValueError(f"A notification links to a page of this site, not {url!r}.")
    if not key or len(key) > KEY_LENGTH:
        raise ValueError(f"A notification key has 1 to {KEY_LENGTH} characters.")
    title = " ".join(title.split())  # one line: it is also an email subject
    created = []
    seen = set()
    for recipient in recipients:
        if recipient.pk in seen or not recipient.is_active:
            continue
        seen.add(recipient.pk)
        notification, new = Notification.objects.get_or_create(
            recipient=recipient,
            key=key,
            defaults={
                "kind": kind,
                "title": Truncator(title).chars(TITLE_LENGTH),
                "body": body,
                "url": url,
                "organisation": organisation,
                "email_wanted": email,
            },
        )
        if not new:
            continue
        created.append(notification)
        if email:
            # robust: the change has committed by then, so a queue that is down must not turn
            # the caller's success into an error. The email is not lost: the row still says
            # it is wanted, and send_pending_notification_emails enqueues it again.
            transaction.on_commit(
                partial(send_notification_email.enqueue, notification.pk), robust=True
            )
    return created


def members_of(organisation, roles: str | Iterable[str]):
    """The active users holding any of `roles` at `organisation` (a QuerySet of users), to
    notify everyone in a team: members_of(org, [Role.INTAKE, Role.MANAGER])."""
    roles = [roles] if isinstance(roles, str) else list(roles)
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation=organisation,
            memberships__role__in=roles,
        )
        .distinct()
        .order_by("pk")
    )


# Marking read is not audited: it changes only the reader's own inbox, no one's record, and
# auditing it would add a row to every click on a notification.


def mark_read(user, notification: Notification) -> None:
    if notification.recipient_id != user.pk:
        raise PermissionDenied("Only its recipient may mark a notification read.")
    with transaction.atomic():
        now = timezone.now()
        # A conditional update: reading it twice keeps the first time it was read.
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        if notification.read_at is None:
            notification.read_at = now


def mark_all_read(user, *, up_to: int | None = None) -> int:
    """Mark the user's unread notifications read; with `up_to`, only those up to that id
    (the newest the user was shown), so one that arrived meanwhile stays unread. Returns how
    many were marked."""
    if not user.is_authenticated:
        raise PermissionDenied("Sign in to mark notifications read.")
    unread = Notification.objects.for_recipient(user).unread()
    if up_to is not None:
        unread = unread.filter(pk__lte=up_to)
    with transaction.atomic():
        return unread.update(read_at=timezone.now())
