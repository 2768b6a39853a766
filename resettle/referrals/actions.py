"""Every change to a referral goes through one of these named actions.

Each one checks who is acting (the referring side or the receiving side), locks the referral,
asks the lifecycle rules (resettle/core/referrals) whether the change is allowed from the status
found under the lock, writes the change, its referral event, the audit row and a line on the
person's timeline in one transaction, and queues its notifications to go after commit. Because
the check happens under the row lock, two people answering at once cannot both win: the second
is told what the first did.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from resettle.caseloads.entries import refresh as refresh_caseload
from resettle.consents.checks import consent_in_force
from resettle.consents.models import Consent
from resettle.core.referrals import (
    ACCEPT,
    ASSIGN,
    CANCEL,
    COMPLETE,
    DECLINE,
    RECORD_CONTACT,
    REFER_ON,
    WITHDRAW,
    InvalidChange,
    check,
    fairness,
    result_of,
)
from resettle.core.referrals import OPEN as OPEN_STATUSES
from resettle.people.access import has_casework_access
from resettle.people.log import record_person
from resettle.people.models import CASEWORK_ROLES, Involvement, Person, casework_organisation_ids
from resettle.referrals import notices
from resettle.referrals.models import (
    DeclineReason,
    DesiredOutcome,
    Referral,
    ReferralEvent,
    SharedField,
    Status,
    WithdrawReason,
)
from resettle.referrals.sharing import snapshot
from resettle.services.models import Service
from resettle.timeline.models import Event
from resettle.timeline.record import add_event

__all__ = [
    "InvalidChange",
    "ReferralRefused",
    "accept",
    "assign",
    "cancel",
    "chase_unanswered",
    "complete",
    "decline",
    "record_contact",
    "send_referral",
    "withdraw",
]

MAX_DESIRED_OUTCOMES = 10


class ReferralRefused(ValidationError):
    """The referral cannot be sent as asked; the message says why and what to do."""


# Who acts ---------------------------------------------------------------------------------


def _is_receiver(user, referral) -> bool:
    return referral.to_organisation_id in casework_organisation_ids(user)


def _is_referrer(user, referral) -> bool:
    return referral.from_organisation_id in casework_organisation_ids(user)


def _require(allowed: bool, message: str):
    if not allowed:
        raise PermissionDenied(message)


def _referring_organisation(actor, person):
    """The actor's casework organisation working with the person: the one that refers."""
    mine = set(casework_organisation_ids(actor))
    for involvement in person.involvements.active().select_related("organisation"):
        if involvement.organisation_id in mine and involvement.kind != Involvement.Kind.MENTORING:
            return involvement.organisation
    return None


# Sending ----------------------------------------------------------------------------------


