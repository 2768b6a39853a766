"""Changes to who a person is and to the organisations working with them.

Every function checks permission, changes the data in one transaction, writes the audit row
and a timeline entry in that transaction, so the pages, imports and any API behave alike.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from resettle.accounts.models import Role, User
from resettle.caseloads.entries import refresh as refresh_caseload
from resettle.consents.models import Consent
from resettle.organisations.models import Organisation
from resettle.people import access, duplicates
from resettle.people.log import record_person
from resettle.people.models import (
    CASEWORK_ROLES,
    Involvement,
    OtherName,
    Person,
    casework_organisation_ids,
)
from resettle.timeline.models import Event
from resettle.timeline.record import add_event
from resettle.versioning import STALE_MESSAGE, StaleEdit, lock_at_version, save_new_version

__all__ = ["STALE_MESSAGE", "StaleEdit"]

IDENTITY_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "prison_number",
    "pnc_id",
    "phone",
    "email",
    "address",
    "home_borough",
    "preferred_language",
    "interpreter_needed",
    "communication_needs",
    "communication_notes",
)
CUSTODY_FIELDS = (
    "custody_status",
    "current_prison",
    "sentence_band",
    "release_date",
    "release_type",
)


class PossibleDuplicate(Exception):
    """The person may already be on Resettle. `matches` are duplicates.Match objects; the
    caller decides what the user may be told about each."""

    def __init__(self, matches):
        super().__init__("This person may already be on Resettle.")
        self.matches = matches

    @property
    def may_override(self) -> bool:
        # A prison number belongs to one person, so a match on it is never a different person;
        # a name and date of birth can be shared by two people, so the user may say so.
        return not any(m.same_prison_number for m in self.matches)


class InvolvementRefused(Exception):
    """The organisation cannot be recorded as working with the person; the message says why."""


class ConsentMissing(InvolvementRefused):
    pass


class MergeConflict(Exception):
    pass


def _display(value) -> str:
    """A value as the audit log shows it: readable, and the same for old and new."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _can_create_for(actor, organisation) -> bool:
    return organisation.pk in casework_organisation_ids(actor)


def _is_caseworker_at(user, organisation) -> bool:
    return user.memberships.filter(organisation=organisation, role=Role.CASEWORKER).exists()


def _set_other_names(person, names) -> None:
    person.other_names.all().delete()
    for given, family in names:
        OtherName.objects.create(person=person, given_name=given, family_name=family)


# --- Creating and editing -------------------------------------------------------------------


def create_person(actor, organisation, data, *, confirmed_not_duplicate=False) -> Person:
    """A new record, allocated to `organisation` (with the actor as key worker if they are a
    caseworker there). Refuses with PossibleDuplicate when the person may already be on
    Resettle, unless the user confirmed a name-and-birthday match is someone else."""
    if not _can_create_for(actor, organisation):
        raise PermissionDenied("Only casework staff of the organisation may add people to it.")
    other_names = list(data.get("other_names", ()))
    with transaction.atomic():
        matches = duplicates.find_duplicates(
            given_name=data["given_name"],
            family_name=data["family_name"],
            date_of_birth=data.get("date_of_birth"),
            prison_number=data.get("prison_number", ""),
            other_names=other_names,
        )
        if matches:
            refusal = PossibleDuplicate(matches)
            if not (confirmed_not_duplicate and refusal.may_override):
                raise refusal
        fields = {k: data[k] for k in (*IDENTITY_FIELDS, *CUSTODY_FIELDS) if k in data}
        person = Person.records.create(**fields)
        _set_other_names(person, other_names)
        worker = actor if _is_caseworker_at(actor, organisation) else None
        involvement = Involvement.objects.create(
            person=person,
            organisation=organisation,
            kind=Involvement.Kind.ALLOCATED,
            worker=worker,
        )
        changes = {
            name: _display(getattr(person, name)) for name in (*IDENTITY_FIELDS, *CUSTODY_FIELDS)
        }
        changes["other_names"] = [f"{g} {f}".strip() for g, f in other_names]
        changes["allocated_to"] = str(organisation)
        if matches:
            # Kept so an administrator can find and merge the records if they were one person.
            changes["confirmed_not_duplicate_of"] = [str(m.person.pk) for m in matches]
        record_person(
            actor,
            person,
            "person.created",
            obj=person,
            organisation=organisation,
            summary=f"Created the record for {person.full_name}",
            changes=changes,
        )
        add_event(
            person,
            Event.Kind.RECORD,
            _("Record created by %(organisation)s") % {"organisation": organisation.name},
            actor=actor,
            organisation=organisation,
            obj=involvement,
        )
        refresh_caseload(person)
    return person


