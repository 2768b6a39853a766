"""The people Resettle serves: one record per person that follows them through the gate.

People's records hold criminal offence data, health and ethnicity, so reads go through
`Person.records.visible_to(user)`: there is no default manager called `objects`, and every query
has to say whose view it is (the EveryElection pattern). Who may see a person is decided in
one place, `PersonQuerySet.visible_to`: staff of organisations working with them (an active
`Involvement`), mentors of their own mentees only, administrators for data-protection work;
commissioners see no individual records.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

# Roles that work with a person's whole record at an organisation working with them.
CASEWORK_ROLES = ("caseworker", "intake", "manager")
# Roles that see equality monitoring answers: the people who ask the questions and the
# managers who report on them. Intake workers and mentors do not need them to do their job.
EQUALITY_ROLES = ("caseworker", "manager")


def casework_organisation_ids(user) -> list:
    """Organisations where this user holds a casework role. Evaluated once, as a short list,
    so the queries that use it stay simple index lookups at a million people."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_casework_organisation_ids", None)
    if cached is None:
        cached = list(
            user.memberships.filter(role__in=CASEWORK_ROLES).values_list(
                "organisation_id", flat=True
            )
        )
        user._casework_organisation_ids = cached
    return cached


def active_involvements():
    # Ending an involvement takes effect at once (the end date is the day it was ended), so
    # "active" is one IS NULL test that partial indexes can match.
    return Q(ended_on__isnull=True)


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The people this user may see at all. Which parts they see depends on their role."""
        if not user.is_authenticated:
            return self.none()
        people = self.filter(merged_into__isnull=True)
        if user.is_administrator:
            return people
        return people.filter(
            Exists(Involvement.objects.giving_access_to(user).filter(person=OuterRef("pk")))
        )

    def with_casework_access(self, user):
        """People whose whole record this user may read and change (not the mentor's view)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(merged_into__isnull=True).filter(
            Exists(
                Involvement.objects.active().filter(
                    person=OuterRef("pk"), organisation_id__in=casework_organisation_ids(user)
                )
            )
        )

    def in_custody(self):
        return self.filter(custody_status=Person.Custody.IN_CUSTODY)


