"""The directory: services, where and when they run, who they are for (HSDS 3.0 / ORUK).

Reads go through ServiceQuerySet, whose filters the public search page, the ORUK API and
(later) referral suggestions all share, so "meets this need" means the same thing everywhere.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resettle.taxonomy.models import TaxonomyTerm


class ServiceQuerySet(models.QuerySet):
    def public(self):
        """Services the public may see: not defunct. Inactive ones show, marked as such."""
        return self.exclude(status=Service.Status.DEFUNCT)

    def editable_by(self, user):
        """Services this user may edit: their own organisations' as manager, all as admin."""
        from resettle.accounts.models import Role

        if not user.is_authenticated:
            return self.none()
        if user.is_administrator:
            return self
        return self.filter(
            organisation__memberships__user=user,
            organisation__memberships__role=Role.MANAGER,
        ).distinct()

    def matching_text(self, text: str):
        """Full-text search on PostgreSQL; every word must appear, on SQLite."""
        from resettle.services.search import apply_text_search

        return apply_text_search(self, text)

    def meeting_need(self, term: TaxonomyTerm):
        """Services tagged with this need or any support need beneath it."""
        terms = [term.pk, *term.children.values_list("pk", flat=True)]
        return self.filter(
            Exists(
                Attribute.objects.filter(
                    service=OuterRef("pk"), taxonomy_term__in=terms, link_type=Attribute.NEED
                )
            )
        )

    def with_taxonomy(self, taxonomy_id):
        return self.filter(
            Exists(
                Attribute.objects.filter(
                    service=OuterRef("pk"), taxonomy_term__taxonomy_id=taxonomy_id
                )
            )
        )

    def serving_group(self, term: TaxonomyTerm):
        return self.filter(
            Exists(
                Attribute.objects.filter(
                    service=OuterRef("pk"), taxonomy_term=term, link_type=Attribute.GROUP
                )
            )
        )

    def covering_borough(self, borough):
        """Services whose area includes the borough: named, London-wide or national."""
        return self.filter(
            Exists(
                ServiceArea.objects.filter(service=OuterRef("pk")).filter(
                    Q(borough=borough) | Q(scope__in=[ServiceArea.LONDON, ServiceArea.NATIONAL])
                )
            )
        )

    def speaking(self, language_code: str):
        return self.filter(
            Exists(Language.objects.filter(service=OuterRef("pk"), code=language_code))
        )

    def in_reach_to(self, prison):
        return self.filter(
            Exists(
                Service.in_reach_prisons.through.objects.filter(
                    service=OuterRef("pk"), prison=prison
                )
            )
        )

    def open_on(self, day_code: str, opens_by=None, closes_after=None):
        """Services with a weekly schedule on this day (MO..SU), optionally within hours."""
        schedules = Schedule.objects.filter(byday__contains=day_code)
        if opens_by is not None:
            schedules = schedules.filter(opens_at__lte=opens_by)
        if closes_after is not None:
            schedules = schedules.filter(closes_at__gte=closes_after)
        # Two uncorrelated IN subqueries: PostgreSQL hashes each once. One EXISTS with an OR
        # inside ran per service (minutes at 100,000 services), and two EXISTS were costed so
        # high that the JIT compiler added half a second to every search.
        return self.filter(
            Q(pk__in=schedules.filter(service__isnull=False).values("service_id"))
            | Q(
                pk__in=schedules.filter(service_at_location__isnull=False).values(
                    "service_at_location__service_id"
                )
            )
        )

    def for_age(self, age: int):
        return self.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=age),
        )

    def with_listing_details(self):
        """Everything a search result or service page shows, in a fixed number of queries
        however many services there are (no query per service)."""
        return self.select_related("organisation").prefetch_related(
            "organisation__led_by_and_for",
            Prefetch(
                "attributes",
                queryset=Attribute.objects.select_related("taxonomy_term").order_by(
                    "taxonomy_term__position", "taxonomy_term__name"
                ),
            ),
            Prefetch("service_areas", queryset=ServiceArea.objects.select_related("borough")),
            Prefetch("languages", queryset=Language.objects.order_by("name")),
            "in_reach_prisons",
            "schedules",
            Prefetch(
                "at_locations",
                queryset=ServiceAtLocation.objects.select_related(
                    "location", "location__borough"
                ).prefetch_related("schedules"),
            ),
        )


