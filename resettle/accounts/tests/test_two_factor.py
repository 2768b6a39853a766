import time

import pytest
from django.test import override_settings
from django.urls import reverse

from resettle.accounts import two_factor
from resettle.accounts.models import TOTPDevice
from resettle.audit.models import AuditEntry

from .helpers import code_now, enrol, post_password

pytestmark = pytest.mark.django_db


def test_it_accepts_a_current_code_and_the_steps_either_side():
    secret = two_factor.new_secret()
    now = time.time()
    step = int(now // 30)
    for offset in (-1, 0, 1):
        code = two_factor.code_at(secret, now + 30 * offset)
        assert two_factor.matching_step(secret, code, after_step=0, now=now) == step + offset


def test_it_refuses_codes_from_further_away():
    secret = two_factor.new_secret()
    now = time.time()
    for offset in (-3, -2, 2, 3):
        code = two_factor.code_at(secret, now + 30 * offset)
        assert two_factor.matching_step(secret, code, after_step=0, now=now) is None


def test_it_refuses_a_step_already_used_or_older():
    secret = two_factor.new_secret()
    now = time.time()
    step = int(now // 30)
    code = two_factor.code_at(secret, now)
    assert two_factor.matching_step(secret, code, after_step=step, now=now) is None
    earlier = two_factor.code_at(secret, now - 30)
    assert two_factor.matching_step(secret, earlier, after_step=step, now=now) is None


def test_it_ignores_spaces_in_a_code():
    secret = two_factor.new_secret()
    now = time.time()
    code = two_factor.code_at(secret, now)
    spaced = f"{code[:3]} {code[3:]}"
    assert two_factor.matching_step(secret, spaced, after_step=0, now=now) is not None


def test_it_reads_digits_typed_in_other_scripts():
    secret = two_factor.new_secret()
    now = time.time()
    code = two_factor.code_at(secret, now)
    arabic_indic = "".join(chr(0x0660 + int(digit)) for digit in code)
    assert two_factor.matching_step(secret, arabic_indic, after_step=0, now=now) is not None


def test_it_sets_up_an_authenticator_app(client, caseworker):
    post_password(client, caseworker, next_url="/privacy/")
    response = client.get(reverse("accounts:two_factor_setup") + "?next=/privacy/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<svg" in content
    secret = client.session["two_factor_setup_secret"]
    # The key is shown as text, in groups of four, for people who cannot scan.
    assert secret[:4] + " " + secret[4:8] in content
    # Reloading the page must not change the key the person may already have scanned.
    client.get(reverse("accounts:two_factor_setup"))
    assert client.session["two_factor_setup_secret"] == secret

    response = client.post(
        reverse("accounts:two_factor_setup"), {"code": code_now(secret), "next": "/privacy/"}
    )
    assert response.status_code == 302
    assert response.url == "/privacy/"
    device = TOTPDevice.objects.get(user=caseworker)
    assert device.is_confirmed
    assert device.secret == secret
    assert client.session["two_factor_verified"] is True
    assert "two_factor_setup_secret" not in client.session
    assert AuditEntry.objects.filter(action="account.two_factor_enabled", actor=caseworker).exists()
    assert AuditEntry.objects.filter(action="account.signed_in", actor=caseworker).exists()
    assert client.get(reverse("pages:home")).status_code == 200


def test_it_refuses_a_wrong_code_during_set_up(client, caseworker):
    post_password(client, caseworker)
    client.get(reverse("accounts:two_factor_setup"))
    secret = client.session["two_factor_setup_secret"]
    wrong = f"{(int(code_now(secret)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:two_factor_setup"), {"code": wrong})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=caseworker).exists()
    caseworker.refresh_from_db()
    assert caseworker.failed_sign_ins == 1


@pytest.mark.parametrize(
    ("code", "message"),
    [("", "Enter the 6-digit code"), ("12ab56", "numbers only"), ("12345", "must be 6 numbers")],
)
def test_it_explains_a_badly_typed_code(client, caseworker, code, message):
    enrol(caseworker)
    post_password(client, caseworker)
    response = client.post(reverse("accounts:two_factor"), {"code": code})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'href="#id_code"' in response.content.decode()


