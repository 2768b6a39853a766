"""Hard outcomes: dated things that happened in a person's life after (or before) release,
from the fixed vocabulary in resettle.core.outcomes, each with where the knowledge came from.

An outcome is recorded once and read by every organisation working with the person, as the
person's consent allows: `Outcome.objects.visible_to(user, person)` is the one place that
decides.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resettle.consents.checks import consent_in_force
from resettle.core import outcomes as vocabulary
from resettle.organisations.models import Organisation
from resettle.people.access import has_casework_access
from resettle.people.models import Involvement, casework_organisation_ids

SHARE_RECORD = "share_record"


class Kind(models.TextChoices):
    ACCOMMODATION_SECURED = vocabulary.ACCOMMODATION_SECURED, _("Accommodation secured")
    ID_OBTAINED = vocabulary.ID_OBTAINED, _("ID obtained")
    BANK_ACCOUNT_OPENED = vocabulary.BANK_ACCOUNT_OPENED, _("Bank account opened")
    BENEFIT_CLAIM_STARTED = vocabulary.BENEFIT_CLAIM_STARTED, _("Benefit claim started")
    GP_REGISTERED = vocabulary.GP_REGISTERED, _("Registered with a GP")
    TREATMENT_STARTED = vocabulary.TREATMENT_STARTED, _("Treatment started")
    TRAINING_STARTED = vocabulary.TRAINING_STARTED, _("Training started")
    TRAINING_COMPLETED = vocabulary.TRAINING_COMPLETED, _("Training completed")
    QUALIFICATION_GAINED = vocabulary.QUALIFICATION_GAINED, _("Qualification gained")
    VOLUNTEERING_STARTED = vocabulary.VOLUNTEERING_STARTED, _("Volunteering started")
    EMPLOYMENT_STARTED = vocabulary.EMPLOYMENT_STARTED, _("Employment started")
    EMPLOYMENT_SUSTAINED_13_WEEKS = (
        vocabulary.EMPLOYMENT_SUSTAINED_13_WEEKS,
        _("Employment sustained for 13 weeks"),
    )
    EMPLOYMENT_SUSTAINED_26_WEEKS = (
        vocabulary.EMPLOYMENT_SUSTAINED_26_WEEKS,
        _("Employment sustained for 26 weeks"),
    )
    REOFFENCE_REPORTED = vocabulary.REOFFENCE_REPORTED, _("Re-offence reported")
    RECONVICTION_REPORTED = vocabulary.RECONVICTION_REPORTED, _("Reconviction reported")
    RECALLED_TO_CUSTODY = vocabulary.RECALLED_TO_CUSTODY, _("Recalled to custody")


class AccommodationType(models.TextChoices):
    SETTLED = vocabulary.SETTLED, _("Settled")
    TEMPORARY = vocabulary.TEMPORARY, _("Temporary")


class QualificationLevel(models.TextChoices):
    ENTRY = vocabulary.ENTRY_LEVEL, _("Entry level")
    LEVEL_1 = "1", _("Level 1")
    LEVEL_2 = "2", _("Level 2")
    LEVEL_3 = "3", _("Level 3")
    LEVEL_4 = "4", _("Level 4")
    LEVEL_5 = "5", _("Level 5")
    LEVEL_6 = "6", _("Level 6")
    LEVEL_7 = "7", _("Level 7")
    LEVEL_8 = "8", _("Level 8")


class Source(models.TextChoices):
    PERSON = vocabulary.SOURCE_PERSON, _("The person told us")
    ORGANISATION = vocabulary.SOURCE_ORGANISATION, _("Our organisation saw it")
    VERIFIED = vocabulary.SOURCE_VERIFIED, _("Verified evidence")
    IMPORTED = vocabulary.SOURCE_IMPORTED, _("Imported file")


class OutcomeQuerySet(models.QuerySet):
    def visible_to(self, user, person):
        """The person's outcomes this user may read: none unless they work on the person's
        record; those their own organisations recorded; and those other organisations
        recorded only while the person's consent to share their record covers one of the
        user's organisations working with them."""
        outcomes = self.filter(person=person)
        if not user.is_authenticated or not has_casework_access(user, person):
            return outcomes.none()
        viewing = Organisation.objects.filter(
            Exists(Involvement.objects.active().filter(person=person, organisation=OuterRef("pk"))),
            pk__in=casework_organisation_ids(user),
        )
        for organisation in viewing:
            if consent_in_force(person, SHARE_RECORD, organisation) is not None:
                return outcomes
        return outcomes.filter(organisation__in=viewing)

    def hidden_from(self, user, person) -> bool:
        """Whether the person has outcomes this user may not read (to say so, not show them)."""
        visible = self.visible_to(user, person).values("pk")
        return self.filter(person=person).exclude(pk__in=visible).exists()


class Outcome(models.Model):
    Kind = Kind
    AccommodationType = AccommodationType
    QualificationLevel = QualificationLevel
    Source = Source

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("outcome"), max_length=40, choices=Kind.choices)
    on = models.DateField(_("date"))
    accommodation_type = models.CharField(
        _("type of accommodation"), max_length=20, choices=AccommodationType.choices, blank=True
    )
    qualification_level = models.CharField(
        _("qualification level"), max_length=10, choices=QualificationLevel.choices, blank=True
    )
    qualification_title = models.CharField(
        _("qualification"), max_length=vocabulary.MAX_TITLE_LENGTH, blank=True
    )
    hours_per_week = models.PositiveSmallIntegerField(_("hours a week"), null=True, blank=True)
    sector = models.CharField(_("sector"), max_length=vocabulary.MAX_SECTOR_LENGTH, blank=True)
    source = models.CharField(_("how we know"), max_length=20, choices=Source.choices)
    evidence_note = models.TextField(_("evidence"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    # Every outcome written by one import shares this id, so a batch can be found and checked.
    import_batch = models.UUIDField(null=True, blank=True)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-recorded_at"]
        indexes = [
            models.Index(fields=["person", "-on", "-recorded_at"], name="outcome_person_newest"),
            # The evaluation asks "who re-offended, and when" across everyone.
            models.Index(fields=["kind", "on"], name="outcome_kind_on"),
            models.Index(
                fields=["import_batch"],
                name="outcome_import_batch",
                condition=Q(import_batch__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True)
                | Q(
                    hours_per_week__gte=vocabulary.MIN_HOURS_PER_WEEK,
                    hours_per_week__lte=vocabulary.MAX_HOURS_PER_WEEK,
                ),
                name="outcome_hours_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.on:%Y-%m-%d} {self.get_kind_display()}"

    @property
    def is_setback(self) -> bool:
        return self.kind in vocabulary.SETBACKS

    def details(self) -> list[str]:
        """The kind-specific details, worded for people."""
        shown = []
        if self.accommodation_type:
            shown.append(self.get_accommodation_type_display())
        if self.qualification_level:
            shown.append(self.get_qualification_level_display())
        if self.qualification_title:
            shown.append(self.qualification_title)
        if self.hours_per_week is not None:
            shown.append(_("%(hours)s hours a week") % {"hours": self.hours_per_week})
        if self.sector:
            shown.append(self.sector)
        return shown
