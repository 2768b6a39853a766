"""Turn what was given (a folder, a .zip, a .json file or an upload) into flat table rows.

Both formats end up the same shape: for each HSDS table, a list of (row, {field: raw value})
with `row` saying where it came from, so one validator serves CSV and JSON alike.
"""

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from resettle.oruk.importer.fields import RESOURCE_NAMES, TABLES

# A .zip may claim any size once unpacked; refuse ones that would swamp memory.
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
# Very long cells are almost always a broken file (an unclosed quote swallowing the rest).
csv.field_size_limit(10 * 1024 * 1024)


@dataclass
class RawTable:
    file: str
    rows: list = field(default_factory=list)
    # CSV columns present; None for JSON, where a missing key means "empty".
    columns: set | None = None
    # The file could not be read at all (already reported): references to it are not checked.
    broken: bool = False


class Unreadable(Exception):
    """The source as a whole cannot be read; the problems are already in the report."""


def read_source(source, report) -> dict[str, RawTable]:
    """Read a path or an uploaded file. Problems go into `report`; tables come back."""
    if isinstance(source, str | Path):
        path = Path(source)
        if path.is_dir():
            return _read_package(_DirectoryFiles(path), report)
        try:
            data = path.read_bytes()
        except OSError as e:
            report.error(
                path.name, None, "", _("cannot be read: %(reason)s") % {"reason": e.strerror or e}
            )
            raise Unreadable from e
        name = path.name
    else:
        name = Path(getattr(source, "name", "") or "upload").name
        data = source.read()
    if data.startswith(b"PK\x03\x04") or name.lower().endswith(".zip"):
        return _read_package(_ZipFiles(name, data, report), report)
    return _read_json(name, data, report)


# ---- Data packages -------------------------------------------------------------------------


class _DirectoryFiles:
    def __init__(self, root: Path):
        self.root = root.resolve()
        self.label = ""

    def read(self, relative: str) -> bytes | None:
        try:
            path = (self.root / relative).resolve()
            if not path.is_relative_to(self.root) or not path.is_file():
                return None
            return path.read_bytes()
        except (OSError, ValueError):
            return None

    def names(self):
        return sorted(
            p.relative_to(self.root).as_posix() for p in self.root.rglob("*") if p.is_file()
        )


class _ZipFiles:
    def __init__(self, name, data, report):
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, ValueError, OSError) as e:
            report.error(name, None, "", _("is not a readable .zip file"))
            raise Unreadable from e
        if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
            report.error(name, None, "", _("unpacks to more than 1 GB, which is too large"))
            raise Unreadable
        # datapackage.json may sit at the top or inside one folder (zipping a folder does that).
        packages = sorted(
            (i.filename for i in infos if PurePosixPath(i.filename).name == "datapackage.json"),
            key=lambda n: n.count("/"),
        )
        self.prefix = packages[0][: -len("datapackage.json")] if packages else ""
        self.members = {i.filename: i for i in infos if not i.is_dir()}
        self.label = name

    def read(self, relative: str) -> bytes | None:
        info = self.members.get(self.prefix + relative)
        if info is None:
            return None
        try:
            return self.zip.read(info)
        except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError, EOFError):
            return None

    def names(self):
        return sorted(n[len(self.prefix) :] for n in self.members if n.startswith(self.prefix))


def _read_package(files, report) -> dict[str, RawTable]:
    raw = files.read("datapackage.json")
    if raw is None:
        report.error(
            "datapackage.json",
            None,
            "",
            _("is missing: a data package needs a datapackage.json listing its CSV files"),
        )
        raise Unreadable
    descriptor = _parse_json("datapackage.json", raw, report)
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list):
        report.error("datapackage.json", None, "resources", _("must be a list of CSV files"))
        raise Unreadable

    tables: dict[str, RawTable] = {}
    listed = set()
    for index, resource in enumerate(resources):
        where = f"resources[{index}]"
        if not isinstance(resource, dict):
            report.error("datapackage.json", where, "", _("must be an object"))
            continue
        path = resource.get("path")
        if isinstance(path, list) and len(path) == 1:
            path = path[0]
        if not isinstance(path, str) or not path or ".." in path or path.startswith("/"):
            report.error(
                "datapackage.json", where, "path", _("must name a CSV file in the package")
            )
            continue
        listed.add(path)
        name = resource.get("name")
        stem = PurePosixPath(path).stem
        table = RESOURCE_NAMES.get(name if isinstance(name, str) else "") or RESOURCE_NAMES.get(
            stem
        )
        if table is None:
            data = files.read(path) or b""
            if len([line for line in data.splitlines() if line.strip()]) > 1:
                report.warn(path, None, "", _("is not a table Resettle imports, so it was skipped"))
            continue
        if table in tables:
            report.error(
                path,
                None,
                "",
                _("is a second %(table)s table; there can be only one") % {"table": table},
            )
            continue
        data = files.read(path)
        if data is None:
            report.error(
                path, None, "", _("is listed in datapackage.json but is not in the package")
            )
            continue
        parsed = _read_csv(path, data, table, report)
        tables[table] = parsed or RawTable(file=path, columns=set(), broken=True)
    for name in files.names():
        if name.lower().endswith(".csv") and name not in listed:
            report.warn(name, None, "", _("is not listed in datapackage.json, so it was skipped"))
    return tables


