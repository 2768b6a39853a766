"""Reference places: London boroughs, postcode districts and the prisons holding Londoners.

Loaded by data migrations from `resettle/places/data.py`, so every database has them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Borough(models.Model):
    gss_code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=64, unique=True)
    slug = models.SlugField(max_length=64, unique=True)
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        ordering = ["name"]
        verbose_name = _("borough")

    def __str__(self):
        return self.name


class PostcodeDistrict(models.Model):
    """An outward code (e.g. SE1) with an approximate centre and the borough it mostly lies in."""

    code = models.CharField(max_length=4, primary_key=True)
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="districts")
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.code


class Prison(models.Model):
    class Holds(models.TextChoices):
        MEN = "men", _("Men")
        WOMEN = "women", _("Women")
        YOUNG_MEN = "young_men", _("Young men")

    code = models.CharField(max_length=3, unique=True, help_text=_("HMPPS establishment code"))
    name = models.CharField(max_length=64, unique=True)
    slug = models.SlugField(max_length=64, unique=True)
    holds = models.CharField(max_length=10, choices=Holds.choices)
    latitude = models.FloatField()
    longitude = models.FloatField()
    borough = models.ForeignKey(
        Borough, null=True, blank=True, on_delete=models.PROTECT, related_name="prisons"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
