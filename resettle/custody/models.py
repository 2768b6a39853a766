"""Custody history: receptions, transfers, releases and recalls. The person stays one record
through all of them; the latest movement sets their current prison and status."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resettle.people.models import Person


class Movement(models.Model):
    """A change in custody. Transfers keep the whole record: the person stays one person."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Received into custody")
        TRANSFERRED = "transferred", _("Transferred")
        RELEASED = "released", _("Released")
        RECALLED = "recalled", _("Recalled to custody")
        RETURNED = "returned", _("Returned to custody (new offence or remand)")

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="movements")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"))
    prison = models.ForeignKey(
        "places.Prison",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The prison the person went to (or left, on release)."),
    )
    release_type = models.CharField(max_length=20, choices=Person.ReleaseType.choices, blank=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-on", "-recorded_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.on}"
