"""Who hears about what happens to a referral. Called inside the action's transaction: the
notifications are written with it (so a rolled-back change tells no one) and their emails go
after commit. Each has a key naming the referral and the change, so it is sent once however
often the task runs. Notices carry the reference and the service, never the person's name:
email is not a safe place for it."""

from django.urls import reverse
from django.utils.translation import gettext as _

from resettle.accounts.models import Role
from resettle.notifications.actions import members_of, notify

INTAKE = (Role.INTAKE, Role.MANAGER)
MANAGERS = (Role.MANAGER,)


def _url(referral) -> str:
    return reverse("referrals:detail", args=[referral.pk])


def _send(recipients, referral, kind, title, body, organisation):
    recipients = {user for user in recipients if user is not None and user.is_active}
    if recipients:
        notify(
            recipients,
            kind=f"referral.{kind}",
            title=title,
            body=body,
            url=_url(referral),
            key=f"referral:{referral.pk}:{kind}:{referral.version}",
            organisation=organisation,
        )


def _referrer(referral):
    return [referral.referred_by]


def referral_received(referral):
    _send(
        members_of(referral.to_organisation, INTAKE),
        referral,
        "received",
        _("New referral %(ref)s for %(service)s") % _names(referral),
        _("A new referral for %(service)s is waiting for an answer.") % _names(referral),
        referral.to_organisation,
    )


def referral_answered(referral):
    _send(
        _referrer(referral),
        referral,
        referral.status,
        _("Referral %(ref)s %(status)s") % _names(referral),
        _("%(organisation)s has %(status)s the referral to %(service)s.") % _names(referral),
        referral.from_organisation,
    )


def referral_assigned(referral):
    _send(
        [referral.assigned_to],
        referral,
        "assigned",
        _("Referral %(ref)s assigned to you") % _names(referral),
        _("You are now the worker for referral %(ref)s to %(service)s.") % _names(referral),
        referral.to_organisation,
    )


def first_contact(referral):
    _send(
        _referrer(referral),
        referral,
        "first_contact",
        _("First contact made on referral %(ref)s") % _names(referral),
        _("%(organisation)s has made first contact on the referral to %(service)s.")
        % _names(referral),
        referral.from_organisation,
    )


def referral_closed(referral):
    # Whoever closed it, the other side hears.
    recipients = _referrer(referral) + [referral.assigned_to]
    _send(
        recipients,
        referral,
        referral.status,
        _("Referral %(ref)s %(status)s") % _names(referral),
        _("The referral to %(service)s is now %(status)s.") % _names(referral),
        None,
    )


def referral_reminder(referral, working_days):
    _send(
        [*members_of(referral.to_organisation, INTAKE), referral.assigned_to],
        referral,
        "reminder",
        _("Referral %(ref)s is waiting for an answer") % _names(referral),
        _(
            "The referral %(ref)s to %(service)s has waited %(days)d working days for an "
            "answer. Please accept or decline it."
        )
        % {**_names(referral), "days": working_days},
        referral.to_organisation,
    )


def referral_escalated(referral, working_days):
    names = {**_names(referral), "days": working_days}
    _send(
        members_of(referral.to_organisation, MANAGERS),
        referral,
        "escalated",
        _("Unanswered referral %(ref)s escalated to you") % names,
        _(
            "The referral %(ref)s to %(service)s has waited %(days)d working days with no "
            "answer. As a manager, please make sure someone answers it."
        )
        % names,
        referral.to_organisation,
    )
    _send(
        _referrer(referral),
        referral,
        "escalated_referrer",
        _("Referral %(ref)s is still unanswered") % names,
        _(
            "%(organisation)s has not answered the referral to %(service)s after %(days)d "
            "working days. We have asked its managers to answer it."
        )
        % names,
        referral.from_organisation,
    )


def _names(referral) -> dict:
    return {
        "ref": referral.reference,
        "service": referral.service.name,
        "organisation": referral.to_organisation.name,
        "status": str(referral.get_status_display()).lower(),
    }
