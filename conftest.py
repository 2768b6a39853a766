import pytest

from resettle.accounts.models import Role
from resettle.testing.factories import OrganisationFactory, member

pytest_plugins = ["resettle.testing.browser"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Production hashing is deliberately slow and tests hash hundreds of times. What the tests
    # check (lockout, two-factor, permissions) works the same with any hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def reference_data_after_flush(request):
    """Transactional tests empty every table when they finish, including the boroughs,
    prisons and taxonomies that migrations load; put them back with the same loaders."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    if marker.kwargs.get("available_apps") is not None:
        return  # a test that narrows the installed apps declares all the data it needs
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    from resettle.places.loading import load_reference_places
    from resettle.taxonomy.seed import load_taxonomies

    load_reference_places(apps)
    load_taxonomies(apps)


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Southwark Resettlement Trust")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Unrelated Housing Association")


@pytest.fixture
def manager(organisation):
    """Owner persona: manages the organisation."""
    return member(organisation, Role.MANAGER)


@pytest.fixture
def caseworker(organisation):
    """Team-member persona: works at the organisation without managing it."""
    return member(organisation, Role.CASEWORKER)


@pytest.fixture
def outsider(other_organisation):
    """Outsider persona: a manager, but of an unrelated organisation."""
    return member(other_organisation, Role.MANAGER)


@pytest.fixture
def person(organisation, caseworker):
    """Someone in custody, allocated to the organisation with `caseworker` as key worker."""
    from resettle.testing.factories import person_with

    return person_with(organisation, caseworker, given_name="Jordan", family_name="Reyes")


@pytest.fixture
def administrator(db):
    return member(OrganisationFactory(name="Resettle Operations"), Role.ADMINISTRATOR)


def _signed_in(client, user):
    client.force_login(user)
    session = client.session
    session["two_factor_verified"] = True
    session.save()
    return client


@pytest.fixture
def sign_in(client):
    """sign_in(user) -> the test client, signed in with both factors."""
    return lambda user: _signed_in(client, user)
