"""The OpenAPI 3.1 description of the referrals API, served at /api/v1/openapi.json.

Written by hand, as a Python dict, next to the code it describes. Tests check that every URL
in resettle/api/urls.py is described here and that real responses match these schemas, so
the two cannot drift apart unnoticed.
"""

import copy

from resettle.api.bodies import BIGGEST_ID
from resettle.people.models import Person
from resettle.referrals.change_forms import ContactForm
from resettle.referrals.models import (
    DeclineReason,
    DesiredOutcome,
    ReferralEvent,
    SharedField,
    Status,
    Urgency,
    WithdrawReason,
)

VERSION = "1.0.0"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict) -> dict:
    return {"oneOf": [schema, {"type": "null"}]}


def _object(properties: dict, *, required=None, description=None) -> dict:
    schema = {
        "type": "object",
        "properties": properties,
        "required": sorted(properties if required is None else required),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def _enum(choices, description=None) -> dict:
    schema = {"type": "string", "enum": [str(value) for value in choices.values]}
    if description:
        schema["description"] = description
    return schema


STRING = {"type": "string"}
UUID = {"type": "string", "format": "uuid"}
DATE = {"type": "string", "format": "date"}
DATE_TIME = {"type": "string", "format": "date-time"}
BOOLEAN = {"type": "boolean"}
ID = {"type": "integer", "minimum": 1, "maximum": BIGGEST_ID}
VERSION_FIELD = {
    "type": "integer",
    "minimum": 1,
    "description": (
        "The referral's version as you last read it. If it has changed since, nothing is "
        "changed and the answer is 409. Leave it out to change whatever the version."
    ),
}


def _text(max_length: int, description=None, *, min_length=0) -> dict:
    schema = {"type": "string", "maxLength": max_length}
    if min_length:
        schema["minLength"] = min_length
    if description:
        schema["description"] = description
    return schema


SUMMARY_PROPERTIES = {
    "id": UUID,
    "reference": {"type": "string", "description": "Short reference to read out, like R-7K3M9QX."},
    "url": {"type": "string", "description": "Where to read this referral in the API."},
    "status": _enum(Status),
    "is_open": BOOLEAN,
    "urgency": _enum(Urgency),
    "person_name": {"type": "string", "description": "The person's name, as shared."},
    "person_id": _nullable(
        UUID
        | {
            "description": (
                "The person's record. Given only to someone who can open that record: "
                "normally the referring side; otherwise null."
            )
        }
    ),
    "need": _ref("Need"),
    "service": _ref("Service"),
    "from_organisation": _ref("Organisation"),
    "to_organisation": _ref("Organisation"),
    "assigned_to": _nullable(_ref("User")),
    "sent_at": DATE_TIME,
    "answered_at": _nullable(DATE_TIME),
    "closed_at": _nullable(DATE_TIME),
    "version": {"type": "integer", "minimum": 1},
}

DETAIL_PROPERTIES = {
    "referred_by": _nullable(_ref("User")),
    "reason": {"type": "string", "description": "What the person needs from this service."},
    "desired_outcomes": {"type": "array", "items": _ref("DesiredOutcome")},
    "shared_fields": {"type": "array", "items": _enum(SharedField)},
    "shared": _ref("Shared"),
    "release_context": _object(
        {
            "in_custody": BOOLEAN,
            "prison": _nullable(_object({"code": STRING, "name": STRING})),
            "release_date": _nullable(DATE),
        },
        description="Where the person was, and when they were due out, when it was sent.",
    ),
    "lawful_basis": {
        "type": "string",
        "enum": ["consent", "override"],
        "description": "Sent with the person's consent, or without it for a recorded reason.",
    },
    "consent_override_reason": _nullable(
        STRING | {"description": "Why it was sent without consent: the referring side only."}
    ),
    "decline_reason": _nullable(_enum(DeclineReason)),
    "withdraw_reason": _nullable(_enum(WithdrawReason)),
    "reason_detail": STRING,
    "closing_note": STRING,
    "first_contact_on": _nullable(DATE),
    "first_contact_before_release": _nullable(BOOLEAN),
    "parent_id": _nullable(
        UUID | {"description": "The referral this was referred on from, if you can see it."}
    ),
    "chain_root_id": _nullable(
        UUID | {"description": "The first referral of an onward chain, if you can see it."}
    ),
    "actions": {
        "type": "array",
        "items": {
            "type": "string",
            "enum": ["accept", "decline", "assign", "contact", "complete", "withdraw", "cancel"],
        },
        "description": "The changes you may make now, each a POST to url + the change + '/'.",
    },
    "events": {"type": "array", "items": _ref("Event")},
}

SCHEMAS = {
    "Error": _object(
        {
            "field": _nullable(
                STRING
                | {
                    "description": (
                        "The field or query parameter at fault, like reason or "
                        "results[0].result; null when it is about the request as a whole."
                    )
                }
            ),
            "message": {"type": "string", "description": "What is wrong, in plain English."},
        }
    ),
    "Errors": _object({"errors": {"type": "array", "items": _ref("Error"), "minItems": 1}}),
    "Organisation": _object({"id": UUID, "name": STRING}),
    "User": _object({"id": ID, "name": STRING}),
    "Service": _object({"id": UUID, "name": STRING}),
    "Need": _object(
        {
            "id": _nullable(
                UUID | {"description": "The need in the person's record: as person_id, or null."}
            ),
            "name": STRING,
            "pathway": {"type": "string", "description": "The resettlement pathway's code."},
            "support_need": _nullable(STRING | {"description": "The support need's code."}),
        }
    ),
    "DesiredOutcome": _object(
        {
            "id": ID,
            "description": STRING,
            "result": _nullable(_enum(DesiredOutcome.Result)),
        }
    ),
    "Shared": _object(
        {
            "name": STRING,
            "date_of_birth": DATE,
            "sex": _enum(Person.Sex),
            "contact": _object({"phone": STRING, "email": STRING, "address": STRING}),
            "prison_number": STRING,
            "pnc_id": STRING,
            "language": _object(
                {
                    "preferred": STRING,
                    "interpreter_needed": BOOLEAN,
                    "communication_needs": {"type": "array", "items": STRING},
                    "notes": STRING,
                }
            ),
            "needs": {
                "type": "array",
                "items": _object({"need": STRING, "status": STRING}),
            },
            "plan": {
                "type": "array",
                "items": _object(
                    {
                        "goal": STRING,
                        "steps": {
                            "type": "array",
                            "items": _object(
                                {"what": STRING, "who": STRING, "due_on": _nullable(DATE)}
                            ),
                        },
                    }
                ),
            },
        },
        required=["name"],
        description=(
            "What the referrer chose to share about the person, copied when the referral was "
            "sent (later changes to their record do not show here). The name always; each "
            "other part only if it is in shared_fields."
        ),
    ),
    "Event": _object(
        {
            "kind": _enum(ReferralEvent.Kind),
            "status": _enum(Status, "The referral's status after this event."),
            "at": DATE_TIME,
            "actor": _nullable(STRING | {"description": "Who, by name; null for the system."}),
            "organisation": _nullable(_ref("Organisation")),
            "reason": STRING,
            "note": STRING,
            "contact": _nullable(
                _object(
                    {
                        "on": DATE,
                        "how": STRING,
                        "first": BOOLEAN,
                        "happened": BOOLEAN,
                    },
                    description="For contact events: when, how, and whether it happened.",
                )
            ),
            "working_days_waiting": _nullable(
                {
                    "type": "integer",
                    "description": "For reminders and escalations: working days unanswered.",
                }
            ),
        }
    ),
    "ReferralSummary": _object(SUMMARY_PROPERTIES),
    "Referral": _object(SUMMARY_PROPERTIES | DETAIL_PROPERTIES),
    "ReferralList": _object(
        {
            "referrals": {"type": "array", "items": _ref("ReferralSummary")},
            "next_cursor": _nullable(
                STRING | {"description": "Pass as ?after= for the next page; null at the end."}
            ),
            "next": _nullable(STRING | {"description": "The next page's address, or null."}),
        }
    ),
    # --- Request bodies --------------------------------------------------------------------
    "CreateReferral": _object(
        {
            "person_id": UUID | {"description": "Someone whose casework you do."},
            "service_id": UUID | {"description": "A service in the directory."},
            "need_id": UUID | {"description": "A need in the person's record. Or give pathway."},
            "pathway": _text(100, "A resettlement pathway's code, like accommodation."),
            "support_need": _text(
                100, "A support need's code, like find-accommodation (implies its pathway)."
            ),
            "desired_outcomes": {
                "type": "array",
                "items": _text(300, min_length=1),
                "minItems": 1,
                "maxItems": 10,
                "description": "What the person hopes this referral achieves.",
            },
            "reason": _text(5000, "What the person needs from this service.", min_length=1),
            "urgency": _enum(Urgency, "Routine if left out."),
            "shared_fields": {
                "type": "array",
                "items": _enum(SharedField),
                "maxItems": 20,
                "description": (
                    "What the receiving organisation may see beyond the name, need, outcomes, "
                    "urgency and release context. whole_record needs the person's consent to "
                    "share their record."
                ),
            },
            "consent_override_reason": _text(
                2000,
                "Needed only if the person has not consented to this referral and no other "
                "lawful basis is recorded: why you must refer without it. It is audited.",
            ),
        },
        required=["person_id", "service_id", "desired_outcomes", "reason"],
        description="Give need_id, or pathway and/or support_need.",
    ),
    "Accept": _object(
        {
            "worker_id": ID | {"description": "Assign it at once to this casework colleague."},
            "version": VERSION_FIELD,
        },
        required=[],
    ),
    "Decline": _object(
        {
            "reason": _enum(DeclineReason),
            "detail": _text(2000, "Required when the reason is other."),
            "version": VERSION_FIELD,
        },
        required=["reason"],
    ),
    "Assign": _object(
        {
            "worker_id": ID | {"description": "A casework colleague at your organisation."},
            "version": VERSION_FIELD,
        },
        required=["worker_id"],
    ),
    "Contact": _object(
        {
            "on": DATE | {"description": "The day: today or earlier, not before it was sent."},
            "happened": {
                "type": "boolean",
                "default": True,
                "description": "false for a planned contact that did not happen.",
            },
            "how": {
                "type": "string",
                "enum": [code for code, _label in ContactForm.HOW_CHOICES],
                "description": "How it was made or planned.",
            },
            "note": _text(2000),
            "version": VERSION_FIELD,
        },
        required=["on", "how"],
    ),
    "Complete": _object(
        {
            "results": {
                "type": "array",
                "items": _object(
                    {"outcome_id": ID, "result": _enum(DesiredOutcome.Result)},
                ),
                "maxItems": 10,
                "description": "A result for each desired outcome, by its id.",
            },
            "note": _text(2000),
            "version": VERSION_FIELD,
        },
        required=["results"],
    ),
    "Withdraw": _object(
        {
            "reason": _enum(WithdrawReason),
            "detail": _text(2000, "Required when the reason is other."),
            "version": VERSION_FIELD,
        },
        required=["reason"],
    ),
    "Cancel": _object({"note": _text(2000), "version": VERSION_FIELD}, required=[]),
}


def _error_response(description: str, **extra) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": _ref("Errors")}},
        **extra,
    }


