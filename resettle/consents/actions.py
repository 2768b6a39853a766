"""Recording consent (and other lawful bases) for sharing a person's information, and its
withdrawal. Referrals and release packs check resettle.consents.checks before sharing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from resettle.consents.models import Consent
from resettle.people import access
from resettle.people.log import record_person
from resettle.timeline.models import Event
from resettle.timeline.record import add_event


def _check_access(actor, person):
    if not access.has_casework_access(actor, person):
        raise PermissionDenied("Only casework staff working with this person record consent.")


def basis_problems(data) -> dict[str, str]:
    """What a lawful basis is missing, by field. Consent must say how it was given; any other
    basis must say why it applies."""
    problems = {}
    basis, how = data.get("lawful_basis"), data.get("how_recorded")
    if basis == Consent.LawfulBasis.CONSENT:
        if not how or how == Consent.HowRecorded.NOT_APPLICABLE:
            problems["how_recorded"] = _("Select how they gave their consent")
    elif basis and not (data.get("note") or "").strip():
        problems["note"] = _("Say why this lawful basis applies, as consent was not asked for")
    given_on = data.get("given_on")
    if given_on is not None and given_on > timezone.localdate():
        problems["given_on"] = _("The date given must be today or in the past")
    return problems


def record_consent(actor, person, data) -> Consent:
    _check_access(actor, person)
    problems = basis_problems(data)
    if problems:
        raise ValidationError(problems)
    how = data.get("how_recorded") or Consent.HowRecorded.NOT_APPLICABLE
    with transaction.atomic():
        organisation = access.acting_organisation(actor, person)
        consent = Consent.objects.create(
            person=person,
            purpose=data["purpose"],
            organisation=data.get("organisation"),
            lawful_basis=data["lawful_basis"],
            how_recorded=how,
            given_on=data["given_on"],
            note=(data.get("note") or "").strip(),
            recorded_by=actor,
            recorded_by_organisation=organisation,
        )
        shared_with = consent.organisation.name if consent.organisation else None
        record_person(
            actor,
            person,
            "consent.recorded",
            obj=consent,
            organisation=organisation,
            summary=f"Consent recorded: {consent.purpose}",
            changes={
                "purpose": consent.purpose,
                "shared_with": str(consent.organisation_id) if consent.organisation_id else "any",
                "lawful_basis": consent.lawful_basis,
                "how_recorded": consent.how_recorded,
                "given_on": consent.given_on.isoformat(),
            },
        )
        add_event(
            person,
            Event.Kind.CONSENT,
            _("Consent recorded: %(purpose)s") % {"purpose": consent.get_purpose_display()},
            actor=actor,
            organisation=organisation,
            detail=_("Shared with %(with)s. Lawful basis: %(basis)s (%(how)s), from %(date)s.")
            % {
                "with": shared_with or _("any organisation working with them"),
                "basis": consent.get_lawful_basis_display(),
                "how": consent.get_how_recorded_display(),
                "date": date_format(consent.given_on, "j F Y"),
            },
            obj=consent,
        )
    return consent


def withdraw_consent(actor, consent, withdrawn_on, note="") -> Consent:
    """Withdraw from the given date. Refuses a second withdrawal: the first one stands."""
    person = consent.person
    _check_access(actor, person)
    if withdrawn_on > timezone.localdate():
        raise ValidationError({"withdrawn_on": _("The date must be today or in the past")})
    if withdrawn_on < consent.given_on:
        raise ValidationError(
            {
                "withdrawn_on": _("The date must be on or after the date it was given (%(date)s)")
                % {"date": date_format(consent.given_on, "j F Y")}
            }
        )
    with transaction.atomic():
        current = Consent.objects.select_for_update().get(pk=consent.pk)
        if current.withdrawn_on is not None:
            raise ValidationError(already_withdrawn_message(current))
        current.withdrawn_on = withdrawn_on
        current.withdrawal_note = (note or "").strip()
        current.withdrawal_recorded_by = actor
        current.save(update_fields=["withdrawn_on", "withdrawal_note", "withdrawal_recorded_by"])
        organisation = access.acting_organisation(actor, person)
        record_person(
            actor,
            person,
            "consent.withdrawn",
            obj=current,
            organisation=organisation,
            summary=f"Consent withdrawn: {current.purpose}",
            changes={"withdrawn_on": {"old": None, "new": withdrawn_on.isoformat()}},
        )
        add_event(
            person,
            Event.Kind.CONSENT,
            _("Consent withdrawn: %(purpose)s") % {"purpose": current.get_purpose_display()},
            actor=actor,
            organisation=organisation,
            detail=_("From %(date)s.") % {"date": date_format(withdrawn_on, "j F Y")},
            obj=current,
        )
    return current


def already_withdrawn_message(consent) -> str:
    return _("This was already withdrawn on %(date)s. It cannot be withdrawn twice.") % {
        "date": date_format(consent.withdrawn_on, "j F Y")
    }
