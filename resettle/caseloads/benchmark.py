"""Caseload and worklist timings on generated people (PostgreSQL or SQLite).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/resettle_caseloads \\
        .venv/bin/python -m resettle.caseloads.benchmark --people 300000 --requests 60

Generates people, involvements and needs with bulk_create (reusing them when the database
already holds that many people), settles the tables as autovacuum would, then times each page
at the server through Django's whole request stack, with its SQL query count. The largest
organisation works with about a fifth of everyone, so its team caseload and worklist are the
worst case.
"""

import argparse
import datetime
import os
import random
import re
import statistics
import time

ORGANISATIONS = 40
WORKERS_PER_ORGANISATION = 30


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=300_000)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resettle.settings")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from resettle.people.models import Person

    if Person.records.count() != args.people:
        started = time.perf_counter()
        generate(args.people)
        print(f"generated {args.people:,} people in {time.perf_counter() - started:.0f} s")
    settle()
    measure(args.requests)


def generate(count):
    from django.db import transaction

    from resettle.accounts.models import Membership, Role, User
    from resettle.needs.models import Need
    from resettle.organisations.models import Organisation
    from resettle.people.models import Involvement, Person, name_key
    from resettle.places.models import Borough, Prison
    from resettle.taxonomy.models import TaxonomyTerm

    rng = random.Random(7)
    today = datetime.date.today()
    Need.objects.all().delete()
    Involvement.objects.all().delete()
    Person.records.all().delete()
    organisations = list(Organisation.objects.filter(name__startswith="Bench "))
    if not organisations:
        organisations = Organisation.objects.bulk_create(
            Organisation(name=f"Bench {n:02d}") for n in range(ORGANISATIONS)
        )
        for organisation in organisations:
            for w in range(WORKERS_PER_ORGANISATION):
                user = User.objects.create(
                    username=f"bench-{organisation.pk}-{w}",
                    email=f"bench-{organisation.pk}-{w}@example.org",
                    first_name="Bench",
                    last_name=f"Worker {w}",
                )
                Membership.objects.create(
                    user=user, organisation=organisation, role=Role.CASEWORKER
                )
    workers = {
        o.pk: list(User.objects.filter(memberships__organisation=o).values_list("pk", flat=True))
        for o in organisations
    }
    # Zipf-like sizes: the first organisation works with about a fifth of everyone.
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(organisations))]
    prisons = list(Prison.objects.values_list("pk", flat=True))
    boroughs = list(Borough.objects.values_list("pk", flat=True))
    support_needs = list(
        TaxonomyTerm.objects.needs().filter(parent__isnull=False).values_list("pk", "parent_id")
    )
    bands = [b for b, _ in Person.SentenceBand.choices]
    statuses = ["not_started", "in_progress", "met", "met", "declined"]
    batch = 10_000
    for start in range(0, count, batch):
        people = []
        for n in range(start, min(start + batch, count)):
            in_custody = rng.random() < 0.7
            family, given = f"Family{rng.randrange(50_000):05d}", f"Given{n}"
            people.append(
                Person(
                    given_name=given,
                    family_name=family,
                    name_key=name_key(family, given),
                    prison_number=f"A{n % 10000:04d}BC",
                    custody_status="in_custody" if in_custody else "in_community",
                    current_prison_id=rng.choice(prisons) if in_custody else None,
                    home_borough_id=rng.choice(boroughs),
                    sentence_band=rng.choice(bands),
                    release_date=today
                    + datetime.timedelta(
                        days=rng.randrange(0, 4 * 365) if in_custody else -rng.randrange(1, 2000)
                    ),
                    last_contact_on=None
                    if rng.random() < 0.3
                    else today - datetime.timedelta(days=rng.randrange(400)),
                    needs_assessed_on=None if rng.random() < 0.25 else today,
                )
            )
        with transaction.atomic():
            Person.records.bulk_create(people, batch_size=5000)
            involvements, needs = [], []
            for person in people:
                for organisation in {
                    o.pk for o in rng.choices(organisations, weights, k=1 + (rng.random() < 0.3))
                }:
                    involvements.append(
                        Involvement(
                            person=person,
                            organisation_id=organisation,
                            kind="allocated",
                            worker_id=None
                            if rng.random() < 0.15
                            else rng.choice(workers[organisation]),
                            started_on=today - datetime.timedelta(days=rng.randrange(700)),
                            ended_on=today - datetime.timedelta(days=3)
                            if rng.random() < 0.1
                            else None,
                        )
                    )
                for support_need, pathway in rng.sample(support_needs, rng.randrange(0, 4)):
                    needs.append(
                        Need(
                            person=person,
                            pathway_id=pathway,
                            support_need_id=support_need,
                            status=rng.choice(statuses),
                        )
                    )
            Involvement.objects.bulk_create(involvements, batch_size=5000)
            Need.objects.bulk_create(needs, batch_size=5000)


def settle():
    from django.db import connection

    if connection.vendor == "postgresql":
        connection.ensure_connection()
        connection.connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def measure(requests):
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from resettle.accounts.models import Membership, Role, User
    from resettle.organisations.models import Organisation
    from resettle.people.models import Involvement

    largest = Organisation.objects.filter(name__startswith="Bench ").order_by("name").first()
    manager, _ = User.objects.get_or_create(
        username="bench-manager", defaults={"email": "bench-manager@example.org"}
    )
    Membership.objects.get_or_create(user=manager, organisation=largest, role=Role.MANAGER)
    busiest_worker = (
        Involvement.objects.filter(organisation=largest, worker__isnull=False)
        .values("worker")
        .order_by()
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    caseworker = User.objects.get(pk=busiest_worker["worker"])
    cases = [
        ("caseload (busiest worker), by name", caseworker, "/caseload/", {}),
        ("caseload, release within 12 weeks", caseworker, "/caseload/", {"window": "12"}),
        (
            "caseload, flag no ID, by last contact",
            caseworker,
            "/caseload/",
            {"flag": "no_id", "sort": "contact"},
        ),
        ("team caseload, by name, page 1", manager, "/caseload/team/", {}),
        (
            "team caseload, by release, page 200",
            manager,
            "/caseload/team/",
            {"sort": "release", "page": 200},
        ),
        ("team caseload, unallocated", manager, "/caseload/team/", {"worker": "unallocated"}),
        (
            "team caseload, flag nowhere to live",
            manager,
            "/caseload/team/",
            {"flag": "no_accommodation"},
        ),
        ("worklist 12 weeks", manager, "/worklist/", {}),
        ("worklist 24 weeks", manager, "/worklist/", {"window": "24"}),
        (
            "worklist 24 weeks, only flagged, page 5",
            manager,
            "/worklist/",
            {"window": "24", "flagged": "on", "page": 5},
        ),
        ("worklist 12 weeks, nowhere to live", manager, "/worklist/", {"flag": "no_accommodation"}),
    ]
    print(f"{'page':45} {'p50 ms':>7} {'p95 ms':>7} {'queries':>7} {'listed':>8}")
    for label, user, url, params in cases:
        client = Client()
        client.force_login(user)
        session = client.session
        session["two_factor_verified"] = True
        session.save()
        client.get(url, params)  # warm caches and the connection
        timings = []
        for _ in range(requests):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url, params)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        timings.sort()
        p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
        listed = re.search(r'role="status">([\d,]+) (?:person|people)', response.content.decode())
        total = int(listed.group(1).replace(",", "")) if listed else -1
        print(
            f"{label:45} {statistics.median(timings):7.1f} {p95:7.1f} {len(queries):7d} {total:8,d}"
        )


if __name__ == "__main__":
    main()