def send_referral(
    actor,
    person,
    *,
    service,
    need=None,
    pathway=None,
    support_need=None,
    desired_outcomes,
    reason,
    urgency=Referral.Urgency.ROUTINE,
    shared_fields=(),
    consent_override_reason="",
    parent=None,
) -> Referral:
    """Refer the person to a service, for a need in their plan (or a pathway and support need
    named directly). Needs the person's consent to be referred to that organisation, or
    another recorded lawful basis; without either, the caseworker must give a reason to go
    ahead, which is audited. `parent` makes it an onward referral from a receiving
    organisation, which may share on no more than it was given."""
    if parent is not None:
        person = parent.person
        _require(
            _is_receiver(actor, parent),
            "Only the organisation that received a referral may refer the person on.",
        )
        from_organisation = parent.to_organisation
    else:
        _require(
            has_casework_access(actor, person),
            "Only casework staff working with the person may refer them.",
        )
        from_organisation = _referring_organisation(actor, person)
        _require(from_organisation is not None, "You do not work with this person's casework.")

    if need is not None:
        if need.person_id != person.pk:
            raise ReferralRefused(_("That need belongs to someone else."))
        pathway, support_need = need.pathway, need.support_need
    if pathway is None:
        raise ReferralRefused(_("Choose the need this referral is for."))
    outcomes = [text.strip() for text in desired_outcomes if text and text.strip()]
    if not outcomes:
        raise ReferralRefused(_("Say at least one thing the person hopes this referral achieves."))
    if len(outcomes) > MAX_DESIRED_OUTCOMES:
        raise ReferralRefused(
            _("Give at most %(n)d desired outcomes.") % {"n": MAX_DESIRED_OUTCOMES}
        )
    if not reason.strip():
        raise ReferralRefused(_("Say what the person needs from this service."))
    urgency = Referral.Urgency(urgency)
    shared_fields = sorted({SharedField(code) for code in shared_fields})
    # An onward sender who does not hold the record knows the person only through the referral
    # they received: they pass on that copy, never more.
    passes_on_copy = parent is not None and not has_casework_access(actor, person)
    if parent is not None:
        given = set(parent.shared_fields)
        beyond = [str(SharedField(code).label) for code in shared_fields if code not in given]
        if beyond and passes_on_copy:
            raise ReferralRefused(
                _("You can only share on what was shared with you. Not shared with you: %(f)s.")
                % {"f": ", ".join(beyond)}
            )

    with transaction.atomic():
        service = Service.objects.select_related("organisation").get(pk=service.pk)
        if service.status != Service.Status.ACTIVE or not service.accepting_referrals:
            raise ReferralRefused(
                _("%(service)s is not taking referrals at the moment.") % {"service": service.name}
            )
        if not service.accepts_professional_referral:
            raise ReferralRefused(
                _("%(service)s takes self-referrals only: give the person its details instead.")
                % {"service": service.name}
            )
        to_organisation = service.organisation
        # Lock the person so two clicks of "send" cannot make two referrals.
        person = Person.records.select_for_update().get(pk=person.pk)
        duplicate = Referral.objects.filter(person=person, service=service, is_open=True).first()
        if duplicate is not None:
            raise ReferralRefused(
                _("There is already an open referral to %(service)s (%(reference)s).")
                % {"service": service.name, "reference": duplicate.reference}
            )
        consent = consent_in_force(person, Consent.Purpose.REFERRALS, to_organisation)
        override = consent_override_reason.strip()
        if consent is None and not override:
            raise ReferralRefused(
                _(
                    "%(name)s has not agreed to be referred to %(organisation)s, and no other "
                    "lawful basis is recorded. Record their consent, or give the reason you "
                    "must refer without it."
                )
                % {"name": person.full_name, "organisation": to_organisation.name}
            )
        if consent is not None:
            override = ""
        if SharedField.WHOLE_RECORD in shared_fields and not consent_in_force(
            person, Consent.Purpose.SHARE_RECORD, to_organisation
        ):
            raise ReferralRefused(
                _(
                    "%(name)s has not agreed to share their record with %(organisation)s, so "
                    "their whole record cannot be shared. Choose the parts to share instead."
                )
                % {"name": person.full_name, "organisation": to_organisation.name}
            )

        shared = snapshot(person, shared_fields, need=need)
        if passes_on_copy:
            # What the record holds now (a sex recorded since, a new phone number) was never
            # given to them: only the parts of their copy that they chose go on.
            shared = {key: parent.shared[key] for key in shared if key in parent.shared}
        referral = Referral.objects.create(
            person=person,
            need=need,
            pathway=pathway,
            support_need=support_need,
            service=service,
            from_organisation=from_organisation,
            referred_by=actor,
            to_organisation=to_organisation,
            parent=parent,
            chain_root=(parent.chain_root or parent) if parent is not None else None,
            urgency=urgency,
            reason=reason.strip(),
            shared_fields=[str(code) for code in shared_fields],
            shared=shared,
            in_custody=person.custody_status == Person.Custody.IN_CUSTODY,
            prison=person.current_prison,
            release_date=person.release_date,
            consent=consent,
            consent_override_reason=override,
        )
        DesiredOutcome.objects.bulk_create(
            DesiredOutcome(referral=referral, position=i, description=text[:300])
            for i, text in enumerate(outcomes)
        )
        _event(referral, ReferralEvent.Kind.SENT, actor, from_organisation, note=referral.reason)
        changes = {
            "service": service.name,
            "to_organisation": to_organisation.name,
            "need": referral.need_name,
            "urgency": urgency.value,
            "shared_fields": referral.shared_fields,
            "lawful_basis": (
                f"consent {consent.pk} ({consent.lawful_basis})" if consent else "override"
            ),
        }
        if override:
            changes["consent_override_reason"] = override
        record_person(
            actor,
            person,
            "referral.sent",
            obj=referral,
            organisation=from_organisation,
            summary=f"Referred to {service.name} ({referral.reference})",
            changes=changes,
        )
        if override:
            record_person(
                actor,
                person,
                "referral.consent_overridden",
                obj=referral,
                organisation=from_organisation,
                summary=f"Referred to {service.name} without consent on record",
                changes={"reason": override},
            )
        if parent is not None:
            _event(
                parent,
                ReferralEvent.Kind.REFERRED_ON,
                actor,
                from_organisation,
                note=f"{service.name} ({referral.reference})",
            )
        add_event(
            person,
            Event.Kind.REFERRAL,
            _("Referred to %(service)s") % {"service": service.name},
            actor=actor,
            organisation=from_organisation,
            detail=referral.need_name,
            pathway=pathway.code,
            obj=referral,
        )
        notices.referral_received(referral)
    return referral


