from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Export the directory as HSDS JSON (--format json, one file) or as an ORUK tabular data "
        "package (--format datapackage, a folder of CSV files with datapackage.json)."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", help="the .json file, or the folder for the data package")
        parser.add_argument("--format", choices=["json", "datapackage"], default="datapackage")

    def handle(self, *args, out, format, **options):
        from resettle.oruk import export

        try:
            if format == "json":
                with open(out, "w", encoding="utf-8") as stream:
                    export.export_hsds_json(stream)
            else:
                export.export_datapackage(out)
        except OSError as e:
            raise CommandError(f"Cannot write {out}: {e.strerror or e}") from e
        self.stdout.write(f"Exported the directory to {out}")