RESPONSES = {
    "BadRequest": _error_response(
        "Bad input: each error names the field at fault and says what is wrong."
    ),
    "Unauthorised": _error_response(
        "Not signed in, or no valid API token.",
        headers={
            "WWW-Authenticate": {
                "schema": {"type": "string"},
                "description": 'Bearer realm="Resettle API"',
            }
        },
    ),
    "Forbidden": _error_response(
        "You may see this referral but not make this change (it is the other side's to "
        "make), or a session call without its CSRF token."
    ),
    "NotFound": _error_response(
        "No referral you may see has this id (one that exists but is not yours to see "
        "answers the same)."
    ),
    "Conflict": _error_response(
        "The referral's status does not allow this change (say, accepting one already "
        "declined), or it has changed since the version you gave."
    ),
    "UnsupportedMediaType": _error_response("The body must be JSON (application/json)."),
}

REFERRAL_ID = {
    "name": "referral_id",
    "in": "path",
    "required": True,
    "schema": UUID,
    "description": "The referral's id.",
}


def _json_body(schema_name: str, *, required=True) -> dict:
    return {
        "required": required,
        "content": {"application/json": {"schema": _ref(schema_name)}},
    }


def _ok(description: str, schema_name: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": _ref(schema_name)}},
    }


ERROR_RESPONSES = {
    "400": "BadRequest",
    "401": "Unauthorised",
    "403": "Forbidden",
    "404": "NotFound",
    "409": "Conflict",
    "415": "UnsupportedMediaType",
}


