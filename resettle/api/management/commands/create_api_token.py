"""Make a personal API token for someone: `manage.py create_api_token <email> <name>`."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from resettle.accounts.models import User
from resettle.api import actions


class Command(BaseCommand):
    help = (
        "Make an API token for an account and print it. It acts as that person in the JSON "
        "API, with their permissions. The token is shown once and never stored: pass it on "
        "safely."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("name", help="What will use the token, e.g. 'Case system sync'.")

    def handle(self, *args, **options):
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None:
            raise CommandError(f"No account has the email address {options['email']}.")
        try:
            token, secret = actions.create_token(None, user, options["name"])
        except ValidationError as refused:
            raise CommandError(" ".join(refused.messages)) from None
        self.stderr.write(
            f"Made the token '{token.name}' for {user.email}. It is shown once, below; keep it "
            "as safe as a password."
        )
        self.stdout.write(secret)
