"""Suggesting services: exclusions with reasons, ranking, fairness, ties and bad input."""

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resettle.core.matching import (
    EXCLUSIONS,
    Exclusion,
    Location,
    Need,
    NeedTaxonomy,
    PersonProfile,
    ServiceIndex,
    ServiceProfile,
    Suggestion,
    describe,
    describe_all,
    suggest,
    suggest_for_needs,
)
from resettle.core.matching import explain as why

TODAY = date(2026, 6, 1)
HACKNEY, CAMDEN, CARDIFF = "E09000012", "E09000007", "W06000015"
TAXONOMY = NeedTaxonomy.from_tree(
    [
        ("accommodation", ["find-accommodation", "supported-housing"]),
        ("finance-id", ["id-documents", "benefits"]),
        ("health", ["mental-health"]),
    ]
)
HOUSING = Need("accommodation", "find-accommodation")
PERSON = PersonProfile(age=30, sex="male", home_borough=HACKNEY)


def service(id="s1", **kwargs):
    defaults = {
        "name": id.upper(),
        "organisation": "org",
        "needs": frozenset({"find-accommodation"}),
        "boroughs": frozenset({HACKNEY}),
        "typical_wait_days": 7,
    }
    return ServiceProfile(id=id, **{**defaults, **kwargs})


def run(services, person=PERSON, need=HOUSING, **kwargs):
    return suggest(person, need, services, today=TODAY, taxonomy=TAXONOMY, **kwargs)


def codes(reasons):
    return [reason.code for reason in reasons]


def ids(found):
    return [s.service.id for s in found]


def excluded(services, person=PERSON, need=HOUSING):
    return {e.service.id: codes(e.reasons) for e in run(services, person, need).excluded}


def test_it_suggests_a_fitting_service_with_its_reasons_in_words():
    found = run([service(languages=frozenset({"so"}))], replace(PERSON, preferred_language="so"))
    [only] = found.suggestions
    assert codes(only.reasons) == [
        why.NEED_MET,
        why.COVERS_HOME_BOROUGH,
        why.SPEAKS_LANGUAGE,
        why.PROFESSIONAL_REFERRAL,
        why.TYPICAL_WAIT,
    ]
    names = {"find-accommodation": "Help to find accommodation", HACKNEY: "Hackney"}
    assert describe_all(only.reasons, names) == [
        "Meets the need: Help to find accommodation",
        "Covers their home borough, Hackney",
        "Speaks Somali",
        "You can refer them",
        "Taking referrals, typical wait 7 days",
    ]


@pytest.mark.parametrize(
    "changes, person_changes, code",
    [
        ({"status": "defunct"}, {}, why.CLOSED),
        ({"status": "inactive"}, {}, why.CLOSED),
        ({"status": "temporarily closed"}, {}, why.CLOSED),
        ({"accepting_referrals": False}, {}, why.NOT_ACCEPTING),
        ({"minimum_age": 50}, {}, why.TOO_YOUNG),
        ({"maximum_age": 25}, {}, why.TOO_OLD),
        ({"sex_eligibility": "female"}, {}, why.SEX_NOT_ELIGIBLE),
        ({"boroughs": frozenset({CAMDEN})}, {}, why.OUTSIDE_AREA),
        ({}, {"home_borough": None}, why.NO_HOME_BOROUGH),
        ({"accepts_professional_referral": False}, {}, why.NO_REFERRAL_ROUTE),
    ],
)
def test_it_leaves_out_ineligible_services_and_says_why(changes, person_changes, code):
    person = replace(PERSON, **person_changes)
    found = run([service(**changes), service("ok")], person)
    if code == why.NO_HOME_BOROUGH:
        assert ids(found) == []
    else:
        assert ids(found) == ["ok"]
    assert excluded([service(**changes)], person)["s1"] == [code]
    exclusion = found.explain("s1")
    assert isinstance(exclusion, Exclusion)
    assert describe(exclusion.reasons[-1])  # every exclusion has words


def test_it_gives_every_reason_a_service_is_left_out():
    left_out = service(status="defunct", accepting_referrals=False, minimum_age=50)
    assert excluded([left_out])["s1"] == [
        why.CLOSED,
        why.NOT_ACCEPTING,
        why.TOO_YOUNG,
    ]


def test_it_counts_services_not_working_on_the_need_and_explains_one():
    found = run([service(), service("gp", needs=frozenset({"mental-health"}))])
    assert ids(found) == ["s1"]
    assert found.not_working_on_need == 1
    assert found.excluded == []
    assert codes(found.explain("gp").reasons) == [why.NEED_NOT_MET]
    assert describe(found.explain("gp").reasons[0]) == (
        "Does not work on find-accommodation or anything else in accommodation"
    )


