"""Organisations: bodies in the directory (HSDS organization) and the tenants users belong to."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    class Kind(models.TextChoices):
        VOLUNTARY = "voluntary", _("Voluntary or community organisation")
        PRISON = "prison", _("Prison resettlement team")
        PROBATION = "probation", _("Probation service")
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        HEALTH = "health", _("Health service")
        COMMISSIONER = "commissioner", _("Commissioner or funder")
        EMPLOYER = "employer", _("Employer")
        OTHER = "other", _("Other")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    alternate_name = models.CharField(_("other name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.VOLUNTARY)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    legal_status = models.CharField(_("legal status"), max_length=100, blank=True)
    year_incorporated = models.PositiveSmallIntegerField(
        _("year incorporated"), null=True, blank=True
    )
    charity_number = models.CharField(_("registered charity number"), max_length=20, blank=True)
    company_number = models.CharField(_("company number"), max_length=20, blank=True)
    # Led by and for a community (Clinks' "by and for" organisations): which groups, if any.
    led_by_and_for = models.ManyToManyField(
        "taxonomy.TaxonomyTerm",
        blank=True,
        related_name="led_organisations",
        verbose_name=_("led by and for"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name"]),
            # Read as MAX(updated_at) by referral suggestions' staleness check.
            models.Index(fields=["updated_at"], name="organisation_updated_at"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_community_led(self) -> bool:
        return self.led_by_and_for.exists()