class Service(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")
        DEFUNCT = "defunct", _("Defunct")
        TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")

    class Sex(models.TextChoices):
        ANY = "", _("Anyone")
        WOMEN = "female", _("Women only")
        MEN = "male", _("Men only")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(_("name"), max_length=200)
    alternate_name = models.CharField(_("other name"), max_length=200, blank=True)
    description = models.TextField(_("description"))
    url = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    eligibility_description = models.TextField(_("who it is for"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    sex_eligibility = models.CharField(
        _("sex"), max_length=6, choices=Sex.choices, default=Sex.ANY, blank=True
    )
    application_process = models.TextField(_("how to apply"), blank=True)
    accepts_self_referral = models.BooleanField(_("people can refer themselves"), default=False)
    accepts_professional_referral = models.BooleanField(_("professionals can refer"), default=True)
    fees_description = models.TextField(_("cost"), blank=True)
    accepting_referrals = models.BooleanField(_("taking referrals now"), default=True)
    typical_wait_days = models.PositiveSmallIntegerField(
        _("typical wait in days"), null=True, blank=True
    )
    in_reach_prisons = models.ManyToManyField(
        "places.Prison",
        blank=True,
        related_name="in_reach_services",
        verbose_name=_("prisons it works in before release"),
    )
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    # Denormalised text for search (names, description, organisation, needs, groups):
    # rebuilt by refresh_search_document() whenever any of them changes.
    search_document = models.TextField(blank=True, editable=False)
    # Optimistic concurrency: an edit based on an older version is refused, never merged.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name"]),
            models.Index(fields=["status", "name"]),
            # Referral suggestions ask for the latest change on every request, to know whether
            # their index of the directory is stale (referrals/suggestions.py, fingerprint).
            models.Index(fields=["updated_at"], name="service_updated_at"),
            # Public listings page through services by name: a deep page walks this index
            # instead of sorting the table.
            models.Index(
                fields=["name", "id"],
                condition=~Q(status="defunct"),
                name="public_service_by_name",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(minimum_age__lte=models.F("maximum_age")),
                name="service_age_range_ordered",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_stale(self) -> bool:
        if self.last_reviewed is None:
            return True
        limit = timezone.localdate() - timedelta(days=settings.DIRECTORY_STALE_AFTER_DAYS)
        return self.last_reviewed < limit

    def build_search_document(self) -> str:
        """Uses prefetched `attributes__taxonomy_term` if present, to rebuild many at once."""
        if "attributes" in getattr(self, "_prefetched_objects_cache", {}):
            ordered = sorted(
                (a.taxonomy_term for a in self.attributes.all()), key=lambda t: (t.position, t.name)
            )
            terms = [t.name for t in ordered]
        else:
            terms = TaxonomyTerm.objects.filter(attributes__service=self).values_list(
                "name", flat=True
            )
        parts = [
            self.name,
            self.alternate_name,
            self.organisation.name,
            self.description,
            self.eligibility_description,
            *terms,
        ]
        return "\n".join(p for p in parts if p)

    def refresh_search_document(self):
        self.search_document = self.build_search_document()
        Service.objects.filter(pk=self.pk).update(search_document=self.search_document)


class Attribute(models.Model):
    """HSDS attribute: a taxonomy term attached to a service or organisation, and why."""

    NEED = "need"
    GROUP = "group"
    LINK_TYPES = [(NEED, _("Need it meets")), (GROUP, _("Group it specialises in"))]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="attributes")
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.CASCADE, related_name="attributes"
    )
    link_type = models.CharField(max_length=20, choices=LINK_TYPES)
    value = models.CharField(max_length=200, blank=True)
    label = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "taxonomy_term"], name="unique_attribute")
        ]
        indexes = [models.Index(fields=["taxonomy_term", "service"])]

    def __str__(self):
        return f"{self.taxonomy_term} ({self.link_type})"


class Location(models.Model):
    class Type(models.TextChoices):
        PHYSICAL = "physical", _("A place people can visit")
        POSTAL = "postal", _("Postal address")
        VIRTUAL = "virtual", _("Online or by phone")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="locations",
    )
    location_type = models.CharField(max_length=10, choices=Type.choices, default=Type.PHYSICAL)
    name = models.CharField(_("name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    transportation = models.TextField(_("getting there"), blank=True)
    address_1 = models.CharField(_("address line 1"), max_length=200, blank=True)
    address_2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    city = models.CharField(_("town or city"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=10, blank=True)
    country = models.CharField(_("country"), max_length=2, default="GB")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    borough = models.ForeignKey(
        "places.Borough", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Refuges and safe houses: the address is for signed-in professionals only.
    confidential = models.BooleanField(_("confidential address"), default=False)
    accessibility = models.TextField(_("accessibility"), blank=True)

    class Meta:
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self):
        return self.name or self.address_1 or str(self.pk)


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    description = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="unique_service_location")
        ]

    def __str__(self):
        return f"{self.service} at {self.location}"


class Schedule(models.Model):
    """HSDS schedule (an iCal-style recurrence). Weekly opening hours are the common case."""

    DAYS = [
        ("MO", _("Monday")),
        ("TU", _("Tuesday")),
        ("WE", _("Wednesday")),
        ("TH", _("Thursday")),
        ("FR", _("Friday")),
        ("SA", _("Saturday")),
        ("SU", _("Sunday")),
    ]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="schedules",
    )
    freq = models.CharField(max_length=10, default="WEEKLY")
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=40, blank=True, help_text="e.g. MO,TU,WE")
    bymonthday = models.CharField(max_length=40, blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["service", "byday"])]

    def __str__(self):
        return f"{self.byday or self.freq} {self.opens_at or ''}-{self.closes_at or ''}"

    def day_codes(self) -> list[str]:
        return [d for d in self.byday.split(",") if d]


class ServiceArea(models.Model):
    BOROUGH = "borough"
    LONDON = "london"
    NATIONAL = "national"
    SCOPES = [
        (BOROUGH, _("A borough")),
        (LONDON, _("All of London")),
        (NATIONAL, _("All of England and Wales")),
    ]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    scope = models.CharField(max_length=10, choices=SCOPES, default=BOROUGH)
    borough = models.ForeignKey(
        "places.Borough", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=20, blank=True)
    uri = models.URLField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["borough", "service"]), models.Index(fields=["scope"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope="borough", borough__isnull=False) | ~Q(scope="borough"),
                name="borough_area_names_borough",
            )
        ]

    def __str__(self):
        return self.name or (str(self.borough) if self.borough_id else self.get_scope_display())


class Language(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="languages"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="languages"
    )
    name = models.CharField(max_length=100)
    # ISO 639-1 where one exists (e.g. "pl"), else ISO 639-3 (e.g. "prs" for Dari).
    code = models.CharField(max_length=10)
    note = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["code", "service"])]

    def __str__(self):
        return self.name


class Phone(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="phones",
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    number = models.CharField(max_length=50)
    extension = models.CharField(max_length=20, blank=True)
    type = models.CharField(max_length=20, blank=True)
    description = models.TextField(blank=True)

    def __str__(self):
        return self.number


class Contact(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)

    def __str__(self):
        return self.name or self.email
