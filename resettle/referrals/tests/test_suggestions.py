"""Suggestions from real directory rows: profiles, ranking, the index cache, reasons in words,
and what matching must never read (equality monitoring, how many needs someone has)."""

import datetime
import random
from dataclasses import replace

import pytest
from django.utils import timezone

from benchmarks.matching import NEEDS_TREE, generate_people, generate_services
from resettle.accounts.models import Role
from resettle.core.matching import (
    ExclusionCounter,
    Need,
    NeedTaxonomy,
    PersonProfile,
    ServiceIndex,
    count_reasons,
    describe,
)
from resettle.core.matching import explain as why
from resettle.equality.models import EqualityMonitoring
from resettle.organisations.models import Organisation
from resettle.people.models import Person
from resettle.places.models import Borough, Prison
from resettle.referrals import suggestions
from resettle.services import actions as service_actions
from resettle.services.models import Location, Service, ServiceArea
from resettle.testing.factories import (
    LocationFactory,
    OrganisationFactory,
    ServiceFactory,
    add_need,
    group,
    member,
    need,
    person_with,
    place_service,
)

TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def fresh_index():
    # Each test starts from its own directory; a cache left by another test's rows would
    # only be rebuilt because the fingerprint differs, but start clean to be sure.
    suggestions.forget_directory()
    yield
    suggestions.forget_directory()


@pytest.fixture
def person(organisation, caseworker):
    """Someone in custody allocated to `caseworker`, with no consent recorded yet (the
    package conftest's `person` has one)."""
    return person_with(organisation, caseworker, given_name="Jordan", family_name="Reyes")


@pytest.fixture
def southwark(db):
    return Borough.objects.get(name="Southwark")


@pytest.fixture
def provider(db):
    return OrganisationFactory(name="Bankside Housing Trust")


@pytest.fixture
def housed_person(person, southwark):
    Person.records.filter(pk=person.pk).update(home_borough=southwark)
    return Person.records.select_related("home_borough", "current_prison").get(pk=person.pk)


def ids(result):
    return [row.service.pk for row in result.rows]


def snapshot(result):
    return [(row.service.pk, row.score, tuple(row.reasons)) for row in result.rows]


# --- Ranking from real rows -----------------------------------------------------------------


def test_it_ranks_the_exact_need_above_the_pathway_only_and_leaves_out_closed_services(
    housed_person, provider, southwark
):
    housing = add_need(housed_person, "find-accommodation")
    pathway_only = ServiceFactory(
        organisation=provider,
        name="Any housing help",
        needs=[need("accommodation")],
        boroughs=[southwark],
        typical_wait_days=0,
    )
    exact = ServiceFactory(
        organisation=provider,
        name="Find a home",
        needs=[need("find-accommodation")],
        boroughs=[southwark],
        typical_wait_days=60,
    )
    closed = ServiceFactory(
        organisation=provider,
        name="Closed housing",
        needs=[need("find-accommodation")],
        boroughs=[southwark],
        status=Service.Status.INACTIVE,
    )
    ServiceFactory(organisation=provider, name="Benefits", needs=[need("benefits")])

    result = suggestions.suggest_for(housed_person, housing)

    assert ids(result) == [exact.pk, pathway_only.pk]
    assert result.rows[0].reasons[0] == "Meets the need: Help to find accommodation"
    assert result.rows[1].reasons[0] == (
        "Works on Accommodation, though not this support need exactly"
    )
    assert "Covers their home borough, Southwark" in result.rows[0].reasons
    assert result.rows[0].organisation_name == "Bankside Housing Trust"
    assert result.excluded_total == 1
    assert [(code, count) for code, _label, count in result.excluded_counts] == [(why.CLOSED, 1)]
    assert result.not_working_on_need == 1
    [left_out] = suggestions.left_out(result)
    assert left_out.service_id == str(closed.pk)
    assert left_out.reasons == ["The service is inactive"]
    assert list(suggestions.left_out(result, why.NOT_ACCEPTING)) == []


