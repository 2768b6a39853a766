"""Fetch one notification for its recipient, or 404: someone else's is simply not there."""

from django.http import Http404

from resettle.notifications.models import Notification


def get_notification_for_recipient(user, notification_id) -> Notification:
    try:
        return Notification.objects.for_recipient(user).get(pk=notification_id)
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise Http404("You have no notification with that id.") from None