def _errors(*codes: str) -> dict:
    return {code: {"$ref": f"#/components/responses/{ERROR_RESPONSES[code]}"} for code in codes}


CHANGE_OPERATIONS = {
    "accept": (
        "Accept",
        "Accept a referral sent to your organisation",
        "The receiving side, from sent. Optionally assign a worker at the same time.",
        False,
    ),
    "decline": (
        "Decline",
        "Decline a referral sent to your organisation, with a coded reason",
        "The receiving side, from sent.",
        True,
    ),
    "assign": (
        "Assign",
        "Assign a referral to a casework colleague",
        "The receiving side, while the referral is open.",
        True,
    ),
    "contact": (
        "Contact",
        "Record a contact (or one that did not happen)",
        "The receiving side, once accepted. The first contact that happens moves it to "
        "contact_made, recording whether it came before release; later ones to in_progress.",
        True,
    ),
    "complete": (
        "Complete",
        "Complete a referral, with a result for each desired outcome",
        "The receiving side, once contact is made.",
        True,
    ),
    "withdraw": (
        "Withdraw",
        "Withdraw a referral, with a coded reason",
        "Either side, once accepted.",
        True,
    ),
    "cancel": (
        "Cancel",
        "Cancel a referral you sent",
        "The referring side, before work has started (sent or accepted).",
        False,
    ),
}


