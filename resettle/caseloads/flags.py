"""The flags shown on caseloads and the pre-release worklist: what each one means, in one place.

A flag is a warning that something basic is not yet in place for a person.

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

Each flag is a column of the person's caseload entry (resettle/caseloads/entries.py), so
filtering and counting by flags is a condition on one table.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Flag:
    key: str
    label: str
    # Shorter words for a tag in a table row.
    tag: str
    colour: str

    def condition(self) -> Q:
        """A condition on Involvement (the caseload entry), for filter() and Count(filter=)."""
        if self.key == "no_contact":
            return Q(last_contact_on__isnull=True)
        return Q(**{self.key: True})

    def is_raised(self, entry) -> bool:
        if self.key == "no_contact":
            return entry.last_contact_on is None
        return getattr(entry, self.key)


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


def any_flag() -> Q:
    """Entries with at least one flag."""
    condition = Q()
    for flag in FLAGS:
        condition |= flag.condition()
    return condition


def raised_flags(entry, flags=FLAGS) -> list[Flag]:
    """The flags raised on a caseload entry, in display order."""
    return [flag for flag in flags if flag.is_raised(entry)]
