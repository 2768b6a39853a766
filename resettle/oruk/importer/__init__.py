"""Import directory data: HSDS JSON or the ORUK tabular data package (CSV + datapackage.json).

    report = import_directory(path_or_upload, actor=user, dry_run=False)

Everything is checked before anything is written; then every row is written in one
transaction, so an import either lands whole or changes nothing.
"""

from resettle.oruk.importer.action import import_directory
from resettle.oruk.importer.report import ImportReport, Problem

__all__ = ["ImportReport", "Problem", "import_directory"]
