"""The resettlement plan: goals in the person's own words, and the steps to reach them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Goal(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        ARCHIVED = "archived", _("Archived")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="goals")
    # In the person's own words, as they said it.
    in_their_words = models.TextField(_("the goal, in the person's own words"))
    pathway = models.ForeignKey(
        "taxonomy.TaxonomyTerm", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    need = models.ForeignKey(
        "needs.Need", null=True, blank=True, on_delete=models.SET_NULL, related_name="goals"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    archive_reason = models.CharField(_("why it was archived"), max_length=200, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["person", "status"], name="goal_person_status")]

    def __str__(self):
        return self.in_their_words[:60]


class Step(models.Model):
    """Who does what by when."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    what = models.CharField(_("what needs to happen"), max_length=300)
    who = models.CharField(_("who will do it"), max_length=120)
    due_on = models.DateField(_("by when"), null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "created_at", "id"]

    def __str__(self):
        return self.what
