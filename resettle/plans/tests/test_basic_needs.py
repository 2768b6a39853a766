"""The basic-needs-first rule, as plain Python."""

from resettle.core.basic_needs import (
    ACCOMMODATION,
    BANK_ACCOUNT,
    BENEFITS,
    HEALTH,
    ID_DOCUMENTS,
    basic_need_of,
    unmet_basic_needs,
)


def test_it_says_nothing_about_goals_outside_education_and_work():
    assert unmet_basic_needs(["accommodation"], [("accommodation", "find-accommodation")]) == []
    assert unmet_basic_needs([None], [("health", "register-gp")]) == []
    assert unmet_basic_needs([], [("health", "register-gp")]) == []


def test_it_lists_open_basic_needs_for_a_work_goal_in_a_fixed_order():
    open_needs = [
        ("health", "mental-health"),
        ("finance-id", "benefits"),
        ("accommodation", "find-accommodation"),
        ("finance-id", "id-documents"),
        ("finance-id", "bank-account"),
    ]
    assert unmet_basic_needs(["education-work"], open_needs) == [
        ACCOMMODATION,
        ID_DOCUMENTS,
        BANK_ACCOUNT,
        BENEFITS,
        HEALTH,
    ]


def test_it_counts_each_basic_need_once():
    open_needs = [("accommodation", "find-accommodation"), ("accommodation", "supported-housing")]
    assert unmet_basic_needs(["education-work"], open_needs) == [ACCOMMODATION]


def test_it_ignores_needs_that_can_run_alongside_work():
    open_needs = [
        ("finance-id", "debt-advice"),
        ("finance-id", "budgeting"),
        ("finance-id", None),
        ("drugs-alcohol", "drug-treatment"),
        ("education-work", "find-work"),
    ]
    assert unmet_basic_needs(["education-work"], open_needs) == []


def test_it_counts_other_needs_in_the_accommodation_and_health_pathways():
    assert basic_need_of("accommodation", None) == ACCOMMODATION
    assert basic_need_of("health", None) == HEALTH
    assert basic_need_of("finance-id", None) is None


def test_it_uses_the_pathway_of_the_need_a_goal_works_towards():
    assert unmet_basic_needs([None, "education-work"], [("health", "register-gp")]) == [HEALTH]


def test_it_accepts_any_iterables():
    needs = iter([("accommodation", "keep-tenancy")])
    assert unmet_basic_needs(("education-work",), needs) == [ACCOMMODATION]
