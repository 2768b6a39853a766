"""Referral suggestions from the directory: the Django side of resettle.core.matching.

    found = suggest_for(person, need, wanted=("women",))     # a Result, best fit first
    for row in found.rows:                                    # the Service, its reasons in words
        row.service, row.reasons
    found.excluded_counts                                     # [(code, reason words, how many)]

The directory becomes one ServiceIndex per process (`directory()`), built from a handful of
flat queries and rebuilt only when the directory has changed. The person becomes a
PersonProfile holding only what matching may use: nothing from equality monitoring, and no
count of their needs. Reasons stay codes until they are shown, then each code is rendered by
`render_reason` through gettext, so they read the same in every language the site speaks.
"""

import logging
import threading
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from resettle.core.languages import language_name
from resettle.core.matching import (
    ExclusionCounter,
    Location,
    Need,
    NeedTaxonomy,
    PersonProfile,
    ServiceIndex,
    ServiceProfile,
)
from resettle.core.matching import explain as why
from resettle.core.matching.model import (
    ANYONE,
    SEX_ELIGIBILITIES,
    STATUSES,
)
from resettle.organisations.models import Organisation
from resettle.places.models import Borough, Prison
from resettle.services.models import (
    Attribute,
    Language,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from resettle.taxonomy.models import GROUPS_SERVED_ID, RESETTLEMENT_NEEDS_ID, TaxonomyTerm

SHOWN = 10
logger = logging.getLogger(__name__)


# The directory, indexed ------------------------------------------------------------------


@dataclass
class Directory:
    """One snapshot of the directory: the index and what is needed to explain it."""

    fingerprint: tuple
    index: ServiceIndex
    # code -> name for needs, pathways, groups, boroughs (GSS code) and prisons.
    names: dict[str, str]
    organisation_names: dict[str, str]
    counter: ExclusionCounter


_cached: Directory | None = None
_lock = threading.Lock()


def fingerprint(*, count: bool = True) -> tuple:
    """What changes whenever anything matching reads changes. Without `count`, the number of
    services (the only sign of a deletion) is left out as None: see COUNT_EVERY_SECONDS.

    A directory edit can happen in any web process (or an import command), and web nodes
    share nothing but the database, so no in-process signal could tell every process its
    index is out of date: asking the database is the only check that works everywhere. Every
    directory action saves the service with a new version (resettle.versioning), which moves
    its updated_at, and an import sets it; additions and deletions change the count (an
    organisation's deletion takes its services with it); "led by and for" and names live on
    the organisation, which is saved whenever they change.

    One round trip of scalar subqueries, each answerable from an index: the count from the
    smallest index, each maximum from an index on updated_at (see the benchmark,
    benchmarks/referral_suggestions.py).
    """
    q = connection.ops.quote_name
    services, organisations, terms = (
        q(model._meta.db_table) for model in (Service, Organisation, TaxonomyTerm)
    )
    counted = f"(SELECT COUNT(*) FROM {services})" if count else "0"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {counted}, "
            f"(SELECT MAX({q('updated_at')}) FROM {services}), "
            f"(SELECT MAX({q('updated_at')}) FROM {organisations}), "
            f"(SELECT COUNT(*) FROM {terms})"
        )
        found = tuple(cursor.fetchone())
    # Not None: MAX() of an empty table is None too.
    return found if count else (NOT_READ, *found[1:])


# Stands for the count of services in a fingerprint read without it.
NOT_READ = object()


# From this size the index is rebuilt in the background while the one before keeps serving:
# at 100,000 services a rebuild takes 6-7 s (12-21 s on a busy machine), too long for a
# caseworker to wait because someone somewhere edited a service. Requests still share the
# process with it, but none waits for it. For those seconds suggestions can be a change behind;
# sending re-checks the service, so a referral to one just closed is still refused. Smaller
# directories (the demo's, the tests') rebuild at once, in well under a second.
REBUILD_IN_BACKGROUND_FROM = 5_000
_rebuild: threading.Thread | None = None
_starting = threading.Lock()
# After a failed background rebuild, wait this long before trying again, rather than start a
# rebuild of many seconds on every request while (say) the database is unwell.
RETRY_FAILED_REBUILD_AFTER_SECONDS = 120.0
_failed_at = float("-inf")

