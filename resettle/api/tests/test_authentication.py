"""Who may call the API: personal tokens, the signed-in session (with two factors and CSRF),
and nobody else. A token acts as its owner and only in the API."""

import hashlib
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from resettle.api import actions
from resettle.api.models import ApiToken
from resettle.api.tests.conftest import referral_url
from resettle.api.tests.schemas import assert_valid
from resettle.audit.models import AuditEntry

LIST = "/api/v1/referrals/"


def unauthorised(response):
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"].startswith('Bearer realm="Resettle API"')
    assert_valid(response.json(), "Errors")
    return response


def bearer(secret):
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_it_answers_401_with_a_challenge_to_anyone_without_credentials(client, referral):
    unauthorised(client.get(LIST))
    unauthorised(client.get(referral_url(referral)))
    unauthorised(client.post(referral_url(referral, "accept"), "{}", "application/json"))
    referral.refresh_from_db()
    assert referral.status == "sent"


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer ",
        "Bearer nonsense",
        "Bearer rsk_" + "A" * 43,
        "Basic dXNlcjpwYXNz",
        "Token rsk_" + "A" * 43,
        "Bearer rsk_" + "A" * 4000,
    ],
)
def test_it_refuses_a_bad_or_unknown_token(db, header):
    response = unauthorised(Client(HTTP_AUTHORIZATION=header).get(LIST))
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_it_stores_only_a_hash_of_the_token(caseworker):
    token, secret = actions.create_token(caseworker, caseworker, "Case system")
    assert secret.startswith("rsk_") and len(secret) == 47
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert token.shown == secret[:12]
    assert AuditEntry.objects.filter(action="api_token.created", actor=caseworker).exists()


def test_it_calls_as_the_tokens_owner_and_notes_when_it_was_last_used(caseworker, referral):
    token, secret = actions.create_token(caseworker, caseworker, "Case system")
    assert token.last_used_at is None
    response = bearer(secret).get(LIST)
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["referrals"]] == [str(referral.pk)]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_it_refuses_a_revoked_token_with_401(caseworker, referral):
    token, secret = actions.create_token(caseworker, caseworker, "Old laptop")
    assert bearer(secret).get(LIST).status_code == 200
    actions.revoke_token(caseworker, token)
    unauthorised(bearer(secret).get(LIST))
    unauthorised(bearer(secret).get(referral_url(referral)))
    assert AuditEntry.objects.filter(action="api_token.revoked", object_id=str(token.pk)).exists()


def test_it_refuses_the_token_of_a_switched_off_account(caseworker, referral):
    _token, secret = actions.create_token(caseworker, caseworker, "Case system")
    caseworker.is_active = False
    caseworker.save()
    unauthorised(bearer(secret).get(LIST))


def test_it_lets_people_revoke_only_their_own_tokens(caseworker, intake):
    token, _secret = actions.create_token(caseworker, caseworker, "Case system")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.revoke_token(intake, token)
    with pytest.raises(PermissionDenied):
        actions.create_token(intake, caseworker, "For them")


# --- The session, and the second factor ----------------------------------------------------


def test_it_serves_a_signed_in_session(sign_in, caseworker, referral):
    response = sign_in(caseworker).get(LIST)
    assert response.status_code == 200
    assert response.json()["referrals"][0]["id"] == str(referral.pk)


def test_it_still_sends_staff_without_their_second_factor_to_that_step(client, caseworker):
    client.force_login(caseworker)  # password only
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-factor/")


