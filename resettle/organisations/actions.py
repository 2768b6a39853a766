"""Changes to an organisation's directory entry, through one named action."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from resettle.audit.log import record
from resettle.organisations.access import can_manage
from resettle.organisations.forms import ORGANISATION_FIELDS, version_of
from resettle.organisations.models import Organisation
from resettle.services.models import Service
from resettle.versioning import StaleEdit

STALE_MESSAGE = _(
    "Someone else changed this organisation while you were editing. Their changes are shown "
    "below; your changes have not been saved — check and save again."
)


def update_organisation(
    actor, organisation: Organisation, data: dict, *, led_by_and_for, expected_version: str
) -> Organisation:
    """Change an organisation's details; refused if someone saved since the editor loaded it.

    The organisation's name is part of each of its services' search text, so a rename
    rebuilds those in the same transaction.
    """
    if actor is None or not can_manage(actor, organisation):
        raise PermissionDenied("Only the organisation's managers or an administrator may do this.")
    unknown = set(data) - set(ORGANISATION_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        current = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if version_of(current) != expected_version:
            raise StaleEdit(current)
        changes = {
            field: [getattr(current, field), value]
            for field, value in data.items()
            if getattr(current, field) != value
        }
        wanted = {term.pk: term for term in led_by_and_for}
        existing = {term.pk: term for term in current.led_by_and_for.all()}
        if set(wanted) != set(existing):
            changes["led_by_and_for"] = [
                sorted(t.name for t in existing.values()),
                sorted(t.name for t in wanted.values()),
            ]
            current.led_by_and_for.set(wanted.values())
        if not changes:
            return current
        for field, value in data.items():
            setattr(current, field, value)
        # Saved even when only the led-by list changed, so updated_at (the version) moves on.
        current.save()
        if "name" in changes:
            # The organisation's name is in each service's search text: rebuild them together.
            services = list(current.services.prefetch_related("attributes__taxonomy_term"))
            for service in services:
                service.organisation = current
                service.search_document = service.build_search_document()
            Service.objects.bulk_update(services, ["search_document"], batch_size=500)
        record(
            actor,
            "organisation.updated",
            current,
            organisation=current,
            summary=f"Changed {', '.join(changes)} of {current.name}",
            changes=changes,
        )
    return current