# Counting the services is the only way to see a deletion (nothing moves a maximum), but on
# PostgreSQL a count reads a whole index: 5.5 ms at 100,000 services (25 ms on a busy machine),
# growing with the directory, on every suggest page. Deletions are rare (an organisation
# leaving the directory, a demo reset; services are closed, not deleted), so each process
# counts at most this often. Edits and additions move a maximum and show at once.
COUNT_EVERY_SECONDS = 30.0
_counted_at = float("-inf")


def _unchanged(known: tuple, mark: tuple) -> bool:
    """Whether `mark` agrees with the fingerprint `known` wherever it was read."""
    return all(now is NOT_READ or now == then for then, now in zip(known, mark, strict=True))


def directory() -> Directory:
    """This process's index of the directory, rebuilt if the directory has changed: first,
    when it is small or there is none yet; in the background, when it is large."""
    global _cached, _counted_at
    now = time.monotonic()
    counting = now - _counted_at >= COUNT_EVERY_SECONDS
    mark = fingerprint(count=counting)
    current = _cached
    if current is not None and _unchanged(current.fingerprint, mark):
        if counting:
            _counted_at = now
        return current
    if current is not None and len(current.index) >= REBUILD_IN_BACKGROUND_FROM:
        _rebuild_in_background()
        return current
    with _lock:
        # Another thread may have rebuilt it while this one waited.
        current = _cached
        if current is None or not _unchanged(current.fingerprint, mark):
            # The fingerprint is read before the rows, so the rows are at least as new as it:
            # at worst a change in between makes the next request rebuild once more.
            current = build_directory(mark if counting else fingerprint())
            _cached = current
            _counted_at = now
        return current


def _rebuild_in_background() -> None:
    """Start one rebuild thread unless one is running or one failed a moment ago. It reads the
    fingerprint again, so a change made while it waited is included; a later change starts
    the next one."""
    global _rebuild
    # Not _lock: the rebuild holds that for seconds, and requests must not wait on it.
    with _starting:
        if _rebuild is not None and _rebuild.is_alive():
            return
        if time.monotonic() - _failed_at < RETRY_FAILED_REBUILD_AFTER_SECONDS:
            return
        _rebuild = threading.Thread(target=_rebuild_now, name="directory-rebuild", daemon=True)
        _rebuild.start()


def _rebuild_now() -> None:
    global _cached, _failed_at
    try:
        with _lock:
            mark = fingerprint()
            if _cached is None or _cached.fingerprint != mark:
                _cached = build_directory(mark)
    except Exception:
        # The index before keeps serving; a request after RETRY_FAILED_REBUILD_AFTER_SECONDS
        # tries again.
        _failed_at = time.monotonic()
        logger.exception("Rebuilding the referral suggestions index failed")
    finally:
        connection.close()  # this thread's own connection


def forget_directory() -> None:
    """Drop the cached index (tests, or after restoring a database under a running process)."""
    global _cached, _counted_at, _failed_at
    with _lock:
        _cached = None
        _counted_at = _failed_at = float("-inf")


def _raw(queryset, *fields):
    """values_list of the fields, uuid columns cast to text on the database: making a UUID
    object of each of a million ids was most of the build's time. Rows come in chunks."""
    casts = {
        f"raw_{name}": Cast(name, CharField()) for name in fields if name.endswith(("id", "pk"))
    }
    names = [f"raw_{name}" if f"raw_{name}" in casts else name for name in fields]
    return queryset.order_by().annotate(**casts).values_list(*names).iterator(chunk_size=10_000)


def _canonical(raw: str) -> str:
    """A uuid as text the way str(uuid) spells it (SQLite stores 32 bare hex digits)."""
    if len(raw) == 32:
        return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"
    return raw


def _terms():
    """(needs taxonomy, {raw term id: (kind, code)}, names) for the two taxonomies matching
    uses. Kind is "pathway" or "need" for the needs taxonomy, "group" for groups served."""
    rows = list(
        _raw(
            TaxonomyTerm.objects.filter(
                taxonomy_id__in=[RESETTLEMENT_NEEDS_ID, GROUPS_SERVED_ID]
            ).order_by("position", "name"),
            "id",
            "taxonomy_id",
            "parent_id",
            "code",
            "name",
        )
    )
    parents = {row[0]: row[2] for row in rows}
    codes = {row[0]: row[3] for row in rows}
    groups_taxonomy = {row[1] for row in rows if _canonical(row[1]) == str(GROUPS_SERVED_ID)}

    def root(term_id):
        while parents.get(term_id) is not None:
            term_id = parents[term_id]
        return term_id

    kinds, names, tree = {}, {}, {}
    for term_id, taxonomy_id, parent_id, code, name in rows:
        if not code:
            continue
        names.setdefault(code, name)
        if taxonomy_id in groups_taxonomy:
            kinds[term_id] = ("group", code)
        elif parent_id is None:
            kinds[term_id] = ("pathway", code)
            tree.setdefault(code, [])
        else:
            kinds[term_id] = ("need", code)
            tree.setdefault(codes[root(term_id)], []).append(code)
    return NeedTaxonomy.from_tree(tree.items()), kinds, names


