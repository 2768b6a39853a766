"""Directory benchmarks: search page, ORUK /services and import, at national scale.

    make bench                                   # SQLite, 100,000 services
    DATABASE_URL=postgres://... make bench       # PostgreSQL
    make bench BENCH_ARGS="--services 20000 --requests 50"
    make bench BENCH_ARGS="--only people --people 1000000 --events 10000000"
    make bench BENCH_ARGS="--only referrals --people 1000000 --referral-events 10000000"

`--only people` runs the casework benchmarks instead (benchmarks/people.py: caseloads, the
pre-release worklist and a person's pages, in a database of their own); `--only referrals`
the referral inbox, sent list and pages (benchmarks/referrals.py, in the same database).

Figures are measured at the server (in-process, through Django's full request stack) so the
network is not in them. Each request's SQL query count is recorded too: it must not grow with
the number of results. The benchmark database is separate from the demo database and is
reused between runs when it already holds the requested number of services.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def configure_database():
    # Never benchmark against the demo or development database.
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        base, _, _name = url.rpartition("/")
        url = f"{base}/resettle_bench"
        create_postgres_database(url)
    else:
        url = f"sqlite:///{ROOT / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resettle.settings")
    os.environ["DEBUG"] = "false"
    return url


def create_postgres_database(url):
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def percentile(values, pct):
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def measure(client, urls, label, results):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, query_counts = [], []
    for url in urls:
        # Django keeps the last 9,000 queries only; past that, CaptureQueriesContext counts 0.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{label}: {url} answered {response.status_code}")
        timings.append(elapsed)
        query_counts.append(len(queries))
    results.append(
        {
            "label": label,
            "n": len(timings),
            "p50": statistics.median(timings),
            "p95": percentile(timings, 95),
            "max": max(timings),
            "queries": f"{min(query_counts)}-{max(query_counts)}",
        }
    )


def search_urls(rng, count):
    from resettle.core.languages import LANGUAGES
    from resettle.places.models import Borough
    from resettle.taxonomy.models import TaxonomyTerm

    needs = list(TaxonomyTerm.objects.needs().values_list("code", flat=True))
    boroughs = list(Borough.objects.values_list("slug", flat=True))
    words = ["housing", "work", "mental health", "women", "id", "benefits", "mentoring", "drug"]
    languages = [c for c in LANGUAGES if c != "en"]
    urls = []
    for _ in range(count):
        urls.append(
            f"/services/?q={rng.choice(words).replace(' ', '+')}&need={rng.choice(needs)}"
            f"&borough={rng.choice(boroughs)}&language={rng.choice(languages)}"
        )
    return urls


def oruk_urls(rng, count, total_pages):
    """Three kinds of ORUK /services request: plain pages, a taxonomy term, a text search."""
    from resettle.taxonomy.models import TaxonomyTerm

    term_ids = [str(t) for t in TaxonomyTerm.objects.needs().values_list("id", flat=True)]
    words = ["housing", "employment", "mental health", "benefits", "refuge", "mentoring"]
    return {
        "ORUK /services?page=N (any page)": [
            f"/oruk/services?page={rng.randint(1, max(1, total_pages))}" for _ in range(count)
        ],
        "ORUK /services?taxonomy_term_id=": [
            f"/oruk/services?taxonomy_term_id={rng.choice(term_ids)}" for _ in range(count)
        ],
        "ORUK /services?search=": [
            f"/oruk/services?search={rng.choice(words).replace(' ', '+')}&page={rng.randint(1, 5)}"
            for _ in range(count)
        ],
    }


def query_counts_by_page_size(client):
    """The same listing at 1, 10 and 200 results a page: its SQL query count must not change."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for url in ("/oruk/services?per_page={}", "/oruk/service_at_locations?per_page={}"):
        for size in (1, 10, 200):
            with CaptureQueriesContext(connection) as queries:
                client.get(url.format(size))
            counts[url.format(size)] = len(queries)
    return counts


