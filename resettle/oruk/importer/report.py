"""What an import found and did: counts per table, and every problem with where it is."""

from dataclasses import dataclass, field

# Past this many errors the rest are counted, not listed: nobody reads the 5,000th.
ERROR_CAP = 200
WARNING_CAP = 200


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth knowing) about the data, and exactly where it is.

    `row` is the spreadsheet row in a CSV file (the header is row 1) or a path such as
    `[3].schedules[0]` in a JSON file; `field` is the column or key.
    """

    file: str
    row: str | int | None
    field: str
    message: str

    def __str__(self):
        where = [self.file] if self.file else []
        if self.row not in (None, ""):
            where.append(f"row {self.row}")
        if self.field:
            where.append(f"field {self.field}")
        return f"{', '.join(where)}: {self.message}" if where else self.message

    def as_dict(self):
        return {"file": self.file, "row": self.row, "field": self.field, "message": self.message}


@dataclass
class ImportReport:
    dry_run: bool = False
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    errors_not_listed: int = 0
    warnings_not_listed: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.errors_not_listed

    def error(self, file, row, field_name, message):
        if len(self.errors) < ERROR_CAP:
            self.errors.append(Problem(file, row, field_name, message))
        else:
            self.errors_not_listed += 1

    def warn(self, file, row, field_name, message):
        if len(self.warnings) < WARNING_CAP:
            self.warnings.append(Problem(file, row, field_name, message))
        else:
            self.warnings_not_listed += 1

    @property
    def too_many_errors(self) -> bool:
        return self.errors_not_listed > 0

    def table_counts(self):
        """(table, created, updated, deleted) for every table the import touched."""
        tables = sorted(set(self.created) | set(self.updated) | set(self.deleted))
        return [
            (t, self.created.get(t, 0), self.updated.get(t, 0), self.deleted.get(t, 0))
            for t in tables
        ]

    def as_text(self) -> str:
        lines = []
        if self.errors:
            lines.append(f"{self.error_count} error(s); nothing was changed:")
            lines.extend(f"  {p}" for p in self.errors)
            if self.errors_not_listed:
                lines.append(f"  … and {self.errors_not_listed} more")
        else:
            verb = "Would change" if self.dry_run else "Imported"
            lines.append(f"{verb} (created / updated / deleted):")
            for table, created, updated, deleted in self.table_counts():
                lines.append(f"  {table}: {created} / {updated} / {deleted}")
            if self.dry_run:
                lines.append("Check only: nothing was changed.")
        if self.warnings:
            lines.append(f"{len(self.warnings) + self.warnings_not_listed} warning(s):")
            lines.extend(f"  {p}" for p in self.warnings)
        return "\n".join(lines)
