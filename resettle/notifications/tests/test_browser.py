"""The notifications page in a real browser: no WCAG 2.2 A/AA violations, and following a
notification and marking all read work without JavaScript."""

import pytest

from resettle.notifications.models import Notification
from resettle.testing.browser import axe_violations, sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def inbox(caseworker):
    read, unread = (
        Notification.objects.create(
            recipient=caseworker,
            kind="referral.received",
            key=key,
            title=title,
            body="Someone has been referred to your service.",
            url="/notifications/",
            organisation=organisation,
        )
        for key, title, organisation in [
            ("read", "A referral was accepted", None),
            ("unread", "A new referral is waiting", caseworker.memberships.get().organisation),
        ]
    )
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    return caseworker, unread


def test_it_finds_no_wcag_violations_on_the_notifications_page(live_server, page, inbox):
    user, _unread = inbox
    sign_in_browser(page, live_server, user)
    page.goto(live_server.url + "/notifications/")
    assert page.get_by_text("Unread", exact=True).count() == 1
    assert axe_violations(page) == []


def test_it_follows_a_notification_and_marks_all_read_without_javascript(
    live_server, page_without_js, inbox
):
    user, unread = inbox
    page = page_without_js
    sign_in_browser(page, live_server, user)
    page.goto(live_server.url + "/notifications/")
    page.get_by_role("link", name="A new referral is waiting").click()
    page.wait_for_load_state()
    unread.refresh_from_db()
    assert unread.read_at is not None
    Notification.objects.filter(pk=unread.pk).update(read_at=None)
    page.goto(live_server.url + "/notifications/")
    page.get_by_role("button", name="Mark all as read").click()
    page.wait_for_load_state()
    assert not Notification.objects.filter(recipient=user, read_at=None).exists()
    assert page.get_by_text("Your notifications are marked as read.").is_visible()
