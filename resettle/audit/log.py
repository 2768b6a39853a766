from django.db import transaction

from resettle.audit.models import AuditEntry


def record(actor, action, obj=None, *, organisation=None, summary="", changes=None) -> AuditEntry:
    """Write one audit row. Call inside the transaction that makes the change it describes."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit rows are written inside the transaction they describe.")
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        organisation=organisation,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:300],
        changes=changes or {},
    )