def _read_csv(name, data: bytes, table, report) -> RawTable | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        row = data[: e.start].count(b"\n") + 1
        report.error(
            name, row, "", _("is not UTF-8 text: save the file as CSV UTF-8 and try again")
        )
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    result = RawTable(file=name)
    try:
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            report.error(name, 1, "", _("is empty: the first row must name the columns"))
            return None
        header = [h.strip() for h in header]
        known = TABLES[table].fields
        seen = set()
        for column in header:
            if column in seen:
                report.error(name, 1, column, _("is a column name used twice"))
                return None
            seen.add(column)
        result.columns = seen
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header):
                report.error(
                    name,
                    number,
                    "",
                    _("has %(values)s values but there are only %(columns)s columns")
                    % {"values": len(cells), "columns": len(header)},
                )
                continue
            result.rows.append((number, dict(zip(header, cells, strict=False))))
    except csv.Error as e:
        report.error(name, reader.line_num, "", _("is not valid CSV: %(reason)s") % {"reason": e})
        return None
    # Columns of the standard we do not keep are worth a word only when they hold something.
    for column in header:
        if column not in known:
            filled = next((n for n, values in result.rows if values.get(column, "").strip()), None)
            if filled is not None:
                report.warn(
                    name, filled, column, "is not a column Resettle imports, so it was ignored"
                )
    return result


# ---- HSDS JSON -----------------------------------------------------------------------------


def _parse_json(name, data: bytes, report):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        report.error(name, None, "", _("is not UTF-8 text"))
        raise Unreadable from e
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        report.error(
            name,
            None,
            "",
            _("is not valid JSON: %(reason)s (line %(line)s, column %(column)s)")
            % {"reason": e.msg, "line": e.lineno, "column": e.colno},
        )
        raise Unreadable from e
    except (ValueError, RecursionError) as e:
        report.error(name, None, "", _("is not valid JSON: it is nested or sized beyond reason"))
        raise Unreadable from e


def _read_json(name, data: bytes, report) -> dict[str, RawTable]:
    document = _parse_json(name, data, report)
    extras = {}
    if isinstance(document, list):
        services = document
    elif isinstance(document, dict) and isinstance(document.get("services"), list):
        services = document["services"]
        extras = {k: document.get(k) for k in ("organizations", "taxonomies", "taxonomy_terms")}
    elif isinstance(document, dict) and isinstance(document.get("contents"), list):
        services = document["contents"]  # one page of the ORUK API's /services
    elif isinstance(document, dict) and "id" in document and "name" in document:
        services = [document]
    else:
        report.error(
            name,
            None,
            "",
            _('must be a list of services, or an object with a list of them under "services"'),
        )
        raise Unreadable
    flattener = _Flattener(name, report)
    flattener.collection(services, "services", "", {})
    for key, rows in extras.items():
        if rows is not None:
            flattener.collection(rows, key, key, {})
    return flattener.tables


class _Flattener:
    """Walks nested HSDS JSON, filling parent keys the nesting implies, into flat tables."""

    def __init__(self, name, report):
        self.name = name
        self.report = report
        self.tables: dict[str, RawTable] = {}
        self.warned = set()

    def collection(self, items, table, path, implied):
        if not isinstance(items, list):
            self.report.error(self.name, path or None, "", _("must be a list"))
            return
        for index, item in enumerate(items):
            self.record(item, table, f"{path}[{index}]", implied)

    def record(self, item, table_name, path, implied):
        if not isinstance(item, dict):
            self.report.error(self.name, path, "", _("must be an object"))
            return None
        table = TABLES[table_name]
        values = {}
        for key, value in item.items():
            if key in table.fields:
                values[key] = value
            elif (
                key not in table.children
                and key not in table.objects
                and (table_name, key) not in self.warned
            ):
                self.warned.add((table_name, key))
                self.report.warn(
                    self.name,
                    path,
                    key,
                    _("is not a %(table)s field Resettle imports") % {"table": table_name},
                )
        session = table_name == "schedules" and values.get("service_at_location_id")
        for key, value in implied.items():
            # A service lists its sessions' schedules too; those belong to the session only.
            if session and key == "service_id":
                continue
            if values.get(key) in (None, ""):
                values[key] = value
        # Nested single objects (a service's organization) are rows of their own.
        for key, (child_table, pointer) in table.objects.items():
            child = item.get(key)
            if child is None:
                continue
            child_id = self.record(child, child_table, f"{path}.{key}", {})
            if child_id is not None and values.get(pointer) in (None, ""):
                values[pointer] = child_id
        raw = self.tables.setdefault(table_name, RawTable(file=self.name))
        raw.rows.append((path, values))
        own_id = item.get("id")
        for key, (child_table, pointer) in table.children.items():
            children = item.get(key)
            if children is None:
                continue
            child_implied = {pointer: own_id}
            if table_name == "organizations" and child_table == "attributes":
                child_implied["link_entity"] = "organization"
            if table_name == "contacts" and child_table == "phones":
                for inherited in ("service_id", "organization_id"):
                    if values.get(inherited) not in (None, ""):
                        child_implied[inherited] = values[inherited]
            self.collection(children, child_table, f"{path}.{key}", child_implied)
        return own_id
