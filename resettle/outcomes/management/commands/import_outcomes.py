from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from resettle.accounts.models import User
from resettle.organisations.models import Organisation
from resettle.outcomes.importing import import_outcomes


class Command(BaseCommand):
    help = (
        "Import outcomes from a CSV file (prison_number or pnc_id, kind, date and any details) "
        "for an organisation, as one of its managers. Every row is checked first; any problem "
        "and nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file")
        parser.add_argument("--organisation", required=True, help="the organisation's id")
        parser.add_argument(
            "--user", required=True, help="email of the manager the import is recorded as"
        )

    def handle(self, *args, file, organisation, user, **options):
        try:
            content = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        try:
            organisation = Organisation.objects.get(pk=organisation)
        except (Organisation.DoesNotExist, ValidationError, ValueError):
            raise CommandError(f"No organisation has the id {organisation}.") from None
        actor = User.objects.filter(email__iexact=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"No active user has the email {user}.")
        try:
            report = import_outcomes(actor, organisation, content)
        except PermissionDenied:
            raise CommandError(f"{user} does not manage {organisation.name}.") from None
        if not report.ok:
            self.stderr.write(report.as_text())
            raise CommandError(f"Import failed with {report.problem_count} problem(s).")
        self.stdout.write(report.as_text())