def test_it_has_english_words_for_every_exclusion():
    params = {
        "status": "defunct",
        "age": 30,
        "minimum": 50,
        "maximum": None,
        "sex_eligibility": "female",
        "need": "x",
        "pathway": "y",
        "borough": HACKNEY,
        "prison": "PVI",
    }
    for code in EXCLUSIONS:
        assert describe(why.Reason(code, params))


def test_it_ranks_the_exact_need_above_the_pathway_only():
    pathway_only = service("a", needs=frozenset({"supported-housing"}), typical_wait_days=0)
    whole_pathway = service("b", needs=frozenset(), pathways=frozenset({"accommodation"}))
    exact = service("c", typical_wait_days=50)
    found = run([pathway_only, whole_pathway, exact])
    assert ids(found)[0] == "c"
    assert codes(found.suggestions[1].reasons)[0] == why.PATHWAY_MET


def test_it_matches_other_needs_in_a_pathway_at_pathway_level():
    found = run([service(), service("b", needs=frozenset({"supported-housing"}))],
                need=Need("accommodation", None))  # fmt: skip
    assert {s.score for s in found} == {found.suggestions[0].score}
    assert all(codes(s.reasons)[0] == why.PATHWAY_MET for s in found)


def test_it_prefers_home_borough_over_london_over_national():
    found = run(
        [
            service("national", boroughs=frozenset(), national=True),
            service("london", boroughs=frozenset(), london_wide=True),
            service("home"),
        ]
    )
    assert ids(found) == ["home", "london", "national"]
    assert describe(found.suggestions[1].reasons[1], {HACKNEY: "Hackney"}) == (
        "Works across London, including Hackney"
    )


def test_it_does_not_count_london_wide_services_for_a_home_outside_london():
    found = run([service("london", boroughs=frozenset(), london_wide=True)],
                replace(PERSON, home_borough=CARDIFF))  # fmt: skip
    assert ids(found) == []
    left_out = excluded(
        [service("london", boroughs=frozenset(), london_wide=True)],
        replace(PERSON, home_borough=CARDIFF),
    )
    assert left_out["london"] == [why.OUTSIDE_AREA]


def test_it_counts_in_reach_only_before_release():
    in_reach = service(
        "in-reach", boroughs=frozenset({CAMDEN}), in_reach_prisons=frozenset({"PVI"})
    )
    local = service("local")
    inside = replace(PERSON, in_custody=True, prison="PVI", release_date=date(2026, 7, 1))
    found = run([in_reach, local], inside)
    assert ids(found) == ["in-reach", "local"]
    assert why.IN_REACH in codes(found.suggestions[0].reasons)
    released = replace(inside, release_date=date(2026, 5, 1))
    assert ids(run([in_reach, local], released)) == ["local"]
    assert ids(run([in_reach, local], replace(PERSON, prison="PVI"))) == ["local"]
    unknown_date = replace(inside, release_date=None)
    assert ids(run([in_reach, local], unknown_date)) == ["in-reach", "local"]


def test_it_adds_points_for_a_specialism_the_person_asked_for_and_for_led_by_and_for():
    plain, specialist = service("a"), service("b", specialisms=frozenset({"women"}))
    led = service("c", specialisms=frozenset({"women"}), led_by_and_for=frozenset({"women"}))
    assert ids(run([plain, specialist, led])) == ["a", "b", "c"]  # not asked: names decide
    asked = replace(PERSON, wanted_specialisms=frozenset({"women"}))
    found = run([plain, specialist, led], asked)
    assert ids(found) == ["c", "b", "a"]
    assert codes(found.suggestions[0].reasons)[2:4] == [why.SPECIALISM, why.LED_BY_AND_FOR]


def test_it_notes_interpreters_and_unrecorded_eligibility_without_leaving_out():
    person = PersonProfile(home_borough=HACKNEY, preferred_language="ar", interpreter_needed=True)
    found = run([service(minimum_age=18, sex_eligibility="male")], person)
    assert codes(found.suggestions[0].reasons) == [
        why.NEED_MET,
        why.AGE_NOT_RECORDED,
        why.SEX_NOT_RECORDED,
        why.COVERS_HOME_BOROUGH,
        why.INTERPRETER_NEEDED,
        why.PROFESSIONAL_REFERRAL,
        why.TYPICAL_WAIT,
    ]
    assert describe(found.suggestions[0].reasons[4]) == (
        "Does not list Arabic: ask them to arrange an interpreter"
    )


