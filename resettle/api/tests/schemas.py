"""Check JSON against the schemas in the API's own OpenAPI description."""

import functools

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from resettle.api.openapi import DESCRIPTION

BASE_URI = "https://resettle.invalid/api/v1/openapi.json"


@functools.cache
def registry() -> Registry:
    return Registry().with_resource(BASE_URI, Resource(DESCRIPTION, specification=DRAFT202012))


@functools.cache
def validator_for(name: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": f"{BASE_URI}#/components/schemas/{name}"},
        registry=registry(),
        format_checker=FormatChecker(),
    )


def assert_valid(data, name: str):
    problems = sorted(validator_for(name).iter_errors(data), key=lambda e: list(e.path))
    assert not problems, "\n".join(
        f"{'/'.join(map(str, p.absolute_path)) or '(top)'}: {p.message}" for p in problems
    )
