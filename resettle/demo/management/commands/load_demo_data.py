"""manage.py load_demo_data [--services N] [--people N] [--events N] [--referral-events N]
[--seed S] [--reset]"""

from django.core.management.base import BaseCommand, CommandError

from resettle.demo.loading import load_demo_data


class Command(BaseCommand):
    help = (
        "Load a fictional London directory, people leaving prison with their casework, and "
        "demo sign-ins. Does nothing if demo data is already loaded, unless --reset."
    )

    def add_arguments(self, parser):
        parser.add_argument("--services", type=int, default=600, help="how many services")
        parser.add_argument(
            "--people", type=int, default=2000, help="how many people (default 2,000)"
        )
        parser.add_argument(
            "--events",
            type=int,
            default=None,
            help="timeline events in all, roughly (default: about 25 a person)",
        )
        parser.add_argument(
            "--referral-events",
            type=int,
            default=None,
            help="referral events in all, roughly, about 5 a referral (default: about 5 a person)",
        )
        parser.add_argument("--seed", type=int, default=2026, help="same seed, same data")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="delete the demo directory and demo users first, then load again",
        )

    def handle(self, *args, services, people, events, seed, reset, referral_events, **options):
        if services < 1:
            raise CommandError("--services must be 1 or more.")
        if people < 0:
            raise CommandError("--people must be 0 or more.")
        if events is not None and events < 0:
            raise CommandError("--events must be 0 or more.")
        if referral_events is not None and referral_events < 0:
            raise CommandError("--referral-events must be 0 or more.")
        verbose = options.get("verbosity", 1) > 1

        def progress(done, result):
            if verbose:
                self.stdout.write(f"  {done:,} people, {result.events:,} events")

        outcome = load_demo_data(
            services=services,
            people=people,
            events=events,
            seed=seed,
            reset=reset,
            progress=progress,
            referral_events=referral_events,
        )
        if not outcome.loaded:
            previous = outcome.previous
            if previous.finished_at is None:
                self.stdout.write(
                    "A previous demo load did not finish. Run with --reset to clear it and "
                    "load again."
                )
            else:
                self.stdout.write(
                    f"Demo data is already loaded ({previous.services:,} services, seed "
                    f"{previous.seed}, {previous.finished_at:%d %B %Y %H:%M}). Nothing to do; "
                    "use --reset to replace it."
                )
            return
        r = outcome.result
        self.stdout.write(
            self.style.SUCCESS(
                f"Made {r.organisations:,} organisations ({r.community_led:,} community-led), "
                f"{r.services:,} services in {len(r.boroughs_covered)} boroughs, "
                f"{r.locations:,} locations ({r.confidential_locations:,} confidential), "
                f"{r.schedules:,} schedules, {r.languages:,} languages, "
                f"{r.in_reach:,} prison in-reach links and {outcome.users} demo users "
                f"in {outcome.seconds:.1f} seconds."
            )
        )
        p = outcome.people
        if p is not None:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Made {p.people:,} people ({p.in_custody:,} in custody) allocated across "
                    f"{p.organisations:,} organisations with {p.staff:,} generated staff: "
                    f"{p.needs:,} needs, {p.goals:,} goals, {p.notes:,} case notes, "
                    f"{p.appointments:,} appointments, {p.movements:,} custody movements and "
                    f"{p.events:,} timeline events."
                )
            )
        referrals = outcome.referrals
        if referrals is not None:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Made {referrals.referrals:,} referrals ({referrals.onward:,} onward) with "
                    f"{referrals.events:,} referral events, {referrals.outcomes:,} desired "
                    f"outcomes and {referrals.timeline_events:,} timeline events."
                )
            )
        self.stdout.write("Run `manage.py demo_logins` to see how to sign in.")
