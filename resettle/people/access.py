"""Fetch one person for a user, or 404, and say which parts of the record the user may see.

Who may see a person at all is PersonQuerySet.visible_to; this module only adds the finer
per-role rules, so every view asks the same questions the same way. Someone who may not see a
person gets the same 404 as for a person who does not exist.
"""

from django.http import Http404

from resettle.accounts.models import Role
from resettle.organisations.access import uuid_or_404
from resettle.people.models import (
    CASEWORK_ROLES,
    EQUALITY_ROLES,
    Involvement,
    Person,
    casework_organisation_ids,
)


def get_person_for_user(user, person_id) -> Person:
    """Any view of the person: casework, a mentor's narrow view, or an administrator's."""
    return _get(Person.records.visible_to(user), person_id)


def get_person_for_casework(user, person_id) -> Person:
    """The whole record, to read and change: casework roles at an organisation working with
    the person. Mentors and administrators get a 404 here."""
    return _get(Person.records.with_casework_access(user), person_id)


def get_person_for_oversight(user, person_id) -> Person:
    """For "who has seen this record", subject access and merging: managers of an
    organisation working with the person, and administrators."""
    person = get_person_for_user(user, person_id)
    if not can_oversee(user, person):
        raise Http404("No person you may oversee has that id.")
    return person


def _get(queryset, person_id) -> Person:
    try:
        return queryset.select_related("current_prison", "home_borough").get(
            pk=uuid_or_404(person_id)
        )
    except Person.DoesNotExist:
        raise Http404("No person you may see has that id.") from None


def _roles_for(user, person) -> set[str]:
    """The user's roles at organisations actively working with this person."""
    cache = getattr(user, "_roles_for_person", {})
    if person.pk not in cache:
        organisations = Involvement.objects.active().filter(person=person).values("organisation")
        cache[person.pk] = set(
            user.memberships.filter(organisation__in=organisations).values_list("role", flat=True)
        )
        user._roles_for_person = cache
    return cache[person.pk]


def has_casework_access(user, person) -> bool:
    return bool(_roles_for(user, person) & set(CASEWORK_ROLES))


def can_see_equality(user, person) -> bool:
    return bool(_roles_for(user, person) & set(EQUALITY_ROLES))


def can_oversee(user, person) -> bool:
    return user.is_administrator or Role.MANAGER in _roles_for(user, person)


def is_mentor_only(user, person) -> bool:
    """A mentor with no casework role for this person sees the narrow mentor's view."""
    return not has_casework_access(user, person) and not user.is_administrator


def acting_organisation(user, person):
    """The organisation on whose behalf the user works on this person's record, for the
    audit log: their casework organisation working with the person, else their mentoring one,
    else (for administrators) their own."""
    involvements = Involvement.objects.active().filter(person=person).select_related("organisation")
    casework = set(casework_organisation_ids(user))
    mentoring = None
    for involvement in involvements:
        if involvement.organisation_id in casework:
            return involvement.organisation
        if involvement.kind == Involvement.Kind.MENTORING and involvement.worker_id == user.pk:
            mentoring = involvement.organisation
    if mentoring is not None:
        return mentoring
    membership = user.memberships.select_related("organisation").first()
    return membership.organisation if membership else None
