import logging

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from resettle.audit.log import record
from resettle.oruk.importer.reading import Unreadable, read_source
from resettle.oruk.importer.report import ImportReport
from resettle.oruk.importer.validate import validate
from resettle.oruk.importer.writing import write

logger = logging.getLogger(__name__)


def can_import(actor) -> bool:
    """Only administrators change the directory wholesale; None is the command-line operator."""
    return actor is None or (actor.is_authenticated and actor.is_administrator)


def import_directory(source, actor=None, dry_run=False) -> ImportReport:
    """Check `source` fully, then write all of it in one transaction, or nothing.

    `source` is a path (a data package folder, a .zip or a .json file) or an uploaded file.
    With dry_run the writes run and are rolled back, so the report's counts are exact.
    """
    if not can_import(actor):
        raise PermissionDenied
    report = ImportReport(dry_run=dry_run)
    try:
        tables = read_source(source, report)
    except Unreadable:
        return report
    plan = validate(tables, report)
    if report.errors:
        return report
    try:
        with transaction.atomic():
            write(plan, tables, report)
            if not dry_run:
                record(
                    actor,
                    "directory.imported",
                    summary=_("Imported directory data: %(summary)s")
                    % {"summary": _summary(report)},
                    changes={
                        "created": report.created,
                        "updated": report.updated,
                        "deleted": report.deleted,
                    },
                )
            else:
                transaction.set_rollback(True)
    except DatabaseError as e:
        # Checks should have caught everything; if the database still refuses (say a term code
        # clashing with one already there), nothing is kept and the administrator is told.
        logger.warning("Directory import refused by the database: %s", e)
        report.created.clear()
        report.updated.clear()
        report.deleted.clear()
        report.error(
            "",
            None,
            "",
            _("The database refused the import, so nothing was changed: %(reason)s")
            % {"reason": str(e).splitlines()[0] if str(e) else e.__class__.__name__},
        )
    return report


def _summary(report) -> str:
    parts = [
        f"{table} +{created} ~{updated} -{deleted}"
        for table, created, updated, deleted in report.table_counts()
        if created or updated or deleted
    ]
    return ", ".join(parts) or "no changes"
