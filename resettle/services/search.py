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
