"""Suggesting services for a person's need, ranked by fit and explained (issue 4).

index = ServiceIndex(services, taxonomy)          # once per directory snapshot
found = index.suggest(person, need, today=today, limit=10)
for s in found:                                    # best fit first
    s.service, s.score, describe_all(s.reasons)
found.excluded                                     # left out, each with its reasons
found.explain(service_id)                          # why (not) this one
"""

from resettle.core.matching.exclusions import ExclusionCounter, count_reasons
from resettle.core.matching.explain import EXCLUSIONS, Reason, describe, describe_all
from resettle.core.matching.model import (
    Location,
    Need,
    NeedTaxonomy,
    PersonProfile,
    ServiceProfile,
)
from resettle.core.matching.score import (
    Exclusion,
    ServiceIndex,
    Suggestion,
    Suggestions,
    suggest,
    suggest_for_needs,
)

__all__ = [
    "EXCLUSIONS",
    "Exclusion",
    "ExclusionCounter",
    "Location",
    "Need",
    "NeedTaxonomy",
    "PersonProfile",
    "Reason",
    "ServiceIndex",
    "ServiceProfile",
    "Suggestion",
    "Suggestions",
    "describe",
    "count_reasons",
    "describe_all",
    "suggest",
    "suggest_for_needs",
]