def test_it_serves_a_token_even_beside_a_half_signed_in_session(client, caseworker, intake):
    _token, secret = actions.create_token(intake, intake, "Inbox sync")
    client.force_login(caseworker)  # password only, and someone else
    response = client.get(LIST, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    response = client.get("/api/v1/openapi.json", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200


def test_it_never_falls_back_to_the_session_when_a_token_is_bad(sign_in, caseworker, referral):
    client = sign_in(caseworker)
    unauthorised(client.get(LIST, HTTP_AUTHORIZATION="Bearer rsk_" + "B" * 43))
    half = Client()
    half.force_login(caseworker)
    unauthorised(half.get(LIST, HTTP_AUTHORIZATION="Bearer rsk_" + "B" * 43))


def test_it_keeps_the_two_factor_step_for_pages_whatever_the_header(client, caseworker):
    _token, secret = actions.create_token(caseworker, caseworker, "Case system")
    client.force_login(caseworker)
    for path in ("/api/tokens/", "/referrals/", "/people/"):
        response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {secret}")
        assert response.status_code == 302, path
        assert response["Location"].startswith("/account/two-factor/"), path


def test_it_needs_the_csrf_token_for_session_writes(caseworker, intake, referral):
    client = Client(enforce_csrf_checks=True)
    client.force_login(intake)
    session = client.session
    session["two_factor_verified"] = True
    session.save()
    response = client.post(referral_url(referral, "accept"), "{}", "application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["errors"][0]["message"]
    referral.refresh_from_db()
    assert referral.status == "sent"

    client.get("/api/tokens/")  # any page sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        referral_url(referral, "accept"), "{}", "application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"


def test_it_needs_no_csrf_token_with_an_api_token(intake, referral):
    _token, secret = actions.create_token(intake, intake, "Inbox sync")
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = client.post(referral_url(referral, "accept"), "{}", "application/json")
    assert response.status_code == 200


def test_it_never_lets_answers_be_cached(api, caseworker, referral):
    response = api(caseworker).get(referral_url(referral))
    assert "no-store" in response["Cache-Control"]
    assert "Authorization" in response["Vary"]


# --- The command ---------------------------------------------------------------------------


def test_it_makes_a_token_from_the_command_line(caseworker, referral, capsys):
    call_command("create_api_token", caseworker.email.upper(), "Nightly sync")
    secret = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(user=caseworker)
    assert token.name == "Nightly sync"
    assert bearer(secret).get(LIST).status_code == 200
    entry = AuditEntry.objects.get(action="api_token.created")
    assert entry.actor is None
    assert "by command" in entry.summary


def test_it_says_when_the_command_has_no_such_account(db):
    with pytest.raises(CommandError, match="No account"):
        call_command("create_api_token", "nobody@example.org", "Sync")


def test_it_refuses_a_blank_name_from_the_command(caseworker):
    with pytest.raises(CommandError, match="name"):
        call_command("create_api_token", caseworker.email, "   ")


# --- The tokens page -----------------------------------------------------------------------


def test_it_makes_lists_and_revokes_tokens_on_the_page(sign_in, caseworker):
    client = sign_in(caseworker)
    assert client.get("/api/tokens/").status_code == 200
    response = client.post("/api/tokens/", {"name": "Case system sync"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=caseworker)
    secret = response.context["secret"]
    assert secret.encode() in response.content
    assert "no-store" in response["Cache-Control"]
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    # Shown once: the page never shows it again.
    assert secret.encode() not in client.get("/api/tokens/").content

    response = client.post(f"/api/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.is_revoked


def test_it_explains_a_missing_token_name(sign_in, caseworker):
    response = sign_in(caseworker).post("/api/tokens/", {"name": " "})
    assert response.status_code == 200
    assert b"Enter a name for the token" in response.content
    assert not ApiToken.objects.exists()


def test_it_will_not_revoke_someone_elses_token(sign_in, caseworker, outsider):
    token, _secret = actions.create_token(caseworker, caseworker, "Quillfeather sync")
    assert sign_in(outsider).post(f"/api/tokens/{token.pk}/revoke/").status_code == 404
    assert b"Quillfeather" not in sign_in(outsider).get("/api/tokens/").content
    token.refresh_from_db()
    assert not token.is_revoked


def test_it_sends_anonymous_visitors_of_the_page_to_sign_in(client, db):
    response = client.get("/api/tokens/")
    assert response.status_code == 302
    assert "/account/sign-in/" in response["Location"]
