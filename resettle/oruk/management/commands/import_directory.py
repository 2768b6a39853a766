from django.core.management.base import BaseCommand, CommandError

from resettle.oruk.importer import import_directory


class Command(BaseCommand):
    help = (
        "Import directory data: an ORUK tabular data package (a folder or .zip holding "
        "datapackage.json and CSV files) or HSDS JSON (a list of fully nested services). "
        "Everything is checked first; any error and nothing changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="a data package folder, a .zip or a .json file")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the data and report what would change, without changing anything",
        )

    def handle(self, *args, path, dry_run, **options):
        # No actor: whoever can run manage.py already holds the keys to the database.
        report = import_directory(path, actor=None, dry_run=dry_run)
        if not report.ok:
            self.stderr.write(report.as_text())
            raise CommandError(f"Import failed with {report.error_count} error(s).")
        self.stdout.write(report.as_text())