def settle(connection):
    """Bring the tables to the state autovacuum keeps them in on a running server: statistics
    current and the visibility map set. Straight after a bulk load they are neither, and
    PostgreSQL then plans search queries ten times slower than it will an hour later."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


def ensure_directory(size, seed):
    from django.core.management import call_command

    from resettle.services.models import Service

    call_command("migrate", verbosity=0)
    have = Service.objects.count()
    if have == size:
        print(f"reusing {have:,} services")
        from django.db import connection

        settle(connection)
        return
    from resettle.demo.generator import generate_directory

    if have:
        wipe_directory()
    start = time.perf_counter()
    generate_directory(services=size, seed=seed)
    print(f"generated {size:,} services in {time.perf_counter() - start:.1f} s")
    from django.db import connection

    settle(connection)


def wipe_directory():
    """Empty the directory tables with plain DELETEs, children first (the ORM's cascade would
    load 100,000 rows into Python to do the same)."""
    from django.apps import apps
    from django.db import connection, transaction

    from resettle.organisations.models import Organisation
    from resettle.services.models import Service

    tables = [m._meta.db_table for m in apps.get_app_config("services").get_models()]
    tables += [Service.in_reach_prisons.through._meta.db_table]
    tables += [Organisation.led_by_and_for.through._meta.db_table]
    order = [
        "services_schedule",
        "services_language",
        "services_phone",
        "services_contact",
        "services_attribute",
        "services_servicearea",
        Service.in_reach_prisons.through._meta.db_table,
        "services_serviceatlocation",
        "services_location",
        "services_service",
        Organisation.led_by_and_for.through._meta.db_table,
    ]
    missing = set(tables) - set(order)
    if missing:
        raise SystemExit(f"wipe_directory does not know these tables yet: {sorted(missing)}")
    with transaction.atomic(), connection.cursor() as cursor:
        for table in order:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        cursor.execute(
            "DELETE FROM organisations_organisation WHERE id NOT IN "
            "(SELECT organisation_id FROM accounts_membership)"
        )


def bench_import(results):
    from resettle.oruk.export import export_datapackage
    from resettle.oruk.importer import import_directory
    from resettle.services.models import Service

    before = Service.objects.count()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        export_datapackage(tmp)
        exported = time.perf_counter() - start
        wipe_directory()
        start = time.perf_counter()
        report = import_directory(tmp)
        imported = time.perf_counter() - start
    if report.errors:
        raise SystemExit(f"import failed: {report.errors[:5]}")
    after = Service.objects.count()
    from django.db import connection

    settle(connection)
    results.append({"label": f"export data package ({before:,} services)", "seconds": exported})
    results.append(
        {
            "label": f"import data package into empty directory ({after:,} services)",
            "seconds": imported,
        }
    )


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument(
        "--only",
        choices=["directory", "people", "referrals"],
        default="directory",
        help="which benchmarks: the directory (default), people and casework, or referrals",
    )
    parser.add_argument("--people", type=int, default=100_000, help="with --only people")
    parser.add_argument(
        "--events", type=int, default=None, help="timeline events (default 10 a person)"
    )
    parser.add_argument(
        "--referral-events",
        type=int,
        default=None,
        help="with --only referrals: referral events (default 10 a person, 5 a referral)",
    )
    parser.add_argument(
        "--bench-services",
        type=int,
        default=2_000,
        help="directory size behind the people benchmark (its organisations hold the people)",
    )
    args = parser.parse_args(argv)
    if args.only == "people":
        from benchmarks.people import run

        return run(args)
    if args.only == "referrals":
        from benchmarks.referrals import run

        return run(args)

    url = configure_database()
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver"]
    ensure_directory(args.services, args.seed)
    rng = random.Random(args.seed)
    client = Client()
    client.get("/services/")  # warm caches and connections, as a running server would be

    results = []
    measure(client, search_urls(rng, args.requests), "search: text+need+borough+language", results)
    measure(
        client,
        ["/services/"] * 20 + [f"/services/?page={p}" for p in (2, 50, 200)],
        "search: no filters (pages 1..200)",
        results,
    )
    total_pages = args.services // 50
    for label, urls in oruk_urls(rng, args.requests, total_pages).items():
        measure(client, urls, label, results)
    counts = query_counts_by_page_size(client)
    if not args.skip_import:
        bench_import(results)

    print()
    print(
        f"database: {connection.vendor} ({url.split('@')[-1]}), services: {args.services:,}, "
        f"requests per row: {args.requests}"
    )
    print(f"{'benchmark':<60} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8}")
    for row in results:
        if "seconds" in row:
            print(f"{row['label']:<60} {'':>5} {'':>8} {'':>8} {row['seconds']:>7.1f}s")
        else:
            print(
                f"{row['label']:<60} {row['n']:>5} {row['p50']:>8.1f} {row['p95']:>8.1f} "
                f"{row['max']:>8.1f} {row['queries']:>8}"
            )
    print()
    print("SQL queries per page at 1, 10 and 200 results a page (must not grow):")
    for url, count in counts.items():
        print(f"  {url:<50} {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
