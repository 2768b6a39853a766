"""Writing case notes. A note is never edited or deleted once saved: a correction is another
note, so what a caseworker read on a given day can always be reconstructed."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext_noop

from resettle.casenotes.models import CaseNote
from resettle.people.access import acting_organisation, has_casework_access
from resettle.people.log import record_person
from resettle.timeline.models import Event
from resettle.timeline.record import add_event

EXCERPT_CHARACTERS = 300


def add_case_note(actor, person, *, text: str, pathway=None) -> CaseNote:
    if not has_casework_access(actor, person):
        raise PermissionDenied("Only people working with this person may add case notes.")
    organisation = acting_organisation(actor, person)
    with transaction.atomic():
        note = CaseNote.objects.create(
            person=person, pathway=pathway, text=text, author=actor, organisation=organisation
        )
        pathway_code = pathway.code if pathway is not None else ""
        # The audit row says a note was written and where it was filed, not what it says:
        # the note itself is the record, and the audit log is read more widely.
        record_person(
            actor,
            person,
            "case_note.added",
            obj=note,
            organisation=organisation,
            summary="Added a case note",
            changes={"pathway": pathway_code},
        )
        add_event(
            person,
            Event.Kind.NOTE,
            gettext_noop("Case note"),
            actor=actor,
            organisation=organisation,
            detail=Truncator(text).chars(EXCERPT_CHARACTERS),
            pathway=pathway_code,
            obj=note,
            at=note.written_at,
        )
    return note
