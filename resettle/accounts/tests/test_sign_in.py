import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from resettle.accounts.models import Role, User
from resettle.audit.models import AuditEntry
from resettle.testing.factories import OrganisationFactory, UserFactory, member

from .helpers import PASSWORD, enrol, post_password

pytestmark = pytest.mark.django_db

LOCKOUT = {"LOCKOUT_FAILURES": 3, "LOCKOUT_MINUTES": 15}


@pytest.fixture
def member_of_public(db):
    """An account with no role anywhere: not staff, so no second factor is needed."""
    return UserFactory()


def test_it_shows_the_sign_in_form(client):
    response = client.get(reverse("accounts:sign_in"))
    assert response.status_code == 200
    assert b'name="email"' in response.content
    assert b'name="password"' in response.content
    assert b'autocomplete="current-password"' in response.content


def test_it_signs_in_with_email_and_password(client, member_of_public):
    response = post_password(client, member_of_public)
    assert response.status_code == 302
    assert response.url == reverse("pages:home")
    assert int(client.session["_auth_user_id"]) == member_of_public.pk
    assert AuditEntry.objects.filter(action="account.signed_in", actor=member_of_public).exists()


def test_it_accepts_the_email_address_in_any_case(client, member_of_public):
    response = client.post(
        reverse("accounts:sign_in"),
        {"email": member_of_public.email.upper(), "password": PASSWORD},
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == member_of_public.pk


def test_it_refuses_a_wrong_password_with_an_error_summary(client, member_of_public):
    response = post_password(client, member_of_public, password="not the password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert 'href="#id_email"' in content
    assert "govuk-input--error" in content
    assert "Enter a correct email address and password" in content
    member_of_public.refresh_from_db()
    assert member_of_public.failed_sign_ins == 1
    assert AuditEntry.objects.filter(
        action="account.sign_in_failed", object_id=str(member_of_public.pk)
    ).exists()


def test_it_explains_missing_and_malformed_fields(client):
    response = client.post(reverse("accounts:sign_in"), {"email": "not-an-email", "password": ""})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Enter an email address in the correct format" in content
    assert "Enter your password" in content
    assert 'href="#id_password"' in content


def test_it_answers_an_unknown_email_exactly_like_a_wrong_password(client, member_of_public):
    unknown = client.post(
        reverse("accounts:sign_in"), {"email": "nobody@example.org", "password": PASSWORD}
    )
    wrong = post_password(client, member_of_public, password="wrong password")
    assert unknown.context["form"].errors == wrong.context["form"].errors


@override_settings(**LOCKOUT)
def test_it_locks_an_account_after_repeated_failures(client, member_of_public):
    for _ in range(3):
        post_password(client, member_of_public, password="guess")
    member_of_public.refresh_from_db()
    assert member_of_public.is_locked()
    assert (
        AuditEntry.objects.filter(
            action="account.locked", object_id=str(member_of_public.pk)
        ).count()
        == 1
    )

    response = post_password(client, member_of_public)  # the right password
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    content = response.content.decode()
    assert "wait 15 minutes" in content
    # The same words as for an address with no account, so a lock reveals nothing.
    unknown = client.post(
        reverse("accounts:sign_in"), {"email": "nobody@example.org", "password": PASSWORD}
    )
    assert unknown.context["form"].errors == response.context["form"].errors


@override_settings(**LOCKOUT)
def test_it_does_not_extend_a_lock_with_further_attempts(client, member_of_public):
    for _ in range(3):
        post_password(client, member_of_public, password="guess")
    member_of_public.refresh_from_db()
    locked_until = member_of_public.locked_until
    post_password(client, member_of_public, password="guess again")
    member_of_public.refresh_from_db()
    assert member_of_public.locked_until == locked_until


@override_settings(**LOCKOUT)
def test_it_unlocks_after_the_window(client, member_of_public):
    for _ in range(3):
        post_password(client, member_of_public, password="guess")
    # Move the lock and the last failure 15 minutes into the past, as if time had passed.
    earlier = timezone.now() - datetime.timedelta(minutes=15, seconds=1)
    User.objects.filter(pk=member_of_public.pk).update(
        locked_until=earlier + datetime.timedelta(minutes=15) - datetime.timedelta(seconds=1),
        last_failed_sign_in_at=earlier,
    )
    response = post_password(client, member_of_public)
    assert response.status_code == 302
    member_of_public.refresh_from_db()
    assert member_of_public.failed_sign_ins == 0
    assert member_of_public.locked_until is None


@override_settings(**LOCKOUT)
def test_it_starts_a_fresh_count_after_an_expired_lock(client, member_of_public):
    for _ in range(3):
        post_password(client, member_of_public, password="guess")
    earlier = timezone.now() - datetime.timedelta(minutes=16)
    User.objects.filter(pk=member_of_public.pk).update(
        locked_until=earlier + datetime.timedelta(seconds=30), last_failed_sign_in_at=earlier
    )
    post_password(client, member_of_public, password="one more guess")
    member_of_public.refresh_from_db()
    assert member_of_public.failed_sign_ins == 1
    assert not member_of_public.is_locked()


@override_settings(**LOCKOUT)
def test_it_forgets_failures_older_than_the_window(client, member_of_public):
    post_password(client, member_of_public, password="guess")
    post_password(client, member_of_public, password="guess")
    User.objects.filter(pk=member_of_public.pk).update(
        last_failed_sign_in_at=timezone.now() - datetime.timedelta(minutes=20)
    )
    post_password(client, member_of_public, password="guess")
    member_of_public.refresh_from_db()
    assert member_of_public.failed_sign_ins == 1
    assert not member_of_public.is_locked()


@override_settings(**LOCKOUT)
def test_it_resets_the_count_after_a_successful_sign_in(client, member_of_public):
    post_password(client, member_of_public, password="guess")
    post_password(client, member_of_public, password="guess")
    post_password(client, member_of_public)
    member_of_public.refresh_from_db()
    assert member_of_public.failed_sign_ins == 0


@override_settings(**LOCKOUT)
def test_it_locks_only_the_account_that_was_attacked(client, caseworker, outsider):
    for _ in range(3):
        post_password(client, outsider, password="guess")
    caseworker.refresh_from_db()
    assert not caseworker.is_locked()
    assert caseworker.failed_sign_ins == 0


def test_it_refuses_a_deactivated_account(client, member_of_public):
    User.objects.filter(pk=member_of_public.pk).update(is_active=False)
    response = post_password(client, member_of_public)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_goes_to_a_safe_next_page(client, member_of_public):
    response = post_password(client, member_of_public, next_url="/privacy/")
    assert response.url == "/privacy/"


@pytest.mark.parametrize(
    "unsafe",
    ["https://evil.example/", "//evil.example/", "http://testserver.evil.example/", "javascript:x"],
)
def test_it_ignores_an_unsafe_next_page(client, member_of_public, unsafe):
    response = post_password(client, member_of_public, next_url=unsafe)
    assert response.url == reverse("pages:home")


def test_it_carries_next_from_the_query_string_into_the_form(client):
    response = client.get(reverse("accounts:sign_in") + "?next=/privacy/")
    assert b'name="next" value="/privacy/"' in response.content


def test_it_sends_staff_without_an_authenticator_to_set_one_up(client, caseworker):
    response = post_password(client, caseworker, next_url="/privacy/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor_setup"))
    assert "next=%2Fprivacy%2F" in response.url
    assert client.session["two_factor_verified"] is False


def test_it_sends_staff_with_an_authenticator_to_the_code_step(client, caseworker):
    enrol(caseworker)
    response = post_password(client, caseworker)
    assert response.url.startswith(reverse("accounts:two_factor"))
    # The password alone is not a full sign-in, so nothing is reset or recorded as one.
    assert not AuditEntry.objects.filter(action="account.signed_in").exists()


def test_it_keeps_the_failure_count_until_the_second_factor_is_given(client, caseworker):
    """Otherwise someone with the password could guess codes for ever, 4 at a time."""
    enrol(caseworker)
    User.objects.filter(pk=caseworker.pk).update(
        failed_sign_ins=2, last_failed_sign_in_at=timezone.now()
    )
    post_password(client, caseworker)
    caseworker.refresh_from_db()
    assert caseworker.failed_sign_ins == 2


def test_it_holds_staff_at_the_code_step_until_it_is_done(client, caseworker):
    enrol(caseworker)
    post_password(client, caseworker)
    response = client.get(reverse("pages:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor"))
    # Account pages stay reachable, so the person can finish or sign out.
    assert client.get(reverse("accounts:two_factor")).status_code == 200


@pytest.mark.parametrize("role", Role.values)
def test_it_asks_every_staff_role_for_a_second_factor(client, organisation, role):
    person = member(organisation, role)
    response = post_password(client, person)
    assert response.url.startswith(reverse("accounts:two_factor_setup"))
    assert client.get(reverse("pages:home")).status_code == 302


def test_it_lets_staff_who_gave_both_factors_through(sign_in, caseworker):
    client = sign_in(caseworker)
    assert client.get(reverse("pages:home")).status_code == 200


@override_settings(DEMO_RELAX_TWO_FACTOR=True)
def test_it_lets_demo_staff_skip_the_second_factor_when_relaxed(client, organisation):
    demo = member(organisation, Role.MANAGER, is_demo=True)
    response = post_password(client, demo, next_url="/privacy/")
    assert response.url == "/privacy/"
    assert client.session["two_factor_verified"] is True
    assert client.get(reverse("pages:home")).status_code == 200
    entry = AuditEntry.objects.get(action="account.signed_in", actor=demo)
    assert "relaxed" in entry.summary


@override_settings(DEMO_RELAX_TWO_FACTOR=True)
def test_it_never_relaxes_two_factor_for_real_staff(client, caseworker):
    response = post_password(client, caseworker)
    assert response.url.startswith(reverse("accounts:two_factor_setup"))
    assert client.get(reverse("pages:home")).status_code == 302


@override_settings(DEMO_RELAX_TWO_FACTOR=False)
def test_it_needs_the_second_factor_from_demo_staff_when_not_relaxed(client):
    demo = member(OrganisationFactory(), Role.MANAGER, is_demo=True)
    response = post_password(client, demo)
    assert response.url.startswith(reverse("accounts:two_factor_setup"))
    assert client.get(reverse("pages:home")).status_code == 302


def test_it_signs_out_only_by_post(sign_in, caseworker):
    client = sign_in(caseworker)
    assert client.get(reverse("accounts:sign_out")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(reverse("accounts:sign_out"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="account.signed_out", actor=caseworker).exists()


def test_it_needs_a_csrf_token_to_sign_out(caseworker):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker)
    assert client.post(reverse("accounts:sign_out")).status_code == 403
