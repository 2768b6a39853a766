"""Demo sign-ins: one user for every role, at a few of the generated organisations.

Every demo user has is_demo=True, so DEMO_RELAX_TWO_FACTOR (never on in production) can let
them sign in without an authenticator app, and a reset can find and remove them.
"""

import uuid
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from resettle.accounts.models import Membership, Role, User
from resettle.organisations.models import Organisation

DEMO_PASSWORD = "resettle-demo-2026"
DEMO_EMAIL_DOMAIN = "demo.resettle.example"
_NAMESPACE = uuid.UUID("9a4f1e22-7c3b-4d5e-8f60-1b2c3d4e5f70")

# The two organisations only demo users belong to: commissioners and administrators are not
# directory entries, but need an organisation to hold their role.
COMMISSIONER_ORGANISATION_ID = uuid.uuid5(_NAMESPACE, "commissioner")
OPERATIONS_ORGANISATION_ID = uuid.uuid5(_NAMESPACE, "operations")
DEMO_ONLY_ORGANISATION_IDS = [COMMISSIONER_ORGANISATION_ID, OPERATIONS_ORGANISATION_ID]


@dataclass(frozen=True)
class DemoLogin:
    email: str
    first_name: str
    last_name: str
    role: str
    # "provider", "partner", "third" and "fourth" are the first four generated organisations
    # (the ones with the biggest caseloads); the others are the demo-only organisations above.
    organisation: str


DEMO_LOGINS = [
    DemoLogin("manager@demo.resettle.example", "Maya", "Okafor", Role.MANAGER, "provider"),
    DemoLogin("caseworker@demo.resettle.example", "Sam", "Kowalski", Role.CASEWORKER, "provider"),
    DemoLogin("intake@demo.resettle.example", "Priya", "Raman", Role.INTAKE, "provider"),
    DemoLogin("mentor@demo.resettle.example", "Dwayne", "Ellis", Role.MENTOR, "provider"),
    DemoLogin("manager2@demo.resettle.example", "Aisha", "Hussain", Role.MANAGER, "partner"),
    DemoLogin("caseworker2@demo.resettle.example", "Tom", "Brennan", Role.CASEWORKER, "partner"),
    DemoLogin("intake2@demo.resettle.example", "Grace", "Mensah", Role.INTAKE, "partner"),
    DemoLogin("mentor2@demo.resettle.example", "Luca", "Popescu", Role.MENTOR, "partner"),
    # More staff with caseloads, so a team view has real colleagues in it.
    DemoLogin("caseworker3@demo.resettle.example", "Nadia", "Rahman", Role.CASEWORKER, "provider"),
    DemoLogin("manager3@demo.resettle.example", "Joanna", "Price", Role.MANAGER, "third"),
    DemoLogin("caseworker4@demo.resettle.example", "Kofi", "Asante", Role.CASEWORKER, "third"),
    DemoLogin("intake3@demo.resettle.example", "Ewa", "Nowak", Role.INTAKE, "third"),
    DemoLogin("manager4@demo.resettle.example", "Ibrahim", "Said", Role.MANAGER, "fourth"),
    DemoLogin("caseworker5@demo.resettle.example", "Claire", "Doherty", Role.CASEWORKER, "fourth"),
    DemoLogin("mentor3@demo.resettle.example", "Leroy", "Campbell", Role.MENTOR, "fourth"),
    DemoLogin(
        "commissioner@demo.resettle.example",
        "Helen",
        "Adeyemi",
        Role.COMMISSIONER,
        "commissioner",
    ),
    DemoLogin("admin@demo.resettle.example", "Chris", "Nolan", Role.ADMINISTRATOR, "operations"),
]


def _demo_only_organisations():
    commissioner, _ = Organisation.objects.get_or_create(
        id=COMMISSIONER_ORGANISATION_ID,
        defaults={
            "name": "London Resettlement Commissioning Partnership (demo)",
            "kind": Organisation.Kind.COMMISSIONER,
            "description": "A fictional commissioning body for the demonstration.",
            "email": "commissioning@example.org",
        },
    )
    operations, _ = Organisation.objects.get_or_create(
        id=OPERATIONS_ORGANISATION_ID,
        defaults={
            "name": "Resettle Operations (demo)",
            "kind": Organisation.Kind.OTHER,
            "description": "Runs this demonstration of Resettle.",
            "email": "operations@example.org",
        },
    )
    return commissioner, operations


@transaction.atomic
def create_demo_users(
    provider: Organisation,
    partner: Organisation,
    third: Organisation | None = None,
    fourth: Organisation | None = None,
) -> list[User]:
    """Create (or refresh) every demo sign-in. Returns the users, in DEMO_LOGINS order. With
    fewer than four generated organisations, the third and fourth fall back to the first two."""
    commissioner, operations = _demo_only_organisations()
    organisations = {
        "provider": provider,
        "partner": partner,
        "third": third or provider,
        "fourth": fourth or partner,
        "commissioner": commissioner,
        "operations": operations,
    }
    # One hash for all: hashing is deliberately slow, and these share a published password.
    password = make_password(DEMO_PASSWORD)
    users = []
    for login in DEMO_LOGINS:
        user, _ = User.objects.update_or_create(
            email=login.email,
            defaults={
                "username": login.email,
                "first_name": login.first_name,
                "last_name": login.last_name,
                "password": password,
                "is_demo": True,
                "is_active": True,
            },
        )
        Membership.objects.get_or_create(
            user=user, organisation=organisations[login.organisation], role=login.role
        )
        users.append(user)
    return users


def delete_demo_users() -> int:
    """Remove every demo user and the demo-only organisations. Returns how many users went."""
    users = User.objects.filter(is_demo=True)
    count = users.count()
    users.delete()
    Organisation.objects.filter(id__in=DEMO_ONLY_ORGANISATION_IDS).delete()
    return count