def test_it_describes_access_wait_and_distance():
    near_home = Location(51.545, -0.055)
    person = replace(PERSON, location=near_home)
    s = service(accepts_self_referral=True, accepts_professional_referral=False,
                typical_wait_days=None, location=Location(51.56, -0.055))  # fmt: skip
    reasons = run([s], person).suggestions[0].reasons
    assert describe_all(reasons[-3:]) == [
        "Only takes self-referrals: they contact the service",
        "Taking referrals, typical wait not known",
        "1.7 km (1.0 miles) away",
    ]


def test_it_ranks_nearer_and_shorter_waits_higher():
    person = replace(PERSON, location=Location(51.545, -0.055))
    far = service("far", location=Location(51.75, -0.055))
    near = service("near", location=Location(51.546, -0.055))
    assert ids(run([far, near], person)) == ["near", "far"]
    assert ids(run([service("slow", typical_wait_days=60), service("quick")])) == ["quick", "slow"]


def test_it_breaks_ties_by_wait_then_name_then_id():
    tied = [
        service("3", name="Alpha", typical_wait_days=3),
        service("2", name="beta", typical_wait_days=3),
        service("1", name="Beta", typical_wait_days=3),
        service("0", name="Zed", typical_wait_days=1),
    ]
    for order in (tied, tied[::-1]):
        found = run(order)
        assert len({s.score for s in found}) == 1
        assert ids(found) == ["0", "3", "1", "2"]


def test_it_limits_the_suggestions_but_counts_them_all():
    found = run([service(str(n)) for n in range(5)], limit=2)
    assert len(found) == 2 and found.total == 5


@pytest.mark.parametrize(
    "need, message",
    [
        (Need("housing", None), "Unknown pathway code 'housing'"),
        (Need("accommodation", "find-a-flat"), "Unknown support need code 'find-a-flat'"),
        (Need("health", "benefits"), "Support need 'benefits' belongs to pathway 'finance-id'"),
    ],
)
def test_it_refuses_an_unknown_need_with_a_clear_message(need, message):
    with pytest.raises(ValueError, match=message):
        run([service()], need=need)


@pytest.mark.parametrize(
    "services, message",
    [
        ([service(needs=frozenset({"nope"}))], "unknown support need codes nope"),
        ([service(pathways=frozenset({"nope"}))], "unknown pathway codes nope"),
        ([service(status="open")], "unknown status 'open'"),
        ([service(sex_eligibility="women")], "unknown sex eligibility 'women'"),
        ([service(minimum_age=30, maximum_age=20)], "minimum age 30 is above maximum age 20"),
        ([service(), service()], "'s1' is listed twice"),
    ],
)
def test_it_refuses_bad_services_with_a_clear_message(services, message):
    with pytest.raises(ValueError, match=message):
        ServiceIndex(services, TAXONOMY)


@pytest.mark.parametrize(
    "person, message",
    [
        (replace(PERSON, age=-1), "Age must be between 0 and 130"),
        (replace(PERSON, sex="m"), "Sex must be"),
        (replace(PERSON, in_custody=True), "needs a prison code"),
    ],
)
def test_it_refuses_a_bad_person_with_a_clear_message(person, message):
    with pytest.raises(ValueError, match=message):
        run([service()], person)


def test_it_needs_a_taxonomy_or_an_index():
    with pytest.raises(ValueError, match="needs the needs taxonomy"):
        suggest(PERSON, HOUSING, [service()], today=TODAY)
    with pytest.raises(ValueError, match="No service with id 'x'"):
        run([service()]).explain("x")


# Fairness: generated directories and people.

BOROUGHS = [HACKNEY, CAMDEN, "E09000001"]
NEEDS = [
    Need("accommodation", "find-accommodation"),
    Need("accommodation", "supported-housing"),
    Need("accommodation", None),
    Need("finance-id", "benefits"),
    Need("health", "mental-health"),
]
GROUPS = ["women", "veterans", "muslim"]


def subset(values):
    return st.frozensets(st.sampled_from(values), max_size=len(values))