# Changing ---------------------------------------------------------------------------------


def _event(referral, kind, actor, organisation, *, reason="", note="", context=None, at=None):
    return ReferralEvent.objects.create(
        referral=referral,
        kind=kind,
        status=referral.status,
        actor=actor if actor is not None and actor.is_authenticated else None,
        organisation=organisation,
        reason=reason,
        note=note,
        context=context or {},
        **({"at": at} if at else {}),
    )


def _locked(referral) -> Referral:
    return (
        Referral.objects.select_for_update()
        .select_related("person", "service", "to_organisation", "from_organisation")
        .get(pk=referral.pk)
    )


def _set_status(referral, status, now):
    referral.status = status
    referral.is_open = status in OPEN_STATUSES
    if not referral.is_open and referral.closed_at is None:
        referral.closed_at = now
    referral.version += 1


def _audit(actor, referral, action, organisation, summary, changes, *, kind_title, detail=""):
    record_person(
        actor,
        referral.person,
        action,
        obj=referral,
        organisation=organisation,
        summary=summary,
        changes=changes,
    )
    add_event(
        referral.person,
        Event.Kind.REFERRAL,
        kind_title,
        actor=actor,
        organisation=organisation,
        detail=detail,
        pathway=referral.pathway.code,
        obj=referral,
    )


def fairness_context(referral, now) -> dict:
    """The context a decline or withdrawal keeps for fairness analysis (core.referrals.fairness)."""
    needs = referral.person.needs
    open_needs = needs.open()
    return fairness.fairness_context(
        needs=needs.count(),
        open_needs=open_needs.count(),
        open_pathways=open_needs.values("pathway").distinct().count(),
        in_custody_when_referred=referral.in_custody,
        prison=referral.prison.code if referral.prison_id else None,
        release_date=referral.release_date,
        sent_on=timezone.localdate(referral.sent_at),
        sent_at=referral.sent_at,
        now=now,
        from_organisation=referral.from_organisation_id,
        to_organisation=referral.to_organisation_id,
        service=referral.service_id,
        pathway=referral.pathway.code,
        urgency=referral.urgency,
        onward=referral.parent_id is not None,
    )


def _end_shared_involvement(referral, reason, today):
    if referral.involvement_id is None:
        return
    Involvement.objects.filter(pk=referral.involvement_id, ended_on__isnull=True).update(
        ended_on=today, end_reason=reason[:200]
    )


def accept(actor, referral, *, assign_to=None) -> Referral:
    _require(_is_receiver(actor, referral), "Only the receiving organisation may accept.")
    now = timezone.now()
    with transaction.atomic():
        referral = _locked(referral)
        status = result_of(ACCEPT, referral.status)
        if assign_to is not None:
            _check_worker(referral, assign_to)
            referral.assigned_to = assign_to
        _set_status(referral, status, now)
        referral.answered_at = now
        if SharedField.WHOLE_RECORD in referral.shared_fields and consent_in_force(
            referral.person, Consent.Purpose.SHARE_RECORD, referral.to_organisation
        ):
            involvement = (
                referral.person.involvements.active()
                .filter(organisation=referral.to_organisation)
                .first()
            )
            if involvement is None:
                involvement = Involvement.objects.create(
                    person=referral.person,
                    organisation=referral.to_organisation,
                    kind=Involvement.Kind.REFERRED,
                    worker=referral.assigned_to,
                )
                referral.involvement = involvement
                refresh_caseload(referral.person)
        referral.save()
        _event(referral, ReferralEvent.Kind.ACCEPTED, actor, referral.to_organisation)
        _audit(
            actor,
            referral,
            "referral.accepted",
            referral.to_organisation,
            f"{referral.to_organisation.name} accepted referral {referral.reference}",
            {"status": [Status.SENT, referral.status]},
            kind_title=_("%(service)s accepted the referral") % {"service": referral.service.name},
        )
        notices.referral_answered(referral)
        if referral.assigned_to is not None:
            notices.referral_assigned(referral)
    return referral


