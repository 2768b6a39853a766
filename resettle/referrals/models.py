"""Closed-loop referrals: from a need in a person's plan to a service in the directory, and back.

A referral opens nothing of the person's record to the receiving organisation: it sees only what
the referrer chose to share, copied into `shared` when the referral was sent. Only if the
referrer shared the whole record (which needs the person's share-record consent) does accepting
it add an involvement that opens the record. Reads go through `Referral.objects.visible_to`.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resettle.core.referrals import OPEN
from resettle.core.referrals import Status as LifecycleStatus
from resettle.people.models import casework_organisation_ids


class Status(models.TextChoices):
    SENT = LifecycleStatus.SENT, _("Sent, waiting for an answer")
    ACCEPTED = LifecycleStatus.ACCEPTED, _("Accepted")
    DECLINED = LifecycleStatus.DECLINED, _("Declined")
    CONTACT_MADE = LifecycleStatus.CONTACT_MADE, _("First contact made")
    IN_PROGRESS = LifecycleStatus.IN_PROGRESS, _("In progress")
    COMPLETED = LifecycleStatus.COMPLETED, _("Completed")
    WITHDRAWN = LifecycleStatus.WITHDRAWN, _("Withdrawn")
    CANCELLED = LifecycleStatus.CANCELLED, _("Cancelled")


OPEN_STATUSES = tuple(str(s) for s in OPEN)


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    SOON = "soon", _("Soon (within 2 weeks)")
    URGENT = "urgent", _("Urgent (within 2 working days)")


class DeclineReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    NO_CAPACITY = "no_capacity", _("No capacity")
    OUT_OF_AREA = "out_of_area", _("Out of area")
    RISK = "risk", _("Risk")
    DUPLICATE = "duplicate", _("Duplicate referral")
    OTHER = "other", _("Other")


class WithdrawReason(models.TextChoices):
    NOT_ENGAGED = "not_engaged", _("Not engaged")
    NEEDS_MET_ELSEWHERE = "needs_met_elsewhere", _("Needs met elsewhere")
    MOVED = "moved", _("Moved away")
    RETURNED_TO_CUSTODY = "returned_to_custody", _("Returned to custody")
    DIED = "died", _("Died")
    OTHER = "other", _("Other")


class SharedField(models.TextChoices):
    """What the referrer may choose to share. The person's name, the need, the desired
    outcomes, urgency and release context always go: a referral cannot work without them."""

    DATE_OF_BIRTH = "date_of_birth", _("Date of birth")
    # Apart from date of birth: a sex on a prison record can reveal that someone is trans, so
    # it goes only where a single-sex service needs it.
    SEX = "sex", _("Sex (as on their prison or probation record)")
    CONTACT = "contact", _("Phone, email and address")
    PRISON_NUMBER = "prison_number", _("Prison number and PNC ID")
    LANGUAGE = "language", _("Language, interpreter and communication needs")
    NEEDS = "needs", _("Their other needs")
    PLAN = "plan", _("Their plan (goals and next steps)")
    WHOLE_RECORD = (
        "whole_record",
        _("Their whole record, once accepted (needs their consent to share their record)"),
    )


def new_reference() -> str:
    # Short enough to read over the phone; no 0/O or 1/I to confuse.
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "R-" + "".join(secrets.choice(alphabet) for _position in range(7))


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Referrals this user may see: sent by or to an organisation where they hold a
        casework role. Mentors, commissioners and outsiders see none."""
        organisations = casework_organisation_ids(user)
        if not organisations:
            return self.none()
        return self.filter(
            Q(to_organisation_id__in=organisations) | Q(from_organisation_id__in=organisations)
        )

    def received_by(self, user):
        return self.filter(to_organisation_id__in=casework_organisation_ids(user))

    def open(self):
        return self.filter(is_open=True)

    def closed(self):
        return self.filter(is_open=False)