def _paths() -> dict:
    paths = {
        "/api/v1/referrals/": {
            "get": {
                "operationId": "listReferrals",
                "summary": "Referrals your organisations sent or received, newest first",
                "description": (
                    "Pages of at most `limit` referrals; follow `next` (or pass "
                    "`next_cursor` as `after`) for the next. Lists are not audited as "
                    "reads of each person; reading one referral is."
                ),
                "parameters": [
                    {
                        "name": "box",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["received", "sent"]},
                        "description": "Received by, or sent by, your organisations.",
                    },
                    {"name": "status", "in": "query", "schema": _enum(Status)},
                    {
                        "name": "open",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["true", "false"]},
                        "description": "Only open (true) or closed (false) referrals.",
                    },
                    {
                        "name": "after",
                        "in": "query",
                        "schema": {"type": "string"},
                        "description": "The next_cursor of the page before.",
                    },
                    {
                        "name": "limit",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 50},
                    },
                ],
                "responses": {
                    "200": _ok("A page of referrals.", "ReferralList"),
                    **_errors("400", "401"),
                },
            },
            "post": {
                "operationId": "createReferral",
                "summary": "Refer someone whose casework you do to a service",
                "description": (
                    "Needs the person's consent to be referred to the service's organisation, "
                    "or another recorded lawful basis, or a consent_override_reason. The "
                    "receiving organisation sees only the name, the need, the outcomes, the "
                    "urgency, the release context and what shared_fields shares."
                ),
                "requestBody": _json_body("CreateReferral"),
                "responses": {
                    "201": {
                        "description": "Sent. Location is the new referral's address.",
                        "headers": {"Location": {"schema": {"type": "string"}}},
                        "content": {"application/json": {"schema": _ref("Referral")}},
                    },
                    **_errors("400", "401", "403", "415"),
                },
            },
        },
        "/api/v1/referrals/{referral_id}/": {
            "get": {
                "operationId": "getReferral",
                "summary": "One referral, with its history",
                "description": (
                    "Each read is recorded in the person's audit trail, as reading the "
                    "referral's page is."
                ),
                "parameters": [REFERRAL_ID],
                "responses": {"200": _ok("The referral.", "Referral"), **_errors("401", "404")},
            }
        },
        "/api/v1/openapi.json": {
            "get": {
                "operationId": "getOpenApi",
                "summary": "This description",
                "security": [],
                "responses": {
                    "200": {
                        "description": "The OpenAPI 3.1 description of this API.",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        },
    }
    for change, (schema, summary, description, body_required) in CHANGE_OPERATIONS.items():
        paths[f"/api/v1/referrals/{{referral_id}}/{change}/"] = {
            "post": {
                "operationId": f"{change}Referral",
                "summary": summary,
                "description": description,
                "parameters": [REFERRAL_ID],
                "requestBody": _json_body(schema, required=body_required),
                "responses": {
                    "200": _ok("Done: the referral as it is now.", "Referral"),
                    **_errors("400", "401", "403", "404", "409", "415"),
                },
            }
        }
    return paths


DESCRIPTION = {
    "openapi": "3.1.0",
    "info": {
        "title": "Resettle referrals API",
        "version": VERSION,
        "description": (
            "Closed-loop referrals between organisations supporting people leaving prison: "
            "send one, see where it stands, and answer and work ones sent to you.\n\n"
            "Authenticate with a personal API token (`Authorization: Bearer rsk_...`; make one "
            "at /api/tokens/ or with `manage.py create_api_token`), or from this site's own "
            "pages with the session cookie and the CSRF token in `X-CSRFToken`. A token acts "
            "as its owner, with exactly their permissions: you see referrals sent by or to "
            "organisations where you do casework, and each side makes only its own changes.\n\n"
            'Every error is `{"errors": [{"field": ..., "message": ...}]}`.'
        ),
    },
    "paths": _paths(),
    "components": {
        "schemas": SCHEMAS,
        "responses": RESPONSES,
        "securitySchemes": {
            "bearerAuth": {
                "type": "http",
                "scheme": "bearer",
                "description": "A personal API token, shown once when it is made.",
            },
            "session": {
                "type": "apiKey",
                "in": "cookie",
                "name": "sessionid",
                "description": (
                    "Signed in to this site (with two-factor, for staff). Writes also need "
                    "the CSRF token in the X-CSRFToken header."
                ),
            },
        },
    },
    "security": [{"bearerAuth": []}, {"session": []}],
}


def document(server_url: str) -> dict:
    described = copy.deepcopy(DESCRIPTION)
    described["servers"] = [{"url": server_url}]
    return described
