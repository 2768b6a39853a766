from django.core.management.base import BaseCommand
from django.db import transaction

from resettle.caseloads.entries import refresh_all


class Command(BaseCommand):
    help = (
        "Rebuild every caseload entry (the copy of list fields on each involvement) from the "
        "people and their needs. Run after loading data other than through Resettle's actions."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            updated = refresh_all()
        self.stdout.write(f"Refreshed {updated} caseload entries.")
