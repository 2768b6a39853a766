"""The flags shown on caseloads and the pre-release worklist: what each one means, in one place.

A flag is a warning that something basic is not yet in place for a person. Each one is a
condition on `Person` that the database evaluates, so a page computes flags only for its own
rows (annotated on the page's queryset) and counts them over a whole window in one aggregate
query, without loading anyone into Python.

- no provider contact yet: `Person.last_contact_on` is empty (no recorded contact with any
  organisation working with them);
- nowhere to live on release day: an open need (not started or in progress) in the
  accommodation pathway for "somewhere to stay on the day of release" or "help to find
  accommodation";
- no ID: an open need for ID documents;
- no bank account: an open need to open a bank account;
- short sentence: sentence band "under 12 months" (little time to prepare, and often no
  probation supervision after release);
- needs not assessed: no needs assessment recorded (`needs_assessed_on` is empty) and nobody
  has recorded that the person has no needs.

Flags about needs (every flag except "short sentence" and "no provider contact yet") are
casework information: mentors do not see them.
"""

from dataclasses import dataclass

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from resettle.needs.models import OPEN_STATUSES, Need
from resettle.people.models import Person
from resettle.taxonomy.seed import term_id


def _open_need(pathway: str, *support_needs: str):
    # Term ids are derived from their codes (taxonomy.seed), so the subquery needs no join to
    # the taxonomy and stays one probe of the (person, status) index per row.
    return Exists(
        Need.objects.filter(
            person=OuterRef("pk"),
            status__in=OPEN_STATUSES,
            pathway_id=term_id("needs", pathway),
            support_need_id__in=[term_id("needs", code) for code in support_needs],
        )
    )


@dataclass(frozen=True)
class Flag:
    key: str
    label: str
    # Shorter words for a tag in a table row.
    tag: str
    colour: str

    def condition(self):
        """A boolean expression on Person, usable in filter(), annotate() and Count(filter=)."""
        return CONDITIONS[self.key]()

    @property
    def annotation(self) -> str:
        return f"flag_{self.key}"


CONDITIONS = {
    "no_contact": lambda: Q(last_contact_on__isnull=True),
    "no_accommodation": lambda: _open_need(
        "accommodation", "release-day-accommodation", "find-accommodation"
    ),
    "no_id": lambda: _open_need("finance-id", "id-documents"),
    "no_bank_account": lambda: _open_need("finance-id", "bank-account"),
    "short_sentence": lambda: Q(sentence_band=Person.SentenceBand.UNDER_12_MONTHS),
    "not_assessed": lambda: Q(needs_assessed_on__isnull=True, no_needs_identified=False),
}

FLAGS = [
    Flag("no_contact", _("No provider contact yet"), _("No contact yet"), "red"),
    Flag("no_accommodation", _("Nowhere to live on release day"), _("Nowhere to live"), "red"),
    Flag("no_id", _("No ID"), _("No ID"), "orange"),
    Flag("no_bank_account", _("No bank account"), _("No bank account"), "orange"),
    Flag("short_sentence", _("Short sentence (under 12 months)"), _("Short sentence"), "purple"),
    Flag("not_assessed", _("Needs not assessed"), _("Not assessed"), "yellow"),
]
FLAGS_BY_KEY = {flag.key: flag for flag in FLAGS}
FLAG_CHOICES = [(flag.key, flag.label) for flag in FLAGS]


def as_boolean(condition):
    if isinstance(condition, Q):
        return ExpressionWrapper(condition, output_field=BooleanField())
    return condition


def with_flags(people, flags=FLAGS):
    """Annotate each person with `flag_<key>` booleans. Use on a page's rows only."""
    return people.annotate(**{flag.annotation: as_boolean(flag.condition()) for flag in flags})


def any_flag():
    """People with at least one flag."""
    condition = Q()
    for flag in FLAGS:
        condition |= flag.condition()
    return condition


def raised_flags(person, flags=FLAGS) -> list[Flag]:
    """The flags raised for a person annotated by `with_flags`, in display order."""
    return [flag for flag in flags if getattr(person, flag.annotation, False)]