def test_it_builds_each_service_profile_from_its_rows(provider, southwark):
    provider.led_by_and_for.add(group("women"))
    service = ServiceFactory(
        organisation=provider,
        needs=[need("find-accommodation"), need("health")],
        groups=[group("women"), group("veterans")],
        languages=["en", "so"],
        minimum_age=18,
        maximum_age=25,
        sex_eligibility="female",
        accepts_self_referral=True,
        accepting_referrals=False,
        typical_wait_days=14,
    )
    ServiceArea.objects.create(service=service, scope=ServiceArea.LONDON, name="London")
    service.in_reach_prisons.add(Prison.objects.get(code="DWI"))
    place_service(service, LocationFactory(latitude=51.5, longitude=-0.1))
    place_service(
        service,
        LocationFactory(latitude=None, longitude=None, location_type=Location.Type.VIRTUAL),
    )
    bare = ServiceFactory(organisation=OrganisationFactory(), boroughs=[southwark])

    index = suggestions.build_directory().index
    profile = index.services[index.position(str(service.pk))]

    assert profile.needs == {"find-accommodation"}
    assert profile.pathways == {"health"}
    assert profile.specialisms == {"women", "veterans"}
    assert profile.led_by_and_for == {"women"}
    assert profile.languages == {"en", "so"}
    assert profile.london_wide and not profile.national and profile.boroughs == frozenset()
    assert profile.in_reach_prisons == {"DWI"}
    assert (profile.minimum_age, profile.maximum_age, profile.sex_eligibility) == (18, 25, "female")
    assert profile.accepts_self_referral and profile.accepts_professional_referral
    assert not profile.accepting_referrals
    assert profile.typical_wait_days == 14
    assert (profile.location.latitude, profile.location.longitude) == (51.5, -0.1)
    assert profile.organisation == str(provider.pk)
    other = index.services[index.position(str(bare.pk))]
    assert other.boroughs == {southwark.gss_code} and other.sex_eligibility == "all"
    assert other.location is None and other.led_by_and_for == frozenset()


def test_it_describes_the_person_with_only_what_matching_may_use(person, southwark):
    prison = Prison.objects.get(code="PVI")
    Person.records.filter(pk=person.pk).update(
        home_borough=southwark,
        current_prison=prison,
        date_of_birth=TODAY().replace(year=TODAY().year - 30),
        preferred_language="pl",
        interpreter_needed=True,
    )
    person = Person.records.select_related("home_borough", "current_prison").get(pk=person.pk)
    profile = suggestions.person_profile(person, ["veterans"])
    assert profile == PersonProfile(
        age=30,
        sex="",
        home_borough=southwark.gss_code,
        in_custody=True,
        prison="PVI",
        release_date=person.release_date,
        preferred_language="pl",
        interpreter_needed=True,
        wanted_specialisms=frozenset({"veterans"}),
        location=profile.location,
    )
    assert (profile.location.latitude, profile.location.longitude) == (
        southwark.latitude,
        southwark.longitude,
    )
    # In custody with no prison recorded: nothing to reach in to, and nothing refused.
    Person.records.filter(pk=person.pk).update(current_prison=None, date_of_birth=None)
    person = Person.records.select_related("home_borough", "current_prison").get(pk=person.pk)
    bare = suggestions.person_profile(person)
    assert (bare.in_custody, bare.prison, bare.age, bare.wanted_specialisms) == (
        False,
        None,
        None,
        frozenset(),
    )


def test_it_counts_in_reach_to_their_prison_before_release(housed_person, provider):
    Person.records.filter(pk=housed_person.pk).update(current_prison=Prison.objects.get(code="PVI"))
    housed_person.refresh_from_db()
    housing = add_need(housed_person, "find-accommodation")
    elsewhere = Borough.objects.get(name="Barnet")
    in_reach = ServiceFactory(
        organisation=provider, needs=[need("find-accommodation")], boroughs=[elsewhere]
    )
    in_reach.in_reach_prisons.add(Prison.objects.get(code="PVI"))
    ServiceFactory(organisation=provider, needs=[need("find-accommodation")], boroughs=[elsewhere])

    result = suggestions.suggest_for(housed_person, housing)

    assert ids(result) == [in_reach.pk]
    assert any(
        "where they are now, so contact can start before release" in reason
        for reason in result.rows[0].reasons
    )
    assert [(code, n) for code, _label, n in result.excluded_counts] == [(why.OUTSIDE_AREA, 1)]


