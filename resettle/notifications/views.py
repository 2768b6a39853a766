"""A user's notifications: the list, following one (which marks it read), marking all read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from resettle.notifications import actions, paging
from resettle.notifications.access import get_notification_for_recipient
from resettle.notifications.context_processors import unread_count
from resettle.notifications.links import is_local_url
from resettle.notifications.models import Notification


@login_required
@require_GET
def notification_list(request):
    before = request.GET.get("before")
    cursor = paging.parse_cursor(before)
    notifications = Notification.objects.for_recipient(request.user).select_related("organisation")
    page, older = paging.page_of(notifications, cursor)
    return render(
        request,
        "notifications/list.html",
        {
            "notifications": page,
            "older_cursor": older,
            "paged": cursor is not None,
            "bad_cursor": bool(before) and cursor is None,
            "any_unread": unread_count(request.user) > 0,
            # "Mark all as read" marks what the user was shown and older, not what arrived
            # while they were reading.
            "newest_id": page[0].pk if page and cursor is None else None,
        },
    )


@login_required
@require_GET
def open_notification(request, notification_id):
    """Follow a notification's link, marking it read on the way. A link from the email comes
    here too. Only to a page of this site: a stored link that is not one goes to the list."""
    notification = get_notification_for_recipient(request.user, notification_id)
    actions.mark_read(request.user, notification)
    if not is_local_url(notification.url):
        return redirect("notifications:list")
    return redirect(notification.url)


@login_required
@require_POST
def mark_all_read(request):
    up_to = request.POST.get("up_to", "")
    marked = actions.mark_all_read(request.user, up_to=int(up_to) if up_to.isdigit() else None)
    if marked:
        messages.success(request, _("Your notifications are marked as read."))
    return redirect("notifications:list")
