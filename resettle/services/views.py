"""The public directory: search with explained results, and a printable page per service."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from resettle.accounts.models import Role
from resettle.paging import page_links
from resettle.services import explain
from resettle.services.models import Service
from resettle.services.search import apply_filters, without_ranking_if_broad
from resettle.services.search_form import SearchForm


@dataclass
class Result:
    service: Service
    reasons: list[str]
    tags: list[explain.Tag]
    distance: str = ""
    led_by_and_for: list = field(default_factory=list)


# Who may see a refuge's address: people who refer someone or take a referral, and people who
# run services or the platform. Not mentors (a narrow view of their mentees only) and not
# commissioners (aggregates only). All of them have signed in with two factors.
ROLES_SEEING_CONFIDENTIAL_ADDRESSES = {
    Role.CASEWORKER,
    Role.INTAKE,
    Role.MANAGER,
    Role.ADMINISTRATOR,
}


def can_see_confidential_addresses(user) -> bool:
    return user.is_authenticated and bool(user.roles & ROLES_SEEING_CONFIDENTIAL_ADDRESSES)


def search(request):
    form = SearchForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    filters = form.filters()
    # Page through ids alone, then load the page's services with what their results show:
    # ordering thousands of matches is cheaper without joins, and PostgreSQL plans it better.
    matching = apply_filters(Service.objects.public(), filters)
    count = matching.count()
    matching_ids = without_ranking_if_broad(matching, count).values_list("pk", flat=True)
    paginator = Paginator(matching_ids, settings.SEARCH_PAGE_SIZE)
    paginator.count = count  # counted once, above
    page = paginator.get_page(form.page_number())
    page_ids = list(page.object_list)
    loaded = Service.objects.select_related("organisation").prefetch_related(
        *explain.prefetches(filters)
    )
    by_id = {service.pk: service for service in loaded.filter(pk__in=page_ids)}
    district = filters.get("postcode")
    results = []
    # A service deleted between the two queries is simply left out of the page.
    for service in (by_id[pk] for pk in page_ids if pk in by_id):
        distance = ""
        if district:
            km = explain.distance_km(service, district.latitude, district.longitude)
            distance = explain.distance_text(km)
        results.append(
            Result(
                service=service,
                reasons=explain.reasons(service, filters),
                tags=explain.status_tags(service),
                distance=distance,
                led_by_and_for=list(service.organisation.led_by_and_for.all()),
            )
        )
    return render(
        request,
        "services/search.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "results": results,
            "page_links": page_links(page),
        },
    )


def _get_public_service(service_id):
    """A service the public may see (not defunct), with everything its page shows, or 404."""
    service = (
        Service.objects.public()
        .with_listing_details()
        .prefetch_related("phones", "contacts", "at_locations__location__phones")
        .filter(pk=service_id)
        .first()
    )
    if service is None:
        raise Http404(_("No service with that id"))
    return service


def detail(request, service_id):
    service = _get_public_service(service_id)
    show_addresses = can_see_confidential_addresses(request.user)
    locations = []
    for at in service.at_locations.all():
        location = at.location
        hidden = location.confidential and not show_addresses
        locations.append(
            {
                "location": location,
                "address_hidden": hidden,
                "address_lines": []
                if hidden
                else [
                    line
                    for line in (
                        location.address_1,
                        location.address_2,
                        location.city,
                        location.postal_code,
                    )
                    if line
                ],
                "phones": [] if hidden else list(location.phones.all()),
                "opening_times": explain.opening_times(at.schedules.all()),
            }
        )
    attributes = list(service.attributes.all())
    return render(
        request,
        "services/detail.html",
        {
            "service": service,
            "tags": explain.status_tags(service),
            "ages": explain.age_range(service.minimum_age, service.maximum_age),
            "needs": [a.taxonomy_term for a in attributes if a.link_type == a.NEED],
            "groups": [a.taxonomy_term for a in attributes if a.link_type == a.GROUP],
            "led_by_and_for": list(service.organisation.led_by_and_for.all()),
            "areas": list(service.service_areas.all()),
            "locations": locations,
            "service_opening_times": explain.opening_times(service.schedules.all()),
            "typical_wait": explain.wait_length(service.typical_wait_days)
            if service.typical_wait_days is not None
            else "",
            "show_addresses": show_addresses,
        },
    )