def build_directory(mark=None) -> Directory:
    """Every service as a ServiceProfile, from one flat query per related table (no query per
    service), then the index over them."""
    mark = fingerprint() if mark is None else mark
    taxonomy, kinds, names = _terms()
    boroughs = dict(Borough.objects.values_list("pk", "gss_code"))
    prisons = dict(Prison.objects.values_list("pk", "code"))
    names.update(Borough.objects.values_list("gss_code", "name"))
    names.update(Prison.objects.values_list("code", "name"))

    needs, pathways, groups = {}, {}, {}
    by_kind = {"need": needs, "pathway": pathways, "group": groups}
    for service_id, term_id in _raw(Attribute.objects, "service_id", "taxonomy_term_id"):
        # Read by the term's own taxonomy, not the attribute's link type, so a mislabelled
        # attribute cannot put a group among needs or a need among groups.
        kind, code = kinds.get(term_id, (None, None))
        if kind is not None:
            by_kind[kind].setdefault(service_id, set()).add(code)

    areas, london, national = {}, set(), set()
    for service_id, scope, borough_id in _raw(
        ServiceArea.objects, "service_id", "scope", "borough"
    ):
        if scope == ServiceArea.LONDON:
            london.add(service_id)
        elif scope == ServiceArea.NATIONAL:
            national.add(service_id)
        elif borough_id is not None:
            areas.setdefault(service_id, set()).add(boroughs[borough_id])

    in_reach = {}
    for service_id, prison_id in _raw(
        Service.in_reach_prisons.through.objects, "service_id", "prison"
    ):
        in_reach.setdefault(service_id, set()).add(prisons[prison_id])

    languages = {}
    for service_id, code in _raw(
        Language.objects.filter(service__isnull=False), "service_id", "code"
    ):
        languages.setdefault(service_id, set()).add(code)

    # Distance is measured to one place people can visit (the lowest id, so the choice is
    # stable); phone and online services have none and simply earn no distance points.
    places = {}
    for service_id, _place, latitude, longitude in _raw(
        ServiceAtLocation.objects.filter(
            location__latitude__isnull=False,
            location__longitude__isnull=False,
            location__location_type="physical",
        ),
        "service_id",
        "id",
        "location__latitude",
        "location__longitude",
    ):
        places.setdefault(service_id, []).append((_place, latitude, longitude))
    places = {key: Location(*min(found)[1:]) for key, found in places.items()}

    led_by = {}
    for organisation_id, term_id in _raw(
        Organisation.led_by_and_for.through.objects, "organisation_id", "taxonomyterm_id"
    ):
        kind, code = kinds.get(term_id, (None, None))
        if kind == "group":
            led_by.setdefault(organisation_id, set()).add(code)
    organisation_names = {
        _canonical(pk): name for pk, name in _raw(Organisation.objects, "pk", "name")
    }

    # Many services share the same few sets (["en"], one borough): one frozenset each.
    shared = {}

    def frozen(found):
        if not found:
            return frozenset()
        key = frozenset(found)
        return shared.setdefault(key, key)

    profiles = []
    for row in _raw(
        Service.objects,
        "pk",
        "name",
        "organisation_id",
        "status",
        "accepting_referrals",
        "minimum_age",
        "maximum_age",
        "sex_eligibility",
        "accepts_self_referral",
        "accepts_professional_referral",
        "typical_wait_days",
    ):
        (pk, name, organisation_id, status, accepting, minimum, maximum, sex) = row[:8]
        self_referral, professional, wait = row[8:]
        profiles.append(
            ServiceProfile(
                id=_canonical(pk),
                name=name,
                organisation=_canonical(organisation_id),
                status=status,
                accepting_referrals=bool(accepting),
                needs=frozen(needs.get(pk)),
                pathways=frozen(pathways.get(pk)),
                boroughs=frozen(areas.get(pk)),
                london_wide=pk in london,
                national=pk in national,
                in_reach_prisons=frozen(in_reach.get(pk)),
                languages=frozen(languages.get(pk)),
                specialisms=frozen(groups.get(pk)),
                # The organisation's; the core counts it only for groups the service
                # also specialises in.
                led_by_and_for=frozen(led_by.get(organisation_id)),
                minimum_age=minimum,
                maximum_age=maximum,
                sex_eligibility=sex or ANYONE,
                accepts_self_referral=bool(self_referral),
                accepts_professional_referral=bool(professional),
                typical_wait_days=wait,
                location=places.get(pk),
            )
        )
    index = ServiceIndex([p for p in profiles if _usable(p)], taxonomy)
    return Directory(
        fingerprint=mark,
        index=index,
        names=names,
        organisation_names=organisation_names,
        counter=ExclusionCounter(index),
    )


