"""The Open Referral UK API: open (no key), read-only JSON under /oruk/.

Every response, errors included, is JSON with `Access-Control-Allow-Origin: *`. Bad query
parameters get a 400 `{"error": ..., "parameter": ...}`; unknown or malformed ids a 404
`{"error": ...}`; other methods than GET, HEAD and OPTIONS a 405. Lists page with the profile's
Page object and load each page in a fixed number of queries, however many results it holds.
"""

import copy
import functools
import json
import math
import uuid
from pathlib import Path

from django.db.models import Case, Exists, F, FloatField, OuterRef, Q, Value, When
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from resettle.core.geo import EARTH_RADIUS_M, bounding_box
from resettle.core.postcodes import district_candidates
from resettle.oruk import params as oruk_params
from resettle.oruk import serializers
from resettle.oruk.params import ParameterError
from resettle.places.models import PostcodeDistrict
from resettle.services.models import Attribute, Service, ServiceAtLocation
from resettle.services.search import without_ranking_if_broad
from resettle.taxonomy.models import Taxonomy, TaxonomyTerm

OPENAPI_PATH = Path(__file__).resolve().parent / "standard" / "schema" / "openapi.json"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "*",
    "Access-Control-Max-Age": "86400",
}


class NotFound(Exception):
    pass


NO_SERVICE = gettext_lazy("There is no service with id '%(id)s'.")
NO_SERVICE_AT_LOCATION = gettext_lazy("There is no service at location with id '%(id)s'.")
NO_TAXONOMY = gettext_lazy("There is no taxonomy with id '%(id)s'.")
NO_TAXONOMY_TERM = gettext_lazy("There is no taxonomy term with id '%(id)s'.")


def _json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    for header, value in CORS_HEADERS.items():
        response[header] = value
    return response


def endpoint(view):
    """Open, read-only JSON endpoint: CORS, preflight, 405, and bad input as 400/404 JSON."""

    @csrf_exempt  # Never writes; without this a POST would get the HTML CSRF 403, not a 405.
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = _json({}, status=200)
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        if request.method not in ("GET", "HEAD"):
            response = _json({"error": _("This API is read-only: use GET.")}, status=405)
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        try:
            return _json(view(request, *args, **kwargs))
        except ParameterError as error:
            return _json({"error": error.message, "parameter": error.parameter}, status=400)
        except NotFound as error:
            return _json({"error": str(error)}, status=404)

    return wrapper


def _uuid_or_404(raw: str, message: str) -> uuid.UUID:
    """The id in a path, or a 404 with `message` (which has an %(id)s) if it is no UUID."""
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise NotFound(message % {"id": raw[:100]}) from None


def _page(queryset, params, serialise):
    """The profile's Page object for one page of an ordered queryset."""
    total = queryset.count()
    queryset = without_ranking_if_broad(queryset, total)
    # Page through ids alone, then load that page: a deep offset then walks narrow index rows
    # rather than whole services (page 1,000 of 100,000 went from ~470 ms to tens of ms).
    page_ids = list(
        queryset.values_list("pk", flat=True)[params.offset : params.offset + params.per_page]
    )
    loaded = {item.pk: item for item in queryset.order_by().filter(pk__in=page_ids)}
    items = [loaded[pk] for pk in page_ids if pk in loaded]
    total_pages = math.ceil(total / params.per_page) if total else 0
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": params.page,
        "size": len(items),
        "first_page": params.page == 1,
        "last_page": params.page >= total_pages,
        "empty": not items,
        "contents": [serialise(item) for item in items],
    }


# --- Filtering ------------------------------------------------------------------------------


