"""Check every row before anything is written, and turn the rows into model values.

All problems are collected (up to the report's cap), not just the first, so an administrator
can fix a file in one pass. Lookups against the database are batched: one query per table per
few thousand ids, never one per row.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from resettle.core import postcodes
from resettle.core.languages import LANGUAGES, language_name
from resettle.oruk.importer.fields import TABLES, Invalid
from resettle.oruk.importer.reading import RawTable

CHUNK = 2000

CHARITY_SCHEME = "GB-CHC"
COMPANY_SCHEME = "GB-COH"
LED_BY_AND_FOR = "led_by_and_for"
GSS_URI_PREFIX = "https://statistics.data.gov.uk/id/statistical-geography/"
LONDON_NAMES = {"london", "all of london", "greater london"}
NATIONAL_NAMES = {"national", "all of england and wales", "england and wales", "england", "uk"}
_LANGUAGE_CODES = {name.lower(): code for code, name in LANGUAGES.items()}


@dataclass
class Row:
    file: str
    row: object
    values: dict


@dataclass
class Plan:
    """Clean rows by table and id, and which model fields the source actually provided."""

    rows: dict[str, dict] = field(default_factory=dict)
    provided: dict[str, set] = field(default_factory=dict)
    # HSDS keys each table's source gave (CSV columns; JSON keys, extensions only if seen).
    given: dict[str, set] = field(default_factory=dict)
    present: set = field(default_factory=set)
    # Many-to-many links: service id -> prison ids; organisation id -> taxonomy term ids.
    in_reach: dict = field(default_factory=dict)
    led_by: dict = field(default_factory=lambda: defaultdict(list))


def validate(tables: dict[str, RawTable], report) -> Plan:
    plan = Plan(present=set(tables))
    for name, raw in tables.items():
        fields = TABLES[name].fields
        if raw.columns is None:
            seen = {key for _where, values in raw.rows for key in values}
            given = {k for k, f in fields.items() if not f.extension or k in seen}
        else:
            given = set(raw.columns) & set(fields)
        plan.given[name] = given
        plan.provided[name] = {fields[k].attr for k in given if fields[k].attr}
        plan.rows[name] = _convert_table(name, raw, report)
    checker = _Checker(plan, tables, report)
    checker.run()
    return plan


def _convert_table(name, raw: RawTable, report) -> dict:
    table = TABLES[name]
    by_id = {}
    specs = list(table.fields.items())
    if raw.columns is not None:
        # A CSV's absent columns are reported once, not once per row, and then not visited.
        for key, spec in specs:
            if spec.required and key not in raw.columns and raw.rows:
                report.error(raw.file, 1, key, _("is a required column, but the file has none"))
        specs = [(key, spec) for key, spec in specs if key in raw.columns]
    for where, values in raw.rows:
        clean = {}
        for key, spec in specs:
            value = values.get(key)
            if value is None or value == "" or (isinstance(value, str) and not value.strip()):
                if spec.required:
                    report.error(raw.file, where, key, _("is required but is empty"))
                clean[key] = None
                continue
            try:
                clean[key] = spec.convert(value)
            except Invalid as e:
                report.error(raw.file, where, key, str(e))
                clean[key] = None
        row_id = clean.get("id")
        if row_id is None:
            continue
        first = by_id.get(row_id)
        if first is None:
            by_id[row_id] = Row(raw.file, where, clean)
        elif raw.columns is not None or first.values != clean:
            # In nested JSON one location may appear under many services; that is fine as
            # long as every copy says the same thing.
            report.error(
                raw.file,
                where,
                "id",
                (
                    _("%(id)s is used again (first at row %(row)s) with different values")
                    if raw.columns is None
                    else _("%(id)s is used again (first at row %(row)s)")
                )
                % {"id": row_id, "row": first.row},
            )
    return by_id


class _Checker:
    def __init__(self, plan: Plan, tables, report):
        self.plan = plan
        self.tables = tables
        self.report = report
        self._existing: dict[str, set] = {}

    def rows(self, table) -> dict:
        return self.plan.rows.get(table, {})

    def error(self, row: Row, key, message):
        self.report.error(row.file, row.row, key, message)

    def run(self):
        self.check_references()
        self.check_organisations()
        self.check_services()
        self.check_locations()
        self.check_schedules()
        self.check_service_areas()
        self.check_languages()
        self.check_phones_and_contacts()
        self.check_terms()
        self.check_attributes()
        self.check_service_at_locations()

    # ---- references ------------------------------------------------------------------------

    def exists(self, table, ids) -> set:
        """Which of `ids` exist in this import or already in the directory."""
        from resettle.oruk.importer.models import MODELS

        if table in self.tables and self.tables[table].broken:
            return set(ids)  # its file is already reported; do not repeat that for each row

        in_import = self.rows(table)
        missing = {i for i in ids if i not in in_import}
        known = self._existing.setdefault(table, set())
        to_ask = list(missing - known)
        model = MODELS[table]
        for start in range(0, len(to_ask), CHUNK):
            chunk = to_ask[start : start + CHUNK]
            known.update(model.objects.filter(pk__in=chunk).values_list("pk", flat=True))
        return (set(ids) & set(in_import)) | (missing & known)

    def check_references(self):
        for name in self.plan.rows:
            table = TABLES[name]
            for key, target in table.references.items():
                wanted = {r.values[key] for r in self.rows(name).values() if r.values.get(key)}
                found = self.exists(target, wanted)
                for row in self.rows(name).values():
                    value = row.values.get(key)
                    if value is not None and value not in found:
                        self.error(
                            row,
                            key,
                            _(
                                "refers to %(table)s %(id)s, which is not in this import or "
                                "the directory"
                            )
                            % {"table": target.replace("_", " "), "id": value},
                        )
                        row.values[key] = None

    # ---- organisations ---------------------------------------------------------------------

    def check_organisations(self):
        identifiers = defaultdict(dict)
        for row in self.rows("organization_identifiers").values():
            v = row.values
            scheme = (v.get("identifier_scheme") or "").strip().upper()
            kind = (v.get("identifier_type") or "").lower()
            if scheme == CHARITY_SCHEME or (not scheme and "charity" in kind):
                target = "charity_number"
            elif scheme == COMPANY_SCHEME or (not scheme and "company" in kind):
                target = "company_number"
            else:
                self.report.warn(
                    row.file,
                    row.row,
                    "identifier_scheme",
                    _(
                        "%(scheme)s is not a scheme Resettle keeps (only %(kept)s), so it was "
                        "skipped"
                    )
                    % {"scheme": scheme or "?", "kept": f"{CHARITY_SCHEME}, {COMPANY_SCHEME}"},
                )
                continue
            if v.get("organization_id") and v.get("identifier"):
                identifiers[v["organization_id"]][target] = v["identifier"].strip()
        if "organization_identifiers" in self.plan.present:
            self.plan.provided["organizations"] |= {"charity_number", "company_number"}
        for org_id, row in self.rows("organizations").items():
            found = identifiers.get(org_id, {})
            row.values["charity_number"] = found.get("charity_number", "")
            row.values["company_number"] = found.get("company_number", "")

    # ---- services --------------------------------------------------------------------------

    def prisons(self):
        if not hasattr(self, "_prisons"):
            from resettle.places.models import Prison

            self._prisons = dict(Prison.objects.values_list("code", "pk"))
        return self._prisons

    def check_services(self):
        given = self.plan.given.get("services", set())
        provided = self.plan.provided.get("services", set())
        for attr, keys in (
            ("last_reviewed", {"last_reviewed", "assured_date"}),
            ("fees_description", {"fees_description", "fees"}),
            ("accepting_referrals", {"accepting_referrals", "alert"}),
        ):
            if given & keys:
                provided.add(attr)
        # In-reach prisons come as a list on the service or as service areas of type prison.
        replace_in_reach = "in_reach_prisons" in given or "service_areas" in self.plan.present
        for service_id, row in self.rows("services").items():
            v = row.values
            low, high = v.get("minimum_age"), v.get("maximum_age")
            if low is not None and high is not None and low > high:
                self.error(
                    row,
                    "maximum_age",
                    _("%(high)s is less than the minimum age %(low)s") % {"high": high, "low": low},
                )
            v["last_reviewed"] = v.get("last_reviewed") or v.get("assured_date")
            v["fees_description"] = v.get("fees_description") or v.get("fees") or ""
            if v.get("accepting_referrals") is None:
                alert = (v.get("alert") or "").lower()
                v["accepting_referrals"] = not alert.startswith("not taking new referrals")
            codes = v.get("in_reach_prisons") or []
            unknown = [c for c in codes if c.upper() not in self.prisons()]
            if unknown:
                self.error(
                    row,
                    "in_reach_prisons",
                    _("%(codes)s is not a prison code Resettle knows (like BXI)")
                    % {"codes": ", ".join(unknown[:5])},
                )
            if replace_in_reach:
                self.plan.in_reach[service_id] = [
                    self.prisons()[c.upper()] for c in codes if c.upper() in self.prisons()
                ]

    # ---- locations, addresses, boroughs ----------------------------------------------------

    def boroughs(self):
        if not hasattr(self, "_boroughs"):
            from resettle.places.models import Borough, PostcodeDistrict

            self._boroughs = {}
            for pk, gss, name in Borough.objects.values_list("pk", "gss_code", "name"):
                self._boroughs[gss.lower()] = pk
                self._boroughs[name.lower()] = pk
            self._districts = dict(PostcodeDistrict.objects.values_list("code", "borough_id"))
        return self._boroughs

    def names_of(self, borough_id) -> set:
        return {key for key, pk in self.boroughs().items() if pk == borough_id}

    def borough_named(self, text):
        return self.boroughs().get(text.strip().lower()) if text else None

    def check_locations(self):
        locations = self.rows("locations")
        addresses = defaultdict(list)
        for row in self.rows("addresses").values():
            if row.values.get("location_id") in locations:
                addresses[row.values["location_id"]].append(row)
        access = defaultdict(list)
        for row in self.rows("accessibility").values():
            if row.values.get("location_id") in locations:
                access[row.values["location_id"]].append(row)
        has_addresses = "addresses" in self.plan.present
        if has_addresses:
            self.plan.provided["locations"] |= {
                "address_1",
                "address_2",
                "city",
                "region",
                "postal_code",
                "country",
            }
        if "accessibility" in self.plan.present:
            self.plan.provided["locations"].add("accessibility")
        borough_given = self.tables.get("locations") is not None and (
            self.tables["locations"].columns is None
            or "borough" in self.tables["locations"].columns
        )
        if has_addresses or borough_given:
            self.plan.provided["locations"].add("borough_id")

        for location_id, row in locations.items():
            v = row.values
            chosen = sorted(
                addresses.get(location_id, []),
                key=lambda a: a.values.get("address_type") not in (None, "physical"),
            )
            for extra in chosen[1:]:
                self.report.warn(
                    extra.file,
                    extra.row,
                    "location_id",
                    _("a location keeps one address; this one was skipped"),
                )
            district = None
            address = chosen[0].values if chosen else {}
            for attr in ("address_1", "address_2", "city", "region"):
                v[attr] = address.get(attr) or ""
            country = (address.get("country") or "GB").strip().upper()
            v["country"] = country
            postcode = (address.get("postal_code") or "").strip()
            if postcode and country in ("GB", "UK"):
                v["country"] = "GB"
                try:
                    district, full = postcodes.parse(postcode)
                    postcode = full or district
                except postcodes.PostcodeError:
                    self.error(
                        chosen[0],
                        "postal_code",
                        _("%(value)r is not a UK postcode") % {"value": postcode},
                    )
            v["postal_code"] = postcode
            v["accessibility"] = "\n\n".join(
                a.values.get("description") or a.values.get("accessibility") or ""
                for a in access.get(location_id, [])
                if a.values.get("description") or a.values.get("accessibility")
            )
            borough_id = None
            if v.get("borough"):
                borough_id = self.borough_named(v["borough"])
                if borough_id is None:
                    self.error(
                        row,
                        "borough",
                        _("%(value)r is not a London borough") % {"value": v["borough"]},
                    )
            elif district:
                self.boroughs()
                for candidate in postcodes.district_candidates(district):
                    if candidate in self._districts:
                        borough_id = self._districts[candidate]
                        break
            v["borough_id"] = borough_id
            # Exports fill an empty region with the borough's name (HSDS wants one); that says
            # nothing the borough does not, so it is not kept as a region of its own.
            if borough_id is not None and v["region"].strip().lower() in self.names_of(borough_id):
                v["region"] = ""

    # ---- schedules, areas, languages, phones, contacts -------------------------------------

    def check_schedules(self):
        for row in self.rows("schedules").values():
            v = row.values
            if not v.get("service_id") and not v.get("service_at_location_id"):
                self.error(
                    row,
                    "service_id",
                    _(
                        "is empty: a schedule must belong to a service (service_id) or to a "
                        "service at a location (service_at_location_id)"
                    ),
                )
            if v.get("valid_from") and v.get("valid_to") and v["valid_from"] > v["valid_to"]:
                self.error(row, "valid_to", _("is before valid_from"))

    def check_service_areas(self):
        for row in self.rows("service_areas").values():
            v = row.values
            name = (v.get("name") or "").strip()
            if (v.get("extent_type") or "").lower() == "prison":
                # A prison the service works in before release (see docs/oruk-mapping.md).
                code = (v.get("extent") or "").strip().upper()
                if code not in self.prisons():
                    self.error(
                        row,
                        "extent",
                        _("%(value)r is not a prison code Resettle knows") % {"value": code},
                    )
                elif v.get("service_id"):
                    self.plan.in_reach.setdefault(v["service_id"], []).append(self.prisons()[code])
                v["skip"] = True
                continue
            if v.get("service_area") and v["service_area"] != name:
                v["description"] = v.get("description") or v["service_area"]
            scope = v.get("scope")
            borough_id = self.borough_named(v.get("borough") or "")
            if v.get("borough") and borough_id is None:
                self.error(
                    row, "borough", _("%(value)r is not a London borough") % {"value": v["borough"]}
                )
                continue
            uri = v.get("uri") or ""
            if borough_id is None and uri.startswith(GSS_URI_PREFIX):
                borough_id = self.borough_named(uri.removeprefix(GSS_URI_PREFIX))
            if scope is None:
                if borough_id is None and name:
                    borough_id = self.borough_named(name)
                if borough_id is not None:
                    scope = "borough"
                elif name.lower() in LONDON_NAMES:
                    scope = "london"
                elif name.lower() in NATIONAL_NAMES:
                    scope = "national"
                else:
                    self.error(
                        row,
                        "name",
                        _("%(value)r is not a London borough, “London” or “England and Wales”")
                        % {"value": name},
                    )
                    continue
            if scope == "borough" and borough_id is None:
                self.error(row, "borough", _("is required when the scope is borough"))
            v["scope"] = scope
            v["borough_id"] = borough_id if scope == "borough" else None
            # Exports give a borough area its ONS address; that says nothing the borough does
            # not, so it is not kept as the area's own web address.
            if scope == "borough" and uri.startswith(GSS_URI_PREFIX):
                v["uri"] = ""

    def check_languages(self):
        for row in self.rows("languages").values():
            v = row.values
            if not v.get("service_id") and not v.get("location_id"):
                self.error(
                    row,
                    "service_id",
                    _("is empty: a language must belong to a service or location"),
                )
            code = (v.get("code") or "").strip()
            name = (v.get("name") or "").strip()
            if not code:
                code = _LANGUAGE_CODES.get(name.lower(), "")
            if not code:
                self.error(
                    row,
                    "code",
                    _("is required: give an ISO 639 language code, like pl for Polish"),
                )
            v["code"] = code
            v["name"] = name or language_name(code)

    def check_phones_and_contacts(self):
        from resettle.services.models import Contact

        contacts = self.rows("contacts")
        for row in contacts.values():
            if not row.values.get("service_id") and not row.values.get("organization_id"):
                self.error(
                    row,
                    "service_id",
                    _("is empty: a contact must belong to a service or an organization"),
                )
        outside = {
            r.values["contact_id"]
            for r in self.rows("phones").values()
            if r.values.get("contact_id") and r.values["contact_id"] not in contacts
        }
        held = {}
        outside = list(outside)
        for start in range(0, len(outside), CHUNK):
            for pk, service_id, org_id in Contact.objects.filter(
                pk__in=outside[start : start + CHUNK]
            ).values_list("pk", "service_id", "organisation_id"):
                held[pk] = {"service_id": service_id, "organization_id": org_id}
        for row in self.rows("phones").values():
            v = row.values
            contact_id = v.get("contact_id")
            if contact_id:
                # Resettle keeps phones on services and organisations, not on contacts.
                parent = (
                    contacts[contact_id].values
                    if contact_id in contacts
                    else held.get(contact_id, {})
                )
                for key in ("service_id", "organization_id"):
                    if not v.get(key) and parent.get(key):
                        v[key] = parent[key]
            if not (v.get("service_id") or v.get("organization_id") or v.get("location_id")):
                self.error(
                    row,
                    "service_id",
                    _(
                        "is empty: a phone must belong to a service, organization, location or "
                        "contact"
                    ),
                )

    # ---- taxonomy and attributes -----------------------------------------------------------

    def check_terms(self):
        codes = {}
        for term_id, row in self.rows("taxonomy_terms").items():
            v = row.values
            if v.get("parent_id") == term_id:
                self.error(row, "parent_id", _("is the term itself"))
            if v.get("code"):
                key = (v.get("taxonomy_id"), v["code"])
                if key in codes:
                    self.error(
                        row,
                        "code",
                        _("%(value)r is used twice in one taxonomy") % {"value": v["code"]},
                    )
                codes[key] = term_id

    def check_attributes(self):
        services = [
            r.values["link_id"]
            for r in self.rows("attributes").values()
            if r.values.get("link_id") and (r.values.get("link_entity") or "service") == "service"
        ]
        orgs = [
            r.values["link_id"]
            for r in self.rows("attributes").values()
            if r.values.get("link_id") and r.values.get("link_entity") == "organization"
        ]
        known_services = self.exists("services", services)
        known_orgs = self.exists("organizations", orgs)
        pairs = {}
        for attribute_id, row in self.rows("attributes").items():
            v = row.values
            entity = v.get("link_entity") or "service"
            link_type = (v.get("link_type") or "").strip()
            link_id = v.get("link_id")
            if entity == "organization":
                if link_id is not None and link_id not in known_orgs:
                    self.error(
                        row,
                        "link_id",
                        _(
                            "refers to organization %(id)s, which is not in this import or the "
                            "directory"
                        )
                        % {"id": link_id},
                    )
                elif link_type != LED_BY_AND_FOR:
                    self.report.warn(
                        row.file,
                        row.row,
                        "link_type",
                        _("organisation attributes other than %(kept)s are not kept")
                        % {"kept": LED_BY_AND_FOR},
                    )
                elif link_id and v.get("taxonomy_term_id"):
                    self.plan.led_by[link_id].append(v["taxonomy_term_id"])
                v["skip"] = True
                continue
            if link_id is not None and link_id not in known_services:
                self.error(
                    row,
                    "link_id",
                    _("refers to service %(id)s, which is not in this import or the directory")
                    % {"id": link_id},
                )
            if link_type not in ("", "need", "group"):
                self.error(
                    row,
                    "link_type",
                    _("%(value)r is not one of need, group") % {"value": link_type},
                )
            v["link_type"] = link_type or "need"
            pair = (link_id, v.get("taxonomy_term_id"))
            if None not in pair:
                if pair in pairs:
                    self.error(
                        row, "taxonomy_term_id", _("the service already has this term (same twice)")
                    )
                pairs[pair] = attribute_id
        if "attributes" in self.plan.present:
            self.plan.provided["organizations_led_by"] = {
                r.values["id"] for r in self.rows("organizations").values()
            }

    def check_service_at_locations(self):
        pairs = set()
        for row in self.rows("service_at_locations").values():
            pair = (row.values.get("service_id"), row.values.get("location_id"))
            if None not in pair:
                if pair in pairs:
                    self.error(row, "location_id", _("the service is already at this location"))
                pairs.add(pair)
