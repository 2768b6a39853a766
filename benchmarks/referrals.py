"""Referral benchmarks: a receiving organisation's inbox, the sent list, a referral's page and
a person's referrals, with ten million referral events.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python -m benchmarks.run \\
        --only referrals --people 1000000 --events 10000000 --referral-events 10000000
    python -m benchmarks.run --only referrals --people 20000 --referral-events 200000  # SQLite

The people are the casework benchmark's (benchmarks/people.py: the demo generator's people in
their own database, reused when it holds the asked-for sizes); the referrals are the demo
referral generator's (resettle/demo/referrals.py), added to that database and reused while it
holds within 3% of the asked-for number of referral events, else wiped and made again.

Pages are measured in-process through Django's whole request stack: the five inbox tabs of
the organisation receiving the most referrals, signed in as one of its intake workers (the
demo intake sign-in when it works there), a page of the closed tab far back (keyset paging
from a cursor 100,000 referrals deep), that organisation's sent list, a referral's page for
200 of its referrals, and the referrals tab of the person with the most referrals.
"""

import random
import time

from benchmarks.people import _count, configure_database, ensure_people, signed_in_client
from benchmarks.run import measure, settle

# Within this share of the asked-for referral events, the referrals already loaded are reused.
TOLERANCE = 0.03


