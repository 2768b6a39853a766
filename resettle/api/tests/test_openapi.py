"""The OpenAPI description says what the API does: every URL is in it, its schemas are sound
JSON Schema, and real answers (and the bodies the tests send) match them."""

import re

import pytest
from django.utils import timezone
from jsonschema import Draft202012Validator
from referencing.exceptions import Unresolvable

from resettle.api import urls
from resettle.api.openapi import DESCRIPTION
from resettle.api.tests.conftest import referral_url, send
from resettle.api.tests.schemas import assert_valid, validator_for
from resettle.testing.factories import ServiceFactory, add_need

LIST = "/api/v1/referrals/"
# The token pages are HTML pages for people, not part of the JSON API.
PAGES = {"tokens", "token_revoke"}


def _template(route: str) -> str:
    return "/api/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def test_it_describes_every_url_of_the_api_with_its_methods():
    described = DESCRIPTION["paths"]
    found = set()
    for pattern in urls.urlpatterns:
        if pattern.name is None or pattern.name in PAGES:
            continue
        path = _template(str(pattern.pattern))
        assert path in described, f"{pattern.name} ({path}) is not in the OpenAPI description"
        methods = {method.lower() for method in pattern.callback.api_methods}
        assert set(described[path]) == methods, path
        found.add(path)
    assert found == set(described), "the description has paths the API does not"


def test_it_gives_every_operation_an_id_and_its_error_answers():
    ids = []
    for path, operations in DESCRIPTION["paths"].items():
        for method, operation in operations.items():
            ids.append(operation["operationId"])
            if path != "/api/v1/openapi.json":
                assert "401" in operation["responses"], (path, method)
            if "{referral_id}" in path:
                assert "404" in operation["responses"], (path, method)
    assert len(ids) == len(set(ids))


def test_its_schemas_are_sound_json_schema_and_every_reference_resolves():
    for name, schema in DESCRIPTION["components"]["schemas"].items():
        Draft202012Validator.check_schema(schema)
        try:
            validator_for(name).is_valid({})
        except Unresolvable as problem:
            pytest.fail(f"{name}: {problem}")

    def refs(node):
        if isinstance(node, dict):
            if "$ref" in node:
                yield node["$ref"]
            for value in node.values():
                yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    for ref in refs(DESCRIPTION):
        section, kind, name = ref.removeprefix("#/").split("/")
        assert name in DESCRIPTION[section][kind], ref


def test_it_serves_the_description_it_holds(client, db):
    served = client.get("/api/v1/openapi.json").json()
    assert served == DESCRIPTION | {"servers": [{"url": "http://testserver"}]}


def _response_schema(path, method, status):
    response = DESCRIPTION["paths"][path][method]["responses"][str(status)]
    if "$ref" in response:
        response = DESCRIPTION["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    return response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]


def _request_schema(path):
    body = DESCRIPTION["paths"][path]["post"]["requestBody"]
    return body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]


def check(response, path, method, status):
    """The answer has the status documented for it and matches the documented schema."""
    assert response.status_code == status, response.content
    assert_valid(response.json(), _response_schema(path, method, status))
    return response.json()


def test_real_answers_match_the_description(
    api,
    client,
    caseworker,
    intake,
    receiving_caseworker,
    outsider,
    person,
    service,
    receiving_organisation,
):
    from resettle.plans.models import Goal, Step

    goal = Goal.objects.create(person=person, in_their_words="Get my own flat")
    Step.objects.create(goal=goal, what="Fill in the housing form", who="Me")
    add_need(person, "debt-advice")
    referrer, receiver = api(caseworker), api(intake)
    one = "/api/v1/referrals/{referral_id}/"
    body = {
        "person_id": str(person.pk),
        "service_id": str(service.pk),
        "support_need": "find-accommodation",
        "desired_outcomes": ["A settled home"],
        "reason": "Nowhere to live on release.",
        "shared_fields": [
            "date_of_birth",
            "contact",
            "prison_number",
            "language",
            "needs",
            "plan",
        ],
    }
    assert_valid(body, "CreateReferral")
    created = check(referrer.post(LIST, body), LIST, "post", 201)
    assert created["shared"]["plan"][0]["steps"][0]["what"] == "Fill in the housing form"
    assert created["shared"]["needs"]
    referral_id = created["id"]
    url = f"{LIST}{referral_id}/"
    check(referrer.post(LIST, body), LIST, "post", 400)  # a second open one to the same service
    check(referrer.post(LIST, {"reason": 1}), LIST, "post", 400)
    check(referrer.post(LIST, raw="x", content_type="text/plain"), LIST, "post", 415)
    check(client.get(LIST), LIST, "get", 401)
    check(referrer.get(LIST), LIST, "get", 200)
    check(referrer.get(LIST, {"limit": "x"}), LIST, "get", 400)
    check(receiver.get(LIST, {"box": "received", "limit": "1"}), LIST, "get", 200)
    check(referrer.get(url), one, "get", 200)
    check(receiver.get(url), one, "get", 200)
    check(api(outsider).get(url), one, "get", 404)

    def change(name, client, payload, status):
        assert_valid(payload, _request_schema(one + name + "/"))
        return check(client.post(f"{url}{name}/", payload), one + name + "/", "post", status)

    change("cancel", receiver, {}, 403)
    change("accept", receiver, {"worker_id": intake.pk}, 200)
    change("accept", receiver, {}, 409)
    change("assign", receiver, {"worker_id": receiving_caseworker.pk, "version": 2}, 200)
    change("assign", receiver, {"worker_id": intake.pk, "version": 1}, 409)
    today = timezone.localdate().isoformat()
    change("contact", receiver, {"on": today, "happened": False, "how": "phone"}, 200)
    after = change(
        "contact", receiver, {"on": today, "how": "in_person", "note": "At the gate"}, 200
    )
    results = [
        {"outcome_id": outcome["id"], "result": "achieved"} for outcome in after["desired_outcomes"]
    ]
    change("complete", receiver, {"results": results, "note": "Housed"}, 200)
    change("withdraw", referrer, {"reason": "moved"}, 409)
    change("decline", receiver, {"reason": "duplicate"}, 409)

    second = send(caseworker, person, ServiceFactory(organisation=receiving_organisation))
    url = referral_url(second)
    change("decline", receiver, {"reason": "other", "detail": "Closed for refurbishment"}, 200)
    third = send(caseworker, person, ServiceFactory(organisation=receiving_organisation))
    url = referral_url(third)
    change("accept", receiver, {}, 200)
    change("withdraw", receiver, {"reason": "not_engaged"}, 200)
    fourth = send(caseworker, person, ServiceFactory(organisation=receiving_organisation))
    url = referral_url(fourth)
    change("cancel", referrer, {"note": "Sent in error"}, 200)
    assert check(referrer.get(url), one, "get", 200)["status"] == "cancelled"
