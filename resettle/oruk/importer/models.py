"""Which of our models holds each HSDS table, and the HSDS key -> model foreign key names."""

from resettle.organisations.models import Organisation
from resettle.services.models import (
    Attribute,
    Contact,
    Language,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from resettle.taxonomy.models import Taxonomy, TaxonomyTerm

MODELS = {
    "organizations": Organisation,
    "services": Service,
    "locations": Location,
    "service_at_locations": ServiceAtLocation,
    "schedules": Schedule,
    "service_areas": ServiceArea,
    "languages": Language,
    "phones": Phone,
    "contacts": Contact,
    "taxonomies": Taxonomy,
    "taxonomy_terms": TaxonomyTerm,
    "attributes": Attribute,
}

# HSDS key -> our foreign key column, per table.
FOREIGN_KEYS = {
    "services": {"organization_id": "organisation_id"},
    "locations": {"organization_id": "organisation_id"},
    "service_at_locations": {"service_id": "service_id", "location_id": "location_id"},
    "schedules": {"service_id": "service_id", "service_at_location_id": "service_at_location_id"},
    "service_areas": {"service_id": "service_id"},
    "languages": {"service_id": "service_id", "location_id": "location_id"},
    "phones": {
        "service_id": "service_id",
        "organization_id": "organisation_id",
        "location_id": "location_id",
    },
    "contacts": {"service_id": "service_id", "organization_id": "organisation_id"},
    "taxonomy_terms": {"parent_id": "parent_id", "taxonomy_id": "taxonomy_id"},
    "attributes": {"link_id": "service_id", "taxonomy_term_id": "taxonomy_term_id"},
}

# Values the checker derives (not read straight from one field) that land on the model.
DERIVED = {
    "services": ["last_reviewed", "fees_description", "accepting_referrals"],
    "organizations": ["charity_number", "company_number"],
    "locations": [
        "address_1",
        "address_2",
        "city",
        "region",
        "postal_code",
        "country",
        "accessibility",
        "borough_id",
    ],
    "service_areas": ["scope", "borough_id"],
    "attributes": ["link_type"],
}

# Child tables an import replaces wholesale for the parents it contains: table -> (parent
# table, our foreign key). A schedule under a service at a location goes with that too.
REPLACED_CHILDREN = {
    "attributes": [("services", "service_id")],
    "languages": [("services", "service_id"), ("locations", "location_id")],
    "phones": [
        ("services", "service_id"),
        ("organizations", "organisation_id"),
        ("locations", "location_id"),
    ],
    "contacts": [("services", "service_id"), ("organizations", "organisation_id")],
    "service_areas": [("services", "service_id")],
    "schedules": [("services", "service_id"), ("services", "service_at_location__service_id")],
    "service_at_locations": [("services", "service_id")],
}