def _usable(profile: ServiceProfile) -> bool:
    """Leave out (and log) a row matching would refuse, rather than fail every suggestion:
    the database's constraints and the editing forms should make this never happen."""
    problem = None
    if profile.status not in STATUSES:
        problem = f"unknown status {profile.status!r}"
    elif profile.sex_eligibility not in SEX_ELIGIBILITIES:
        problem = f"unknown sex eligibility {profile.sex_eligibility!r}"
    elif (
        profile.minimum_age is not None
        and profile.maximum_age is not None
        and profile.minimum_age > profile.maximum_age
    ):
        problem = "minimum age above maximum age"
    if problem:
        logger.warning("Service %s left out of referral suggestions: %s", profile.id, problem)
    return problem is None


# The person and the need ------------------------------------------------------------------


def person_profile(person, wanted_specialisms: Iterable[str] = (), *, today=None) -> PersonProfile:
    """What matching may know of the person. `wanted_specialisms` are the groups the
    caseworker ticked because the person asked for a specialist service; nothing here reads
    equality monitoring or the person's other needs."""
    today = today or timezone.localdate()
    home = person.home_borough if person.home_borough_id else None
    prison = person.current_prison if person.current_prison_id else None
    in_custody = person.in_custody and prison is not None
    age = person.age_on(today)
    if age is not None and not 0 <= age <= 130:
        age = None  # a date of birth typed wrong: better "not recorded" than a wrong age
    return PersonProfile(
        age=age,
        # The sex on their prison or probation record, never equality monitoring's answer
        # (those are for monitoring, not for deciding who is offered what). Not recorded
        # means a single-sex service says "check they are eligible" instead of leaving it out.
        sex=person.sex,
        home_borough=home.gss_code if home else None,
        in_custody=in_custody,
        prison=prison.code if in_custody else None,
        release_date=person.release_date,
        preferred_language=person.preferred_language or None,
        interpreter_needed=person.interpreter_needed,
        wanted_specialisms=frozenset(wanted_specialisms),
        # Where they will live, as near as the record says: their home borough's centre.
        location=Location(home.latitude, home.longitude) if home else None,
    )


def need_of(need) -> Need:
    """A person's Need row as matching's Need (pathway code, support-need code or None)."""
    return Need(need.pathway.code, need.support_need.code if need.support_need_id else None)


# Suggesting ------------------------------------------------------------------------------


@dataclass
class Row:
    """One service shown: the directory row, its score and its reasons in words."""

    service: Service
    score: int
    reasons: list[str]
    organisation_name: str


@dataclass
class LeftOut:
    service_id: str
    name: str
    organisation_name: str
    reasons: list[str]


@dataclass
class Result:
    rows: list[Row]
    total: int
    # [(code, words, count)] for each reason services working on the need were left out.
    excluded_counts: list[tuple[str, str, int]]
    excluded_total: int
    not_working_on_need: int
    directory: Directory = field(repr=False)
    suggestions: object = field(repr=False)
    profile: PersonProfile = field(repr=False)
    need: Need = field(repr=False)
    today: date = field(repr=False)


