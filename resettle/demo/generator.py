"""A deterministic, realistic London directory for demonstrations and benchmarks.

generate_directory(services=600, seed=2026) makes about 150 fictional organisations (a third of
them led by and for a community) and 600 services across all 33 boroughs: needs met, groups,
languages, prison in-reach, locations with postcodes in the right borough, weekly hours,
capacity, review dates and status. The same seed always gives the same names, ids and counts,
because every random choice comes from one random.Random(seed) in a fixed order and every id
is a uuid5 of the seed and the row's position.

It writes with bulk_create in batches, one transaction per batch, with every related row built
in memory first, so 100,000 services take minutes rather than hours on SQLite or PostgreSQL.
"""

import datetime
import random
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from resettle.core.languages import language_name
from resettle.demo import wording
from resettle.organisations.models import Organisation
from resettle.places.models import Borough, PostcodeDistrict, Prison
from resettle.places.postcode_districts import post_town
from resettle.services.models import (
    Attribute,
    Language,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from resettle.taxonomy.models import GROUPS_SERVED_ID, RESETTLEMENT_NEEDS_ID, TaxonomyTerm

NAMESPACE = uuid.UUID("3d0c5a8e-6b1f-4c2a-9e7d-2f4b6a8c0e13")
BATCH_SIZE = 5_000
# Negative means KiB in SQLite's PRAGMA cache_size: 1 GiB, used only while loading.
SQLITE_LOAD_CACHE_KIB = -1_048_576
COMMUNITY_LED_SHARE = 1 / 3
# Letters used in the inward code of a UK postcode (never C, I, K, M, O or V).
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
# Ofcom reserves 020 7946 0000 to 0999 for drama, so these numbers reach no one.
PHONE_PREFIX = "020 7946 0"


def demo_id(seed: int, kind: str, index: int) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{seed}/{kind}/{index}")


def organisation_ids(seed: int, count: int) -> list[uuid.UUID]:
    """The ids generate_directory gives its organisations, so a reset can find them again."""
    return [demo_id(seed, "organisation", i) for i in range(count)]


def organisation_count(services: int, organisations: int | None = None) -> int:
    return organisations if organisations is not None else max(1, round(services / 4))


@dataclass
class GenerationResult:
    organisations: int = 0
    community_led: int = 0
    services: int = 0
    locations: int = 0
    confidential_locations: int = 0
    attributes: int = 0
    languages: int = 0
    schedules: int = 0
    service_areas: int = 0
    phones: int = 0
    in_reach: int = 0
    boroughs_covered: set = field(default_factory=set)


@dataclass
class _Org:
    """What the service generator needs to know about an organisation it made."""

    obj: Organisation
    index: int
    slug: str
    topo: str
    pathway: str
    groups: list
    home: Borough
    location: Location | None


class _Reference:
    """Boroughs, districts, prisons and taxonomy terms, read once and sorted in Python so the
    order (and so the output) is the same on every database."""

    def __init__(self):
        self.boroughs = sorted(Borough.objects.all(), key=lambda b: b.gss_code)
        if len(self.boroughs) != 33:
            raise RuntimeError("Reference places are missing: run `manage.py migrate` first.")
        self.districts = {b.pk: [] for b in self.boroughs}
        for district in sorted(PostcodeDistrict.objects.all(), key=lambda d: d.code):
            self.districts[district.borough_id].append(district)
        for borough in self.boroughs:
            if not self.districts[borough.pk]:
                raise RuntimeError(f"No postcode district is recorded for {borough.name}.")
        self.neighbours = {
            b.pk: sorted(
                (o for o in self.boroughs if o.pk != b.pk),
                key=lambda o: (
                    (o.latitude - b.latitude) ** 2 + ((o.longitude - b.longitude) * 0.62) ** 2
                ),
            )[:4]
            for b in self.boroughs
        }
        self.prisons = {p.code: p for p in Prison.objects.all()}
        terms = list(TaxonomyTerm.objects.filter(parent__isnull=False))
        self.needs = {t.code: t for t in terms if t.taxonomy_id == RESETTLEMENT_NEEDS_ID}
        self.groups = {t.code: t for t in terms if t.taxonomy_id == GROUPS_SERVED_ID}
        pathways = TaxonomyTerm.objects.needs().filter(parent__isnull=True)
        self.pathway_needs = {
            p.code: sorted(
                (t.code for t in self.needs.values() if t.parent_id == p.pk),
                key=lambda code: self.needs[code].position,
            )
            for p in sorted(pathways, key=lambda p: p.position)
        }
        missing = set(wording.NEEDS) - set(self.needs)
        if missing:
            raise RuntimeError(f"The needs taxonomy lacks {sorted(missing)}: run migrate.")


def _join(words: list[str], conjunction: str) -> str:
    """["a", "b", "c"] -> "a, b and c"."""
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def _weighted(rng: random.Random, weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _weighted_sample(rng: random.Random, weights: dict, k: int) -> list:
    chosen = []
    pool = dict(weights)
    for _ in range(min(k, len(pool))):
        pick = _weighted(rng, pool)
        chosen.append(pick)
        del pool[pick]
    return chosen


class _Generator:
    def __init__(self, *, services, organisations, seed, today):
        self.rng = random.Random(seed)
        self.seed = seed
        self.service_count = services
        self.organisation_count = organisation_count(services, organisations)
        self.today = today
        self.ref = _Reference()
        self.result = GenerationResult()
        self.used_org_names = set()
        self.counters = {}
        self.area_pathways = list(self.ref.pathway_needs)

    # Small helpers ---------------------------------------------------------------------------

    def _id(self, kind, index):
        return demo_id(self.seed, kind, index)

    def _next_id(self, kind):
        """The next id for a kind of row that has no natural position of its own."""
        index = self.counters.get(kind, 0)
        self.counters[kind] = index + 1
        return demo_id(self.seed, kind, index)

    def _phone_number(self):
        return f"{PHONE_PREFIX}{self.rng.randrange(1000):03d}"

    def _address(self, borough):
        rng = self.rng
        district = rng.choice(self.ref.districts[borough.pk])
        inward = f"{rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
        street = f"{rng.randint(1, 240)} {rng.choice(wording.STREET_WORDS)} "
        street += rng.choice(wording.STREET_TYPES)
        building = ""
        if rng.random() < 0.35:
            building = f"{rng.choice(wording.TOPONYMS)} {rng.choice(wording.BUILDINGS)}"
            if rng.random() < 0.4:
                building = f"Unit {rng.randint(1, 12)}, {building}"
        return {
            "address_1": street,
            "address_2": building,
            "city": post_town(district.code),
            "region": "Greater London",
            "postal_code": f"{district.code} {inward}",
            "latitude": round(district.latitude + rng.gauss(0, 0.004), 5),
            "longitude": round(district.longitude + rng.gauss(0, 0.006), 5),
            "borough": borough,
        }

    def _new_location(self, organisation, borough, name, *, confidential=False):
        location = Location(
            id=self._next_id("location"),
            organisation=organisation,
            location_type=Location.Type.PHYSICAL,
            name=name,
            confidential=confidential,
            accessibility=self.rng.choice(
                [
                    "Step-free access and an accessible toilet.",
                    "Ground floor, with a ramp at the side entrance.",
                    "First floor with a lift; hearing loop at reception.",
                    "Stairs only; we can meet you somewhere step-free instead.",
                ]
            ),
            **self._address(borough),
        )
        if confidential:
            location.description = (
                "A women's refuge. The address is shared only with professionals making a "
                "referral, to keep residents safe."
            )
        return location

    def _phone(self, **owner):
        phone = Phone(
            id=self._next_id("phone"),
            number=self._phone_number(),
            type="voice",
            **owner,
        )
        return phone

    # Organisations ---------------------------------------------------------------------------

    def _community_groups(self):
        weights = {code: g[3] for code, g in wording.GROUPS.items() if g[3]}
        groups = [_weighted(self.rng, weights)]
        # Some organisations are led by and for an intersection, e.g. Black and Asian women.
        if groups[0] == "women" and self.rng.random() < 0.3:
            groups.append(self.rng.choice(["black-asian-minority-ethnic", "foreign-nationals"]))
        elif groups[0] == "young-adults" and self.rng.random() < 0.3:
            groups.append("black-african-caribbean")
        return groups

    def _organisation_name(self, topo, pathway, groups, legal_status):
        rng = self.rng
        if groups:
            word = rng.choice(wording.GROUPS[groups[0]][0])
            if len(groups) > 1 and groups[0] == "women":
                word = f"{wording.GROUPS[groups[1]][0][0]} Women's"
            suffix = rng.choice(wording.COMMUNITY_SUFFIXES)
        else:
            word = rng.choice(wording.PATHWAY_NOUNS[pathway])
            suffix = rng.choice(wording.SUFFIXES)
        if legal_status == "Community interest company":
            suffix = "CIC"
        name = f"{topo} {word} {suffix}"
        if name in self.used_org_names:
            base, number = name, 2
            while name in self.used_org_names:
                name = f"{base} {number}"
                number += 1
        self.used_org_names.add(name)
        return name

    def _make_organisations(self):
        rng = self.rng
        count = self.organisation_count
        community = set(rng.sample(range(count), round(count * COMMUNITY_LED_SHARE)))
        pathway_weights = {
            "general": 6,
            "accommodation": 4,
            "education-work": 4,
            "finance-id": 2,
            "health": 2,
            "drugs-alcohol": 2,
            "families": 2,
            "attitudes": 1,
        }
        kind_weights = {
            Organisation.Kind.VOLUNTARY: 85,
            Organisation.Kind.HEALTH: 7,
            Organisation.Kind.EMPLOYER: 5,
            Organisation.Kind.OTHER: 3,
        }
        legal_weights = {form: form[3] for form in wording.LEGAL_FORMS}
        orgs, locations, phones, led_by = [], [], [], []
        Through = Organisation.led_by_and_for.through
        for i in range(count):
            groups = self._community_groups() if i in community else []
            pathway = _weighted(rng, pathway_weights)
            if "women" in groups and rng.random() < 0.6:
                pathway = rng.choice(["accommodation", "families"])
            if "young-adults" in groups and rng.random() < 0.5:
                pathway = "education-work"
            kind = Organisation.Kind.VOLUNTARY if groups else _weighted(rng, kind_weights)
            legal_status, has_charity, has_company, _w = _weighted(rng, legal_weights)
            topo = rng.choice(wording.TOPONYMS)
            name = self._organisation_name(topo, pathway, groups, legal_status)
            slug = slugify(name)[:40].strip("-")
            # The first 99 organisations go round the boroughs three times, so every borough
            # has local organisations; the rest favour inner London a little.
            home = (
                self.ref.boroughs[i % 33]
                if i < 99
                else rng.choice(self.ref.boroughs + self.ref.boroughs[:20])
            )
            year = rng.randint(1972, 2024)
            lead = ""
            if groups:
                who = " and ".join(wording.GROUPS[g][1] for g in groups)
                lead = rng.choice(
                    [
                        f" It is led by and for {who}.",
                        f" It was set up by {who} with lived experience of prison, and is "
                        "still run by them.",
                    ]
                )
            area = "London" if rng.random() < 0.3 else home.name
            description = (
                f"{name} is a {legal_status.lower()} founded in {year}, working with people "
                f"leaving prison across {area}. {wording.PATHWAY_FOCUS[pathway]}{lead}"
            )
            org = Organisation(
                id=self._id("organisation", i),
                name=name,
                description=description,
                kind=kind,
                email=f"{slug}@example.org",
                website=f"https://{slug}.example.org/",
                legal_status=legal_status,
                year_incorporated=year,
                charity_number=str(rng.randint(1_000_000, 1_209_999)) if has_charity else "",
                company_number=f"{rng.randint(1_000_000, 15_999_999):08d}" if has_company else "",
            )
            orgs.append(org)
            led_by += [
                Through(organisation_id=org.id, taxonomyterm_id=self.ref.groups[g].pk)
                for g in groups
            ]
            location = self._new_location(org, home, f"{name} office")
            locations.append(location)
            phones.append(self._phone(organisation=org))
            self.orgs.append(_Org(org, i, slug, topo, pathway, groups, home, location))
        self.result.organisations = len(orgs)
        self.result.community_led = len(community)
        return orgs, locations, phones, led_by

    # Services --------------------------------------------------------------------------------

    def _pick_needs(self, org):
        rng = self.rng
        pathway = org.pathway
        if pathway == "general" or rng.random() < 0.25:
            pathway = rng.choice(self.area_pathways)
        primary = rng.choice(self.ref.pathway_needs[pathway])
        needs = [primary]
        for _ in range(rng.choices([0, 1, 2, 3], weights=[3, 4, 2, 1])[0]):
            if rng.random() < 0.6:
                candidate = rng.choice(self.ref.pathway_needs[pathway])
            else:
                candidate = rng.choice(self.ref.pathway_needs[rng.choice(self.area_pathways)])
            if candidate not in needs:
                needs.append(candidate)
        return needs

    def _pick_groups(self, org):
        rng = self.rng
        if org.groups:
            return list(org.groups)
        if rng.random() < 0.15:
            weights = {code: max(g[3], 1) for code, g in wording.GROUPS.items()}
            return [_weighted(rng, weights)]
        return []

    def _pick_languages(self, org, groups):
        rng = self.rng
        languages = ["en"]
        related = [code for g in groups for code in wording.GROUPS[g][4]]
        if related and rng.random() < 0.75:
            for code in rng.sample(related, min(len(related), rng.randint(1, 3))):
                if code not in languages:
                    languages.append(code)
        extra = rng.choices([0, 1, 2, 3], weights=[50, 25, 15, 10])[0]
        for code in _weighted_sample(rng, wording.LANGUAGE_WEIGHTS, extra):
            if code not in languages:
                languages.append(code)
        return languages

    def _pick_prisons(self, sex, groups):
        rng = self.rng
        if rng.random() > 0.35:
            return []
        if "young-adults" in groups:
            weights = wording.YOUNG_ADULT_PRISONS
        elif sex == Service.Sex.WOMEN:
            weights = wording.WOMEN_PRISONS
        else:
            weights = wording.MEN_PRISONS
        codes = _weighted_sample(rng, weights, rng.choices([1, 2, 3], weights=[5, 3, 2])[0])
        if sex == Service.Sex.ANY and "young-adults" not in groups and rng.random() < 0.2:
            codes.append(_weighted(rng, wording.WOMEN_PRISONS))
        return [self.ref.prisons[c] for c in codes if c in self.ref.prisons]

    def _service_name(self, org, primary, groups, borough):
        rng = self.rng
        base = rng.choice(wording.NEEDS[primary][0])
        if groups and rng.random() < 0.6:
            return f"{base} for {wording.GROUPS[groups[0]][1]}"
        if borough is not None and rng.random() < 0.5:
            return f"{base} ({borough.name})"
        return f"{org.topo} {base[0].lower()}{base[1:]}"

    def _eligibility(self, sex, minimum_age, maximum_age, groups, scope, boroughs):
        rng = self.rng
        if minimum_age == 18 and maximum_age == 25:
            who = "Young adults aged 18 to 25"
        elif minimum_age == 50:
            who = "People aged 50 and over"
        elif sex == Service.Sex.WOMEN:
            who = "Women aged 18 and over" if minimum_age else "Women"
        elif sex == Service.Sex.MEN:
            who = "Men aged 18 and over" if minimum_age else "Men"
        else:
            who = "Adults" if minimum_age else "Anyone"
        if scope == ServiceArea.LONDON:
            where = "anywhere in London"
        elif scope == ServiceArea.NATIONAL:
            where = "anywhere in England and Wales"
        else:
            where = f"who live in, or are moving to, {_join([b.name for b in boroughs], 'or')}"
        text = f"{who} {rng.choice(wording.LEAVING)}, {where}."
        if groups and not (minimum_age == 18 and maximum_age == 25):
            text += f" The service is designed for {wording.GROUPS[groups[0]][1]}."
        return text + rng.choice(wording.EXTRA_CONDITIONS)

    def _description(self, org, needs, groups, prisons, languages, refuge):
        rng = self.rng
        parts = [rng.choice(wording.NEEDS[code][1]) for code in needs]
        if refuge:
            parts.append(
                "We run a women's refuge. Its address is confidential: we share it with the "
                "professional who refers you, never publicly."
            )
        parts += [wording.GROUPS[g][2] for g in groups[:1]]
        if org.groups:
            parts.append(
                "We are led by people from the communities we serve, and many of our staff "
                "and volunteers have been through the justice system themselves."
            )
        if prisons:
            names = [p.name for p in prisons]
            parts.append(
                f"We start working with you before release, visiting {_join(names, 'and')}."
            )
        parts.append(rng.choice(wording.DELIVERY))
        spoken = [language_name(code) for code in languages if code != "en"]
        if spoken:
            parts.append(
                f"Staff speak {_join(['English', *spoken], 'and')}; we book interpreters for "
                "other languages."
            )
        return " ".join(parts)

    def _schedule_rows(self, **owner):
        rng = self.rng
        rows = []
        byday = _weighted(rng, dict(wording.SCHEDULE_DAYS))
        hours = rng.choices(wording.SCHEDULE_HOURS, weights=[h[2] for h in wording.SCHEDULE_HOURS])
        opens, closes, _w = hours[0]
        rows.append((byday, opens, closes, owner))
        if "SA" not in byday and rng.random() < 0.1:
            rows.append(("SA", "10:00", "13:00", owner))
        return rows

    def _make_service(self, index, org, batch):
        rng = self.rng
        ref = self.ref
        needs = self._pick_needs(org)
        groups = self._pick_groups(org)

        sex = Service.Sex.ANY
        if "women" in groups or "pregnant-new-mothers" in groups:
            sex = Service.Sex.WOMEN
        elif "men" in groups or rng.random() < 0.05:
            sex = Service.Sex.MEN
        minimum_age, maximum_age = (18, None) if rng.random() < 0.85 else (None, None)
        if "young-adults" in groups:
            minimum_age, maximum_age = 18, 25
        elif "older-people" in groups:
            minimum_age, maximum_age = 50, None
        elif rng.random() < 0.05:
            minimum_age, maximum_age = 18, 25

        roll = rng.random()
        scope = (
            ServiceArea.BOROUGH
            if roll < 0.82
            else ServiceArea.LONDON
            if roll < 0.96
            else ServiceArea.NATIONAL
        )
        boroughs = []
        if scope == ServiceArea.BOROUGH:
            primary_borough = (
                org.home
                if index < self.organisation_count or rng.random() < 0.7
                else rng.choice(ref.boroughs)
            )
            boroughs = [primary_borough]
            extra = rng.choices([0, 1, 2], weights=[6, 3, 1])[0]
            boroughs += rng.sample(ref.neighbours[primary_borough.pk], extra)

        # Women's services that house survivors run refuges, whose address stays private.
        refuge = (
            sex == Service.Sex.WOMEN
            and ("domestic-abuse" in needs or "supported-housing" in needs)
            and (bool(boroughs) or rng.random() < 0.5)
        )
        prisons = self._pick_prisons(sex, groups)
        languages = self._pick_languages(org, groups)
        name = self._service_name(org, needs[0], groups, boroughs[0] if boroughs else None)[:200]

        status_roll = rng.random()
        status = (
            Service.Status.ACTIVE
            if status_roll < 0.92
            else Service.Status.INACTIVE
            if status_roll < 0.96
            else Service.Status.TEMPORARILY_CLOSED
        )
        accepting = status == Service.Status.ACTIVE and rng.random() < 0.85
        self_referral = rng.random() < 0.55
        # A fifth have not been reviewed for over a year, so "possibly out of date" shows.
        age_days = rng.randint(400, 1100) if rng.random() < 0.2 else rng.randint(0, 360)
        short = slugify(wording.NEEDS[needs[0]][0][0]).replace("-", ".")[:20]
        service = Service(
            id=self._id("service", index),
            organisation=org.obj,
            name=name,
            description=self._description(org, needs, groups, prisons, languages, refuge),
            url=f"https://{org.slug}.example.org/{slugify(name)[:60]}",
            email=f"{short}.{org.slug}"[:64].rstrip(".-") + "@example.org",
            status=status,
            eligibility_description=self._eligibility(
                sex, minimum_age, maximum_age, groups, scope, boroughs
            ),
            minimum_age=minimum_age,
            maximum_age=maximum_age,
            sex_eligibility=sex,
            application_process=(
                "Call or email us, or ask your prison resettlement team, probation practitioner "
                "or key worker to refer you."
                if self_referral
                else "Ask your probation practitioner, prison resettlement team or key worker to "
                "refer you. We do not take self-referrals."
            ),
            accepts_self_referral=self_referral,
            accepts_professional_referral=True,
            fees_description="Free.",
            accepting_referrals=accepting,
            typical_wait_days=rng.choice([0, 0, 1, 2, 3, 5, 7, 7, 10, 14, 14, 21, 28, 42, 60]),
            last_reviewed=self.today - datetime.timedelta(days=age_days),
        )
        batch["services"].append(service)

        term_names = []
        for code in needs:
            term = ref.needs[code]
            batch["attributes"].append(
                Attribute(
                    id=self._next_id("attribute"),
                    service=service,
                    taxonomy_term=term,
                    link_type=Attribute.NEED,
                )
            )
            term_names.append(term)
        for code in groups:
            term = ref.groups[code]
            batch["attributes"].append(
                Attribute(
                    id=self._next_id("attribute"),
                    service=service,
                    taxonomy_term=term,
                    link_type=Attribute.GROUP,
                )
            )
            term_names.append(term)
        # The same text Service.build_search_document makes, without a query per service.
        term_names.sort(key=lambda t: (t.position, t.name))
        parts = [
            service.name,
            service.alternate_name,
            org.obj.name,
            service.description,
            service.eligibility_description,
            *(t.name for t in term_names),
        ]
        service.search_document = "\n".join(p for p in parts if p)

        if scope == ServiceArea.BOROUGH:
            for borough in boroughs:
                batch["areas"].append(
                    ServiceArea(
                        id=self._next_id("area"),
                        service=service,
                        scope=scope,
                        borough=borough,
                        name=borough.name,
                    )
                )
                self.result.boroughs_covered.add(borough.pk)
        else:
            label = "London" if scope == ServiceArea.LONDON else "England and Wales"
            batch["areas"].append(
                ServiceArea(id=self._next_id("area"), service=service, scope=scope, name=label)
            )

        for code in languages:
            batch["languages"].append(
                Language(
                    id=self._next_id("language"),
                    service=service,
                    code=code,
                    name=language_name(code),
                )
            )
        for prison in prisons:
            batch["in_reach"].append(
                Service.in_reach_prisons.through(service_id=service.id, prison_id=prison.pk)
            )
        if rng.random() < 0.9:
            batch["phones"].append(self._phone(service=service))

        # Where it runs: a refuge, the organisation's own office, a new venue, or phone only.
        location = None
        if refuge:
            location = self._new_location(
                org.obj, boroughs[0] if boroughs else org.home, "Women's refuge", confidential=True
            )
        elif boroughs and boroughs[0] == org.home and rng.random() < 0.6:
            location = org.location
        elif boroughs and rng.random() < 0.93:
            venue = rng.choice(["Community hub", "Drop-in centre", "Advice centre", "Hub"])
            location = self._new_location(org.obj, boroughs[0], f"{boroughs[0].name} {venue}")
        elif not boroughs and rng.random() < 0.7:
            location = org.location
        if location is not None and location is not org.location:
            batch["locations"].append(location)
            if location.confidential:
                self.result.confidential_locations += 1
        if location is None:
            schedule_owners = [{"service": service}]
        else:
            at = ServiceAtLocation(
                id=self._next_id("service-at-location"), service=service, location=location
            )
            batch["at_locations"].append(at)
            schedule_owners = [{"service_at_location": at}]
        for owner in schedule_owners:
            for byday, opens, closes, who in self._schedule_rows(**owner):
                batch["schedules"].append(
                    Schedule(
                        id=self._next_id("schedule"),
                        freq="WEEKLY",
                        byday=byday,
                        opens_at=opens,
                        closes_at=closes,
                        description="" if location else "Phone and online support",
                        **who,
                    )
                )

    # Writing ---------------------------------------------------------------------------------

    def _flush_services(self, batch):
        with transaction.atomic():
            Location.objects.bulk_create(batch["locations"], batch_size=1000)
            Service.objects.bulk_create(batch["services"], batch_size=1000)
            Attribute.objects.bulk_create(batch["attributes"], batch_size=2000)
            ServiceArea.objects.bulk_create(batch["areas"], batch_size=2000)
            Language.objects.bulk_create(batch["languages"], batch_size=2000)
            Service.in_reach_prisons.through.objects.bulk_create(batch["in_reach"], batch_size=2000)
            Phone.objects.bulk_create(batch["phones"], batch_size=2000)
            ServiceAtLocation.objects.bulk_create(batch["at_locations"], batch_size=2000)
            Schedule.objects.bulk_create(batch["schedules"], batch_size=2000)
        r = self.result
        r.services += len(batch["services"])
        r.locations += len(batch["locations"])
        r.attributes += len(batch["attributes"])
        r.service_areas += len(batch["areas"])
        r.languages += len(batch["languages"])
        r.in_reach += len(batch["in_reach"])
        r.phones += len(batch["phones"])
        r.schedules += len(batch["schedules"])

    def run(self) -> GenerationResult:
        with _roomy_sqlite_cache():
            return self._run()

    def _run(self) -> GenerationResult:
        self.orgs = []
        orgs, locations, phones, led_by = self._make_organisations()
        for start in range(0, len(orgs), BATCH_SIZE):
            with transaction.atomic():
                Organisation.objects.bulk_create(orgs[start : start + BATCH_SIZE])
                Location.objects.bulk_create(locations[start : start + BATCH_SIZE])
                Phone.objects.bulk_create(phones[start : start + BATCH_SIZE])
        Organisation.led_by_and_for.through.objects.bulk_create(led_by, batch_size=BATCH_SIZE)
        self.result.locations += len(locations)
        self.result.phones += len(phones)

        for start in range(0, self.service_count, BATCH_SIZE):
            batch = {
                key: []
                for key in (
                    "services",
                    "attributes",
                    "areas",
                    "languages",
                    "in_reach",
                    "phones",
                    "locations",
                    "at_locations",
                    "schedules",
                )
            }
            for index in range(start, min(start + BATCH_SIZE, self.service_count)):
                # Every organisation runs at least one service; the rest are shared out.
                org = self.orgs[index] if index < len(self.orgs) else self.rng.choice(self.orgs)
                self._make_service(index, org, batch)
            self._flush_services(batch)
        return self.result


@contextmanager
def _roomy_sqlite_cache():
    """SQLite's default page cache is 2 MB; random uuid keys then spill index pages to disk
    over and over during a large load. A bigger cache, for this connection and this load only,
    makes 100,000 services minutes rather than tens of minutes."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {SQLITE_LOAD_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def generate_directory(
    services: int = 600,
    organisations: int | None = None,
    seed: int = 2026,
    today: datetime.date | None = None,
) -> GenerationResult:
    """Create a fictional London directory. Same seed, same data (review dates count back from
    `today`, so the share of out-of-date entries stays the same whenever it runs)."""
    if services < 0:
        raise ValueError("services must be zero or more")
    generator = _Generator(
        services=services,
        organisations=organisations,
        seed=seed,
        today=today or timezone.localdate(),
    )
    return generator.run()