def test_it_will_not_replace_a_confirmed_authenticator_through_set_up(client, caseworker):
    """A stolen password alone must not be enough to move the second factor to a new phone."""
    device = enrol(caseworker)
    post_password(client, caseworker)
    response = client.get(reverse("accounts:two_factor_setup"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor"))
    response = client.post(reverse("accounts:two_factor_setup"), {"code": "123456"})
    assert response.status_code == 302
    device.refresh_from_db()
    assert TOTPDevice.objects.get(user=caseworker).secret == device.secret


def test_it_verifies_a_code_after_the_password(client, caseworker):
    device = enrol(caseworker)
    post_password(client, caseworker, next_url="/privacy/")
    response = client.post(
        reverse("accounts:two_factor"), {"code": code_now(device.secret), "next": "/privacy/"}
    )
    assert response.status_code == 302
    assert response.url == "/privacy/"
    assert client.session["two_factor_verified"] is True
    device.refresh_from_db()
    assert device.last_used_step == int(time.time() // 30)
    assert client.get(reverse("pages:home")).status_code == 200


def test_it_refuses_a_replayed_code(client, caseworker):
    from django.test import Client

    device = enrol(caseworker)
    code = code_now(device.secret)
    post_password(client, caseworker)
    assert client.post(reverse("accounts:two_factor"), {"code": code}).status_code == 302

    # Someone who saw the code and has the password tries it from another browser.
    other = Client()
    post_password(other, caseworker)
    response = other.post(reverse("accounts:two_factor"), {"code": code})
    assert response.status_code == 200
    assert "already been used" in response.content.decode()
    assert other.session["two_factor_verified"] is False
    assert other.get(reverse("pages:home")).status_code == 302


def test_it_accepts_the_next_code_after_one_was_used(client, caseworker):
    device = enrol(caseworker)
    post_password(client, caseworker)
    client.post(reverse("accounts:two_factor"), {"code": code_now(device.secret)})
    client.post(reverse("accounts:sign_out"))
    post_password(client, caseworker)
    response = client.post(
        reverse("accounts:two_factor"), {"code": code_now(device.secret, steps_ahead=1)}
    )
    assert response.status_code == 302
    assert client.session["two_factor_verified"] is True


def test_it_refuses_another_users_code(client, caseworker, outsider):
    enrol(caseworker)
    theirs = enrol(outsider)
    post_password(client, caseworker)
    response = client.post(reverse("accounts:two_factor"), {"code": code_now(theirs.secret)})
    # A code from someone else's app matches only by a one-in-a-million chance.
    if response.status_code == 302:
        pytest.skip("The two random secrets happened to give the same code.")
    assert client.session["two_factor_verified"] is False
    caseworker.refresh_from_db()
    assert caseworker.failed_sign_ins == 1


@override_settings(LOCKOUT_FAILURES=3, LOCKOUT_MINUTES=15)
def test_it_counts_wrong_codes_towards_the_lockout(client, caseworker):
    device = enrol(caseworker)
    right = code_now(device.secret)
    wrong = f"{(int(right) + 500_000) % 1_000_000:06d}"
    post_password(client, caseworker, next_url="/privacy/")
    client.post(reverse("accounts:two_factor"), {"code": wrong})
    client.post(reverse("accounts:two_factor"), {"code": wrong})
    response = client.post(reverse("accounts:two_factor"), {"code": wrong})
    caseworker.refresh_from_db()
    assert caseworker.is_locked()
    # Locked: signed out, told how long to wait, and the right code no longer helps.
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign_in"))
    assert "_auth_user_id" not in client.session
    assert "Wait 15 minutes" in client.get(response.url).content.decode()
    assert post_password(client, caseworker).status_code == 200
    assert AuditEntry.objects.filter(action="account.locked", object_id=str(caseworker.pk)).exists()


def test_it_sends_someone_not_signed_in_from_the_code_step_to_sign_in(client):
    response = client.get(reverse("accounts:two_factor"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign_in"))
    response = client.get(reverse("accounts:two_factor_setup"))
    assert response.url.startswith(reverse("accounts:sign_in"))


def test_it_sends_staff_with_no_authenticator_from_the_code_step_to_set_up(client, caseworker):
    post_password(client, caseworker)
    response = client.get(reverse("accounts:two_factor"))
    assert response.url.startswith(reverse("accounts:two_factor_setup"))


def test_it_keeps_staff_without_a_second_factor_out_of_other_pages(client, manager):
    post_password(client, manager)
    for name in ("pages:home", "pages:privacy", "services:search"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("accounts:two_factor"))