def update_person_details(actor, person, data, expected_version) -> Person:
    """Change who the person is and how to reach them. Refuses with StaleEdit if someone saved
    a change since the form was loaded, and with PossibleDuplicate if the new prison number
    belongs to another record."""
    if not access.has_casework_access(actor, person):
        raise PermissionDenied("Only casework staff working with the person may change this.")
    with transaction.atomic():
        current = lock_at_version(Person.records.all(), person.pk, expected_version)
        new_prison_number = data.get("prison_number", current.prison_number)
        if new_prison_number and new_prison_number != current.prison_number:
            clashes = [
                m
                for m in duplicates.find_duplicates(
                    prison_number=new_prison_number, exclude=current
                )
                if m.same_prison_number
            ]
            if clashes:
                raise PossibleDuplicate(clashes)
        changes = {}
        changed_fields = []
        for name in IDENTITY_FIELDS:
            if name not in data:
                continue
            old, new = getattr(current, name), data[name]
            if name == "communication_needs":
                old, new = sorted(old or []), sorted(new or [])
            if old != new:
                changes[name] = {"old": _display(old), "new": _display(new)}
                setattr(current, name, new)
                changed_fields.append(name)
        if "other_names" in data:
            old_names = [(o.given_name, o.family_name) for o in current.other_names.all()]
            new_names = [tuple(n) for n in data["other_names"]]
            if sorted(old_names) != sorted(new_names):
                changes["other_names"] = {
                    "old": [f"{g} {f}".strip() for g, f in old_names],
                    "new": [f"{g} {f}".strip() for g, f in new_names],
                }
                _set_other_names(current, new_names)
        if not changes:
            return current
        if "given_name" in changed_fields or "family_name" in changed_fields:
            changed_fields.append("name_key")
        save_new_version(current, changed_fields)
        labels = [str(_field_label(name)) for name in changes]
        record_person(
            actor,
            current,
            "person.details_changed",
            obj=current,
            summary=f"Changed {', '.join(changes)}",
            changes=changes,
        )
        add_event(
            current,
            Event.Kind.RECORD,
            _("Personal details changed"),
            actor=actor,
            organisation=access.acting_organisation(actor, current),
            detail=", ".join(labels),
            obj=current,
        )
        refresh_caseload(current)
    return current


def _field_label(name):
    if name == "other_names":
        return _("other names")
    if name == "communication_needs":
        return _("communication needs")
    return Person._meta.get_field(name).verbose_name


# --- Organisations working with the person --------------------------------------------------


def _may_manage_involvement(actor, involvement) -> bool:
    # Staff of the organisation itself; a manager there is one of its casework roles.
    return involvement.organisation_id in casework_organisation_ids(actor)


def add_involvement(actor, person, organisation) -> Involvement:
    """Record another organisation as supporting the person, which opens the record to its
    staff: only while the person's consent to share their record with it is in force."""
    if not access.has_casework_access(actor, person):
        raise PermissionDenied("Only casework staff working with the person may do this.")
    with transaction.atomic():
        consent = (
            Consent.objects.filter(person=person)
            .in_force()
            .covering(Consent.Purpose.SHARE_RECORD, organisation)
            .first()
        )
        if consent is None:
            raise ConsentMissing(
                _(
                    "%(name)s has not agreed to share their record with %(organisation)s. "
                    "Record their consent on the Consent tab first."
                )
                % {"name": person.full_name, "organisation": organisation.name}
            )
        if person.involvements.active().filter(organisation=organisation).exists():
            raise InvolvementRefused(
                _("%(organisation)s is already working with %(name)s.")
                % {"name": person.full_name, "organisation": organisation.name}
            )
        involvement = Involvement.objects.create(
            person=person, organisation=organisation, kind=Involvement.Kind.SUPPORTING
        )
        record_person(
            actor,
            person,
            "involvement.added",
            obj=involvement,
            summary=f"Recorded {organisation.name} as supporting them",
            changes={
                "organisation": str(organisation),
                "kind": involvement.kind,
                "consent_id": str(consent.pk),
            },
        )
        add_event(
            person,
            Event.Kind.ORGANISATION,
            _("%(organisation)s is now supporting them") % {"organisation": organisation.name},
            actor=actor,
            organisation=access.acting_organisation(actor, person),
            obj=involvement,
        )
        refresh_caseload(person)
    return involvement