def test_it_raises_a_specialist_service_only_when_the_person_asked_for_it(
    housed_person, provider, southwark
):
    housing = add_need(housed_person, "find-accommodation")
    plain = ServiceFactory(
        organisation=provider,
        name="A plain service",
        needs=[need("find-accommodation")],
        boroughs=[southwark],
    )
    specialist = ServiceFactory(
        organisation=provider,
        name="Z veterans service",
        needs=[need("find-accommodation")],
        boroughs=[southwark],
        groups=[group("veterans")],
    )
    assert ids(suggestions.suggest_for(housed_person, housing)) == [plain.pk, specialist.pk]
    asked = suggestions.suggest_for(housed_person, housing, wanted=["veterans"])
    assert ids(asked) == [specialist.pk, plain.pk]
    assert (
        "Specialises in support for Armed forces veterans, as they asked" in asked.rows[0].reasons
    )


# --- The cache ------------------------------------------------------------------------------


def test_it_keeps_one_index_until_the_directory_changes(provider, southwark, monkeypatch):
    manager = member(provider, Role.MANAGER)
    service = ServiceFactory(organisation=provider, needs=[need("benefits")], boroughs=[southwark])
    first = suggestions.directory()
    assert suggestions.directory() is first

    service = service_actions.update_service(
        manager, service, {"accepting_referrals": False}, service.version
    )
    second = suggestions.directory()
    assert second is not first
    assert not second.index.services[second.index.position(str(service.pk))].accepting_referrals
    assert suggestions.directory() is second

    service_actions.set_service_areas(
        manager,
        service,
        coverage=service_actions.COVERAGE_NATIONAL,
        boroughs=[],
        prisons=[],
        expected_version=service.version,
    )
    third = suggestions.directory()
    assert third is not second
    assert third.index.services[third.index.position(str(service.pk))].national

    # "Led by and for" lives on the organisation, which is saved when it changes.
    provider.led_by_and_for.add(group("veterans"))
    Organisation.objects.get(pk=provider.pk).save()
    fourth = suggestions.directory()
    assert fourth is not third
    assert fourth.index.services[fourth.index.position(str(service.pk))].led_by_and_for == {
        "veterans"
    }

    added = ServiceFactory(organisation=provider, needs=[need("benefits")])
    fifth = suggestions.directory()
    assert fifth is not fourth and str(added.pk) in {s.id for s in fifth.index.services}
    # Deleting a service that is not the newest moves no maximum: only counting sees it, and
    # each process counts at most every COUNT_EVERY_SECONDS.
    ServiceFactory(organisation=provider, needs=[need("benefits")])
    sixth = suggestions.directory()
    assert sixth is not fifth
    monkeypatch.setattr(suggestions, "COUNT_EVERY_SECONDS", 3600.0)
    Service.objects.filter(pk=added.pk).delete()
    assert suggestions.directory() is sixth
    monkeypatch.setattr(suggestions, "COUNT_EVERY_SECONDS", 0.0)
    seventh = suggestions.directory()
    assert str(added.pk) not in {s.id for s in seventh.index.services}
    assert suggestions.directory() is seventh


