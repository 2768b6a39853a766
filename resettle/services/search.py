"""Text search over Service.search_document.

PostgreSQL: full-text search (English stemming, web-search syntax) on a GIN expression index
created in a migration. SQLite: every word must appear somewhere (case-insensitive).
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import Q

SEARCH_CONFIG = "english"
MAX_WORDS = 10


def search_vector():
    # Must stay identical to the indexed expression in the migration, or the index goes unused.
    return SearchVector("search_document", config=SEARCH_CONFIG)


def apply_text_search(queryset, text: str):
    """Filter to services matching the text; on PostgreSQL also annotate `rank` (higher first)."""
    words = text.split()[:MAX_WORDS]
    if not words:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        query = SearchQuery(" ".join(words), config=SEARCH_CONFIG, search_type="websearch")
        return (
            queryset.alias(document=search_vector())
            .filter(document=query)
            .annotate(rank=SearchRank(search_vector(), query))
        )
    condition = Q()
    for word in words:
        condition &= Q(search_document__icontains=word)
    return queryset.filter(condition)


def apply_filters(queryset, filters: dict):
    """Narrow services by the public search filters (validated values from SearchForm), then
    order them: best text match first when there are search words, else by name. The id
    tie-breaker keeps pages stable, so no service shows on two pages or none."""
    if need := filters.get("need"):
        queryset = queryset.meeting_need(need)
    if borough := filters.get("borough"):
        queryset = queryset.covering_borough(borough)
    if district := filters.get("postcode"):
        queryset = queryset.covering_borough(district.borough)
    if language := filters.get("language"):
        queryset = queryset.speaking(language)
    if group := filters.get("group"):
        queryset = queryset.serving_group(group)
    if prison := filters.get("prison"):
        queryset = queryset.in_reach_to(prison)
    if day := filters.get("day"):
        queryset = queryset.open_on(day)
    if (age := filters.get("age")) is not None:
        queryset = queryset.for_age(age)
    if text := filters.get("q"):
        queryset = queryset.matching_text(text)
        if "rank" in queryset.query.annotations:
            return queryset.order_by("-rank", "name", "id")
    return queryset.order_by("name", "id")
