"""A record of each demonstration data load, so a second load knows the first happened and a
reset knows exactly which rows to remove (generated ids are derived from the seed)."""

from django.db import models


class DemoLoad(models.Model):
    seed = models.BigIntegerField()
    services = models.PositiveIntegerField()
    organisations = models.PositiveIntegerField()
    # People generated (their ids also come from the seed) and the timeline total asked for.
    people = models.PositiveIntegerField(default=0)
    events = models.PositiveBigIntegerField(null=True, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    # Empty while loading: a load that failed part-way leaves this empty, and --reset clears it.
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at"]

    def __str__(self):
        return f"Demo data: {self.services} services, seed {self.seed}"