@pytest.mark.django_db(transaction=True)  # the rebuild thread reads committed rows
def test_a_large_directory_keeps_serving_the_old_index_while_a_new_one_is_built(
    monkeypatch, caplog
):
    monkeypatch.setattr(suggestions, "REBUILD_IN_BACKGROUND_FROM", 1)
    provider = OrganisationFactory(name="Bankside Housing Trust")
    ServiceFactory(organisation=provider, needs=[need("benefits")])
    first = suggestions.directory()  # none yet: built before answering

    added = ServiceFactory(organisation=provider, needs=[need("benefits")])
    assert suggestions.directory() is first  # answered at once from the old index
    suggestions._rebuild.join(timeout=30)
    second = suggestions.directory()
    assert second is not first and str(added.pk) in {s.id for s in second.index.services}
    assert suggestions.directory() is second

    # A rebuild that fails leaves the old index serving and is logged.
    def broken(mark):
        raise RuntimeError("database went away")

    monkeypatch.setattr(suggestions, "build_directory", broken)
    ServiceFactory(organisation=provider, needs=[need("benefits")])
    assert suggestions.directory() is second
    failed = suggestions._rebuild
    failed.join(timeout=30)
    assert "Rebuilding the referral suggestions index failed" in caplog.text
    # It is not tried again on every request, only after a while.
    assert suggestions.directory() is second
    assert suggestions._rebuild is failed and not failed.is_alive()
    monkeypatch.undo()  # build_directory works again
    monkeypatch.setattr(suggestions, "REBUILD_IN_BACKGROUND_FROM", 1)
    monkeypatch.setattr(suggestions, "RETRY_FAILED_REBUILD_AFTER_SECONDS", 0.0)
    assert suggestions.directory() is second
    suggestions._rebuild.join(timeout=30)
    assert suggestions.directory() is not second


# --- What matching must never read ----------------------------------------------------------


def test_it_never_reads_equality_monitoring(housed_person, provider, southwark):
    housing = add_need(housed_person, "find-accommodation")
    for n, (sex, groups) in enumerate(
        [
            ("female", [group("women")]),
            ("male", [group("men")]),
            ("", [group("muslim")]),
            ("", [group("veterans")]),
            ("", []),
        ]
    ):
        ServiceFactory(
            organisation=provider,
            name=f"Service {n}",
            sex_eligibility=sex,
            groups=groups,
            needs=[need("find-accommodation")],
            boroughs=[southwark],
            minimum_age=18,
        )
    before = suggestions.suggest_for(housed_person, housing)

    EqualityMonitoring.objects.create(
        person=housed_person,
        sex="female",
        religion="muslim",
        armed_forces_veteran="yes",
        sexual_orientation="bisexual",
        disability="yes",
        ethnicity="asian_pakistani",
        gender_same_as_birth="no",
        care_leaver="yes",
        foreign_national="yes",
    )
    person = Person.records.select_related("home_borough", "current_prison").get(
        pk=housed_person.pk
    )
    after = suggestions.suggest_for(person, housing)

    assert snapshot(after) == snapshot(before)
    assert after.excluded_counts == before.excluded_counts
    assert suggestions.person_profile(person) == suggestions.person_profile(housed_person)
    assert any("For women only: check they are eligible" in row.reasons for row in after.rows)


def test_it_checks_single_sex_services_against_the_sex_on_their_record_only(
    housed_person, provider, southwark
):
    housing = add_need(housed_person, "find-accommodation")
    for name, sex in [("Women's house", "female"), ("Men's house", "male"), ("Open house", "")]:
        ServiceFactory(
            organisation=provider,
            name=name,
            sex_eligibility=sex,
            needs=[need("find-accommodation")],
            boroughs=[southwark],
        )
    not_recorded = suggestions.suggest_for(housed_person, housing)
    assert {row.service.name for row in not_recorded.rows} == {
        "Women's house",
        "Men's house",
        "Open house",
    }

    Person.records.filter(pk=housed_person.pk).update(sex=Person.Sex.MALE)
    # What equality monitoring says is never read: the record says male.
    EqualityMonitoring.objects.create(person=housed_person, sex="female")
    person = Person.records.select_related("home_borough", "current_prison").get(
        pk=housed_person.pk
    )
    found = suggestions.suggest_for(person, housing)
    assert {row.service.name for row in found.rows} == {"Men's house", "Open house"}
    men = next(row for row in found.rows if row.service.name == "Men's house")
    assert "For men only" in men.reasons
    # The caseworker can see what was left out and why.
    assert [(label, n) for _code, label, n in found.excluded_counts] == [
        ("For women only or men only", 1)
    ]
    left_out = suggestions.left_out(found)
    assert [(x.name, x.reasons) for x in left_out[:5]] == [("Women's house", ["For women only"])]