def decline(actor, referral, *, reason, detail="") -> Referral:
    _require(_is_receiver(actor, referral), "Only the receiving organisation may decline.")
    reason = DeclineReason(reason)
    detail = detail.strip()
    if reason == DeclineReason.OTHER and not detail:
        raise ReferralRefused(_("Say why the referral is declined."))
    now = timezone.now()
    with transaction.atomic():
        referral = _locked(referral)
        check(DECLINE, referral.status)
        _set_status(referral, result_of(DECLINE, referral.status), now)
        referral.answered_at = now
        referral.decline_reason = reason
        referral.reason_detail = detail
        referral.save()
        _event(
            referral,
            ReferralEvent.Kind.DECLINED,
            actor,
            referral.to_organisation,
            reason=reason,
            note=detail,
            context=fairness_context(referral, now),
        )
        _audit(
            actor,
            referral,
            "referral.declined",
            referral.to_organisation,
            f"{referral.to_organisation.name} declined referral {referral.reference}",
            {"status": [Status.SENT, referral.status], "reason": reason.value, "detail": detail},
            kind_title=_("%(service)s declined the referral") % {"service": referral.service.name},
            detail=str(reason.label),
        )
        notices.referral_answered(referral)
    return referral


def workers_for(referral):
    """Who the receiving organisation may assign a referral to: its casework staff."""
    from resettle.accounts.models import User

    return User.objects.filter(
        is_active=True,
        memberships__organisation_id=referral.to_organisation_id,
        memberships__role__in=CASEWORK_ROLES,
    ).distinct()


def _check_worker(referral, worker):
    if not workers_for(referral).filter(pk=worker.pk).exists():
        raise ReferralRefused(
            _("Choose someone who works at %(o)s.") % {"o": referral.to_organisation}
        )


def assign(actor, referral, worker) -> Referral:
    _require(_is_receiver(actor, referral), "Only the receiving organisation may assign.")
    with transaction.atomic():
        referral = _locked(referral)
        check(ASSIGN, referral.status)
        _check_worker(referral, worker)
        previous = referral.assigned_to
        if previous == worker:
            return referral
        referral.assigned_to = worker
        referral.version += 1
        referral.save()
        if referral.involvement_id:
            Involvement.objects.filter(pk=referral.involvement_id).update(worker=worker)
        _event(
            referral,
            ReferralEvent.Kind.ASSIGNED,
            actor,
            referral.to_organisation,
            note=worker.get_full_name() or worker.email,
        )
        record_person(
            actor,
            referral.person,
            "referral.assigned",
            obj=referral,
            organisation=referral.to_organisation,
            summary=f"Referral {referral.reference} assigned",
            changes={"assigned_to": [str(previous) if previous else None, str(worker)]},
        )
        notices.referral_assigned(referral)
    return referral


