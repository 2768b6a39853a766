"""Everything Resettle holds about one person, for a subject access request.

`export_person` builds one plain dict that the JSON download and the readable document both
use, so the two can never disagree. It walks `Person._meta.related_objects` rather than a
fixed list: a model added later with a foreign key to Person is exported with all its fields
until someone gives it a curated section here, instead of being silently left out of what
the law says the person may see.

Values stay as Python dates, datetimes and UUIDs (DjangoJSONEncoder writes them as ISO
strings); every choice field carries its code and, beside it, `<field>_label` in words.
Staff appear by name and organisations by name; other people's personal data never appears.
"""

import datetime
import json
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db.models import FileField, Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from resettle.core.equality import QUESTIONS
from resettle.core.languages import language_name
from resettle.people.log import PERSON_TYPE
from resettle.people.models import Person

FORMAT = "resettle-subject-access/1"
# Internal bookkeeping that means nothing to the person and is not data about them.
SKIPPED_FIELDS = {"version", "name_key"}
VIEW_ACTIONS = ("person.viewed", "person.exported")


@dataclass
class Section:
    """A curated part of the export: the key it has in the dict, what to call it, and
    what hangs beneath each row (a need's updates, a goal's steps)."""

    key: str
    title: str
    children: dict = field(default_factory=dict)  # accessor -> (child key, title)
    single: bool = False
    # Joins beyond the row's own foreign keys, for names that read through them.
    select_related: tuple = ()


# Keyed by the related model's label; the dict keeps the order the document shows them in.
SECTIONS = {
    "people.othername": Section("other_names", _("Other names")),
    "equality.equalitymonitoring": Section(
        "equality_monitoring", _("Equality monitoring"), single=True
    ),
    "custody.movement": Section("custody_movements", _("Custody and release")),
    "people.involvement": Section("involvements", _("Organisations the record is shared with")),
    "consents.consent": Section("consents", _("Consent and lawful basis for sharing")),
    "needs.need": Section("needs", _("Needs"), {"updates": ("updates", _("Updates"))}),
    "plans.goal": Section(
        "goals",
        _("Goals in the plan"),
        {"steps": ("steps", _("Steps"))},
        select_related=("need__support_need", "need__pathway"),
    ),
    "casenotes.casenote": Section("case_notes", _("Case notes")),
    "appointments.appointment": Section("appointments", _("Appointments")),
    "timeline.event": Section("timeline", _("Timeline")),
}
MERGED = "merged_records"


def export_person(person: Person) -> dict:
    """Everything held about `person` and about every record merged into them."""
    return _export(person, seen=set())


def _export(person, seen) -> dict:
    seen.add(person.pk)
    data = {
        "format": FORMAT,
        "exported_at": timezone.now(),
        "person": _person_values(person),
    }
    other_records = []
    for relation in _relations_to_person():
        model = relation.related_model
        label = model._meta.label_lower
        if model is Person:
            continue  # merged records, below, each exported in full
        section = SECTIONS.get(label)
        queryset = _rows_for(relation, person, section)
        if section is None:
            other_records.append(
                {
                    "key": relation.get_accessor_name(),
                    "model": label,
                    "title": str(capfirst(model._meta.verbose_name_plural)),
                    "items": [_values(row, relation) for row in queryset],
                }
            )
        elif section.single:
            row = queryset.first()
            data[section.key] = _values(row, relation) if row is not None else None
        else:
            data[section.key] = [_section_row(row, relation, section) for row in queryset]
    data["other_records"] = other_records
    data["audit"] = audit_entries([person.pk])
    data[MERGED] = [
        _export(merged, seen)
        for merged in Person.records.filter(merged_into=person).select_related(
            "current_prison", "home_borough"
        )
        if merged.pk not in seen
    ]
    return data


def _relations_to_person():
    return [
        relation
        for relation in Person._meta.related_objects
        if relation.related_model is not None and not relation.related_model._meta.abstract
    ]


def _rows_for(relation, person, section):
    model = relation.related_model
    queryset = _with_relations(model._default_manager.filter(**{relation.field.name: person}))
    if section is not None and section.select_related:
        queryset = queryset.select_related(*section.select_related)
    for accessor in section.children if section else ():
        child_model = getattr(model, accessor).rel.related_model
        queryset = queryset.prefetch_related(
            Prefetch(accessor, queryset=_with_relations(child_model._default_manager.all()))
        )
    return queryset


def _with_relations(queryset):
    """Join every forward foreign key, so naming a row's organisation or worker costs no
    query per row."""
    names = [
        f.name
        for f in queryset.model._meta.concrete_fields
        if f.is_relation and f.related_model is not Person
    ]
    return queryset.select_related(*names) if names else queryset


