"""Property tests: whatever is in the cells or the JSON, an import answers with a report and
either lands whole or changes nothing."""

import io
import json

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resettle.oruk.importer import ImportReport, import_directory
from resettle.oruk.tests.import_helpers import (
    RESOURCES,
    package_files,
    snapshot,
    valid_tables,
    zip_bytes,
)

pytestmark = pytest.mark.django_db

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

cell = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "-1",
            "0",
            "999999999999",
            "1e309",
            "NaN",
            "true",
            "2026-02-30",
            "25:61",
            "\x00",
            "\ud800",
            "opn",
            "MO,XX",
            "SE1 7TP",
            "not-a-uuid",
            "11111111-1111-4111-8111-111111111111",
            '"',
            "a,b",
            "\r\n",
        ]
    ),
)

json_value = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


def _import_and_check(source) -> ImportReport:
    """Import inside a savepoint that is always undone, so examples do not build on each other."""
    with transaction.atomic():
        before = snapshot()
        report = import_directory(source)
        assert isinstance(report, ImportReport)
        if not report.ok:
            assert snapshot() == before
        transaction.set_rollback(True)
    return report


@SETTINGS
@given(data=st.data())
def test_it_never_raises_or_half_writes_whatever_the_csv_cells_hold(data):
    tables = valid_tables()
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        name = data.draw(st.sampled_from(sorted(tables)))
        rows = tables[name]
        if not rows:
            continue
        row = rows[0]
        column = data.draw(st.sampled_from(sorted(row) + ["unexpected"]))
        row[column] = data.draw(cell)
    upload = io.BytesIO(zip_bytes(package_files(tables)))
    upload.name = "directory.zip"
    _import_and_check(upload)


@SETTINGS
@given(data=st.data())
def test_it_never_raises_whatever_bytes_a_file_holds(data):
    files = package_files(valid_tables())
    name = data.draw(st.sampled_from(sorted(files)))
    files[name] = data.draw(st.binary(max_size=200))
    upload = io.BytesIO(zip_bytes(files))
    upload.name = "directory.zip"
    _import_and_check(upload)


def _paths(value, path=()):
    """Every place in a JSON document a value could be swapped."""
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*path, index))


def _replace(document, path, new):
    if not path:
        return new
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return document


def _json_document():
    from resettle.oruk.tests.test_import import _json_directory

    return _json_directory()


@SETTINGS
@given(data=st.data())
def test_it_never_raises_or_half_writes_whatever_the_json_values_are(data):
    document = _json_document()
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        paths = list(_paths(document))
        path = data.draw(st.sampled_from(paths))
        document = _replace(document, path, data.draw(json_value))
    upload = io.BytesIO(json.dumps(document).encode("utf-8", "surrogatepass"))
    upload.name = "directory.json"
    _import_and_check(upload)


def test_it_imports_the_unmutated_package_so_the_properties_are_not_vacuous():
    upload = io.BytesIO(zip_bytes(package_files(valid_tables())))
    upload.name = "directory.zip"
    assert _import_and_check(upload).ok
    assert set(RESOURCES) == set(valid_tables())