def suggest_for(
    person, need, *, wanted: Iterable[str] = (), limit: int = SHOWN, today=None
) -> Result:
    """The best `limit` services for one of the person's needs, with their reasons."""
    today = today or timezone.localdate()
    found_in = directory()
    profile = person_profile(person, wanted, today=today)
    wanted_need = need_of(need)
    found = found_in.index.suggest(profile, wanted_need, today=today, limit=limit)
    services = Service.objects.select_related("organisation").in_bulk(
        [uuid.UUID(s.service.id) for s in found]
    )
    rows = []
    for suggestion in found:
        service = services.get(uuid.UUID(suggestion.service.id))
        if service is None:  # deleted since the index was built: nothing to refer to
            continue
        rows.append(
            Row(
                service=service,
                score=suggestion.score,
                reasons=render_reasons(suggestion.reasons, found_in.names),
                organisation_name=service.organisation.name,
            )
        )
    counts = found_in.counter.count(profile, wanted_need, today)
    total = counts.pop("total")
    return Result(
        rows=rows,
        total=found.total,
        excluded_counts=[
            (code, exclusion_label(code), counts[code]) for code in why.EXCLUSIONS if code in counts
        ],
        excluded_total=total,
        not_working_on_need=found.not_working_on_need,
        directory=found_in,
        suggestions=found,
        profile=profile,
        need=wanted_need,
        today=today,
    )


class LeftOutList(Sequence):
    """The services working on the need but left out (for one reason, if given), in the
    core's order, each explained only when its page is shown: explaining all of them (there
    can be twenty thousand) took seconds."""

    def __init__(self, result: "Result", code: str | None = None):
        self.result = result
        directory = result.directory
        self.positions = directory.counter.left_out(result.profile, result.need, result.today, code)

    def __len__(self):
        return len(self.positions)

    def __getitem__(self, item):
        if isinstance(item, slice):
            return [self._explain(int(i)) for i in self.positions[item]]
        return self._explain(int(self.positions[item]))

    def _explain(self, position) -> LeftOut:
        directory = self.result.directory
        s = directory.index.services[position]
        exclusion = self.result.suggestions.explain(s.id)
        return LeftOut(
            service_id=s.id,
            name=s.name,
            organisation_name=directory.organisation_names.get(s.organisation, ""),
            reasons=render_reasons(exclusion.reasons, directory.names),
        )


def left_out(result: "Result", code: str | None = None) -> LeftOutList:
    """Services working on the need but left out (only those left out for `code`, if given),
    each with every reason, explained as they are read."""
    return LeftOutList(result, code)


# Reasons in words --------------------------------------------------------------------------


def _ages(p) -> str:
    low, high = p.get("minimum"), p.get("maximum")
    if low is not None and high is not None:
        return _("%(minimum)s to %(maximum)s") % {"minimum": low, "maximum": high}
    if low is not None:
        return _("%(minimum)s and over") % {"minimum": low}
    return _("up to %(maximum)s") % {"maximum": high}


def _wait(days: int) -> str:
    if days == 0:
        return _("no wait")
    if days % 7 == 0 and days >= 14:
        weeks = days // 7
        return ngettext("%(n)d week", "%(n)d weeks", weeks) % {"n": weeks}
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


def _for_sex(p, women, men):
    return women if p["sex_eligibility"] == "female" else men


