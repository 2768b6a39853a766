import pytest
from django.core.management import CommandError, call_command

from resettle.accounts.models import Membership, Role, User
from resettle.audit.models import AuditEntry
from resettle.organisations.models import Organisation

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase"


def test_it_creates_a_user_with_a_role_at_an_organisation(organisation):
    call_command(
        "create_user",
        "Ada@Example.org",
        organisation.name.upper(),
        Role.MANAGER,
        password=PASSWORD,
        first_name="Ada",
    )
    user = User.objects.get(email__iexact="ada@example.org")
    assert user.check_password(PASSWORD)
    assert user.first_name == "Ada"
    assert not user.is_demo
    assert Membership.objects.filter(
        user=user, organisation=organisation, role=Role.MANAGER
    ).exists()
    assert AuditEntry.objects.filter(action="account.created", object_id=str(user.pk)).exists()


def test_it_reads_the_password_from_the_environment(organisation, monkeypatch):
    monkeypatch.setenv("RESETTLE_NEW_PASSWORD", PASSWORD)
    call_command("create_user", "env@example.org", organisation.name, Role.CASEWORKER)
    assert User.objects.get(email="env@example.org").check_password(PASSWORD)


def test_it_refuses_an_unknown_organisation_unless_asked_to_create_it(db):
    with pytest.raises(CommandError, match="No organisation is called"):
        call_command(
            "create_user", "a@example.org", "Nowhere Trust", "caseworker", password=PASSWORD
        )
    call_command(
        "create_user",
        "a@example.org",
        "Nowhere Trust",
        "caseworker",
        password=PASSWORD,
        create_organisation=True,
    )
    assert Organisation.objects.filter(name="Nowhere Trust").count() == 1


def test_it_refuses_a_weak_password(organisation):
    with pytest.raises(CommandError, match="not strong enough"):
        call_command("create_user", "b@example.org", organisation.name, "mentor", password="abc")
    assert not User.objects.filter(email="b@example.org").exists()


def test_it_refuses_a_duplicate_email(organisation, caseworker):
    with pytest.raises(CommandError, match="already exists"):
        call_command(
            "create_user", caseworker.email.upper(), organisation.name, "mentor", password=PASSWORD
        )


def test_it_refuses_an_unknown_role(organisation):
    with pytest.raises(CommandError):
        call_command("create_user", "c@example.org", organisation.name, "warden", password=PASSWORD)


def test_it_resets_two_factor_so_the_person_sets_up_a_new_phone(client, caseworker, outsider):
    from django.urls import reverse

    from resettle.accounts.models import TOTPDevice

    from .helpers import enrol, post_password

    enrol(caseworker)
    enrol(outsider)
    call_command(
        "reset_two_factor", caseworker.email.upper(), reason="Lost phone; manager confirmed."
    )
    assert not TOTPDevice.objects.filter(user=caseworker).exists()
    # Only the named account loses its app.
    assert TOTPDevice.objects.filter(user=outsider).exists()
    entry = AuditEntry.objects.get(action="account.two_factor_reset")
    assert entry.object_id == str(caseworker.pk)
    assert "manager confirmed" in entry.summary
    response = post_password(client, caseworker)
    assert response.url.startswith(reverse("accounts:two_factor_setup"))


def test_it_says_when_there_is_no_app_to_reset(caseworker):
    with pytest.raises(CommandError, match="no authenticator app"):
        call_command("reset_two_factor", caseworker.email, reason="Lost phone")
    with pytest.raises(CommandError, match="No account"):
        call_command("reset_two_factor", "nobody@example.org", reason="Lost phone")
