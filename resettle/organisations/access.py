"""Fetch one organisation for a user, or 404. Outsiders get the same 404 as a wrong address."""

import uuid

from django.http import Http404

from resettle.accounts.models import Role
from resettle.organisations.models import Organisation


def organisations_managed_by(user):
    """Organisations this user may edit: their own as manager, every one as administrator."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_administrator:
        return Organisation.objects.all()
    return user.organisations_with_role(Role.MANAGER).distinct()


def can_manage(user, organisation) -> bool:
    return organisations_managed_by(user).filter(pk=organisation.pk).exists()


def get_organisation_for_manager(user, organisation_id) -> Organisation:
    try:
        return organisations_managed_by(user).get(pk=uuid_or_404(organisation_id))
    except Organisation.DoesNotExist:
        raise Http404("No organisation you manage has that id.") from None


def get_public_organisation(organisation_id) -> Organisation:
    try:
        return Organisation.objects.get(pk=uuid_or_404(organisation_id))
    except Organisation.DoesNotExist:
        raise Http404("No organisation has that id.") from None


def uuid_or_404(value) -> uuid.UUID:
    """An id from a URL as a UUID; anything else is simply not found."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404("That is not a valid id.") from None