def workers_for(involvement):
    """Who may be the worker on this involvement: casework staff of its organisation, or its
    mentors for a mentoring involvement."""
    roles = (Role.MENTOR,) if involvement.kind == Involvement.Kind.MENTORING else CASEWORK_ROLES
    return (
        User.objects.filter(
            memberships__organisation_id=involvement.organisation_id,
            memberships__role__in=roles,
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


def allocate_worker(actor, involvement, worker) -> Involvement:
    """Allocate (or reassign) the key worker of an organisation's work with the person."""
    if not _may_manage_involvement(actor, involvement):
        raise PermissionDenied("Only staff of the organisation may allocate its workers.")
    if not workers_for(involvement).filter(pk=worker.pk).exists():
        raise PermissionDenied("The worker must work at the organisation.")
    with transaction.atomic():
        involvement = Involvement.objects.select_for_update().get(pk=involvement.pk)
        if involvement.ended_on is not None and involvement.ended_on <= timezone.localdate():
            raise PermissionDenied("This involvement has ended.")
        old = involvement.worker
        if old == worker:
            return involvement
        involvement.worker = worker
        involvement.save(update_fields=["worker"])
        person = involvement.person
        record_person(
            actor,
            person,
            "involvement.worker_allocated",
            obj=involvement,
            organisation=involvement.organisation,
            summary=f"Allocated {worker} at {involvement.organisation.name}",
            changes={"worker": {"old": _display(old), "new": str(worker)}},
        )
        add_event(
            person,
            Event.Kind.ORGANISATION,
            _("%(worker)s is now their worker at %(organisation)s")
            % {"worker": worker, "organisation": involvement.organisation.name},
            actor=actor,
            organisation=involvement.organisation,
            obj=involvement,
        )
    return involvement


def end_involvement(actor, involvement, reason: str) -> Involvement:
    """The organisation stops working with the person; its staff lose access to the record."""
    if not _may_manage_involvement(actor, involvement):
        raise PermissionDenied("Only staff of the organisation may end its work.")
    if not reason:
        raise ValueError("A reason is needed to end an involvement.")
    with transaction.atomic():
        involvement = Involvement.objects.select_for_update().get(pk=involvement.pk)
        today = timezone.localdate()
        if involvement.ended_on is not None and involvement.ended_on <= today:
            return involvement
        person = involvement.person
        involvement.ended_on = today
        involvement.end_reason = reason[:200]
        involvement.save(update_fields=["ended_on", "end_reason"])
        record_person(
            actor,
            person,
            "involvement.ended",
            obj=involvement,
            organisation=involvement.organisation,
            summary=f"{involvement.organisation.name} stopped working with them",
            changes={"organisation": str(involvement.organisation), "reason": reason},
        )
        add_event(
            person,
            Event.Kind.ORGANISATION,
            _("%(organisation)s stopped working with them")
            % {"organisation": involvement.organisation.name},
            actor=actor,
            organisation=involvement.organisation,
            detail=reason,
            obj=involvement,
        )
    return involvement


# --- Merging two records of one person ------------------------------------------------------


def merging_organisations(actor, survivor, duplicate):
    """Organisations the actor manages that work with both records."""
    return (
        Organisation.objects.filter(memberships__user=actor, memberships__role=Role.MANAGER)
        .filter(pk__in=survivor.involvements.active().values("organisation"))
        .filter(pk__in=duplicate.involvements.active().values("organisation"))
        .distinct()
    )


def may_merge(actor, survivor, duplicate) -> bool:
    if survivor.pk == duplicate.pk:
        return False
    if actor.is_administrator:
        return True
    return merging_organisations(actor, survivor, duplicate).exists()


# Filled on the survivor from the duplicate when the survivor has nothing.
FILLABLE_FIELDS = (
    "date_of_birth",
    "sex",
    "prison_number",
    "pnc_id",
    "phone",
    "email",
    "address",
    "home_borough",
    "communication_notes",
    "current_prison",
    "sentence_band",
    "release_date",
    "release_type",
)


def _relations_to_person():
    """Every foreign key and one-to-one pointing at Person, from any app, including hidden
    ones (related_name="+") and the tables behind many-to-many fields, which
    Person._meta.related_objects leaves out."""
    for relation in Person._meta.get_fields(include_hidden=True):
        if not (relation.is_relation and relation.auto_created and not relation.concrete):
            continue
        if relation.many_to_many:
            continue  # its through table's foreign key is listed on its own
        if relation.related_model is Person:
            continue  # merged_records: handled explicitly
        yield relation


def merge_people(actor, survivor, duplicate) -> Person:
    """Move everything held on `duplicate` to `survivor` and mark the duplicate as merged into
    it. Nothing is deleted except rows that would clash (a second need for the same support
    need, a second set of equality answers), whose content is combined into the survivor's
    and written to the audit log in full."""
    if not may_merge(actor, survivor, duplicate):
        raise PermissionDenied("Only managers working with both records, or administrators.")
    with transaction.atomic():
        locked = {
            p.pk: p
            for p in Person.records.select_for_update().filter(pk__in=[survivor.pk, duplicate.pk])
        }
        survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
        if survivor.merged_into_id or duplicate.merged_into_id:
            raise MergeConflict(_("One of these records has already been merged."))
        organisation = access.acting_organisation(actor, survivor)
        moved, clashes = {}, {}

        for relation in _relations_to_person():
            model, field = relation.related_model, relation.field
            label = model._meta.label_lower
            if relation.one_to_one:
                clashes.update(_merge_one_to_one(model, field, survivor, duplicate))
                continue
            if label == "needs.need":
                clashes.update(_merge_needs(model, field, survivor, duplicate))
            rows = model._base_manager.filter(**{field.name: duplicate})
            try:
                with transaction.atomic():
                    count = rows.update(**{field.name: survivor})
            except IntegrityError:
                raise MergeConflict(
                    _(
                        "These records could not be merged automatically because of their "
                        "%(what)s. Nothing was changed."
                    )
                    % {"what": model._meta.verbose_name_plural}
                ) from None
            if count:
                moved[label] = count

        earlier = Person.records.filter(merged_into=duplicate).update(merged_into=survivor)
        if earlier:
            moved["people.person (merged earlier)"] = earlier

        filled = _fill_blanks(survivor, duplicate)
        _keep_names(survivor, duplicate)
        survivor.last_contact_on = max(
            filter(None, [survivor.last_contact_on, duplicate.last_contact_on]), default=None
        )
        survivor.needs_assessed_on = max(
            filter(None, [survivor.needs_assessed_on, duplicate.needs_assessed_on]), default=None
        )
        survivor.no_needs_identified = (
            survivor.no_needs_identified and duplicate.no_needs_identified
        ) and not survivor.needs.exists()
        save_new_version(
            survivor,
            [
                *FILLABLE_FIELDS,
                "communication_needs",
                "interpreter_needed",
                "last_contact_on",
                "needs_assessed_on",
                "no_needs_identified",
            ],
        )
        duplicate.merged_into = survivor
        save_new_version(duplicate, ["merged_into"])

        record_person(
            actor,
            survivor,
            "person.merged",
            obj=survivor,
            organisation=organisation,
            summary=f"Merged the duplicate record {duplicate.pk} into this one",
            changes={
                "duplicate_id": str(duplicate.pk),
                "duplicate": _identity_snapshot(duplicate),
                "moved": moved,
                "filled_from_duplicate": filled,
                "combined": clashes,
            },
        )
        record_person(
            actor,
            duplicate,
            "person.merged_into",
            obj=duplicate,
            organisation=organisation,
            summary=f"Merged into {survivor.pk}",
            changes={"survivor_id": str(survivor.pk), "moved": moved},
        )
        add_event(
            survivor,
            Event.Kind.RECORD,
            _("Merged with a duplicate record"),
            actor=actor,
            organisation=organisation,
            detail=_("Everything from the other record (%(name)s, %(number)s) is now here.")
            % {"name": duplicate.full_name, "number": duplicate.prison_number or "-"},
            obj=survivor,
        )
        refresh_caseload(survivor)
    return survivor


def _identity_snapshot(person) -> dict:
    return {name: _display(getattr(person, name)) for name in (*IDENTITY_FIELDS, *CUSTODY_FIELDS)}


def _fill_blanks(survivor, duplicate) -> dict:
    filled = {}
    for name in FILLABLE_FIELDS:
        field = Person._meta.get_field(name)
        attname = field.attname
        if getattr(survivor, attname) in (None, "") and getattr(duplicate, attname) not in (
            None,
            "",
        ):
            setattr(survivor, attname, getattr(duplicate, attname))
            filled[name] = _display(getattr(duplicate, name))
    needs = list(survivor.communication_needs or [])
    extra = [n for n in duplicate.communication_needs or [] if n not in needs]
    if extra:
        survivor.communication_needs = needs + extra
        filled["communication_needs"] = _display(extra)
    if duplicate.interpreter_needed and not survivor.interpreter_needed:
        survivor.interpreter_needed = True
        filled["interpreter_needed"] = "True"
    return filled


def _keep_names(survivor, duplicate) -> None:
    """The duplicate's name becomes one of the survivor's other names, unless already known."""
    known = {survivor.name_key, *survivor.other_names.values_list("name_key", flat=True)}
    if duplicate.name_key not in known:
        OtherName.objects.create(
            person=survivor, given_name=duplicate.given_name, family_name=duplicate.family_name
        )


def _merge_one_to_one(model, field, survivor, duplicate) -> dict:
    """Keep the survivor's row, fill its blank answers from the duplicate's; move the
    duplicate's row over when the survivor has none."""
    theirs = model._base_manager.filter(**{field.name: duplicate}).first()
    if theirs is None:
        return {}
    ours = model._base_manager.filter(**{field.name: survivor}).first()
    label = model._meta.label_lower
    if ours is None:
        # An UPDATE also works where the person is the row's primary key (equality answers).
        model._base_manager.filter(**{field.name: duplicate}).update(**{field.name: survivor})
        return {}
    kept, filled = {}, []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.name == field.name or getattr(f, "auto_now", False):
            continue
        mine, other = getattr(ours, f.attname), getattr(theirs, f.attname)
        kept[f.name] = _display(other)
        if mine in (None, "") and other not in (None, ""):
            setattr(ours, f.attname, other)
            filled.append(f.name)
    ours.save()
    theirs.delete()
    return {label: {"duplicate_values": kept, "filled": filled}}


def _merge_needs(model, field, survivor, duplicate) -> dict:
    """Two needs for one support need cannot both stay: keep the survivor's, give it the
    duplicate need's history (and anything else pointing at it)."""
    combined = []
    survivors_needs = {
        n.support_need_id: n
        for n in model._base_manager.filter(person=survivor, support_need__isnull=False)
    }
    for theirs in model._base_manager.filter(person=duplicate, support_need__isnull=False):
        ours = survivors_needs.get(theirs.support_need_id)
        if ours is None:
            continue
        moved = {}
        for relation in model._meta.get_fields(include_hidden=True):
            if not (relation.is_relation and relation.auto_created and not relation.concrete):
                continue
            if relation.many_to_many or relation.one_to_one:
                continue
            count = relation.related_model._base_manager.filter(
                **{relation.field.name: theirs}
            ).update(**{relation.field.name: ours})
            if count:
                moved[relation.related_model._meta.label_lower] = count
        combined.append(
            {
                "kept_need_id": str(ours.pk),
                "removed_need_id": str(theirs.pk),
                "support_need": str(theirs.support_need),
                "removed_need_status": theirs.status,
                "removed_need_other_description": theirs.other_description,
                "kept_need_status": ours.status,
                "moved": moved,
            }
        )
        theirs.delete()
    return {"needs.need": combined} if combined else {}