services_strategy = st.lists(
    st.builds(
        ServiceProfile,
        id=st.just(""),
        name=st.sampled_from(["A", "B", "C"]),
        organisation=st.just("org"),
        status=st.sampled_from(["active", "active", "defunct"]),
        accepting_referrals=st.booleans(),
        needs=subset(["find-accommodation", "supported-housing", "benefits", "mental-health"]),
        pathways=subset(["accommodation", "health"]),
        boroughs=subset(BOROUGHS),
        london_wide=st.booleans(),
        national=st.booleans(),
        in_reach_prisons=subset(["PVI", "BZI"]),
        languages=subset(["en", "so", "pl"]),
        specialisms=subset(GROUPS),
        led_by_and_for=subset(GROUPS),
        minimum_age=st.sampled_from([None, 18, 25]),
        maximum_age=st.sampled_from([None, 40, 65]),
        sex_eligibility=st.sampled_from(["all", "female", "male"]),
        accepts_self_referral=st.booleans(),
        accepts_professional_referral=st.booleans(),
        typical_wait_days=st.sampled_from([None, 0, 10, 30, 100]),
        location=st.sampled_from([None, Location(51.5, -0.1), Location(51.6, 0.0)]),
    ),
    max_size=12,
).map(lambda found: [replace(s, id=str(n)) for n, s in enumerate(found)])

people_strategy = st.builds(
    PersonProfile,
    age=st.sampled_from([None, 19, 30, 70]),
    sex=st.sampled_from(["", "female", "male"]),
    home_borough=st.sampled_from([None, *BOROUGHS, CARDIFF]),
    in_custody=st.just(False),
    preferred_language=st.sampled_from([None, "en", "so"]),
    interpreter_needed=st.booleans(),
    wanted_specialisms=subset(GROUPS),
    location=st.sampled_from([None, Location(51.5, -0.1)]),
)


def scores(index, person, need):
    """Every service's score for this need (None when left out)."""
    found = index.suggest(person, need, today=TODAY)
    return {s.id: getattr(found.explain(s.id), "score", None) for s in index.services}, found


@settings(max_examples=150, deadline=None)
@given(
    services_strategy,
    people_strategy,
    st.sampled_from(NEEDS),
    subset(GROUPS),
    st.booleans(),
)
def test_it_never_scores_lower_for_asking_for_more(services, person, need, more_groups, interp):
    """Asking for more specialisms, or needing an interpreter, never lowers a score nor
    leaves a service out."""
    index = ServiceIndex(services, TAXONOMY)
    before, _ = scores(index, person, need)
    more = replace(
        person,
        wanted_specialisms=person.wanted_specialisms | more_groups,
        interpreter_needed=person.interpreter_needed or interp,
    )
    after, _ = scores(index, more, need)
    for service_id, score in before.items():
        if score is not None:
            assert after[service_id] is not None and after[service_id] >= score


@settings(max_examples=150, deadline=None)
@given(services_strategy, people_strategy, st.lists(st.sampled_from(NEEDS), min_size=1))
def test_it_suggests_for_a_need_the_same_whatever_other_needs_there_are(services, person, needs):
    index = ServiceIndex(services, TAXONOMY)
    alone = {need: index.suggest(person, need, today=TODAY) for need in needs}
    together = suggest_for_needs(person, [*needs, *NEEDS], index, today=TODAY)
    for need in needs:
        assert [(s.service.id, s.score) for s in together[need]] == [
            (s.service.id, s.score) for s in alone[need]
        ]


@settings(max_examples=150, deadline=None)
@given(services_strategy, people_strategy, st.sampled_from(NEEDS))
def test_it_ranks_consistently_with_the_explanations(services, person, need):
    """The fast path agrees with the full assessment: every service is either suggested with
    the same score or left out with its reasons, and the order is score then tie-breaks."""
    index = ServiceIndex(services, TAXONOMY)
    every, found = scores(index, person, need)
    assert {s.service.id: s.score for s in found} == {
        k: v for k, v in every.items() if v is not None
    }
    keys = [(-s.score, s.service.typical_wait_days is None, s.service.typical_wait_days or 0,
             s.service.name.casefold(), s.service.id) for s in found]  # fmt: skip
    assert keys == sorted(keys)
    left_out = {e.service.id for e in found.excluded}
    suggested = {s.service.id for s in found}
    assert not left_out & suggested
    assert len(left_out) + len(suggested) + found.not_working_on_need == len(services)
    for e in found.excluded:
        assert set(codes(e.reasons)) & set(EXCLUSIONS)


def test_it_takes_no_count_of_needs_or_complexity():
    """The inputs themselves leave no room for it."""
    fields = set(PersonProfile.__dataclass_fields__)
    assert not {f for f in fields if f.endswith("needs") or "complex" in f or "count" in f}
    assert isinstance(run([service()]).suggestions[0], Suggestion)
