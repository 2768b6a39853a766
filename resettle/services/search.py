"""Text search over Service.search_document.

PostgreSQL: full-text search (English stemming, web-search syntax) on a stored tsvector column
with a GIN index, both created in migrations. SQLite: every word must appear somewhere
(case-insensitive).
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connections
from django.db.models import BooleanField, Expression, F, Func, Q, UUIDField, Value
from django.db.models.expressions import Col

SEARCH_CONFIG = "english"
MAX_WORDS = 10


class StoredSearchVector(Expression):
    """PostgreSQL only: services_service.search_vector, which the database generates from
    search_document (migration 0003). Computing to_tsvector per row instead costs tens of
    microseconds a row, most of a filtered search at 100,000 services. The model does not
    declare the column, so SQLite, exports and forms never see it."""

    def resolve_expression(self, query=None, *args, **kwargs):
        column = SearchVectorField()
        column.set_attributes_from_name("search_vector")
        column.model = query.model
        return Col(query.get_initial_alias(), column, output_field=SearchVectorField())


def apply_text_search(queryset, text: str):
    """Filter to services matching the text; on PostgreSQL also annotate `rank` (higher first)."""
    words = text.split()[:MAX_WORDS]
    if not words:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        query = SearchQuery(" ".join(words), config=SEARCH_CONFIG, search_type="websearch")
        return (
            queryset.alias(document=StoredSearchVector())
            .filter(document=query)
            .annotate(rank=SearchRank(StoredSearchVector(), query))
        )
    condition = Q()
    for word in words:
        condition &= Q(search_document__icontains=word)
    return queryset.filter(condition)


# Ranking reads every matching service's text; past this many matches that takes longer than
# a person should wait, and a word so common ranks them all about the same, so list by name.
RANK_LIMIT = 5000

# Above this many services matching the tag-like filters, one query with EXISTS clauses is as
# good as any; below it, fetching their ids first is far faster (see _narrow_by_ids).
ID_LIST_LIMIT = 2000
_UUID_ARRAY = ArrayField(UUIDField())


class _InArray(Func):
    """PostgreSQL: column = ANY(array parameter)."""

    template = "(%(expressions)s))"
    arg_joiner = " = ANY("
    output_field = BooleanField()


def _id_sources(filters: dict) -> list:
    """For each selective tag-like filter, the ids of the services it lets through, read from
    the small link tables. Same conditions as the ServiceQuerySet methods named beside them.
    Areas are left out: London-wide services match every borough, so an area lets through
    too many services to be worth listing; it is checked on the few services left instead."""
    from resettle.places.models import Prison
    from resettle.services.models import Attribute, Language
    from resettle.taxonomy.models import TaxonomyTerm

    sources = []
    if need := filters.get("need"):  # meeting_need: the need or a support need beneath it
        terms = TaxonomyTerm.objects.filter(Q(pk=need.pk) | Q(parent_id=need.pk)).values("pk")
        sources.append(Attribute.objects.filter(taxonomy_term__in=terms, link_type=Attribute.NEED))
    if language := filters.get("language"):  # speaking
        sources.append(Language.objects.filter(code=language))
    if group := filters.get("group"):  # serving_group
        sources.append(Attribute.objects.filter(taxonomy_term=group, link_type=Attribute.GROUP))
    if prison := filters.get("prison"):  # in_reach_to
        sources.append(Prison.in_reach_services.through.objects.filter(prison=prison))
    return [s.filter(service_id__isnull=False).order_by().values("service_id") for s in sources]


def _narrow_by_ids(queryset, filters: dict):
    """Intersect the tag-like filters' id sets in the database, then look up only those
    services. Left to itself, PostgreSQL often scans every service and tests each one's text
    instead, which at 100,000 services takes hundreds of milliseconds. Returns None when there
    is nothing to intersect or too many services match for a list of ids to help."""
    sources = _id_sources(filters)
    if not sources:
        return None
    combined = sources[0].intersection(*sources[1:]) if len(sources) > 1 else sources[0]
    ids = list(combined.values_list("service_id", flat=True)[: ID_LIST_LIMIT + 1])
    if len(ids) > ID_LIST_LIMIT:
        return None
    if connections[queryset.db].vendor == "postgresql":
        # One array parameter rather than a placeholder per id: a far shorter statement.
        return queryset.filter(_InArray(F("pk"), Value(ids, output_field=_UUID_ARRAY)))
    return queryset.filter(pk__in=ids)


def apply_filters(queryset, filters: dict):
    """Narrow services by the public search filters (validated values from SearchForm), then
    order them: best text match first when there are search words, else by name. The id
    tie-breaker keeps pages stable, so no service shows on two pages or none."""
    narrowed = _narrow_by_ids(queryset, filters)
    if narrowed is None:
        queryset = _filter_by_tags(queryset, filters)
    else:
        queryset = _filter_by_area(narrowed, filters)
    if day := filters.get("day"):
        queryset = queryset.open_on(day)
    if (age := filters.get("age")) is not None:
        queryset = queryset.for_age(age)
    if text := filters.get("q"):
        queryset = queryset.matching_text(text)
        if "rank" in queryset.query.annotations:
            return queryset.order_by("-rank", "name", "id")
    return queryset.order_by("name", "id")


def without_ranking_if_broad(queryset, count: int):
    """By name instead of by rank when so many services match that ranking would be slow."""
    if count > RANK_LIMIT and "rank" in queryset.query.annotations:
        return queryset.order_by("name", "id")
    return queryset


def _filter_by_area(queryset, filters: dict):
    if borough := filters.get("borough"):
        queryset = queryset.covering_borough(borough)
    if district := filters.get("postcode"):
        queryset = queryset.covering_borough(district.borough)
    return queryset


def _filter_by_tags(queryset, filters: dict):
    queryset = _filter_by_area(queryset, filters)
    if need := filters.get("need"):
        queryset = queryset.meeting_need(need)
    if language := filters.get("language"):
        queryset = queryset.speaking(language)
    if group := filters.get("group"):
        queryset = queryset.serving_group(group)
    if prison := filters.get("prison"):
        queryset = queryset.in_reach_to(prison)
    return queryset