def test_it_suggests_the_same_for_a_need_however_many_other_needs_they_have(
    organisation, caseworker, provider, southwark
):
    shared = {"home_borough": southwark, "date_of_birth": datetime.date(1988, 2, 3)}
    one = person_with(organisation, caseworker, **shared)
    many = person_with(organisation, caseworker, **shared)
    one_need = add_need(one, "find-accommodation")
    many_need = add_need(many, "find-accommodation")
    for code in [
        "drug-treatment",
        "mental-health",
        "debt-advice",
        "benefits",
        "anger-management",
        "family-contact",
        "find-work",
    ]:
        add_need(many, code, status="in_progress")
    rng = random.Random(4)
    for n in range(30):
        ServiceFactory(
            organisation=provider,
            needs=[need(rng.choice(["find-accommodation", "supported-housing", "accommodation"]))],
            boroughs=[southwark] if rng.random() < 0.7 else [],
            typical_wait_days=rng.choice([None, 0, 7, 30]),
            accepting_referrals=rng.random() < 0.8,
            minimum_age=rng.choice([None, 18, 50]),
            name=f"Housing {n}",
        )
    load = Person.records.select_related("home_borough", "current_prison")
    few = suggestions.suggest_for(load.get(pk=one.pk), one_need)
    more = suggestions.suggest_for(load.get(pk=many.pk), many_need)
    assert few.rows and snapshot(more) == snapshot(few)
    assert (more.total, more.excluded_counts) == (few.total, few.excluded_counts)


# --- Counting what is left out ----------------------------------------------------------------


def test_it_counts_services_left_out_exactly_as_the_core_explains_them():
    """The vectorised counts against the core's own exclusions, for generated directories and
    people: every reason, including those only an age or a recorded sex can give."""
    taxonomy = NeedTaxonomy.from_tree(NEEDS_TREE)
    services = [
        # The generator always gives a way to refer; some directories have entries without.
        replace(s, accepts_self_referral=False, accepts_professional_referral=False)
        if n % 50 == 0
        else s
        for n, s in enumerate(generate_services(3000, seed=11))
    ]
    index = ServiceIndex(services, taxonomy)
    counter = ExclusionCounter(index)
    today = datetime.date(2026, 6, 1)
    people = generate_people(60, seed=12)
    people += [(replace(p, home_borough=None, location=None), n) for p, n in people[:10]]
    people += [(replace(p, age=None, sex=""), n) for p, n in people[:10]]
    people += [
        (replace(p, age=rng_age), n)
        for (p, n), rng_age in zip(people[:10], [16, 17, 26, 60, 70] * 2, strict=True)
    ]
    directory = suggestions.Directory(None, index, {}, {}, counter)
    seen = set()
    for n, (person, needs) in enumerate(people):
        for wanted in [*needs, Need("accommodation"), Need("health", "dental")]:
            found = index.suggest(person, wanted, today=today, limit=10)
            counts = counter.count(person, wanted, today)
            total = counts.pop("total")
            assert counts == dict(count_reasons(found.excluded)), (person, wanted)
            assert total == len(found.excluded)
            assert total == len(index) - found.not_working_on_need - found.total
            seen |= set(counts)
            if n % 5:
                continue
            # The listing, explained a page at a time, in the core's order with its reasons.
            result = suggestions.Result(
                rows=[], total=found.total, excluded_counts=[], excluded_total=total,
                not_working_on_need=found.not_working_on_need, directory=directory,
                suggestions=found, profile=person, need=wanted, today=today,
            )  # fmt: skip
            for code in [None, *counts]:
                expected = [
                    e
                    for e in found.excluded
                    if code is None or any(r.code == code for r in e.reasons)
                ]
                listed = suggestions.left_out(result, code)
                assert len(listed) == len(expected)
                assert [x.service_id for x in listed] == [e.service.id for e in expected]
                page = listed[3:9]
                assert [x.reasons for x in page] == [
                    suggestions.render_reasons(e.reasons) for e in expected[3:9]
                ]
    assert seen == set(why.EXCLUSIONS) - {why.NEED_NOT_MET}


# --- Reasons in words -------------------------------------------------------------------------

