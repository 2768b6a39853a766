from django.utils.functional import SimpleLazyObject

from resettle.notifications.models import Notification

# The header shows "99+" beyond this: counting further would read rows nobody looks at.
UNREAD_SHOWN_UP_TO = 99


def unread_count(user) -> int:
    """Unread notifications, counted up to one more than the header shows."""
    return Notification.objects.for_recipient(user).unread()[: UNREAD_SHOWN_UP_TO + 1].count()


def unread_notifications(request):
    """`unread_notifications` for the header: counted only on pages that show it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
