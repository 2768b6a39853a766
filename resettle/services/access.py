"""Fetch one directory record for an editor, or 404.

A user who may not edit a service gets the same 404 as for one that does not exist, so
outsiders learn nothing about what is in other organisations' drafts.
"""

from django.http import Http404

from resettle.organisations.access import uuid_or_404
from resettle.services.models import Service, ServiceAtLocation


def get_service_for_editor(user, service_id) -> Service:
    try:
        return (
            Service.objects.editable_by(user)
            .select_related("organisation")
            .get(pk=uuid_or_404(service_id))
        )
    except Service.DoesNotExist:
        raise Http404("No service you can edit has that id.") from None


def get_service_location_for_editor(user, service_id, location_id) -> ServiceAtLocation:
    """The link between a service the user can edit and one of its locations."""
    service = get_service_for_editor(user, service_id)
    try:
        at_location = ServiceAtLocation.objects.select_related("location").get(
            service=service, location_id=uuid_or_404(location_id)
        )
    except ServiceAtLocation.DoesNotExist:
        raise Http404("That service has no location with that id.") from None
    shared_with_others = ServiceAtLocation.objects.filter(location=at_location.location).exclude(
        service__organisation=service.organisation
    )
    if shared_with_others.exists():
        raise Http404("That location is shared with another organisation's service.")
    at_location.service = service
    return at_location
