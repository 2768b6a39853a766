"""Remove someone's authenticator app so they set up a new one: `manage.py reset_two_factor`."""

from django.core.management.base import BaseCommand, CommandError

from resettle.accounts import actions
from resettle.accounts.models import User


class Command(BaseCommand):
    help = (
        "Remove the authenticator app from an account (for a lost or replaced phone). The "
        "person sets up a new one the next time they sign in. Check who is asking first."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--reason",
            required=True,
            help="Why, and how you checked who asked; kept in the audit log.",
        )

    def handle(self, *args, **options):
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None:
            raise CommandError(f"No account has the email address {options['email']}.")
        if not actions.reset_two_factor(user, reason=options["reason"]):
            raise CommandError(f"{user.email} has no authenticator app to remove.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Removed the authenticator app from {user.email}. They will set up a new one "
                "at their next sign-in."
            )
        )
