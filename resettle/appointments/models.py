"""Contacts and appointments with a person: planned, then recorded as what happened."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Appointment(models.Model):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("Phone")
        VIDEO = "video", _("Video")

    class Outcome(models.TextChoices):
        ATTENDED = "attended", _("Attended")
        LATE = "late", _("Attended late")
        DID_NOT_ATTEND = "did_not_attend", _("Did not attend")
        DID_NOT_HAPPEN = "did_not_happen", _("Did not happen")

    # Outcomes that count as the person being in touch with a provider.
    CONTACT_MADE = (Outcome.ATTENDED, Outcome.LATE)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="appointments"
    )
    starts_at = models.DateTimeField(_("date and time"))
    mode = models.CharField(_("how"), max_length=20, choices=Mode.choices)
    purpose = models.CharField(_("what it is for"), max_length=200)
    place = models.CharField(_("where"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("with"),
    )
    # Empty until someone records what happened.
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["person", "-starts_at"], name="appointment_person_newest")]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M} {self.purpose}"

    @property
    def is_planned(self) -> bool:
        return not self.outcome
