"""One timeline of everything that happened to a person, newest first.

Every action that changes a person's casework writes one Event in the same transaction, so the
person's page reads a single indexed range (person, newest first) instead of merging six
tables, and stays fast at ten million events.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    class Kind(models.TextChoices):
        RECORD = "record", _("Record")
        CUSTODY = "custody", _("Custody and release")
        NEED = "need", _("Needs")
        PLAN = "plan", _("Plan")
        NOTE = "note", _("Case note")
        APPOINTMENT = "appointment", _("Appointment")
        CONSENT = "consent", _("Consent")
        ORGANISATION = "organisation", _("Organisations")
        REFERRAL = "referral", _("Referral")
        OUTCOME = "outcome", _("Outcome")

    id = models.BigAutoField(primary_key=True)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    # Pathway code (e.g. "accommodation") when the event belongs to one.
    pathway = models.CharField(max_length=40, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What the event is about, e.g. "needs.need" and its id, to link back to it.
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["person", "-at", "-id"], name="event_person_newest")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d} {self.title}"
