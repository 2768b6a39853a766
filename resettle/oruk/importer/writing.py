"""Write a checked import: bulk creates and updates in batches, inside the caller's transaction.

Rows keep their HSDS ids as our primary keys, so importing the same data again updates the
same rows. For each parent in the import (service, location, organisation) the import is the
whole truth about its children in the tables it contains: children it no longer lists are
deleted, so re-importing an edited file does not leave stale schedules behind.
"""

from django.db import connections, router
from django.utils import timezone

from resettle.oruk.importer.fields import TABLES, WRITE_ORDER
from resettle.oruk.importer.models import DERIVED, FOREIGN_KEYS, MODELS, REPLACED_CHILDREN
from resettle.oruk.importer.validate import Plan

BATCH = 1000
WITHHELD_FOR_CONFIDENTIAL = {
    "name",
    "description",
    "address_1",
    "address_2",
    "city",
    "region",
    "postal_code",
    "country",
    "latitude",
    "longitude",
    "transportation",
    "accessibility",
}
CHUNK = 2000


def _chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing_ids(model, ids) -> set:
    if not model.objects.exists():
        return set()  # a first import: no need to look up 100,000 ids one chunk at a time
    found = set()
    for chunk in _chunks(ids):
        found.update(model.objects.filter(pk__in=chunk).values_list("pk", flat=True))
    return found


def _columns(plan: Plan, tables, name):
    """Model fields this import sets on rows that already exist."""
    raw = tables[name]
    given = (lambda key: True) if raw.columns is None else (lambda key: key in raw.columns)
    fields = set(plan.provided.get(name, set()))
    for key, column in FOREIGN_KEYS.get(name, {}).items():
        if given(key):
            fields.add(column)
    if name == "phones" and given("contact_id"):
        fields |= {"service_id", "organisation_id"}
    if name in ("service_areas", "attributes"):
        fields |= set(DERIVED[name])
    return fields


def _model_values(name, values) -> dict:
    table = TABLES[name]
    result = {}
    for key, spec in table.fields.items():
        if spec.attr:
            value = values.get(key)
            result[spec.attr] = spec.blank if value is None else value
    for key, column in FOREIGN_KEYS.get(name, {}).items():
        result[column] = values.get(key)
    for attr in DERIVED.get(name, []):
        if attr in values:
            result[attr] = values[attr]
        elif attr.endswith("_id") and attr not in result:
            result[attr] = None
    return result


def write(plan: Plan, tables, report):
    now = timezone.now()
    _delete_replaced_children(plan, report)
    search_documents = _search_documents(plan)
    for name in WRITE_ORDER:
        if name not in plan.rows or not plan.rows[name]:
            continue
        model = MODELS[name]
        rows = {pk: row for pk, row in plan.rows[name].items() if not row.values.get("skip")}
        existing = _existing_ids(model, rows)
        created, updated = [], []
        for pk, row in rows.items():
            values = _model_values(name, row.values)
            values["id"] = pk
            values["updated_at"] = now
            if name == "services":
                values["search_document"] = search_documents.get(pk, "")
            (updated if pk in existing else created).append(values)
        model_fields = {f.attname for f in model._meta.concrete_fields}
        update_fields = sorted(_columns(plan, tables, name) & model_fields - {"id"})
        if "updated_at" in model_fields:
            update_fields.append("updated_at")
        if name == "services":
            update_fields.append("search_document")
        writer = _Writer(model, now)
        writer.insert(created)
        if name == "locations":
            # Exports never carry a confidential location's address, coordinates, directions
            # or notes, so re-importing one must not blank what the directory holds.
            kept = [f for f in update_fields if f not in WITHHELD_FOR_CONFIDENTIAL]
            writer.update([v for v in updated if v.get("confidential")], kept)
            writer.update([v for v in updated if not v.get("confidential")], update_fields)
        else:
            # Editors holding an older version must not overwrite what was just imported.
            writer.update(updated, update_fields, bump_version=name == "services")
        report.created[name] = len(created)
        report.updated[name] = len(updated)
    _write_links(plan)
    _rebuild_search_documents(plan, exclude=set(search_documents))


