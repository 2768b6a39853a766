import datetime

import pytest
from django.utils import timezone

from resettle.appointments.models import Appointment
from resettle.casenotes.models import CaseNote
from resettle.consents.models import Consent
from resettle.custody.models import Movement
from resettle.equality.models import EqualityMonitoring
from resettle.needs.models import NeedUpdate
from resettle.people.models import OtherName
from resettle.places.models import Prison
from resettle.plans.models import Goal, Step
from resettle.testing.factories import add_need
from resettle.timeline.models import Event


@pytest.fixture
def full_record(person, caseworker, organisation):
    """One (or more) of everything a person's record can hold, made through the models."""
    return add_everything(person, caseworker, organisation)


NEED_CODES = ["rent-arrears", "bank-account", "register-gp", "benefits", "debt-advice"]


def add_everything(person, caseworker, organisation, *, copies=1, tag="", first_need=0):
    prison = Prison.objects.get(name__contains="Brixton")
    made = {}
    for n in range(copies):
        made["other_name"] = OtherName.objects.create(
            person=person, given_name="Jo", family_name=f"Alias{tag}{n}"
        )
        made["movement"] = Movement.objects.create(
            person=person,
            kind=Movement.Kind.TRANSFERRED,
            on=datetime.date(2025, 3, 1),
            prison=prison,
            note=f"Moved for a course {tag}{n}",
            recorded_by=caseworker,
            organisation=organisation,
        )
        made["consent"] = Consent.objects.create(
            person=person,
            purpose=Consent.Purpose.REFERRALS,
            organisation=organisation,
            lawful_basis=Consent.LawfulBasis.CONSENT,
            how_recorded=Consent.HowRecorded.SIGNED,
            given_on=datetime.date(2025, 1, 10),
            withdrawn_on=datetime.date(2025, 6, 1),
            withdrawal_note=f"Changed their mind {tag}{n}",
            recorded_by=caseworker,
            recorded_by_organisation=organisation,
        )
        need = add_need(person, NEED_CODES[first_need + n])
        made["need"] = need
        made["update"] = NeedUpdate.objects.create(
            need=need,
            status="in_progress",
            side="prison",
            note=f"Called the council {tag}{n}",
            recorded_by=caseworker,
            organisation=organisation,
        )
        made["goal"] = goal = Goal.objects.create(
            person=person,
            in_their_words=f"Get my own flat {tag}{n}",
            need=need,
            pathway=need.pathway,
            created_by=caseworker,
            organisation=organisation,
        )
        made["step"] = Step.objects.create(
            goal=goal, what=f"Fill in the housing form {tag}{n}", who="Jordan"
        )
        made["note"] = CaseNote.objects.create(
            person=person,
            text=f"Met in the visits hall {tag}{n}",
            author=caseworker,
            organisation=organisation,
        )
        made["appointment"] = Appointment.objects.create(
            person=person,
            starts_at=timezone.now() + datetime.timedelta(days=3),
            mode=Appointment.Mode.PHONE,
            purpose=f"Housing check-in {tag}{n}",
            organisation=organisation,
            worker=caseworker,
        )
        made["event"] = Event.objects.create(
            person=person,
            kind=Event.Kind.NOTE,
            title=f"Case note added {tag}{n}",
            actor=caseworker,
            organisation=organisation,
        )
    made["equality"], _created = EqualityMonitoring.objects.get_or_create(
        person=person, defaults={"ethnicity": "black-caribbean", "religion": "prefer-not-to-say"}
    )
    return made
