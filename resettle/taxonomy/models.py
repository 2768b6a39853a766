"""HSDS taxonomies and terms. Terms attach to services and organisations through attributes."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Taxonomy(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    description = models.TextField()
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("taxonomies")

    def __str__(self):
        return self.name


class TaxonomyTermQuerySet(models.QuerySet):
    def needs(self):
        return self.filter(taxonomy_id=RESETTLEMENT_NEEDS_ID)

    def groups(self):
        return self.filter(taxonomy_id=GROUPS_SERVED_ID)


class TaxonomyTerm(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(
        Taxonomy, null=True, blank=True, on_delete=models.CASCADE, related_name="terms"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=200)
    description = models.TextField()
    term_uri = models.URLField(blank=True)
    language = models.CharField(max_length=10, blank=True)
    # Position among siblings, so pathways and groups list in a deliberate order.
    position = models.PositiveSmallIntegerField(default=0)

    objects = TaxonomyTermQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="unique_term_code")
        ]

    def __str__(self):
        return self.name


# Fixed identifiers, so exports from any Resettle installation agree on them.
RESETTLEMENT_NEEDS_ID = uuid.UUID("6f1c8a52-3a7e-5b1e-9c55-0d6f2e7a1b01")
GROUPS_SERVED_ID = uuid.UUID("6f1c8a52-3a7e-5b1e-9c55-0d6f2e7a1b02")
