"""A person's needs across the seven resettlement pathways, each with a dated history."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    MET = "met", _("Met")
    DECLINED = "declined", _("Declined")


OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS)


class Side(models.TextChoices):
    PRISON = "prison", _("Prison side")
    COMMUNITY = "community", _("Community side")


class NeedQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def in_pathway(self, pathway_code: str):
        return self.filter(pathway__code=pathway_code)


class Need(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="needs")
    # The pathway term (a top-level term of the resettlement-needs taxonomy) ...
    pathway = models.ForeignKey("taxonomy.TaxonomyTerm", on_delete=models.PROTECT, related_name="+")
    # ... and the granular support need beneath it; empty for "other", described in words.
    support_need = models.ForeignKey(
        "taxonomy.TaxonomyTerm", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    other_description = models.CharField(_("describe the need"), max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        ordering = ["pathway__name", "created_at"]
        indexes = [models.Index(fields=["person", "status"], name="need_person_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "support_need"],
                condition=models.Q(support_need__isnull=False),
                name="one_need_per_support_need",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        if self.support_need_id:
            return self.support_need.name
        return self.other_description or str(self.pathway.name)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class NeedUpdate(models.Model):
    """A dated change to a need: its status then, where the work happened, and what was done."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField(_("date"), default=timezone.localdate)
    status = models.CharField(max_length=20, choices=Status.choices)
    side = models.CharField(max_length=10, choices=Side.choices)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-on", "-recorded_at"]

    def __str__(self):
        return f"{self.on} {self.get_status_display()}"