def record_contact(actor, referral, *, on, happened=True, how="", note="") -> Referral:
    """A contact (or an appointment) between the receiving organisation and the person. The
    first one that happens moves the referral to "first contact made" and records whether it
    came before release; later ones mark it in progress."""
    _require(_is_receiver(actor, referral), "Only the receiving organisation records contacts.")
    today = timezone.localdate()
    if on > today:
        raise ReferralRefused(_("The date of the contact must be today or in the past."))
    now = timezone.now()
    with transaction.atomic():
        referral = _locked(referral)
        if on < timezone.localdate(referral.sent_at):
            raise ReferralRefused(_("The date of the contact must be after the referral was sent."))
        previous = referral.status
        new_status = result_of(RECORD_CONTACT, previous, contact_made=happened)
        first = happened and referral.first_contact_on is None
        if first:
            referral.first_contact_on = on
            referral.first_contact_before_release = _before_release(referral, on)
        _set_status(referral, new_status, now)
        referral.save()
        _event(
            referral,
            ReferralEvent.Kind.CONTACT,
            actor,
            referral.to_organisation,
            reason="happened" if happened else "did_not_happen",
            note=note.strip(),
            context={"on": on.isoformat(), "how": how, "first": first},
        )
        if first:
            _provider_contact(referral.person, on)
        what = _("First contact") if first else _("Contact")
        _audit(
            actor,
            referral,
            "referral.contact",
            referral.to_organisation,
            f"Contact recorded on referral {referral.reference}",
            {"status": [previous, referral.status], "on": on.isoformat(), "happened": happened},
            kind_title=(
                _("%(what)s with %(service)s") % {"what": what, "service": referral.service.name}
                if happened
                else _("Planned contact with %(service)s did not happen")
                % {"service": referral.service.name}
            ),
        )
        if first:
            notices.first_contact(referral)
    return referral


def _before_release(referral, on) -> bool:
    person = referral.person
    if person.custody_status == Person.Custody.IN_CUSTODY:
        return True
    return referral.release_date is not None and on < referral.release_date


def _provider_contact(person, on):
    # A provider's first contact is what the pre-release worklist's "no provider contact yet"
    # flag looks for; a conditional UPDATE so it never moves backwards.
    from django.db.models import Q

    Person.records.filter(pk=person.pk).filter(
        Q(last_contact_on__isnull=True) | Q(last_contact_on__lt=on)
    ).update(last_contact_on=on)
    refresh_caseload(person)


def complete(actor, referral, *, results, note="") -> Referral:
    """Close the referral with a result for each desired outcome: {outcome id: result}."""
    _require(_is_receiver(actor, referral), "Only the receiving organisation may complete.")
    now = timezone.now()
    with transaction.atomic():
        referral = _locked(referral)
        check(COMPLETE, referral.status)
        outcomes = list(referral.outcomes.all())
        missing = [o.description for o in outcomes if not results.get(o.pk)]
        if missing:
            raise ReferralRefused(
                _("Say how far each outcome was achieved: %(o)s.") % {"o": "; ".join(missing)}
            )
        for outcome in outcomes:
            outcome.result = DesiredOutcome.Result(results[outcome.pk])
        DesiredOutcome.objects.bulk_update(outcomes, ["result"])
        previous = referral.status
        _set_status(referral, result_of(COMPLETE, previous), now)
        referral.closing_note = note.strip()
        referral.save()
        _end_shared_involvement(referral, "Referral completed", timezone.localdate())
        _event(referral, ReferralEvent.Kind.COMPLETED, actor, referral.to_organisation, note=note)
        _audit(
            actor,
            referral,
            "referral.completed",
            referral.to_organisation,
            f"Referral {referral.reference} completed",
            {
                "status": [previous, referral.status],
                "outcomes": {o.description: o.result for o in outcomes},
            },
            kind_title=_("%(service)s completed the referral") % {"service": referral.service.name},
            detail="; ".join(f"{o.description}: {o.get_result_display()}" for o in outcomes),
        )
        notices.referral_closed(referral)
    return referral


def withdraw(actor, referral, *, reason, detail="") -> Referral:
    """Either side may withdraw a referral once accepted, with a coded reason."""
    _require(
        _is_receiver(actor, referral) or _is_referrer(actor, referral),
        "Only the organisations on this referral may withdraw it.",
    )
    reason = WithdrawReason(reason)
    detail = detail.strip()
    if reason == WithdrawReason.OTHER and not detail:
        raise ReferralRefused(_("Say why the referral is withdrawn."))
    now = timezone.now()
    with transaction.atomic():
        referral = _locked(referral)
        check(WITHDRAW, referral.status)
        previous = referral.status
        organisation = (
            referral.to_organisation
            if _is_receiver(actor, referral)
            else referral.from_organisation
        )
        _set_status(referral, result_of(WITHDRAW, previous), now)
        referral.withdraw_reason = reason
        referral.reason_detail = detail
        referral.save()
        _end_shared_involvement(referral, "Referral withdrawn", timezone.localdate())
        _event(
            referral,
            ReferralEvent.Kind.WITHDRAWN,
            actor,
            organisation,
            reason=reason,
            note=detail,
            context=fairness_context(referral, now),
        )
        _audit(
            actor,
            referral,
            "referral.withdrawn",
            organisation,
            f"Referral {referral.reference} withdrawn",
            {"status": [previous, referral.status], "reason": reason.value, "detail": detail},
            kind_title=_("Referral to %(service)s withdrawn") % {"service": referral.service.name},
            detail=str(reason.label),
        )
        notices.referral_closed(referral)
    return referral


