"""Load and remove the whole demonstration data set: the generated directory and demo users.

The management command is a thin wrapper over these, so tests exercise the same code.
"""

import time
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from resettle.demo.demo_users import create_demo_users, delete_demo_users
from resettle.demo.generator import (
    GenerationResult,
    generate_directory,
    organisation_count,
    organisation_ids,
)
from resettle.demo.models import DemoLoad
from resettle.organisations.models import Organisation

# Organisations deleted per statement, so a reset of 25,000 stays within SQLite's limits.
DELETE_CHUNK = 500


@dataclass
class LoadOutcome:
    loaded: bool
    result: GenerationResult | None
    users: int
    seconds: float
    previous: DemoLoad | None = None


def current_load() -> DemoLoad | None:
    return DemoLoad.objects.order_by("-started_at").first()


def remove_demo_data() -> tuple[int, int]:
    """Delete everything any demo load made. Returns (organisations, users) removed."""
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


def load_demo_data(*, services: int = 600, seed: int = 2026, reset: bool = False) -> LoadOutcome:
    """Load the demo unless one is loaded already (then do nothing, unless reset)."""
    started = time.monotonic()
    previous = current_load()
    if previous is not None and not reset:
        return LoadOutcome(False, None, 0, 0.0, previous)
    if reset:
        remove_demo_data()
    # Recorded before generating, so a load that fails part-way can still be reset.
    load = DemoLoad.objects.create(
        seed=seed, services=services, organisations=organisation_count(services)
    )
    result = generate_directory(services=services, seed=seed)
    ids = organisation_ids(seed, load.organisations)
    organisations = list(Organisation.objects.filter(id__in=ids[:2]))
    organisations.sort(key=lambda o: ids.index(o.id))
    users = []
    if organisations:
        provider = organisations[0]
        partner = organisations[1] if len(organisations) > 1 else organisations[0]
        users = create_demo_users(provider, partner)
    load.finished_at = timezone.now()
    load.save(update_fields=["finished_at"])
    return LoadOutcome(True, result, len(users), time.monotonic() - started)
