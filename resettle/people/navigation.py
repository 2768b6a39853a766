"""The tabs across the top of a person's record, chosen by what the user may see."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resettle.people import access

# (key, label, url name, who sees it)
CASEWORK, MENTOR, EQUALITY, OVERSIGHT = "casework", "mentor", "equality", "oversight"
TABS = [
    ("overview", _("Overview"), "people:person", MENTOR),
    ("needs", _("Needs"), "needs:list", CASEWORK),
    ("plan", _("Plan"), "plans:plan", MENTOR),
    ("referrals", _("Referrals"), "person_referrals:list", CASEWORK),
    ("notes", _("Case notes"), "casenotes:list", CASEWORK),
    ("appointments", _("Appointments"), "appointments:list", MENTOR),
    ("outcomes", _("Outcomes"), "outcomes:list", CASEWORK),
    ("progress", _("Progress"), "soft_outcomes:journey", CASEWORK),
    ("timeline", _("Timeline"), "timeline:timeline", CASEWORK),
    ("custody", _("Custody and release"), "custody:movements", CASEWORK),
    ("details", _("Personal details"), "people:details", CASEWORK),
    ("equality", _("Equality monitoring"), "equality:answers", EQUALITY),
    ("consent", _("Consent"), "consents:list", CASEWORK),
    ("organisations", _("Organisations"), "people:organisations", CASEWORK),
    ("seen_by", _("Who has seen this"), "subject_access:seen_by", OVERSIGHT),
]


def may_see(user, person, audience) -> bool:
    if audience == MENTOR:
        return True  # anyone who reached the person at all
    if audience == CASEWORK:
        return access.has_casework_access(user, person)
    if audience == EQUALITY:
        return access.can_see_equality(user, person)
    return access.can_oversee(user, person)


def person_tabs(user, person, current: str) -> list[dict]:
    tabs = []
    for key, label, url_name, audience in TABS:
        if not may_see(user, person, audience):
            continue
        url = reverse(url_name, kwargs={"person_id": person.pk})
        tabs.append({"key": key, "label": label, "url": url, "current": key == current})
    return tabs