def _section_row(row, relation, section) -> dict:
    values = _values(row, relation)
    for accessor, (key, _title) in section.children.items():
        child_relation = getattr(type(row), accessor).rel
        values[key] = [_values(child, child_relation) for child in getattr(row, accessor).all()]
    return values


def _values(obj, relation=None) -> dict:
    """Every concrete field of a row: codes with their labels, related rows by name."""
    back = relation.field.name if relation is not None else None
    values = {}
    for model_field in obj._meta.concrete_fields:
        name = model_field.name
        if name in SKIPPED_FIELDS or name == back:
            continue
        if model_field.is_relation:
            values.update(_related_values(obj, model_field))
            continue
        value = model_field.value_from_object(obj)
        if isinstance(model_field, FileField):
            value = value.name if value else ""
        values[name] = value
        if model_field.choices and value not in ("", None):
            values[f"{name}_label"] = dict(model_field.flatchoices).get(value, value)
    return values


def _related_values(obj, model_field) -> dict:
    name = model_field.name
    if model_field.related_model is Person:
        # Another person's record (a merge): its id, never its contents.
        related_id = getattr(obj, model_field.attname)
        return {name: str(related_id) if related_id is not None else None}
    related = getattr(obj, name)
    if related is None:
        return {name: None}
    values = {name: name_of(related)}
    code = getattr(related, "code", "")
    if code:
        values[f"{name}_code"] = code
    return values


def name_of(related) -> str:
    """A staff member by name only (their email is their own personal data), anything else
    as it names itself."""
    if related._meta.label == settings.AUTH_USER_MODEL:
        return related.get_full_name() or gettext("A member of staff")
    return str(getattr(related, "name", None) or related)


def _person_values(person) -> dict:
    values = _values(person)
    values["preferred_language_name"] = language_name(person.preferred_language)
    values["communication_needs_labels"] = [
        str(Person.CommunicationNeed(code).label)
        if code in Person.CommunicationNeed.values
        else code
        for code in person.communication_needs
    ]
    return values


# --- The audit log ------------------------------------------------------------------------


def audit_entries(person_ids) -> list[dict]:
    """Who saw or changed the record, and on behalf of which organisation. The `changes`
    column is left out: it repeats data already exported above, and may name other records."""
    from resettle.audit.models import AuditEntry

    entries = AuditEntry.objects.filter(
        object_type=PERSON_TYPE, object_id__in=[str(pk) for pk in person_ids]
    ).select_related("actor", "organisation")
    return [
        {
            "at": entry.at,
            "who": name_of(entry.actor) if entry.actor else None,
            "organisation": entry.organisation.name if entry.organisation else None,
            "action": entry.action,
            "action_label": action_in_words(entry),
            "summary": entry.summary,
        }
        for entry in entries.iterator(chunk_size=2000)
    ]


VERBS = {
    "created": _("Added %(thing)s"),
    "added": _("Added %(thing)s"),
    "updated": _("Changed %(thing)s"),
    "changed": _("Changed %(thing)s"),
    "edited": _("Changed %(thing)s"),
    "deleted": _("Removed %(thing)s"),
    "removed": _("Removed %(thing)s"),
    "archived": _("Archived %(thing)s"),
    "completed": _("Completed %(thing)s"),
    "recorded": _("Recorded %(thing)s"),
    "withdrawn": _("Withdrew %(thing)s"),
    "ended": _("Ended %(thing)s"),
    "closed": _("Closed %(thing)s"),
    "merged": _("Merged %(thing)s"),
    "viewed": _("Viewed %(thing)s"),
    "exported": _("Exported %(thing)s"),
}
THINGS = {
    "person": _("personal details"),
    "casenote": _("case note"),
    "case_note": _("case note"),
    "othername": _("other name"),
}
EXPORT_FORMATS = {
    "json": _("as JSON"),
    "document": _("as a page"),
    "document_download": _("as a downloaded page"),
}


def action_in_words(entry) -> str:
    """An audit action in plain words: "Viewed plan", "Changed need", "Exported everything
    held as JSON"."""
    noun, _dot, verb = entry.action.partition(".")
    if entry.action == "person.viewed":
        page = (entry.changes or {}).get("page")
        return gettext("Viewed %(thing)s") % {"thing": page} if page else gettext("Viewed record")
    if entry.action == "person.exported":
        how = EXPORT_FORMATS.get((entry.changes or {}).get("format"), "")
        return " ".join([gettext("Exported everything held"), str(how)]).strip()
    thing = str(THINGS.get(noun, noun.replace("_", " ")))
    if verb in VERBS:
        return VERBS[verb] % {"thing": thing}
    return capfirst(entry.action.replace(".", " ").replace("_", " "))


# --- The readable document ----------------------------------------------------------------


