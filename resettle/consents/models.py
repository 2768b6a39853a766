"""Consent and other lawful bases for sharing a person's information."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConsentQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(given_on__lte=on).filter(
            Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on)
        )

    def covering(self, purpose: str, organisation=None):
        """Records allowing this purpose, for this organisation or for any organisation."""
        scope = Q(organisation__isnull=True)
        if organisation is not None:
            scope |= Q(organisation=organisation)
        return self.filter(purpose=purpose).filter(scope)


class Consent(models.Model):
    """What the person agreed to share, with whom, on which lawful basis, and its withdrawal.

    Referrals and release packs ask `Consent.objects.for_person(p).in_force().covering(...)`
    before they share anything.
    """

    class Purpose(models.TextChoices):
        SHARE_RECORD = "share_record", _("Share my record with organisations supporting me")
        REFERRALS = "referrals", _("Refer me to other services")
        OUTCOMES = "outcomes", _("Share my progress and outcomes with funders (without my name)")
        CONTACT = "contact", _("Contact me by phone, text or email")

    class LawfulBasis(models.TextChoices):
        CONSENT = "consent", _("Consent")
        LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation")
        PUBLIC_TASK = "public_task", _("Public task")
        VITAL_INTERESTS = "vital_interests", _("Vital interests")
        LEGITIMATE_INTERESTS = "legitimate_interests", _("Legitimate interests")

    class HowRecorded(models.TextChoices):
        SIGNED = "signed", _("Signed form")
        IN_PERSON = "in_person", _("Said so in person")
        PHONE = "phone", _("Said so on the phone")
        ONLINE = "online", _("Online, by the person")
        NOT_APPLICABLE = "not_applicable", _("Not needed (another lawful basis)")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    # Empty means any organisation working with the person.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("shared with"),
    )
    lawful_basis = models.CharField(max_length=24, choices=LawfulBasis.choices)
    how_recorded = models.CharField(max_length=20, choices=HowRecorded.choices)
    given_on = models.DateField(_("date given"))
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawal_note = models.TextField(blank=True)
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "purpose"]

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.get_lawful_basis_display()})"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None and self.withdrawn_on <= timezone.localdate()
