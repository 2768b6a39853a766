import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from resettle.notifications.context_processors import unread_notifications
from resettle.notifications.models import Notification
from resettle.notifications.paging import PAGE_SIZE

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")
MARK_ALL = reverse("notifications:mark_all_read")


def notification_for(user, key="n1", **fields):
    return Notification.objects.create(
        recipient=user,
        kind="referral.received",
        key=key,
        title=fields.pop("title", f"Notification {key}"),
        url=fields.pop("url", "/referrals/1/"),
        **fields,
    )


def test_it_lists_only_the_users_own_notifications_newest_first(sign_in, caseworker, outsider):
    now = timezone.now()
    notification_for(caseworker, "old", created_at=now - datetime.timedelta(days=1))
    notification_for(caseworker, "new", created_at=now, read_at=now)
    notification_for(outsider, "theirs", title="Not for the caseworker")
    response = sign_in(caseworker).get(LIST)
    assert response.status_code == 200
    assert [n.key for n in response.context["notifications"]] == ["new", "old"]
    content = response.content.decode()
    assert "Not for the caseworker" not in content
    assert content.count("govuk-tag--blue") == 1  # only the unread one is marked
    assert "Mark all as read" in content


def test_it_says_when_there_are_none(sign_in, caseworker):
    content = sign_in(caseworker).get(LIST).content.decode()
    assert "You have no notifications yet." in content
    assert "Mark all as read" not in content


def test_it_pages_through_older_notifications(sign_in, caseworker):
    now = timezone.now()
    for i in range(PAGE_SIZE + 3):
        notification_for(caseworker, f"n{i}", created_at=now - datetime.timedelta(minutes=i))
    client = sign_in(caseworker)
    first = client.get(LIST)
    assert len(first.context["notifications"]) == PAGE_SIZE
    cursor = first.context["older_cursor"]
    second = client.get(LIST, {"before": cursor})
    keys = [n.key for n in second.context["notifications"]]
    assert keys == [f"n{i}" for i in range(PAGE_SIZE, PAGE_SIZE + 3)]
    assert second.context["older_cursor"] is None
    # A cursor we did not make shows the newest, with a word about it, never an error.
    odd = client.get(LIST, {"before": "20250230T000000000000-1"})
    assert odd.status_code == 200
    assert odd.context["bad_cursor"]


def test_it_marks_a_notification_read_when_followed(sign_in, caseworker):
    notification = notification_for(caseworker)
    response = sign_in(caseworker).get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/referrals/1/"
    notification.refresh_from_db()
    first_read = notification.read_at
    assert first_read is not None
    sign_in(caseworker).get(reverse("notifications:open", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.read_at == first_read


def test_it_never_redirects_to_another_site(sign_in, caseworker):
    # notify() refuses such links; a row written some other way still goes nowhere else.
    notification = notification_for(caseworker, url="//evil.example/")
    response = sign_in(caseworker).get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == LIST


def test_it_hides_another_users_notification(sign_in, caseworker, manager, outsider):
    notification = notification_for(caseworker)
    for other in (manager, outsider):  # a colleague and someone from elsewhere
        client = sign_in(other)
        response = client.get(reverse("notifications:open", args=[notification.pk]))
        assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_it_sends_anonymous_visitors_to_sign_in(client, caseworker):
    notification = notification_for(caseworker)
    for url in (LIST, reverse("notifications:open", args=[notification.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert "/account/sign-in/" in response["Location"]
    assert client.post(MARK_ALL).status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is None


def test_it_marks_all_the_users_own_as_read(sign_in, caseworker, outsider):
    mine = [notification_for(caseworker, f"n{i}") for i in range(3)]
    theirs = notification_for(outsider, "theirs")
    response = sign_in(caseworker).post(MARK_ALL)
    assert response.status_code == 302
    assert not Notification.objects.filter(pk__in=[n.pk for n in mine], read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_it_leaves_unread_what_arrived_after_the_page_was_shown(sign_in, caseworker):
    shown = notification_for(caseworker, "shown")
    page = sign_in(caseworker).get(LIST)
    assert page.context["newest_id"] == shown.pk
    later = notification_for(caseworker, "later")
    sign_in(caseworker).post(MARK_ALL, {"up_to": str(shown.pk)})
    shown.refresh_from_db()
    later.refresh_from_db()
    assert shown.read_at is not None
    assert later.read_at is None
    # Nonsense in the form marks everything rather than failing.
    assert sign_in(caseworker).post(MARK_ALL, {"up_to": "x"}).status_code == 302
    later.refresh_from_db()
    assert later.read_at is not None


def test_mark_all_read_takes_only_a_post(sign_in, caseworker):
    assert sign_in(caseworker).get(MARK_ALL).status_code == 405


def test_it_counts_the_users_unread_notifications_for_the_header(caseworker, outsider):
    notification_for(caseworker, "a")
    notification_for(caseworker, "b")
    notification_for(caseworker, "read", read_at=timezone.now())
    notification_for(outsider, "theirs")
    request = RequestFactory().get("/")
    request.user = caseworker
    count = unread_notifications(request)["unread_notifications"]
    assert count == 2
    html = render_to_string(
        "notifications/_nav_item.html", {"unread_notifications": count, "request": request}
    )
    assert "moj-notification-badge" in html
    assert ">2<" in html


def test_the_header_count_stops_at_99_plus(caseworker):
    Notification.objects.bulk_create(
        Notification(recipient=caseworker, kind="k", key=f"n{i}", title="T", url="/")
        for i in range(120)
    )
    request = RequestFactory().get("/")
    request.user = caseworker
    count = unread_notifications(request)["unread_notifications"]
    html = render_to_string(
        "notifications/_nav_item.html", {"unread_notifications": count, "request": request}
    )
    assert "99+" in html


def test_the_header_shows_no_badge_when_all_are_read(caseworker, client):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert unread_notifications(request) == {"unread_notifications": 0}
    request.user = caseworker
    html = render_to_string(
        "notifications/_nav_item.html",
        {"unread_notifications": unread_notifications(request)["unread_notifications"]},
    )
    assert "moj-notification-badge" not in html
