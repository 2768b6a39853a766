"""The open ORUK API. Each endpoint also answers with a trailing slash; anything else under
/oruk/ is a JSON 404, so API clients never get an HTML page."""

from django.urls import path, re_path

from resettle.oruk import api

app_name = "oruk"


def _both(route, view, name):
    return [path(route, view, name=name), path(f"{route}/", view)]


urlpatterns = [
    path("", api.root, name="root"),
    path("openapi.json", api.openapi, name="openapi"),
    *_both("services", api.services, "services"),
    *_both("services/<str:id>", api.service, "service"),
    *_both("service_at_locations", api.service_at_locations, "service_at_locations"),
    *_both("service_at_locations/<str:id>", api.service_at_location, "service_at_location"),
    *_both("taxonomies", api.taxonomies, "taxonomies"),
    *_both("taxonomies/<str:id>", api.taxonomy, "taxonomy"),
    *_both("taxonomy_terms", api.taxonomy_terms, "taxonomy_terms"),
    *_both("taxonomy_terms/<str:id>", api.taxonomy_term, "taxonomy_term"),
    re_path(r"^(?P<rest>.*)$", api.not_found),
]
