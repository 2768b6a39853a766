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
