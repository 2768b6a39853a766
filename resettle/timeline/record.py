from django.db import transaction

from resettle.timeline.models import Event


def add_event(
    person, kind, title, *, actor=None, organisation=None, detail="", pathway="", obj=None, at=None
) -> Event:
    """Put one entry on the person's timeline. Call inside the action's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Timeline events are written inside the transaction they describe.")
    fields = {}
    if at is not None:
        fields["at"] = at
    return Event.objects.create(
        person=person,
        kind=kind,
        title=str(title)[:200],
        detail=str(detail),
        pathway=pathway or "",
        actor=actor if actor is not None and actor.is_authenticated else None,
        organisation=organisation,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        **fields,
    )
