"""Soft outcomes: a person's answers to the well-being questions and progress scales, one row
per question per check-in, so distance travelled is read straight from the rows."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resettle.core import scales

INSTRUMENT_CHOICES = [(code, i.name) for code, i in scales.INSTRUMENTS.items()]


class Measurement(models.Model):
    id = models.BigAutoField(primary_key=True)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="measurements"
    )
    # The rows answered together in one check-in share this id.
    check_in = models.UUIDField(default=uuid.uuid4, editable=False)
    instrument = models.CharField(_("questions"), max_length=40, choices=INSTRUMENT_CHOICES)
    item = models.CharField(_("question"), max_length=40)
    score = models.PositiveSmallIntegerField(_("score"))
    measured_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["measured_on", "created_at", "id"]
        indexes = [
            models.Index(fields=["person", "instrument", "measured_on"], name="measurement_person"),
            # An organisation's cohort for one question, person by person, oldest first.
            models.Index(
                fields=["organisation", "instrument", "item", "person", "measured_on"],
                name="measurement_cohort",
            ),
        ]
        constraints = [
            # Every scale runs within 0 to 10; the exact range per question is checked in
            # clean() and by the action.
            models.CheckConstraint(condition=Q(score__lte=10), name="measurement_score_0_to_10"),
        ]

    def __str__(self):
        return f"{self.measured_on} {self.instrument}.{self.item} = {self.score}"

    @property
    def scale_item(self) -> scales.Item:
        return scales.instrument(self.instrument).item(self.item)

    def clean(self):
        try:
            item = self.scale_item
        except KeyError:
            raise ValidationError({"item": _("Choose a question from the list")}) from None
        if not item.accepts(self.score):
            raise ValidationError(
                {
                    "score": _("Choose a score from %(low)s to %(high)s")
                    % {"low": item.minimum, "high": item.maximum}
                }
            )