class Referral(models.Model):
    Status = Status
    Urgency = Urgency
    DeclineReason = DeclineReason
    WithdrawReason = WithdrawReason
    SharedField = SharedField

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=12, unique=True, default=new_reference)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="referrals", db_index=False
    )
    # The need it came from; the pathway and support need are kept as they were when sent.
    need = models.ForeignKey(
        "needs.Need", null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    pathway = models.ForeignKey("taxonomy.TaxonomyTerm", on_delete=models.PROTECT, related_name="+")
    support_need = models.ForeignKey(
        "taxonomy.TaxonomyTerm", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    service = models.ForeignKey(
        "services.Service", on_delete=models.PROTECT, related_name="referrals"
    )
    from_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="referrals_sent",
        db_index=False,
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="referrals_received",
        db_index=False,
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals_assigned",
        db_index=False,
    )
    # Onward referrals: the referral this one came from, and the first of the chain.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="onward"
    )
    chain_root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="chain"
    )

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SENT)
    is_open = models.BooleanField(default=True, editable=False)
    urgency = models.CharField(
        _("how urgent"), max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE
    )
    reason = models.TextField(_("what the person needs from this service"))
    shared_fields = models.JSONField(default=list, blank=True)
    # What the receiving organisation sees of the person: a copy taken when sent.
    shared = models.JSONField(default=dict, blank=True)

    # The release context when sent.
    in_custody = models.BooleanField(default=False)
    prison = models.ForeignKey(
        "places.Prison", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    release_date = models.DateField(null=True, blank=True)

    # The lawful basis: the consent in force, or an override with its reason.
    consent = models.ForeignKey(
        "consents.Consent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent_override_reason = models.TextField(blank=True)

    decline_reason = models.CharField(max_length=20, choices=DeclineReason.choices, blank=True)
    withdraw_reason = models.CharField(max_length=20, choices=WithdrawReason.choices, blank=True)
    reason_detail = models.TextField(blank=True)
    closing_note = models.TextField(blank=True)

    first_contact_on = models.DateField(null=True, blank=True)
    first_contact_before_release = models.BooleanField(null=True)

    sent_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    # The involvement accepting it added, when the whole record was shared.
    involvement = models.ForeignKey(
        "people.Involvement", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [
            # The inbox tabs: one index range each, newest first.
            models.Index(
                fields=["to_organisation", "is_open", "-sent_at", "-id"], name="referral_inbox"
            ),
            models.Index(
                fields=["to_organisation", "-sent_at", "-id"],
                name="referral_inbox_unassigned",
                condition=Q(is_open=True, assigned_to__isnull=True),
            ),
            models.Index(
                fields=["to_organisation", "-sent_at", "-id"],
                name="referral_inbox_completed",
                condition=Q(status="completed"),
            ),
            models.Index(
                fields=["assigned_to", "is_open", "-sent_at", "-id"], name="referral_assigned"
            ),
            models.Index(
                fields=["from_organisation", "is_open", "-sent_at", "-id"], name="referral_sent"
            ),
            models.Index(fields=["person", "-sent_at", "-id"], name="referral_person"),
            # Chasing unanswered referrals.
            models.Index(
                fields=["sent_at"], name="referral_unanswered", condition=Q(status="sent")
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.service.name}"

    @property
    def need_name(self) -> str:
        return str((self.support_need or self.pathway).name)

    def received_by(self, user) -> bool:
        return self.to_organisation_id in casework_organisation_ids(user)

    def sent_by(self, user) -> bool:
        return self.from_organisation_id in casework_organisation_ids(user)


class DesiredOutcome(models.Model):
    class Result(models.TextChoices):
        ACHIEVED = "achieved", _("Achieved")
        PARTLY_ACHIEVED = "partly_achieved", _("Partly achieved")
        NOT_ACHIEVED = "not_achieved", _("Not achieved")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="outcomes")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(_("desired outcome"), max_length=300)
    result = models.CharField(max_length=20, choices=Result.choices, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.description


class ReferralEvent(models.Model):
    """Every change to a referral: what, who, when and why. Both sides read these."""

    class Kind(models.TextChoices):
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        ASSIGNED = "assigned", _("Assigned")
        CONTACT = "contact", _("Contact recorded")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        CANCELLED = "cancelled", _("Cancelled")
        REMINDED = "reminded", _("Reminder sent")
        ESCALATED = "escalated", _("Escalated to a manager")
        REFERRED_ON = "referred_on", _("Referred on")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=30, blank=True)
    note = models.TextField(blank=True)
    # For declines and withdrawals: what a later fairness analysis needs to see who is turned
    # away (number of needs, release context, organisations, service), without names.
    context = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["referral", "at", "id"], name="referral_event_order")]

    def __str__(self):
        return f"{self.referral_id} {self.kind}"
