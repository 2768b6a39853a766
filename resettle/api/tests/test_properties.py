"""Whatever is thrown at the create and change endpoints, the answer is never a server error:
it is a documented success or a JSON error that matches the description."""

import json
from urllib.parse import quote

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from resettle.api.tests.conftest import referral_url, send
from resettle.api.tests.schemas import assert_valid
from resettle.referrals import actions
from resettle.testing.factories import ServiceFactory

LIST = "/api/v1/referrals/"
CHANGES = ["accept", "decline", "assign", "contact", "complete", "withdraw", "cancel"]
FIELDS = [
    "person_id",
    "service_id",
    "need_id",
    "pathway",
    "support_need",
    "desired_outcomes",
    "reason",
    "urgency",
    "shared_fields",
    "consent_override_reason",
    "worker_id",
    "detail",
    "on",
    "happened",
    "how",
    "note",
    "results",
    "version",
    "outcome_id",
    "result",
]
AWKWARD = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "\ud800",
        "\u202e",
        "x" * 6000,
        "other",
        "achieved",
        "accommodation",
        "find-accommodation",
        "contact",
        "whole_record",
        "urgent",
        "not_engaged",
        "2026-02-30",
        "0000-00-00",
        "not-a-uuid",
        "6f1c8a52-3a7e-5b1e-9c55-0d6f2e7a1b99",
        2**63,
        2**64,
        -(2**63) - 1,
        0,
        1,
        -1,
        1e308,
        True,
    ]
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | AWKWARD,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
BODIES = st.one_of(
    st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=7).map(json.dumps),
    JSON.map(json.dumps),
    st.binary(max_size=60).map(lambda raw: raw.decode("latin-1")),
    st.text(max_size=60),
)
EXPECTED = {200, 201, 400, 403, 404, 409, 415}


def _answer_is_documented(response):
    event(f"answered {response.status_code}")
    assert response.status_code in EXPECTED, (response.status_code, response.content[:300])
    body = response.json()
    if response.status_code == 201 or response.status_code == 200:
        assert_valid(body, "Referral")
    else:
        assert_valid(body, "Errors")


def _mutated(valid: dict):
    """A valid body with a few fields replaced, removed or added: close enough to get deep."""
    return st.tuples(
        st.dictionaries(st.sampled_from([*valid, *FIELDS]), JSON, max_size=2),
        st.lists(st.sampled_from(list(valid) or FIELDS), max_size=2),
    ).map(
        lambda change: json.dumps(
            {k: v for k, v in valid.items() if k not in change[1]} | change[0]
        )
    )


def _known_values(person, service, need, referral, workers):
    """Real ids mixed in, so some bodies get past the first checks."""
    return st.sampled_from(
        [
            str(person.pk),
            str(service.pk),
            str(need.pk),
            str(referral.pk),
            timezone.localdate().isoformat(),
            *[worker.pk for worker in workers],
            *list(referral.outcomes.values_list("pk", flat=True)),
        ]
    )


@pytest.mark.django_db
@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_it_never_fails_with_a_server_error_whatever_is_sent_to_create(
    api, caseworker, outsider, person, receiving_organisation, accommodation_need, referral, data
):
    # A service of its own each time, so a good body is not refused as a duplicate.
    service = ServiceFactory(organisation=receiving_organisation)
    known = _known_values(person, service, accommodation_need, referral, [caseworker])
    valid = {
        "person_id": str(person.pk),
        "service_id": str(service.pk),
        "support_need": "rent-arrears",
        "desired_outcomes": ["Arrears cleared"],
        "reason": "Arrears from before custody.",
    }
    body = data.draw(
        BODIES
        | st.dictionaries(st.sampled_from(FIELDS), JSON | known, max_size=10).map(json.dumps)
        | _mutated(valid),
        label="body",
    )
    caller = data.draw(st.sampled_from([caseworker, caseworker, outsider]), label="caller")
    response = api(caller).post(LIST, raw=body)
    _answer_is_documented(response)


def _referral_at(stage, caseworker, intake, person, receiving_organisation):
    """A new referral, moved on to `stage` through the actions."""
    made = send(caseworker, person, ServiceFactory(organisation=receiving_organisation))
    if stage in ("accepted", "contact_made", "declined"):
        if stage == "declined":
            return actions.decline(intake, made, reason="no_capacity")
        made = actions.accept(intake, made)
    if stage == "contact_made":
        made = actions.record_contact(intake, made, on=timezone.localdate(), how="phone")
    return made


@pytest.mark.django_db
@hypothesis_settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_it_never_fails_with_a_server_error_whatever_is_sent_to_a_change(
    api,
    caseworker,
    intake,
    receiving_caseworker,
    outsider,
    person,
    receiving_organisation,
    accommodation_need,
    data,
):
    stage = data.draw(
        st.sampled_from(["sent", "accepted", "contact_made", "declined"]), label="stage"
    )
    referral = _referral_at(stage, caseworker, intake, person, receiving_organisation)
    known = _known_values(
        person,
        referral.service,
        accommodation_need,
        referral,
        [intake, receiving_caseworker, caseworker],
    )
    change = data.draw(st.sampled_from(CHANGES), label="change")
    outcomes = list(referral.outcomes.values_list("pk", flat=True))
    valid = {
        "accept": {},
        "decline": {"reason": "no_capacity"},
        "assign": {"worker_id": receiving_caseworker.pk},
        "contact": {"on": timezone.localdate().isoformat(), "how": "phone"},
        "complete": {"results": [{"outcome_id": pk, "result": "achieved"} for pk in outcomes]},
        "withdraw": {"reason": "moved"},
        "cancel": {"note": "Sent in error"},
    }[change]
    body = data.draw(
        BODIES
        | st.dictionaries(st.sampled_from(FIELDS), JSON | known, max_size=6).map(json.dumps)
        | _mutated(valid)
        | st.just(json.dumps(valid)),
        label="body",
    )
    caller = data.draw(st.sampled_from([caseworker, intake, intake, outsider]), label="caller")
    url = data.draw(
        st.sampled_from([referral_url(referral, change)] * 3)
        | st.text(max_size=40).map(lambda id: f"{LIST}{quote(id, safe='')}/{change}/"),
        label="url",
    )
    response = api(caller).post(url, raw=body)
    _answer_is_documented(response)
