"""manage.py demo_logins: who to sign in as, with the demo password."""

from django.conf import settings
from django.core.management.base import BaseCommand

from resettle.accounts.models import Membership
from resettle.demo.demo_users import DEMO_LOGINS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the demo sign-ins: email, role, organisation and the shared password."

    def handle(self, *args, **options):
        # Only the published sign-ins: the generated staff behind the caseloads are demo users
        # too, but have no password.
        memberships = list(
            Membership.objects.filter(
                user__is_demo=True, user__email__in=[login.email for login in DEMO_LOGINS]
            ).select_related("user", "organisation")
        )
        # The order DEMO_LOGINS lists them in: manager first, then the other roles.
        position = {login.email: i for i, login in enumerate(DEMO_LOGINS)}
        memberships.sort(key=lambda m: (position.get(m.user.email, len(position)), m.user.email))
        if not memberships:
            self.stdout.write("No demo users yet. Run `manage.py load_demo_data` first.")
            return
        rows = [("Email", "Role", "Organisation")]
        rows += [
            (m.user.email, str(m.get_role_display()), m.organisation.name) for m in memberships
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for position, row in enumerate(rows):
            line = "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row))
            self.stdout.write(line.rstrip())
            if position == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
        self.stdout.write("")
        self.stdout.write(f"Password for every demo user: {DEMO_PASSWORD}")
        if settings.DEMO_RELAX_TWO_FACTOR:
            self.stdout.write(
                "Two-factor is relaxed for demo users (DEMO_RELAX_TWO_FACTOR is on): they sign "
                "in with the password alone."
            )
        else:
            self.stdout.write(
                "Two-factor is required: set DEMO_RELAX_TWO_FACTOR=true (never in production) "
                "to let demo users sign in with the password alone."
            )
