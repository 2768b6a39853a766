"""The one question later features ask before they share anything: is there a consent (or
another lawful basis) in force for this purpose and this organisation?"""

import datetime

from django.db.models import F

from resettle.consents.models import Consent


def consent_in_force(person, purpose, organisation=None, on: datetime.date | None = None):
    """The record allowing `purpose` on the day `on` (today by default): one naming the
    organisation if there is one, else one covering any organisation working with the person;
    the most recently given first. None if nothing allows it."""
    return (
        Consent.objects.filter(person=person)
        .in_force(on)
        .covering(purpose, organisation)
        .order_by(F("organisation").asc(nulls_last=True), "-given_on", "-pk")
        .first()
    )