class _Writer:
    """INSERT and UPDATE through executemany, straight from the checked values.

    The ORM's bulk_create and bulk_update spend most of their time building model instances
    and SQL text per batch, which at 100,000 services is most of an import.
    """

    def __init__(self, model, now):
        self.model = model
        self.now = now
        self.connection = connections[router.db_for_write(model)]
        self.meta = model._meta
        self.qn = self.connection.ops.quote_name
        self.fields = {f.attname: f for f in self.meta.concrete_fields}

    def _prepare(self, field):
        """How one field's Python value becomes a query parameter."""
        target = field.target_field if field.is_relation else field
        kind = target.get_internal_type()
        if kind == "UUIDField":
            if self.connection.features.has_native_uuid_field:
                return lambda value: value
            return lambda value: None if value is None else value.hex
        if kind in ("DateField", "TimeField", "DateTimeField"):
            return lambda value: field.get_db_prep_save(value, self.connection)
        return lambda value: value

    def _value(self, field):
        """Where a field's value comes from when the import does not set it."""
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return lambda values: self.now
        if field.has_default():
            default = field.get_default()
            return lambda values: values.get(field.attname, default)
        return lambda values: values.get(field.attname)

    def insert(self, rows):
        if not rows:
            return
        fields = list(self.fields.values())
        getters = [(self._value(f), self._prepare(f)) for f in fields]
        sql = "INSERT INTO {} ({}) VALUES ({})".format(
            self.qn(self.meta.db_table),
            ", ".join(self.qn(f.column) for f in fields),
            ", ".join(["%s"] * len(fields)),
        )
        values = ([prep(get(row)) for get, prep in getters] for row in rows)
        if self.connection.vendor == "postgresql":
            # COPY streams rows without per-statement parameter handling: several times faster
            # than executemany for the 900,000 rows of a 100,000-service package.
            copy_sql = "COPY {} ({}) FROM STDIN".format(
                self.qn(self.meta.db_table), ", ".join(self.qn(f.column) for f in fields)
            )
            # The raw psycopg cursor: wrap its errors as Django's, as every other write is.
            with (
                self.connection.wrap_database_errors,
                self.connection.cursor() as cursor,
                cursor.cursor.copy(copy_sql) as copy,
            ):
                for row in values:
                    copy.write_row(row)
            return
        self._run(sql, list(values))

    def update(self, rows, attnames, *, bump_version=False):
        if not rows or not (attnames or bump_version):
            return
        fields = [self.fields[a] for a in attnames]
        preps = [(f.attname, self._prepare(f)) for f in fields]
        pk_prep = self._prepare(self.meta.pk)
        assignments = [f"{self.qn(f.column)} = %s" for f in fields]
        if bump_version:
            assignments.append(f"{self.qn('version')} = {self.qn('version')} + 1")
        sql = "UPDATE {} SET {} WHERE {} = %s".format(
            self.qn(self.meta.db_table), ", ".join(assignments), self.qn(self.meta.pk.column)
        )
        self._run(
            sql,
            [[prep(row.get(a)) for a, prep in preps] + [pk_prep(row["id"])] for row in rows],
        )

    def _run(self, sql, params):
        with self.connection.cursor() as cursor:
            for chunk in _chunks(params, BATCH):
                cursor.executemany(sql, chunk)


def _search_documents(plan: Plan) -> dict:
    """Service.build_search_document's text, worked out from the import itself where it can be,
    so services are written with it rather than refreshed one by one."""
    from resettle.organisations.models import Organisation
    from resettle.services.models import Attribute
    from resettle.taxonomy.models import TaxonomyTerm

    services = plan.rows.get("services", {})
    if not services:
        return {}
    org_names = {pk: r.values.get("name") for pk, r in plan.rows.get("organizations", {}).items()}
    wanted = {r.values.get("organization_id") for r in services.values()} - set(org_names)
    for chunk in _chunks(wanted - {None}):
        org_names.update(Organisation.objects.filter(pk__in=chunk).values_list("pk", "name"))

    links = {}
    if "attributes" in plan.present:
        for r in plan.rows.get("attributes", {}).values():
            v = r.values
            if not v.get("skip") and v.get("link_id") in services:
                links.setdefault(v["link_id"], []).append(v.get("taxonomy_term_id"))
    else:
        for chunk in _chunks(services):
            for service_id, term_id in Attribute.objects.filter(service_id__in=chunk).values_list(
                "service_id", "taxonomy_term_id"
            ):
                links.setdefault(service_id, []).append(term_id)
    terms = {
        pk: (r.values.get("position") or 0, r.values.get("name") or "")
        for pk, r in plan.rows.get("taxonomy_terms", {}).items()
    }
    wanted = {t for ids in links.values() for t in ids} - set(terms)
    for chunk in _chunks(wanted - {None}):
        for pk, position, name in TaxonomyTerm.objects.filter(pk__in=chunk).values_list(
            "pk", "position", "name"
        ):
            terms[pk] = (position, name)

    documents = {}
    for pk, row in services.items():
        v = row.values
        names = [
            terms[t][1]
            for t in sorted((t for t in links.get(pk, []) if t in terms), key=lambda t: terms[t])
        ]
        parts = [
            v.get("name"),
            v.get("alternate_name"),
            org_names.get(v.get("organization_id")),
            v.get("description"),
            v.get("eligibility_description"),
            *names,
        ]
        documents[pk] = "\n".join(p for p in parts if p)
    return documents


