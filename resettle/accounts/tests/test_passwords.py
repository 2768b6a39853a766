import re

import pytest
from django.core import mail
from django.urls import reverse

from resettle.accounts.models import User
from resettle.audit.models import AuditEntry
from resettle.testing.factories import UserFactory

from .helpers import PASSWORD, post_password

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "plum orchard lantern seventy"


def _reset_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/account/password-reset/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_it_emails_a_password_reset_link_that_works(client):
    user = UserFactory()
    response = client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert "Reset your Resettle password" in message.subject

    link = _reset_link(message)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert "Choose a new password" in response.content.decode()
    set_password_url = response.redirect_chain[-1][0]
    response = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(action="account.password_reset", actor=user).exists()
    # The link works once only.
    assert "This link does not work" in client.get(link, follow=True).content.decode()


def test_it_sends_nothing_for_an_unknown_address_but_says_the_same(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_it_explains_a_bad_email_on_the_reset_form(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nope"})
    assert response.status_code == 200
    assert "Enter an email address in the correct format" in response.content.decode()


def test_it_refuses_a_weak_or_mismatched_new_password(client):
    user = UserFactory()
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    response = client.get(_reset_link(mail.outbox[0]), follow=True)
    url = response.redirect_chain[-1][0]
    response = client.post(url, {"new_password1": "short", "new_password2": "short"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    response = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": "different"})
    assert "do not match" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_it_rejects_a_tampered_reset_link(client):
    user = UserFactory()
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    link = _reset_link(mail.outbox[0])
    tampered = link[:-3] + ("aa/" if not link.endswith("aa/") else "bb/")
    assert "This link does not work" in client.get(tampered, follow=True).content.decode()


def test_it_does_not_let_a_reset_link_for_one_user_change_another(client, caseworker, outsider):
    client.post(reverse("accounts:password_reset"), {"email": outsider.email})
    link = _reset_link(mail.outbox[0])
    uid_of_caseworker = link.split("/")[3]
    assert uid_of_caseworker  # the link carries the outsider's id, signed by the token
    response = client.get(link, follow=True)
    client.post(
        response.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    caseworker.refresh_from_db()
    outsider.refresh_from_db()
    assert caseworker.check_password(PASSWORD)
    assert outsider.check_password(NEW_PASSWORD)


def test_it_changes_the_password_of_someone_signed_in(sign_in, caseworker):
    client = sign_in(caseworker)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change_done")
    caseworker.refresh_from_db()
    assert caseworker.check_password(NEW_PASSWORD)
    # Still signed in, with both factors, after the change.
    assert client.get(reverse("pages:home")).status_code == 200
    assert AuditEntry.objects.filter(action="account.password_changed", actor=caseworker).exists()


def test_it_refuses_a_password_change_with_the_wrong_current_password(sign_in, caseworker):
    client = sign_in(caseworker)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "Your current password is not right" in response.content.decode()
    assert User.objects.get(pk=caseworker.pk).check_password(PASSWORD)


def test_it_asks_for_the_code_before_a_password_change(client, caseworker):
    from .helpers import enrol

    enrol(caseworker)
    post_password(client, caseworker)
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor"))


def test_it_sends_someone_signed_out_from_password_change_to_sign_in(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign_in"))