def filtered_services(params):
    """Public services matching the filters, best text match first, else by name."""
    services = Service.objects.public()
    if params.taxonomy_term_id:
        term = TaxonomyTerm.objects.filter(pk=params.taxonomy_term_id).first()
        if term is None:
            raise ParameterError("taxonomy_term_id", _("There is no taxonomy term with that id."))
        # A broad term (a resettlement pathway) also finds services tagged with its children.
        terms = [term.pk, *term.children.values_list("pk", flat=True)]
        services = services.filter(
            Exists(Attribute.objects.filter(service=OuterRef("pk"), taxonomy_term__in=terms))
        )
    if params.taxonomy_id:
        if not Taxonomy.objects.filter(pk=params.taxonomy_id).exists():
            raise ParameterError("taxonomy_id", _("There is no taxonomy with that id."))
        services = services.with_taxonomy(params.taxonomy_id)
    if params.minimum_age is not None:
        services = services.filter(
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=params.minimum_age)
        )
    if params.maximum_age is not None:
        services = services.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=params.maximum_age)
        )
    if params.day or params.start_time or params.end_time:
        # Open for the whole of start..end; one time alone means open at that time. No day
        # given means any day ("" is contained in every byday).
        services = services.open_on(
            params.day,
            opens_by=params.start_time or params.end_time,
            closes_after=params.end_time or params.start_time,
        )
    if params.search:
        services = services.matching_text(params.search)
        if "rank" in services.query.annotations:
            return services.order_by("-rank", "name", "id")
    return services.order_by("name", "id")


def _filters_services(params) -> bool:
    return any(
        (
            params.search,
            params.taxonomy_term_id,
            params.taxonomy_id,
            params.minimum_age is not None,
            params.maximum_age is not None,
            params.day,
            params.start_time,
            params.end_time,
        )
    )


def _district(params):
    for code in district_candidates(params.postcode_district):
        district = PostcodeDistrict.objects.select_related("borough").filter(code=code).first()
        if district is not None:
            return district
    raise ParameterError(
        "postcode",
        _(
            "We do not know where the postcode area %(district)s is. "
            "Try a London postcode, like SE1 7TP."
        )
        % {"district": params.postcode_district},
    )


def _distance_m(lat, lon, lat_field, lon_field):
    """Haversine distance in SQL; Least() keeps rounding from pushing asin past its domain."""
    dlat = (Radians(lat_field) - Value(math.radians(lat))) / 2
    dlon = (Radians(lon_field) - Value(math.radians(lon))) / 2
    a = Power(Sin(dlat), 2) + Value(math.cos(math.radians(lat))) * Cos(Radians(lat_field)) * Power(
        Sin(dlon), 2
    )
    return Value(2 * EARTH_RADIUS_M) * ASin(Least(Sqrt(a), Value(1.0)))


def filtered_service_at_locations(params):
    if _filters_services(params):
        services = filtered_services(params)
        at_locations = ServiceAtLocation.objects.filter(service__in=services.values("pk"))
    else:
        # A plain join counts far faster than a subquery over every public service.
        at_locations = ServiceAtLocation.objects.exclude(service__status=Service.Status.DEFUNCT)
    if not params.postcode_district:
        return at_locations.order_by("service__name", "location__name", "id")
    district = _district(params)
    # A confidential location (a refuge) is placed at its borough's centre, never its own
    # coordinates, so distances cannot be used to find it.
    lat = Case(
        When(location__confidential=True, then=F("location__borough__latitude")),
        default=F("location__latitude"),
        output_field=FloatField(),
    )
    lon = Case(
        When(location__confidential=True, then=F("location__borough__longitude")),
        default=F("location__longitude"),
        output_field=FloatField(),
    )
    if params.proximity is None:
        at_locations = at_locations.filter(
            Q(service__in=Service.objects.covering_borough(district.borough).values("pk"))
            | Q(location__borough=district.borough)
        )
    else:
        min_lat, max_lat, min_lon, max_lon = bounding_box(
            district.latitude, district.longitude, params.proximity
        )
        at_locations = at_locations.filter(
            Q(
                location__confidential=False,
                location__latitude__range=(min_lat, max_lat),
                location__longitude__range=(min_lon, max_lon),
            )
            | Q(
                location__confidential=True,
                location__borough__latitude__range=(min_lat, max_lat),
                location__borough__longitude__range=(min_lon, max_lon),
            )
        )
    at_locations = at_locations.annotate(
        distance=_distance_m(district.latitude, district.longitude, lat, lon)
    )
    if params.proximity is not None:
        at_locations = at_locations.filter(distance__lte=params.proximity)
    return at_locations.order_by(
        F("distance").asc(nulls_last=True), "service__name", "location__name", "id"
    )