def _delete_replaced_children(plan: Plan, report):
    for name, parents in REPLACED_CHILDREN.items():
        if name not in plan.present:
            continue
        model = MODELS[name]
        if not model.objects.exists():
            continue  # nothing held, so nothing to replace
        keep = set(plan.rows.get(name, {}))
        doomed = set()
        for parent_table, lookup in parents:
            parent_ids = list(plan.rows.get(parent_table, {}))
            for chunk in _chunks(parent_ids):
                doomed.update(
                    model.objects.filter(**{f"{lookup}__in": chunk}).values_list("pk", flat=True)
                )
        doomed -= keep
        if name == "phones" and doomed:
            # A confidential location's phones are withheld from exports, as its address is.
            hidden = [
                pk
                for pk, r in plan.rows.get("locations", {}).items()
                if r.values.get("confidential")
            ]
            for chunk in _chunks(hidden):
                doomed -= set(
                    model.objects.filter(location_id__in=chunk).values_list("pk", flat=True)
                )
        for chunk in _chunks(doomed):
            model.objects.filter(pk__in=chunk).delete()
        if doomed:
            report.deleted[name] = len(doomed)


def _write_links(plan: Plan):
    from resettle.organisations.models import Organisation
    from resettle.services.models import Service

    if plan.in_reach:
        through = Service.in_reach_prisons.through
        services = list(plan.in_reach)
        for chunk in _chunks(services):
            through.objects.filter(service_id__in=chunk).delete()
        through.objects.bulk_create(
            [
                through(service_id=service_id, prison_id=prison_id)
                for service_id, prisons in plan.in_reach.items()
                for prison_id in dict.fromkeys(prisons)
            ],
            batch_size=BATCH,
        )
    if "attributes" in plan.present:
        through = Organisation.led_by_and_for.through
        orgs = set(plan.rows.get("organizations", {})) | set(plan.led_by)
        for chunk in _chunks(orgs):
            through.objects.filter(organisation_id__in=chunk).delete()
        through.objects.bulk_create(
            [
                through(organisation_id=org_id, taxonomyterm_id=term_id)
                for org_id, terms in plan.led_by.items()
                for term_id in dict.fromkeys(terms)
            ],
            batch_size=BATCH,
        )


def _rebuild_search_documents(plan: Plan, exclude: set):
    """For services outside the import whose search text it changed (their organisation was
    renamed, or attributes were added to them), in bulk from the database."""
    from resettle.services.models import Attribute, Service

    service_ids = {
        r.values["link_id"]
        for r in plan.rows.get("attributes", {}).values()
        if r.values.get("link_id") and not r.values.get("skip")
    }
    org_ids = list(plan.rows.get("organizations", {}))
    for chunk in _chunks(org_ids):
        service_ids.update(
            Service.objects.filter(organisation_id__in=chunk).values_list("pk", flat=True)
        )
    service_ids -= exclude
    for chunk in _chunks(service_ids, 1000):
        terms = {}
        for service_id, term in (
            Attribute.objects.filter(service_id__in=chunk)
            .order_by("taxonomy_term__position", "taxonomy_term__name")
            .values_list("service_id", "taxonomy_term__name")
        ):
            terms.setdefault(service_id, []).append(term)
        services = []
        for pk, name, alternate, org_name, description, eligibility in Service.objects.filter(
            pk__in=chunk
        ).values_list(
            "pk",
            "name",
            "alternate_name",
            "organisation__name",
            "description",
            "eligibility_description",
        ):
            parts = [name, alternate, org_name, description, eligibility, *terms.get(pk, [])]
            services.append(Service(pk=pk, search_document="\n".join(p for p in parts if p)))
        Service.objects.bulk_update(services, ["search_document"], batch_size=500)
