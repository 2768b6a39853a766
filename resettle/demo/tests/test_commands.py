"""load_demo_data and demo_logins: idempotent loading, reset, and the demo sign-ins."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from resettle.accounts.models import Membership, Role, User
from resettle.accounts.two_factor import two_factor_relaxed_for
from resettle.demo.demo_users import DEMO_LOGINS, DEMO_PASSWORD
from resettle.demo.models import DemoLoad
from resettle.organisations.models import Organisation
from resettle.people.models import Involvement, Person
from resettle.services.models import Service
from resettle.testing.factories import ServiceFactory, person_with
from resettle.timeline.models import Event

pytestmark = pytest.mark.django_db


def _load(*args):
    # A few dozen people keep these tests quick; the generator's own tests cover the rest.
    if "--people" not in args:
        args = (*args, "--people", "60")
    out = StringIO()
    call_command("load_demo_data", *args, stdout=out)
    return out.getvalue()


def test_it_loads_the_demo_once_and_then_does_nothing():
    first = _load("--services", "40")
    assert "Made 10 organisations" in first and "40 services" in first
    counts = (Organisation.objects.count(), Service.objects.count(), User.objects.count())
    ids = set(Service.objects.values_list("id", flat=True))

    second = _load("--services", "80")

    assert "already loaded" in second
    assert (Organisation.objects.count(), Service.objects.count(), User.objects.count()) == counts
    assert set(Service.objects.values_list("id", flat=True)) == ids
    assert DemoLoad.objects.count() == 1


def test_it_replaces_the_demo_on_reset_and_leaves_other_data_alone(organisation, manager):
    own_service = ServiceFactory(organisation=organisation, name="Our own drop-in")
    _load("--services", "40")

    output = _load("--services", "80", "--seed", "5", "--reset")

    assert "80 services" in output
    assert Service.objects.exclude(pk=own_service.pk).count() == 80
    assert Service.objects.filter(pk=own_service.pk).exists()
    assert User.objects.filter(pk=manager.pk).exists()
    assert User.objects.filter(email__in=[d.email for d in DEMO_LOGINS]).count() == len(DEMO_LOGINS)
    assert DemoLoad.objects.get().seed == 5


def test_it_can_reset_a_load_that_did_not_finish():
    DemoLoad.objects.create(seed=2026, services=40, organisations=10)
    assert "did not finish" in _load("--services", "40")
    _load("--services", "40", "--reset")
    assert DemoLoad.objects.get().finished_at is not None
    assert Service.objects.count() == 40


def test_it_refuses_a_directory_with_no_services():
    with pytest.raises(CommandError, match="--services"):
        _load("--services", "0")
    assert not DemoLoad.objects.exists()


def test_it_creates_a_demo_user_for_every_role_with_the_documented_password():
    _load("--services", "40")
    users = User.objects.filter(email__in=[d.email for d in DEMO_LOGINS])
    assert users.count() == len(DEMO_LOGINS) == 17
    assert all(user.check_password(DEMO_PASSWORD) for user in users)
    # The generated staff behind the caseloads cannot sign in.
    assert not any(
        u.has_usable_password() for u in User.objects.filter(is_demo=True).exclude(pk__in=users)
    )
    roles = set(Membership.objects.filter(user__is_demo=True).values_list("role", flat=True))
    assert roles == set(Role.values)
    manager = User.objects.get(email="manager@demo.resettle.example")
    assert manager.memberships.get().role == Role.MANAGER


def test_it_lets_a_demo_manager_edit_only_their_own_organisations_services(outsider):
    _load("--services", "40")
    manager = User.objects.get(email="manager@demo.resettle.example")
    other_manager = User.objects.get(email="manager2@demo.resettle.example")
    own = Service.objects.editable_by(manager)
    assert own.exists()
    assert set(own.values_list("organisation", flat=True)) == {
        manager.memberships.get().organisation_id
    }
    assert not own.filter(pk__in=Service.objects.editable_by(other_manager)).exists()
    assert not Service.objects.editable_by(outsider).exists()


def test_it_relaxes_two_factor_only_for_demo_users_when_the_setting_is_on(settings, manager):
    _load("--services", "40")
    demo_user = User.objects.get(email="caseworker@demo.resettle.example")
    settings.DEMO_RELAX_TWO_FACTOR = True
    assert two_factor_relaxed_for(demo_user)
    assert not two_factor_relaxed_for(manager)
    settings.DEMO_RELAX_TWO_FACTOR = False
    assert not two_factor_relaxed_for(demo_user)


def test_it_prints_the_demo_logins_with_the_password(settings):
    _load("--services", "40")
    settings.DEMO_RELAX_TWO_FACTOR = True
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    lines = text.splitlines()
    assert lines[0].split() == ["Email", "Role", "Organisation"]
    assert lines[2].startswith("manager@demo.resettle.example")
    assert "Organisation manager" in lines[2]
    assert "commissioner@demo.resettle.example" in text
    assert DEMO_PASSWORD in text
    assert "Two-factor is relaxed for demo users" in text


def test_it_says_two_factor_is_required_when_the_setting_is_off(settings):
    _load("--services", "40")
    settings.DEMO_RELAX_TWO_FACTOR = False
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "Two-factor is required" in out.getvalue()


def test_it_says_how_to_load_the_demo_when_there_are_no_demo_users():
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "load_demo_data" in out.getvalue()


def test_it_loads_people_with_their_casework_and_reports_them():
    # Referrals add their own lines to the timeline: none here, to count the casework alone.
    output = _load(
        "--services", "40", "--people", "80", "--events", "1500", "--referral-events", "0"
    )

    assert "Made 80 people" in output
    assert Person.records.count() == 80
    assert 1200 <= Event.objects.count() <= 1800
    load = DemoLoad.objects.get()
    assert (load.people, load.events) == (80, 1500)


def test_it_removes_the_demo_people_on_reset_and_keeps_other_people(organisation, caseworker):
    own = person_with(organisation, caseworker, given_name="Kept")
    _load("--services", "40", "--people", "50")

    _load("--services", "40", "--people", "30", "--seed", "9", "--reset")

    assert Person.records.exclude(pk=own.pk).count() == 30
    assert Person.records.filter(pk=own.pk).exists()


def test_it_gives_the_demo_caseworker_a_caseload_to_sign_in_to():
    _load("--services", "40", "--people", "400")
    caseworker = User.objects.get(email="caseworker@demo.resettle.example")

    people = Person.records.with_casework_access(caseworker)
    mine = Involvement.objects.active().filter(worker=caseworker)

    assert 20 <= mine.count() <= 70
    assert people.filter(pk__in=mine.values("person")).count() == mine.count()
    assert people.in_custody().filter(pk__in=mine.values("person")).exists()


def test_it_lists_only_the_published_sign_ins():
    _load("--services", "40", "--people", "200")
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "caseworker4@demo.resettle.example" in text
    assert "staff.demo.resettle.example" not in text


def test_it_refuses_a_negative_number_of_people():
    with pytest.raises(CommandError, match="--people"):
        _load("--services", "40", "--people", "-1")


def test_it_fills_in_the_caseload_entries_the_actions_would_keep():
    pytest.importorskip("resettle.caseloads.entries")
    _load("--services", "40", "--people", "60")
    involvements = Involvement.objects.select_related("person")
    assert involvements.exists()
    for involvement in involvements:
        assert involvement.name_key == involvement.person.name_key
        assert involvement.release_date == involvement.person.release_date