SAMPLE_PARAMS = {
    why.NEED_MET: [{"need": "find-accommodation"}],
    why.PATHWAY_MET: [{"pathway": "accommodation"}],
    why.COVERS_HOME_BOROUGH: [{"borough": "E09000028"}],
    why.COVERS_LONDON: [{"borough": "E09000028"}, {"borough": None}],
    why.COVERS_NATIONAL: [{}],
    why.IN_REACH: [{"prison": "PVI"}],
    why.SPEAKS_LANGUAGE: [{"language": "so"}],
    why.INTERPRETER_NEEDED: [{"language": "pl"}],
    why.LANGUAGE_NOT_LISTED: [{"language": "ar"}],
    why.SPECIALISM: [{"group": "veterans"}],
    why.LED_BY_AND_FOR: [{"group": "women"}],
    why.AGE_FITS: [
        {"minimum": 18, "maximum": 25, "age": 20},
        {"minimum": 50, "maximum": None, "age": 60},
    ],
    why.AGE_NOT_RECORDED: [{"minimum": None, "maximum": 25}],
    why.SEX_FITS: [{"sex_eligibility": "female"}, {"sex_eligibility": "male"}],
    why.SEX_NOT_RECORDED: [{"sex_eligibility": "female"}, {"sex_eligibility": "male"}],
    why.PROFESSIONAL_REFERRAL: [{}],
    why.SELF_REFERRAL: [{}],
    why.SELF_REFERRAL_ONLY: [{}],
    why.TYPICAL_WAIT: [{"days": 0}, {"days": 1}, {"days": 5}, {"days": 7}, {"days": 21}],
    why.WAIT_NOT_KNOWN: [{}],
    why.DISTANCE: [{"km": 2.3, "miles": 1.4}],
    why.CLOSED: [{"status": "inactive"}, {"status": "temporarily closed"}],
    why.NOT_ACCEPTING: [{}],
    why.TOO_YOUNG: [{"minimum": 18, "maximum": None, "age": 17}],
    why.TOO_OLD: [{"minimum": 18, "maximum": 25, "age": 30}],
    why.SEX_NOT_ELIGIBLE: [{"sex_eligibility": "male"}],
    why.NEED_NOT_MET: [
        {"need": "dental", "pathway": "health"},
        {"need": None, "pathway": "health"},
    ],
    why.OUTSIDE_AREA: [
        {"borough": "E09000028", "prison": None},
        {"borough": "E09000028", "prison": "PVI"},
    ],
    why.NO_HOME_BOROUGH: [{"prison": None}],
    why.NO_REFERRAL_ROUTE: [{}],
}


def reason_codes():
    """Every reason code explain.py defines: its lower-case string constants."""
    return {
        value
        for name, value in vars(why).items()
        if name.isupper() and isinstance(value, str) and name != "EXCLUSIONS"
    }


def test_it_has_a_translatable_sentence_for_every_reason_code(db):
    codes = reason_codes()
    assert codes == set(why._ENGLISH)
    assert set(suggestions.MESSAGES) == codes
    assert set(suggestions.EXCLUSION_LABELS) == set(why.EXCLUSIONS)
    assert set(SAMPLE_PARAMS) == codes
    names = {
        "find-accommodation": "Help to find accommodation",
        "accommodation": "Accommodation",
        "E09000028": "Southwark",
        "PVI": "HMP Pentonville",
        "veterans": "Veterans",
        "women": "Women",
        "dental": "Dental care",
        "health": "Health",
    }
    for code, samples in SAMPLE_PARAMS.items():
        for params in samples:
            reason = why.Reason(code, params)
            # In English the app's sentence is the core's, word for word.
            assert suggestions.render_reason(reason, names) == describe(reason, names), code
    for code in why.EXCLUSIONS:
        assert suggestions.exclusion_label(code)


def test_it_leaves_out_a_row_matching_would_refuse_rather_than_fail(
    housed_person, provider, southwark
):
    housing = add_need(housed_person, "find-accommodation")
    good = ServiceFactory(
        organisation=provider, needs=[need("find-accommodation")], boroughs=[southwark]
    )
    odd = ServiceFactory(
        organisation=provider, needs=[need("find-accommodation")], boroughs=[southwark]
    )
    Service.objects.filter(pk=odd.pk).update(status="closed for good")
    assert ids(suggestions.suggest_for(housed_person, housing)) == [good.pk]
