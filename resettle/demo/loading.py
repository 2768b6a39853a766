"""Load and remove the whole demonstration data set: the generated directory, demo users and
the people with their casework.

The management command is a thin wrapper over these, so tests exercise the same code.
"""

import time
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from resettle.accounts.models import Role
from resettle.demo.demo_users import DEMO_LOGINS, create_demo_users, delete_demo_users
from resettle.demo.generator import (
    GenerationResult,
    generate_directory,
    organisation_count,
    organisation_ids,
)
from resettle.demo.models import DemoLoad
from resettle.demo.people import PeopleResult, generate_people, person_ids
from resettle.demo.referrals import ReferralsResult, generate_referrals, remove_referrals
from resettle.organisations.models import Organisation
from resettle.people.models import Person

# Rows deleted per statement, so a reset of 25,000 organisations stays within SQLite's limits.
DELETE_CHUNK = 500


@dataclass
class LoadOutcome:
    loaded: bool
    result: GenerationResult | None
    users: int
    seconds: float
    previous: DemoLoad | None = None
    people: PeopleResult | None = None
    referrals: ReferralsResult | None = None


def current_load() -> DemoLoad | None:
    return DemoLoad.objects.order_by("-started_at").first()


def remove_demo_data() -> tuple[int, int]:
    """Delete everything any demo load made. Returns (organisations, users) removed.

    People go first (their involvements protect the organisations), then the demo and
    generated staff, then the organisations."""
    for load in DemoLoad.objects.all():
        ids = person_ids(load.seed, load.people)
        remove_referrals(ids)
        for start in range(0, len(ids), DELETE_CHUNK):
            with transaction.atomic():
                Person.records.filter(id__in=ids[start : start + DELETE_CHUNK]).delete()
    removed_users = delete_demo_users()
    removed_orgs = 0
    for load in DemoLoad.objects.all():
        ids = organisation_ids(load.seed, load.organisations)
        for start in range(0, len(ids), DELETE_CHUNK):
            chunk = ids[start : start + DELETE_CHUNK]
            with transaction.atomic():
                removed_orgs += Organisation.objects.filter(id__in=chunk).count()
                Organisation.objects.filter(id__in=chunk).delete()
        load.delete()
    return removed_orgs, removed_users


def _named_staff(users, organisations) -> dict:
    """{organisation id: {role: [user ids]}} for the demo sign-ins at generated organisations,
    so the people generator gives each of them a caseload."""
    by_key = dict(zip(("provider", "partner", "third", "fourth"), organisations, strict=False))
    staff = {}
    for login, user in zip(DEMO_LOGINS, users, strict=True):
        organisation = by_key.get(login.organisation)
        if organisation is None or login.role not in (
            Role.CASEWORKER,
            Role.INTAKE,
            Role.MENTOR,
            Role.MANAGER,
        ):
            continue
        staff.setdefault(organisation.id, {}).setdefault(login.role, []).append(user.pk)
    return staff


def refresh_caseload_entries() -> None:
    """Copy each person's list fields onto their involvements, as the actions would have: the
    generator writes people directly, not through the actions."""
    from resettle.caseloads.entries import refresh_all

    with transaction.atomic():
        refresh_all()


def load_demo_data(
    *,
    services: int = 600,
    people: int = 2000,
    events: int | None = None,
    seed: int = 2026,
    reset: bool = False,
    progress=None,
    referral_events: int | None = None,
) -> LoadOutcome:
    """Load the demo unless one is loaded already (then do nothing, unless reset)."""
    started = time.monotonic()
    previous = current_load()
    if previous is not None and not reset:
        return LoadOutcome(False, None, 0, 0.0, previous)
    if reset:
        remove_demo_data()
    # Recorded before generating, so a load that fails part-way can still be reset.
    load = DemoLoad.objects.create(
        seed=seed,
        services=services,
        organisations=organisation_count(services),
        people=people,
        events=events,
    )
    result = generate_directory(services=services, seed=seed)
    ids = organisation_ids(seed, load.organisations)
    position = {pk: i for i, pk in enumerate(ids)}
    organisations = sorted(
        Organisation.objects.filter(id__in=ids).only("id", "name"), key=lambda o: position[o.id]
    )
    users = []
    people_result = referrals_result = None
    if organisations:
        provider = organisations[0]
        partner = organisations[1] if len(organisations) > 1 else organisations[0]
        users = create_demo_users(provider, partner, *organisations[2:4])
        people_result = generate_people(
            people=people,
            events=events,
            seed=seed,
            organisations=organisations,
            named_staff=_named_staff(users, organisations),
            progress=progress,
        )
        referrals_result = generate_referrals(people=people, events=referral_events, seed=seed)
        refresh_caseload_entries()
    load.finished_at = timezone.now()
    load.save(update_fields=["finished_at"])
    return LoadOutcome(
        True,
        result,
        len(users),
        time.monotonic() - started,
        people=people_result,
        referrals=referrals_result,
    )
