"""Create a staff account for an operator: `manage.py create_user EMAIL ORGANISATION ROLE`."""

import getpass
import os
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from resettle.accounts import actions
from resettle.accounts.models import Role
from resettle.audit.log import record
from resettle.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Create an account with one role at one organisation. The password comes from "
        "--password, the RESETTLE_NEW_PASSWORD environment variable, or a prompt."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("organisation", help="The organisation's exact name.")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument(
            "--password",
            help="Avoid on shared machines: it is visible in the process list and history.",
        )
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--create-organisation",
            action="store_true",
            help="Create the organisation if no organisation has that name.",
        )
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Mark as a demo account (may skip two-factor when DEMO_RELAX_TWO_FACTOR is on).",
        )

    def handle(self, *args, **options):
        organisation = self._organisation(options["organisation"], options["create_organisation"])
        password = options["password"] or os.environ.get("RESETTLE_NEW_PASSWORD") or ""
        if not password:
            if not sys.stdin.isatty():
                raise CommandError("Give a password with --password or RESETTLE_NEW_PASSWORD.")
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords do not match.")
        try:
            user = actions.create_user(
                email=options["email"],
                password=password,
                organisation=organisation,
                role=options["role"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                is_demo=options["demo"],
            )
        except ValidationError as error:
            raise CommandError(
                "The password is not strong enough: " + " ".join(error.messages)
            ) from error
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {user.email} as {Role(options['role']).label} at {organisation.name}."
            )
        )

    def _organisation(self, name: str, create: bool) -> Organisation:
        matches = list(Organisation.objects.filter(name__iexact=name.strip())[:2])
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise CommandError(f"More than one organisation is called {name!r}.")
        if not create:
            raise CommandError(
                f"No organisation is called {name!r}. Check the name, or add "
                "--create-organisation to create it."
            )
        with transaction.atomic():
            organisation = Organisation.objects.create(name=name.strip())
            record(
                None,
                "organisation.created",
                organisation,
                organisation=organisation,
                summary="Created by an operator with the create_user command.",
            )
        return organisation
