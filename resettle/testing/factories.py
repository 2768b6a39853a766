"""factory_boy factories shared by every app's tests."""

import datetime

import factory
from django.utils import timezone

from resettle.accounts.models import Membership, Role, User
from resettle.organisations.models import Organisation
from resettle.places.models import Borough
from resettle.services.models import (
    Attribute,
    Language,
    Location,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from resettle.taxonomy.models import TaxonomyTerm


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    description = "Supports people leaving prison."
    kind = Organisation.Kind.VOLUNTARY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Worker{n}")
    password = factory.django.Password("correct horse battery staple")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CASEWORKER


def member(organisation, role, **user_fields) -> User:
    """A user with one role at one organisation."""
    user = UserFactory(**user_fields)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "Practical help after release."
    last_reviewed = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))

    @factory.post_generation
    def needs(self, create, extracted, **kwargs):
        for term in extracted or []:
            Attribute.objects.create(service=self, taxonomy_term=term, link_type=Attribute.NEED)
        if create:
            self.refresh_search_document()

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for term in extracted or []:
            Attribute.objects.create(service=self, taxonomy_term=term, link_type=Attribute.GROUP)
        if create and extracted:
            self.refresh_search_document()

    @factory.post_generation
    def boroughs(self, create, extracted, **kwargs):
        for borough in extracted or []:
            ServiceArea.objects.create(service=self, borough=borough, name=borough.name)

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        from resettle.core.languages import language_name

        for code in extracted or []:
            Language.objects.create(service=self, code=code, name=language_name(code))


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = "Drop-in centre"
    address_1 = factory.Sequence(lambda n: f"{n} High Street")
    city = "London"
    postal_code = "SE1 7TP"
    latitude = 51.5010
    longitude = -0.1160
    borough = factory.LazyFunction(lambda: Borough.objects.get(name="Southwark"))


def place_service(service, location, *, byday="MO,WE", opens="09:30", closes="16:30"):
    """Put a service at a location with a weekly schedule there."""
    at = ServiceAtLocation.objects.create(service=service, location=location)
    Schedule.objects.create(
        service_at_location=at, byday=byday, opens_at=opens, closes_at=closes, freq="WEEKLY"
    )
    return at


def need(code: str) -> TaxonomyTerm:
    return TaxonomyTerm.objects.needs().get(code=code)


def group(code: str) -> TaxonomyTerm:
    return TaxonomyTerm.objects.groups().get(code=code)


# --- People and casework -------------------------------------------------------------------


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "people.Person"
        django_get_or_create = ()

    given_name = factory.Sequence(lambda n: f"Alex{n}")
    family_name = factory.Sequence(lambda n: f"Person{n}")
    date_of_birth = datetime.date(1990, 5, 17)
    prison_number = factory.Sequence(lambda n: f"A{n % 10000:04d}BC")
    custody_status = "in_custody"
    sentence_band = "1_to_4_years"
    release_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(weeks=8))
    release_type = "conditional_release"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.records.create(*args, **kwargs)


def involve(person, organisation, kind="allocated", worker=None, **fields):
    """Open the person's record to an organisation (and, optionally, allocate a worker)."""
    from resettle.caseloads.entries import refresh
    from resettle.people.models import Involvement

    involvement = Involvement.objects.create(
        person=person, organisation=organisation, kind=kind, worker=worker, **fields
    )
    refresh(person)
    involvement.refresh_from_db()
    return involvement


def person_with(organisation, worker=None, **fields):
    """A person allocated to an organisation (and a worker there)."""
    person = PersonFactory(**fields)
    involve(person, organisation, "allocated", worker)
    return person


def add_need(person, support_need_code: str, status="not_started"):
    from resettle.caseloads.entries import refresh
    from resettle.needs.models import Need

    support_need = need(support_need_code)
    created = Need.objects.create(
        person=person, pathway=support_need.parent, support_need=support_need, status=status
    )
    refresh(person)
    return created
