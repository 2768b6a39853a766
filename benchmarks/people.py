"""Casework benchmarks: caseloads, the pre-release worklist and a person's pages, at a million
people and ten million timeline events.

    python -m benchmarks.run --only people --people 100000 --events 1000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x \\
        python -m benchmarks.run --only people --people 1000000 --events 10000000

The data is the demo generator's (resettle.demo.people), in its own database:
resettle_bench_people on PostgreSQL (or $BENCH_PEOPLE_DATABASE), bench_people.sqlite3
otherwise. It is reused when it holds the requested sizes, and rebuilt from empty when it
does not. Pages are measured in-process
through Django's whole request stack, signed in as the demo caseworker (a caseload of ~45
people at an organisation holding ~20,000 at full size) and the demo manager (the team view).
A page that fails is reported, and the others are still measured.
"""

import os
import random
import time

from benchmarks.run import ROOT, create_postgres_database, measure, settle

# BENCH_PEOPLE_DATABASE keeps a second size beside the first (PostgreSQL only).
DATABASE_NAME = os.environ.get("BENCH_PEOPLE_DATABASE", "resettle_bench_people")


def configure_database():
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        base, _, _name = url.rpartition("/")
        url = f"{base}/{DATABASE_NAME}"
        create_postgres_database(url)
    else:
        url = f"sqlite:///{ROOT / 'bench_people.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resettle.settings")
    os.environ["DEBUG"] = "false"
    return url


def empty_database(connection):
    """Drop every table, so a load at a new size starts clean (faster than deleting rows)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        else:
            tables = connection.introspection.table_names(cursor)
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in tables:
                cursor.execute(f'DROP TABLE IF EXISTS "{table}"')
            cursor.execute("PRAGMA foreign_keys = ON")


def ensure_people(people, events, services, seed, referral_events=None):
    """Load the demo at this size unless it is there already. Returns the load's seconds (or
    None when reused). The demo load makes referrals too: `referral_events` of them (the demo's
    ratio when None), so a referral benchmark does not load one size and then wipe it."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.utils import DatabaseError

    try:
        from resettle.demo.models import DemoLoad

        load = DemoLoad.objects.filter(finished_at__isnull=False).first()
        if load and (load.people, load.events, load.services) == (people, events, services):
            call_command("migrate", verbosity=0)
            print(f"reusing {people:,} people and {events:,} events")
            _refresh_entries_if_new()
            settle(connection)
            return None
    except DatabaseError:
        pass
    empty_database(connection)
    call_command("migrate", verbosity=0)
    from resettle.demo.loading import load_demo_data

    started = time.perf_counter()

    def progress(done, result):
        if done % 100_000 == 0 or done == people:
            elapsed = time.perf_counter() - started
            print(f"  {done:,} people, {result.events:,} events, {elapsed:.0f} s", flush=True)

    outcome = load_demo_data(
        services=services,
        people=people,
        events=events,
        seed=seed,
        progress=progress,
        referral_events=referral_events,
    )
    loaded = time.perf_counter() - started
    start = time.perf_counter()
    settle(connection)
    settled = time.perf_counter() - start
    result = outcome.people
    print(
        f"loaded {result.people:,} people, {result.events:,} events ({result.rows:,} rows) in "
        f"{loaded:.0f} s, then VACUUM ANALYZE in {settled:.0f} s"
    )
    return loaded, settled


def _refresh_entries_if_new():
    """A database loaded before the caseload entries existed gets them filled in once."""
    from resettle.demo.loading import refresh_caseload_entries
    from resettle.people.models import Involvement

    if Involvement.objects.filter(name_key="").exists():
        started = time.perf_counter()
        refresh_caseload_entries()
        print(f"filled in caseload entries in {time.perf_counter() - started:.0f} s")


def signed_in_client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.session
    session["two_factor_verified"] = True
    session.save()
    return client


def _url(name, *args, query=""):
    from django.urls import reverse

    return reverse(name, args=args) + query


def _worklist_url(weeks):
    return _url("caseloads:worklist", query=f"?window={weeks}")


def pages(caseworker_people, requests):
    """(label, user key, URLs) for every page measured."""
    rng = random.Random(7)
    sample = [rng.choice(caseworker_people) for _ in range(requests)]

    def per_person(name):
        return [_url(name, pk) for pk in sample]

    def repeated(url):
        return [url] * requests

    return [
        ("caseloads:mine (my caseload)", "caseworker", repeated(_url("caseloads:mine"))),
        ("caseloads:team (manager, whole team)", "manager", repeated(_url("caseloads:team"))),
        ("caseloads:worklist, 12 weeks", "caseworker", repeated(_worklist_url(12))),
        ("caseloads:worklist, 24 weeks", "caseworker", repeated(_worklist_url(24))),
        ("caseloads:worklist, 24 weeks (manager)", "manager", repeated(_worklist_url(24))),
        ("people:person (overview)", "caseworker", per_person("people:person")),
        ("timeline:timeline", "caseworker", per_person("timeline:timeline")),
        ("needs:list", "caseworker", per_person("needs:list")),
        ("plans:plan", "caseworker", per_person("plans:plan")),
    ]


def run(args):
    """Called by benchmarks.run with --only people."""
    url = configure_database()
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from resettle.accounts.models import User
    from resettle.people.models import Involvement, Person

    settings.ALLOWED_HOSTS = ["testserver"]
    events = args.events if args.events is not None else args.people * 10
    timing = ensure_people(args.people, events, args.bench_services, args.seed)

    caseworker = User.objects.get(email="caseworker@demo.resettle.example")
    manager = User.objects.get(email="manager@demo.resettle.example")
    organisation = manager.memberships.get().organisation
    mine = list(
        Involvement.objects.active()
        .filter(worker=caseworker)
        .values_list("person_id", flat=True)
        .order_by("person_id")
    )
    team = Involvement.objects.active().filter(organisation=organisation).count()
    clients = {"caseworker": signed_in_client(caseworker), "manager": signed_in_client(manager)}
    for client in clients.values():
        client.get("/")  # warm caches and the connection, as a running server would be

    results, failures = [], []
    for label, who, urls in pages(mine, args.requests):
        try:
            measure(clients[who], urls, label, results)
        except (SystemExit, Exception) as failed:  # noqa: BLE001
            # A page that fails is reported, and the rest are still measured.
            failures.append(f"{label}: answered {failed!r}"[:300])

    print()
    total_events = _count("timeline_event", connection)
    print(
        f"database: {connection.vendor} ({url.split('@')[-1]}), people: "
        f"{Person.records.count():,}, timeline events: {total_events:,}, "
        f"requests per row: {args.requests}"
    )
    if timing:
        print(f"load: {timing[0]:.0f} s, VACUUM ANALYZE: {timing[1]:.0f} s")
    print(
        f"signed in as the demo caseworker ({len(mine)} active people) and the demo manager "
        f"({team:,} active involvements at {organisation.name})"
    )
    print(f"{'benchmark':<60} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8}")
    for row in results:
        print(
            f"{row['label']:<60} {row['n']:>5} {row['p50']:>8.1f} {row['p95']:>8.1f} "
            f"{row['max']:>8.1f} {row['queries']:>8}"
        )
    for failure in failures:
        print(f"failed: {failure}")
    return 0


def _count(table, connection):
    """An estimate on PostgreSQL (counting ten million rows takes seconds), exact elsewhere."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
            return cursor.fetchone()[0]
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        return cursor.fetchone()[0]