class Person(models.Model):
    class Custody(models.TextChoices):
        IN_CUSTODY = "in_custody", _("In custody")
        IN_COMMUNITY = "in_community", _("In the community")

    class SentenceBand(models.TextChoices):
        REMAND = "remand", _("On remand (not sentenced)")
        UNDER_12_MONTHS = "under_12_months", _("Under 12 months")
        ONE_TO_FOUR_YEARS = "1_to_4_years", _("12 months to 4 years")
        FOUR_TO_TEN_YEARS = "4_to_10_years", _("Over 4 years, up to 10 years")
        OVER_TEN_YEARS = "over_10_years", _("Over 10 years")
        INDETERMINATE = "indeterminate", _("Life or indeterminate")

    class ReleaseType(models.TextChoices):
        CONDITIONAL_RELEASE = "conditional_release", _("Conditional release (on licence)")
        HOME_DETENTION_CURFEW = "hdc", _("Home detention curfew")
        END_OF_SENTENCE = "end_of_sentence", _("End of sentence (no licence)")
        PAROLE = "parole", _("Parole Board release")
        REMAND = "remand", _("Release from remand")
        RECALL_RELEASE = "recall_release", _("Re-release after recall")
        OTHER = "other", _("Other")

    class CommunicationNeed(models.TextChoices):
        DYSLEXIA = "dyslexia", _("Dyslexia")
        LEARNING_DISABILITY = "learning_disability", _("Learning disability")
        READING = "reading", _("Finds reading difficult")
        HEARING = "hearing", _("Deaf or hard of hearing")
        SIGHT = "sight", _("Blind or partially sighted")
        SPEECH = "speech", _("Speech difficulty")
        AUTISM = "autism", _("Autism")
        MEMORY = "memory", _("Memory or concentration")

    class Sex(models.TextChoices):
        # The same codes as resettle.core.matching.model (FEMALE, MALE) and the directory's
        # Service.Sex, so eligibility for a single-sex service is a plain comparison.
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    given_name = models.CharField(_("first name"), max_length=100)
    family_name = models.CharField(_("last name"), max_length=100)
    # Lowercase "family given" with accents and punctuation kept: duplicate detection compares
    # this and the date of birth, so "O'Neil, Sean" and "o'neil sean" are one person.
    name_key = models.CharField(max_length=201, editable=False)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    # An operational fact copied from the prison or probation record, entered by the
    # caseworker; blank is "not recorded". Kept apart from equality monitoring on purpose:
    # monitoring answers are the person's own, for monitoring alone, and are never read to
    # decide what they are offered or to fill a file about them.
    sex = models.CharField(
        _("sex"),
        max_length=6,
        choices=Sex.choices,
        blank=True,
        default="",
        help_text=_(
            "As on their prison or probation record. Used only to check eligibility for "
            "single-sex services (and shared with one only if you choose to when referring) "
            "and for Justice Data Lab files."
        ),
    )
    prison_number = models.CharField(_("prison number"), max_length=7, blank=True)
    pnc_id = models.CharField(_("PNC ID"), max_length=20, blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    address = models.TextField(_("address"), blank=True)

    custody_status = models.CharField(
        max_length=20, choices=Custody.choices, default=Custody.IN_CUSTODY
    )
    current_prison = models.ForeignKey(
        "places.Prison", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sentence_band = models.CharField(
        _("sentence length"), max_length=20, choices=SentenceBand.choices, blank=True
    )
    # The expected release date while in custody; the actual one once released.
    release_date = models.DateField(_("release date"), null=True, blank=True)
    release_type = models.CharField(
        _("release type"), max_length=20, choices=ReleaseType.choices, blank=True
    )

    home_borough = models.ForeignKey(
        "places.Borough", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    preferred_language = models.CharField(_("preferred language"), max_length=10, default="en")
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    communication_needs = models.JSONField(default=list, blank=True)
    communication_notes = models.TextField(_("other communication needs"), blank=True)

    # Kept up to date by the actions that record them, so the caseload and the worklist can
    # sort and flag a million people without aggregating their histories on every request.
    last_contact_on = models.DateField(null=True, blank=True)
    no_needs_identified = models.BooleanField(default=False)
    needs_assessed_on = models.DateField(null=True, blank=True)

    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    records = PersonQuerySet.as_manager()

    class Meta:
        base_manager_name = "records"
        default_manager_name = "records"
        ordering = ["family_name", "given_name"]
        indexes = [
            models.Index(fields=["name_key", "date_of_birth"], name="person_name_dob"),
            # Name search is a prefix match ("reyes j..."); PostgreSQL only uses a b-tree for
            # LIKE 'x%' with the pattern operator class. SQLite ignores the operator class.
            models.Index(
                fields=["name_key"],
                name="person_name_key_prefix",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["date_of_birth"], name="person_date_of_birth"),
            models.Index(fields=["prison_number"], name="person_prison_number"),
            models.Index(fields=["custody_status", "release_date"], name="person_custody_release"),
            models.Index(fields=["current_prison", "release_date"], name="person_prison_release"),
            # Caseloads list people by name, 25 at a time: walking this index in order finds an
            # organisation's first page without sorting its 20,000 people (400 ms -> 6 ms).
            models.Index(fields=["family_name", "given_name", "id"], name="person_name_order"),
        ]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.family_name, self.given_name)
        self.prison_number = self.prison_number.strip().upper()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"family_name", "given_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def short_sentence(self) -> bool:
        return self.sentence_band == self.SentenceBand.UNDER_12_MONTHS

    @property
    def in_custody(self) -> bool:
        return self.custody_status == self.Custody.IN_CUSTODY

    def age_on(self, day: datetime.date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @cached_property
    def weeks_to_release(self) -> int | None:
        if not self.in_custody or self.release_date is None:
            return None
        return (self.release_date - timezone.localdate()).days // 7


def name_key(family_name: str, given_name: str) -> str:
    return " ".join(f"{family_name} {given_name}".lower().replace(",", " ").split())


class OtherName(models.Model):
    """Other names the person is known by: aliases, maiden names, names kept after a merge."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="other_names")
    given_name = models.CharField(_("first name"), max_length=100, blank=True)
    family_name = models.CharField(_("last name"), max_length=100)
    # The same key as Person.name_key, so duplicate detection and search treat other names
    # exactly like the main one.
    name_key = models.CharField(max_length=201, editable=False, default="")

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        indexes = [
            models.Index(
                fields=["name_key"], name="othername_name_key", opclasses=["varchar_pattern_ops"]
            )
        ]

    def __str__(self):
        return f"{self.given_name} {self.family_name}".strip()

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.family_name, self.given_name)
        super().save(*args, **kwargs)


class InvolvementQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active_involvements())

    def giving_access_to(self, user):
        """Active involvements through which this user may see a person: casework roles at
        the organisation, or the person's own mentor."""
        return self.active().filter(
            Q(organisation_id__in=casework_organisation_ids(user))
            | Q(kind=Involvement.Kind.MENTORING, worker=user)
        )


class Involvement(models.Model):
    """An organisation working with a person; the only thing that opens their record to it."""

    class Kind(models.TextChoices):
        ALLOCATED = "allocated", _("Allocated (lead organisation)")
        REFERRED = "referred", _("Referred with consent")
        SUPPORTING = "supporting", _("Supporting")
        MENTORING = "mentoring", _("Mentoring")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="involvements")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="involvements"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The key worker (or mentor) at the organisation; empty while unassigned.
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="involvements",
    )
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)

    # The caseload entry: a copy of what caseloads and the pre-release worklist sort, filter
    # and flag by, kept in step with the person by resettle.caseloads.entries.refresh inside
    # every action that changes it. With it those pages read one index range of this table
    # for an organisation or a worker, instead of joining a million people and their needs.
    name_key = models.CharField(max_length=201, default="", editable=False)
    in_custody = models.BooleanField(default=False, editable=False)
    release_date = models.DateField(null=True, editable=False)
    prison = models.ForeignKey(
        "places.Prison",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        editable=False,
    )
    home_borough = models.ForeignKey(
        "places.Borough",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        editable=False,
    )
    last_contact_on = models.DateField(null=True, editable=False)
    short_sentence = models.BooleanField(default=False, editable=False)
    not_assessed = models.BooleanField(default=False, editable=False)
    no_accommodation = models.BooleanField(default=False, editable=False)
    no_id = models.BooleanField(default=False, editable=False)
    no_bank_account = models.BooleanField(default=False, editable=False)

    objects = InvolvementQuerySet.as_manager()

    class Meta:
        ordering = ["started_on", "id"]
        indexes = [
            # An organisation's casework (what its team caseload and worklist list): active
            # and not mentoring, so counting a large organisation's list is index-only.
            models.Index(
                fields=["organisation", "name_key"],
                name="involvement_team_by_name",
                condition=Q(ended_on__isnull=True) & ~Q(kind="mentoring"),
            ),
            models.Index(
                fields=["organisation", "in_custody", "release_date"],
                name="involvement_team_by_release",
                condition=Q(ended_on__isnull=True) & ~Q(kind="mentoring"),
            ),
            models.Index(
                fields=["worker", "name_key"],
                name="involvement_worker_by_name",
                condition=Q(ended_on__isnull=True),
            ),
            models.Index(fields=["person", "ended_on"], name="involvement_person_active"),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.get_kind_display()}"