def document_sections(data: dict, level: int = 2) -> list[dict]:
    """The export as sections for the readable page: a title, a summary list for single
    things, a table for lists, and sub-sections (each need with its updates)."""
    sections = [
        {
            "title": gettext("About the person"),
            "level": level,
            "summary": _summary(Person, data["person"]),
        }
    ]
    relations = {r.related_model._meta.label_lower: r for r in _relations_to_person()}
    for label, section in SECTIONS.items():
        if section.key not in data:
            continue  # the app is not installed here
        model = apps.get_model(label)
        relation = relations[label]
        rows = data[section.key]
        if section.single:
            sections.append(
                {
                    "title": str(section.title),
                    "level": level,
                    "empty": not rows,
                    "summary": _summary(model, rows, relation) if rows else [],
                }
            )
        elif section.children:
            sections.append(
                {
                    "title": str(section.title),
                    "level": level,
                    "empty": not rows,
                    "items": [
                        _item_with_children(model, relation, section, row, level + 1)
                        for row in rows
                    ],
                }
            )
        else:
            sections.append(
                {"title": str(section.title), "level": level, **_table(model, rows, relation)}
            )
    for other in data["other_records"]:
        model = apps.get_model(other["model"])
        sections.append(
            {
                "title": other["title"],
                "level": level,
                **_table(model, other["items"], relations.get(other["model"])),
            }
        )
    sections.append({"title": gettext("Who saw or changed the record"), "level": level})
    sections[-1].update(_audit_table(data["audit"]))
    sections.append(
        {
            "title": gettext("Records merged into this one"),
            "level": level,
            "empty": not data[MERGED],
            "items": [
                {
                    "title": _person_title(merged["person"]),
                    "level": level + 1,
                    "items": document_sections(merged, level + 2),
                }
                for merged in data[MERGED]
            ],
        }
    )
    return sections


def _item_with_children(model, relation, section, row, level) -> dict:
    children = []
    for accessor, (key, title) in section.children.items():
        child_relation = getattr(model, accessor).rel
        child_model = child_relation.related_model
        children.append(
            {
                "title": str(title),
                "level": level + 1,
                **_table(child_model, row[key], child_relation),
            }
        )
    return {
        "title": _row_title(row),
        "level": level,
        "summary": _summary(model, row, relation),
        "items": children,
    }


def _row_title(row) -> str:
    for key in ("support_need", "in_their_words", "other_description", "pathway"):
        if row.get(key):
            return str(row[key])
    return gettext("Record")


def _person_title(person) -> str:
    return f"{person.get('given_name', '')} {person.get('family_name', '')}".strip()


# In the JSON, but only clutter on the page: internal ids and links between records.
HIDDEN_ON_PAGE = {"id", "object_type", "object_id"}


def _columns(model, relation=None):
    """(field name, label) for the fields `_values` exports that the page shows."""
    back = relation.field.name if relation is not None else None
    hidden = SKIPPED_FIELDS | (HIDDEN_ON_PAGE if model is not Person else set())
    return [
        (f.name, _label(model, f))
        for f in model._meta.concrete_fields
        if f.name not in hidden and f.name != back
    ]


def _label(model, model_field) -> str:
    if model._meta.label_lower == "equality.equalitymonitoring" and model_field.name in QUESTIONS:
        return QUESTIONS[model_field.name][0]  # the question as it was asked
    return str(capfirst(model_field.verbose_name))


def _shown(row, name):
    """What the document shows for one field: the label for a code, the value otherwise."""
    return display(row.get(f"{name}_label", row.get(name)))


def display(value) -> str:
    """A value as a person reads it: dates in words, yes or no, a dash for nothing."""
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    if isinstance(value, list | tuple):
        return ", ".join(display(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _summary(model, row, relation=None) -> list[tuple[str, object]]:
    if model is Person:
        # Codes in words: "English (en)", "Dyslexia".
        row = {
            **row,
            "preferred_language": f"{row['preferred_language_name']} ({row['preferred_language']})",
            "communication_needs": row["communication_needs_labels"],
        }
    return [(label, _shown(row, name)) for name, label in _columns(model, relation)]


def _table(model, rows, relation=None) -> dict:
    columns = _columns(model, relation)
    return {
        "empty": not rows,
        "columns": [label for _name, label in columns],
        "rows": [[_shown(row, name) for name, _label in columns] for row in rows],
    }


def _what(entry) -> str:
    summary = entry["summary"]
    if summary and summary != entry["action_label"]:
        return f"{entry['action_label']} ({summary})"
    return entry["action_label"]


def _audit_table(entries) -> dict:
    return {
        "empty": not entries,
        "columns": [gettext("When"), gettext("Who"), gettext("Organisation"), gettext("What")],
        "rows": [
            [
                display(entry["at"]),
                display(entry["who"]),
                display(entry["organisation"]),
                _what(entry),
            ]
            for entry in entries
        ],
    }