def ensure_referrals(people, events, seed):
    """Generate the referrals unless about this many are there already. Returns the seconds
    taken (generating, caseload entries, VACUUM ANALYZE), or None when reused."""
    from django.db import connection

    from resettle.demo.loading import refresh_caseload_entries
    from resettle.demo.referrals import generate_referrals, wipe_referrals
    from resettle.referrals.models import ReferralEvent

    have = ReferralEvent.objects.count()
    if have and abs(have - events) <= TOLERANCE * max(events, 1):
        print(f"reusing {have:,} referral events")
        return None
    started = time.perf_counter()
    if have:
        wipe_referrals()
        print(f"  wiped {have:,} referral events in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()

    def progress(done, result):
        if done % 100_000 == 0 or done == people:
            elapsed = time.perf_counter() - started
            print(
                f"  {done:,} people, {result.referrals:,} referrals, {result.events:,} events, "
                f"{elapsed:.0f} s",
                flush=True,
            )

    result = generate_referrals(people=people, events=events, seed=seed, progress=progress)
    generated = time.perf_counter() - started
    start = time.perf_counter()
    # Accepting a whole-record referral opens an involvement, and a provider's first contact
    # moves the person's last contact: the caseload entries follow both.
    refresh_caseload_entries()
    entries = time.perf_counter() - start
    start = time.perf_counter()
    settle(connection)
    settled = time.perf_counter() - start
    print(
        f"generated {result.referrals:,} referrals ({result.onward:,} onward), "
        f"{result.events:,} referral events, {result.outcomes:,} desired outcomes, "
        f"{result.timeline_events:,} timeline lines, {result.consents:,} consents, "
        f"{result.involvements:,} involvements ({result.rows:,} rows) in {generated:.0f} s; "
        f"caseload entries {entries:.0f} s, VACUUM ANALYZE {settled:.0f} s"
    )
    print("statuses: " + ", ".join(f"{k} {v:,}" for k, v in result.statuses.most_common()))
    return generated, entries, settled


def _largest_inbox():
    """The organisation receiving the most referrals, and who reads its inbox: the demo intake
    sign-in when it works there, else its intake worker (or manager) with most assigned."""
    from django.db.models import Count

    from resettle.accounts.models import Membership, Role, User
    from resettle.referrals.models import Referral

    top = (
        Referral.objects.order_by()
        .values("to_organisation")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    organisation = top["to_organisation"]
    members = Membership.objects.filter(
        organisation_id=organisation, role__in=[Role.INTAKE, Role.MANAGER]
    ).order_by("user__email")
    demo = members.filter(user__email="intake@demo.resettle.example").first()
    if demo is not None:
        return organisation, demo.user, top["n"]
    busiest = (
        Referral.objects.filter(
            to_organisation_id=organisation, assigned_to__in=members.values("user")
        )
        .order_by()
        .values("assigned_to")
        .annotate(n=Count("id"))
        .order_by("-n", "assigned_to")
        .first()
    )
    user = User.objects.get(pk=busiest["assigned_to"]) if busiest else members.first().user
    return organisation, user, top["n"]


def _deep_cursor(organisation, depth):
    """The keyset cursor of the closed tab `depth` referrals back (or as deep as it goes)."""
    from resettle.referrals import queries
    from resettle.referrals.models import Referral

    closed = Referral.objects.filter(to_organisation_id=organisation, is_open=False)
    total = closed.count()
    at = min(depth, max(0, total - 30))
    referral = closed.order_by("-sent_at", "-id").only("id", "sent_at")[at]
    return queries.cursor_for(referral), at


def _most_referred():
    """The person with the most referrals among those still allocated (an ended allocation
    takes the record out of the caseworker's sight), and a caseworker at that organisation."""
    from django.db.models import Count

    from resettle.people.models import CASEWORK_ROLES, Involvement
    from resettle.referrals.models import Referral

    allocated = Involvement.objects.filter(kind=Involvement.Kind.ALLOCATED, ended_on__isnull=True)
    top = (
        Referral.objects.filter(person_id__in=allocated.values("person_id"))
        .order_by()
        .values("person")
        .annotate(n=Count("id"))
        .order_by("-n", "person")
        .first()
    )
    person = top["person"]
    involvement = allocated.get(person_id=person)
    worker = involvement.worker
    if worker is None:
        from resettle.accounts.models import User

        worker = User.objects.filter(
            memberships__organisation=involvement.organisation,
            memberships__role__in=CASEWORK_ROLES,
        ).first()
    return person, worker, top["n"]


def run(args):
    """Called by benchmarks.run with --only referrals."""
    url = configure_database()
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.urls import reverse

    from resettle.referrals.models import Referral

    settings.ALLOWED_HOSTS = ["testserver"]
    events = args.events if args.events is not None else args.people * 10
    referral_events = args.referral_events if args.referral_events is not None else args.people * 10
    people_timing = ensure_people(
        args.people, events, args.bench_services, args.seed, referral_events=referral_events
    )
    timing = ensure_referrals(args.people, referral_events, args.seed)

    organisation, reader, received = _largest_inbox()
    person, person_worker, person_referrals = _most_referred()
    cursor, depth = _deep_cursor(organisation, 100_000)
    inbox = reverse("referrals:inbox")
    org = f"organisation={organisation}"
    sample = list(
        Referral.objects.filter(to_organisation_id=organisation)
        .order_by("-sent_at")
        .values_list("pk", flat=True)[:5_000]
    )
    rng = random.Random(args.seed)
    details = [reverse("referrals:detail", args=[rng.choice(sample)]) for _ in range(args.requests)]
    open_count = Referral.objects.filter(to_organisation_id=organisation, is_open=True).count()
    mine = Referral.objects.filter(assigned_to=reader, is_open=True).count()
    unassigned = Referral.objects.filter(
        to_organisation_id=organisation, is_open=True, assigned_to__isnull=True
    ).count()
    sent = Referral.objects.filter(from_organisation_id=organisation).count()

    clients = {"reader": signed_in_client(reader), "worker": signed_in_client(person_worker)}
    for client in clients.values():
        client.get("/")  # warm caches and the connection, as a running server would be

    n = args.requests
    pages = [
        ("referrals:inbox, unassigned", "reader", [f"{inbox}?{org}&tab=unassigned"] * n),
        ("referrals:inbox, mine", "reader", [f"{inbox}?{org}&tab=mine"] * n),
        ("referrals:inbox, open", "reader", [f"{inbox}?{org}&tab=open"] * n),
        ("referrals:inbox, completed", "reader", [f"{inbox}?{org}&tab=completed"] * n),
        ("referrals:inbox, closed", "reader", [f"{inbox}?{org}&tab=closed"] * n),
        (
            f"referrals:inbox, closed, {depth:,} back",
            "reader",
            [f"{inbox}?{org}&tab=closed&before={cursor}"] * n,
        ),
        ("referrals:sent, open", "reader", [f"{reverse('referrals:sent')}?{org}&tab=open"] * n),
        (
            "referrals:sent, closed",
            "reader",
            [f"{reverse('referrals:sent')}?{org}&tab=closed"] * n,
        ),
        ("referrals:detail (200 referrals)", "reader", details),
        (
            "person_referrals:list (most referrals)",
            "worker",
            [reverse("person_referrals:list", args=[person])] * n,
        ),
    ]
    results, failures = [], []
    for label, who, urls in pages:
        try:
            measure(clients[who], urls, label, results)
        except (SystemExit, Exception) as failed:  # noqa: BLE001
            # A page that fails is reported, and the others are still measured.
            failures.append(f"{label}: answered {failed!r}"[:300])

    print()
    print(
        f"database: {connection.vendor} ({url.split('@')[-1]}), referrals: "
        f"{_count('referrals_referral', connection):,}, referral events: "
        f"{_count('referrals_referralevent', connection):,}, timeline events: "
        f"{_count('timeline_event', connection):,}, requests per row: {args.requests}"
    )
    if people_timing:
        print(f"people load: {people_timing[0]:.0f} s, VACUUM ANALYZE: {people_timing[1]:.0f} s")
    if timing:
        print(
            f"referrals load: {timing[0]:.0f} s, caseload entries: {timing[1]:.0f} s, "
            f"VACUUM ANALYZE: {timing[2]:.0f} s"
        )
    print(
        f"inbox of the organisation receiving most ({received:,} referrals, {open_count:,} "
        f"open, {unassigned:,} unassigned, {sent:,} sent), read by {reader.email} "
        f"({mine:,} open assigned to them); person with most referrals: {person_referrals}"
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
