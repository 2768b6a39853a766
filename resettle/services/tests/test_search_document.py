import pytest

from resettle.services.models import Service
from resettle.testing.factories import ServiceFactory, group, need

pytestmark = pytest.mark.django_db


def test_it_builds_the_same_search_text_from_prefetched_terms(django_assert_num_queries):
    ServiceFactory(
        name="Housing and debt",
        needs=[need("find-accommodation"), need("debt-advice"), need("benefits")],
        groups=[group("women")],
    )
    queried = Service.objects.select_related("organisation").get()
    prefetched = Service.objects.select_related("organisation").prefetch_related(
        "attributes__taxonomy_term"
    )[0]

    with django_assert_num_queries(0):
        from_prefetch = prefetched.build_search_document()

    assert from_prefetch == queried.build_search_document()
    assert "Debt advice" in from_prefetch and "Women" in from_prefetch