# Each reason code's sentence, through gettext. The English is the same as
# resettle.core.matching.explain.describe (a test holds them together), so translators see
# whole sentences and the words agree everywhere.
MESSAGES = {
    why.NEED_MET: lambda p, n: _("Meets the need: %(need)s") % {"need": n(p["need"])},
    why.PATHWAY_MET: lambda p, n: (
        _("Works on %(pathway)s, though not this support need exactly")
        % {"pathway": n(p["pathway"])}
    ),
    why.COVERS_HOME_BOROUGH: lambda p, n: (
        _("Covers their home borough, %(borough)s") % {"borough": n(p["borough"])}
    ),
    why.COVERS_LONDON: lambda p, n: (
        _("Works across London, including %(borough)s") % {"borough": n(p["borough"])}
        if p.get("borough")
        else _("Works across London")
    ),
    why.COVERS_NATIONAL: lambda p, n: _("Works across the country"),
    why.IN_REACH: lambda p, n: (
        _("Works in %(prison)s, where they are now, so contact can start before release")
        % {"prison": n(p["prison"])}
    ),
    why.SPEAKS_LANGUAGE: lambda p, n: (
        _("Speaks %(language)s") % {"language": language_name(p["language"])}
    ),
    why.INTERPRETER_NEEDED: lambda p, n: (
        _("Does not list %(language)s: ask them to arrange an interpreter")
        % {"language": language_name(p["language"])}
    ),
    why.LANGUAGE_NOT_LISTED: lambda p, n: (
        _("Does not list %(language)s") % {"language": language_name(p["language"])}
    ),
    why.SPECIALISM: lambda p, n: (
        _("Specialises in support for %(group)s, as they asked") % {"group": n(p["group"])}
    ),
    why.LED_BY_AND_FOR: lambda p, n: _("Led by and for %(group)s") % {"group": n(p["group"])},
    why.AGE_FITS: lambda p, n: (
        _("For ages %(ages)s: they are %(age)s") % {"ages": _ages(p), "age": p["age"]}
    ),
    why.AGE_NOT_RECORDED: lambda p, n: (
        _("For ages %(ages)s: check their age, it is not recorded") % {"ages": _ages(p)}
    ),
    why.SEX_FITS: lambda p, n: _for_sex(p, _("For women only"), _("For men only")),
    why.SEX_NOT_RECORDED: lambda p, n: _for_sex(
        p,
        _("For women only: check they are eligible"),
        _("For men only: check they are eligible"),
    ),
    why.PROFESSIONAL_REFERRAL: lambda p, n: _("You can refer them"),
    why.SELF_REFERRAL: lambda p, n: _("They can also refer themselves"),
    why.SELF_REFERRAL_ONLY: lambda p, n: _("Only takes self-referrals: they contact the service"),
    why.TYPICAL_WAIT: lambda p, n: (
        _("Taking referrals, typical wait %(wait)s") % {"wait": _wait(p["days"])}
    ),
    why.WAIT_NOT_KNOWN: lambda p, n: _("Taking referrals, typical wait not known"),
    why.DISTANCE: lambda p, n: (
        _("%(km).1f km (%(miles).1f miles) away") % {"km": p["km"], "miles": p["miles"]}
    ),
    why.CLOSED: lambda p, n: _("The service is %(status)s") % {"status": _status(p["status"])},
    why.NOT_ACCEPTING: lambda p, n: _("Not taking referrals at the moment"),
    why.TOO_YOUNG: lambda p, n: (
        _("For ages %(ages)s: they are %(age)s") % {"ages": _ages(p), "age": p["age"]}
    ),
    why.TOO_OLD: lambda p, n: (
        _("For ages %(ages)s: they are %(age)s") % {"ages": _ages(p), "age": p["age"]}
    ),
    why.SEX_NOT_ELIGIBLE: lambda p, n: _for_sex(p, _("For women only"), _("For men only")),
    why.NEED_NOT_MET: lambda p, n: (
        _("Does not work on %(need)s or anything else in %(pathway)s")
        % {"need": n(p["need"] or p["pathway"]), "pathway": n(p["pathway"])}
    ),
    why.OUTSIDE_AREA: lambda p, n: (
        _("Does not cover %(borough)s or work in %(prison)s")
        % {"borough": n(p["borough"]), "prison": n(p["prison"])}
        if p.get("prison")
        else _("Does not cover %(borough)s") % {"borough": n(p["borough"])}
    ),
    why.NO_HOME_BOROUGH: lambda p, n: _(
        "Covers only some boroughs, and their home borough is not recorded"
    ),
    why.NO_REFERRAL_ROUTE: lambda p, n: _(
        "Takes neither self-referrals nor professional referrals"
    ),
}


def _status(status: str) -> str:
    # Lower case inside a sentence: "The service is temporarily closed".
    labels = dict(Service.Status.choices)
    return str(labels.get(status, status)).lower()


def render_reason(reason, names=None) -> str:
    """One reason as a sentence in the active language. `names` maps codes to names."""
    names = names or {}
    return MESSAGES[reason.code](reason.params, lambda code: names.get(code, code))


def render_reasons(reasons, names=None) -> list[str]:
    return [render_reason(reason, names) for reason in reasons]


# Headings for the counts of services left out, one per reason code.
EXCLUSION_LABELS = {
    why.CLOSED: lambda: _("Closed or not running"),
    why.NOT_ACCEPTING: lambda: _("Not taking referrals at the moment"),
    why.TOO_YOUNG: lambda: _("For older people than them"),
    why.TOO_OLD: lambda: _("For younger people than them"),
    why.SEX_NOT_ELIGIBLE: lambda: _("For women only or men only"),
    why.NEED_NOT_MET: lambda: _("Does not work on this need"),
    why.OUTSIDE_AREA: lambda: _("Does not cover their home borough or their prison"),
    why.NO_HOME_BOROUGH: lambda: _(
        "Covers only some boroughs, and their home borough is not recorded"
    ),
    why.NO_REFERRAL_ROUTE: lambda: _("Takes no referrals of any kind"),
}


def exclusion_label(code: str) -> str:
    return EXCLUSION_LABELS[code]()
