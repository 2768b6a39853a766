"""The ORUK JSON schemas, loaded from the standard's local copy so nothing is fetched.

`validator_for(name)` checks a document against one schema ("compiled/service.json",
"taxonomy.json", ...); `page_validator_for(item)` checks a Page whose contents are `item`s,
as the OpenAPI description defines. The tests here prove the checker itself is sound: the
standard's own examples pass and broken documents fail.
"""

import functools
import json

import pytest
from django.conf import settings
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

STANDARD = settings.BASE_DIR / "resettle" / "oruk" / "standard"
SCHEMA_DIR = STANDARD / "schema"
# The address the OpenAPI description uses for the schemas; local files stand in for it.
BASE_URI = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"


@functools.cache
def registry() -> Registry:
    resources = []
    for path in sorted(SCHEMA_DIR.rglob("*.json")):
        relative = path.relative_to(SCHEMA_DIR).as_posix()
        contents = json.loads(path.read_text())
        resources.append((BASE_URI + relative, Resource(contents, specification=DRAFT202012)))
    openapi = json.loads((SCHEMA_DIR / "openapi.json").read_text())
    page = openapi["components"]["schemas"]["Page"]
    resources.append((BASE_URI + "page.json", Resource(page, specification=DRAFT202012)))
    return Registry().with_resources(resources)


def validator_for(name: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": BASE_URI + name}, registry=registry(), format_checker=FormatChecker()
    )


def page_validator_for(item: str) -> Draft202012Validator:
    schema = {
        "allOf": [{"$ref": BASE_URI + "page.json"}],
        "required": [
            "total_items",
            "total_pages",
            "page_number",
            "size",
            "first_page",
            "last_page",
            "empty",
            "contents",
        ],
        "properties": {"contents": {"type": "array", "items": {"$ref": BASE_URI + item}}},
    }
    return Draft202012Validator(schema, registry=registry(), format_checker=FormatChecker())


def assert_valid(validator, document):
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def test_it_accepts_the_standards_own_examples():
    examples = STANDARD / "examples"
    assert_valid(
        validator_for("compiled/service.json"),
        json.loads((examples / "service_full.json").read_text()),
    )
    assert_valid(
        page_validator_for("compiled/service_list.json"),
        json.loads((examples / "service_list.json").read_text()),
    )
    assert_valid(
        validator_for("taxonomy_term.json"),
        json.loads((examples / "taxonomy_term.json").read_text()),
    )


@pytest.mark.parametrize(
    "document",
    [
        {"id": "not-a-uuid", "name": "x", "status": "active"},
        {"id": "ac148810-d857-441c-9679-408f346de14b", "name": "x", "status": "closed"},
        {"id": "ac148810-d857-441c-9679-408f346de14b", "status": "active"},
        {
            "id": "ac148810-d857-441c-9679-408f346de14b",
            "name": "x",
            "status": "active",
            "service_at_locations": [
                {"id": "e94c9f38-1e8f-4564-91d4-d53501ab1765", "location": {"id": "x"}}
            ],
        },
    ],
)
def test_it_rejects_documents_that_break_the_schema(document):
    assert list(validator_for("compiled/service.json").iter_errors(document))


def test_it_resolves_references_between_schemas_locally():
    # taxonomy.json refers to taxonomy_term.json by a relative address: a bad term must fail.
    bad = {
        "id": "5c4d79d7-cc55-470e-9f1f-8cad074e4892",
        "name": "n",
        "description": "d",
        "taxonomy_terms": [{"id": "5c4d79d7-cc55-470e-9f1f-8cad074e4892", "name": "no desc"}],
    }
    assert list(validator_for("taxonomy.json").iter_errors(bad))