def cancel(actor, referral, *, note="") -> Referral:
    """The referrer takes a referral back before work has started."""
    _require(_is_referrer(actor, referral), "Only the referring organisation may cancel.")
    now = timezone.now()
    with transaction.atomic():
        referral = _locked(referral)
        check(CANCEL, referral.status)
        previous = referral.status
        _set_status(referral, result_of(CANCEL, previous), now)
        referral.closing_note = note.strip()
        referral.save()
        _end_shared_involvement(referral, "Referral cancelled", timezone.localdate())
        _event(referral, ReferralEvent.Kind.CANCELLED, actor, referral.from_organisation, note=note)
        _audit(
            actor,
            referral,
            "referral.cancelled",
            referral.from_organisation,
            f"Referral {referral.reference} cancelled",
            {"status": [previous, referral.status]},
            kind_title=_("Referral to %(service)s cancelled") % {"service": referral.service.name},
        )
        notices.referral_closed(referral)
    return referral


def refer_on(actor, referral, **details) -> Referral:
    """An onward referral from the receiving organisation, tracked in the same chain."""
    with transaction.atomic():
        check(REFER_ON, _locked(referral).status)
        return send_referral(actor, referral.person, parent=referral, **details)


# Chasing ----------------------------------------------------------------------------------


def chase_unanswered(now: datetime.datetime | None = None) -> dict:
    """Remind the receiving organisation of referrals left unanswered for
    REFERRAL_REMIND_AFTER_WORKING_DAYS, then escalate to its managers (and tell the referrer)
    after REFERRAL_ESCALATE_AFTER_WORKING_DAYS. Each referral is chased in its own transaction
    under its row lock, so overlapping runs never remind twice."""
    from resettle.core.working_days import working_days_between

    now = now or timezone.now()
    today = timezone.localdate(now)
    remind_after = settings.REFERRAL_REMIND_AFTER_WORKING_DAYS
    escalate_after = settings.REFERRAL_ESCALATE_AFTER_WORKING_DAYS
    counts = {"reminded": 0, "escalated": 0}
    # Nothing younger than the reminder threshold can be due: calendar days >= working days.
    day_after_due = today - datetime.timedelta(days=remind_after - 1)
    sent_before = timezone.make_aware(datetime.datetime.combine(day_after_due, datetime.time()))
    due = Referral.objects.filter(status=Status.SENT, sent_at__lt=sent_before).filter(
        escalated_at__isnull=True
    )
    for pk in due.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            referral = (
                Referral.objects.select_for_update(skip_locked=True)
                .select_related("person", "service", "to_organisation", "from_organisation")
                .filter(pk=pk, status=Status.SENT)
                .first()
            )
            if referral is None:
                continue
            waited = working_days_between(timezone.localdate(referral.sent_at), today)
            if waited >= escalate_after and referral.escalated_at is None:
                referral.escalated_at = now
                referral.reminded_at = referral.reminded_at or now
                referral.save(update_fields=["escalated_at", "reminded_at", "updated_at"])
                _event(
                    referral,
                    ReferralEvent.Kind.ESCALATED,
                    None,
                    referral.to_organisation,
                    context={"working_days_waiting": waited},
                )
                notices.referral_escalated(referral, waited)
                counts["escalated"] += 1
            elif waited >= remind_after and referral.reminded_at is None:
                referral.reminded_at = now
                referral.save(update_fields=["reminded_at", "updated_at"])
                _event(
                    referral,
                    ReferralEvent.Kind.REMINDED,
                    None,
                    referral.to_organisation,
                    context={"working_days_waiting": waited},
                )
                notices.referral_reminder(referral, waited)
                counts["reminded"] += 1
    return counts