# --- Endpoints ------------------------------------------------------------------------------


@endpoint
def root(request):
    oruk_params.parse(request.GET, frozenset())
    return {
        "version": serializers.HSDS_VERSION,
        "profile": serializers.PROFILE_URL,
        "openapi_url": request.build_absolute_uri(reverse("oruk:openapi")),
    }


@functools.cache
def _standard_openapi() -> dict:
    return json.loads(Path(OPENAPI_PATH).read_text())


@endpoint
def openapi(request):
    oruk_params.parse(request.GET, frozenset())
    description = copy.deepcopy(_standard_openapi())
    description["servers"] = [{"url": request.build_absolute_uri(reverse("oruk:root")).rstrip("/")}]
    return description


@endpoint
def services(request):
    params = oruk_params.parse(request.GET, oruk_params.SERVICE_FILTERS)
    queryset = filtered_services(params).select_related("organisation")
    return _page(queryset, params, serializers.service_summary)


@endpoint
def service(request, id):
    pk = _uuid_or_404(id, NO_SERVICE)
    oruk_params.parse(request.GET, frozenset())
    found = serializers.full_service_queryset(Service.objects.public().filter(pk=pk)).first()
    if found is None:
        raise NotFound(NO_SERVICE % {"id": pk})
    return serializers.service_full(found)


@endpoint
def service_at_locations(request):
    params = oruk_params.parse(request.GET, oruk_params.SERVICE_AT_LOCATION_FILTERS)
    queryset = filtered_service_at_locations(params).select_related(
        "location", "service__organisation"
    )
    return _page(queryset, params, serializers.service_at_location_summary)


@endpoint
def service_at_location(request, id):
    pk = _uuid_or_404(id, NO_SERVICE_AT_LOCATION)
    oruk_params.parse(request.GET, frozenset())
    found = serializers.full_service_at_location_queryset(
        ServiceAtLocation.objects.filter(pk=pk, service__in=Service.objects.public())
    ).first()
    if found is None:
        raise NotFound(NO_SERVICE_AT_LOCATION % {"id": pk})
    return serializers.service_at_location_full(found)


@endpoint
def taxonomies(request):
    params = oruk_params.parse(request.GET, oruk_params.PAGING)
    return _page(Taxonomy.objects.order_by("name", "id"), params, serializers.taxonomy)


@endpoint
def taxonomy(request, id):
    pk = _uuid_or_404(id, NO_TAXONOMY)
    oruk_params.parse(request.GET, frozenset())
    found = Taxonomy.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound(NO_TAXONOMY % {"id": pk})
    terms = (
        serializers.taxonomy_term_queryset()
        .filter(taxonomy=found)
        .order_by("parent_id", "position", "name", "id")
    )
    return serializers.taxonomy(found, terms)


@endpoint
def taxonomy_terms(request):
    params = oruk_params.parse(request.GET, oruk_params.PAGING)
    terms = serializers.taxonomy_term_queryset().order_by(
        "taxonomy__name", "parent__position", "position", "name", "id"
    )
    return _page(terms, params, serializers.taxonomy_term)


@endpoint
def taxonomy_term(request, id):
    pk = _uuid_or_404(id, NO_TAXONOMY_TERM)
    oruk_params.parse(request.GET, frozenset())
    found = serializers.taxonomy_term_queryset().filter(pk=pk).first()
    if found is None:
        raise NotFound(NO_TAXONOMY_TERM % {"id": pk})
    return serializers.taxonomy_term(found)


@endpoint
def not_found(request, rest=""):
    raise NotFound(
        _(
            "There is nothing at this address. The API's endpoints are listed in its "
            "OpenAPI description."
        )
    )
