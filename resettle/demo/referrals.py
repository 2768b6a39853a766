"""Referrals for the demo people: from each person's lead organisation to services meeting
their needs, and back, with every step of each referral's life recorded as the actions would.

generate_referrals(people=2000, seed=2026, ...) reads the people resettle.demo.people made
(their needs, custody, consents and who works with them) and gives them referrals sent over
the last two years: most of the older ones closed (completed with mixed results, declined with
a coded reason, withdrawn, a few cancelled), the recent ones waiting for an answer, accepted or
under way, and a handful left unanswered past the reminder and escalation days. Each referral
has its desired outcomes, the fields the referrer chose to share and the snapshot of them, the
release context when it was sent, the consent it relied on (a new one recorded on the day when
the person had not yet agreed to referrals, or an override with its reason for a few), a
ReferralEvent for every change (fairness context on declines and withdrawals, as
actions.fairness_context gives it), a line on the person's timeline for each change the
actions would put there, an involvement for accepted referrals that shared the whole record,
and onward referrals forming chains. Referrals go to services offering the need's support
need, weighted towards a few organisations, so some have large inboxes (the demo sign-ins'
organisations first).

Like resettle.demo.people, this writes rows directly, not through resettle/referrals/actions.py:
the actions stamp everything with the present time, write audit rows and queue notifications,
and one call each would make two million referrals take days. So nothing here is audited and
no notification is sent; Person.last_contact_on (a provider's first contact counts) and the
caseload entries are brought into step afterwards.

Same seed and same people, same referrals: each chunk of people has its own random stream and
its share of the requested total of referral events. Rows are written per chunk with the demo
people's writer (COPY on PostgreSQL, executemany on SQLite), in forked processes at scale.
"""

import datetime
import itertools
import random
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.utils import timezone, translation

from resettle.accounts.models import Membership, Role
from resettle.consents.models import Consent
from resettle.core.languages import language_name
from resettle.core.referrals import fairness
from resettle.core.working_days import add_working_days
from resettle.custody.models import Movement
from resettle.demo.demo_users import DEMO_EMAIL_DOMAIN
from resettle.demo.generator import _roomy_sqlite_cache, organisation_ids
from resettle.demo.people import CHUNK, LONDON, _in_processes, _pick, _Table, person_ids
from resettle.needs.models import OPEN_STATUSES as NEED_OPEN
from resettle.needs.models import Need
from resettle.needs.models import Status as NeedStatus
from resettle.people.models import CASEWORK_ROLES, Involvement, Person
from resettle.places.models import Prison
from resettle.plans.models import Goal, Step
from resettle.referrals.models import (
    OPEN_STATUSES,
    DeclineReason,
    DesiredOutcome,
    Referral,
    ReferralEvent,
    SharedField,
    Status,
    Urgency,
    WithdrawReason,
)
from resettle.services.models import Attribute, Service
from resettle.taxonomy.models import TaxonomyTerm
from resettle.timeline.models import Event

# Referral events per person when no total is asked for: about one referral each.
DEMO_EVENTS_PER_PERSON = 5
# How far back referrals go.
HISTORY_DAYS = 730
# Working days before the chasing job reminds, then escalates (the settings' defaults).
REMIND_AFTER, ESCALATE_AFTER = 3, 5
# The note on consents recorded on the day a referral needed one (wipe_referrals finds them).
CONSENT_NOTE = "Agreed when we talked about the referral."
# What the referrals read of each person (the snapshot's fields, and release context).
PERSON_FIELDS = [
    "id",
    "sex",
    "given_name",
    "family_name",
    "date_of_birth",
    "phone",
    "email",
    "address",
    "prison_number",
    "pnc_id",
    "preferred_language",
    "interpreter_needed",
    "communication_needs",
    "communication_notes",
    "release_date",
]
# Referrals a chunk of people may have: their numbers are packed into unique references.
PER_CHUNK = 1 << 16

# --- What referrals say ---------------------------------------------------------------------

# support need -> (what the person needs from the service, desired outcomes to choose from)
WORDING = {
    "find-accommodation": (
        "{first} has nowhere to live on release and needs help to find a tenancy or a room.",
        [
            "A settled address within 8 weeks",
            "A housing application accepted by the council",
            "Somewhere {first} can afford on Universal Credit",
        ],
    ),
    "release-day-accommodation": (
        "{first} needs a bed for the night of release and the weeks after.",
        ["A bed booked for release night", "Somewhere to stay until longer-term housing"],
    ),
    "keep-tenancy": (
        "{first} wants to keep their council flat while inside and needs the rent covered.",
        ["Tenancy kept open until release", "Housing benefit claim in place"],
    ),
    "supported-housing": (
        "{first} would do best with support on site for the first months out.",
        ["A supported housing place", "A named key worker at the project"],
    ),
    "rent-arrears": (
        "{first} owes rent from before custody and the landlord has written.",
        ["A repayment plan the landlord agrees to", "No eviction action taken"],
    ),
    "offending-behaviour": (
        "{first} started a programme inside and wants to finish it in the community.",
        ["Programme completed", "Probation told of progress"],
    ),
    "anger-management": (
        "{first} wants help to stay calm when things kick off.",
        ["Finish the anger management course", "A plan for what to do when angry"],
    ),
    "confidence-motivation": (
        "{first} is low in confidence and wants someone to help them keep going.",
        ["Meets a mentor regularly", "Feels able to go to appointments alone"],
    ),
    "family-contact": (
        "{first} wants to rebuild contact with their children and family.",
        ["Regular contact with the children", "Family visit arranged"],
    ),
    "parenting": (
        "{first} wants support to be a better parent after release.",
        ["Parenting course completed", "Contact with children agreed with social services"],
    ),
    "domestic-abuse": (
        "{first} has experienced domestic abuse and needs a safe plan for release.",
        ["A safety plan in place", "Safe accommodation away from the abuser"],
    ),
    "community-groups": (
        "{first} wants something positive to do with their days and people to do it with.",
        ["Goes to a community group each week", "Knows people locally who can help"],
    ),
    "drug-treatment": (
        "{first} uses heroin and crack and wants treatment to continue from release day.",
        [
            "Prescription in place from the day of release",
            "Keeps the first appointment",
            "Stays in treatment for 12 weeks",
        ],
    ),
    "alcohol-support": (
        "{first} drinks heavily when stressed and wants to cut down.",
        ["Drinking within agreed limits", "Goes to the alcohol group"],
    ),
    "harm-reduction": (
        "{first} is at risk of overdose after release.",
        ["Naloxone kit and training", "Knows where to get clean equipment"],
    ),
    "training": (
        "{first} wants a qualification that leads to work.",
        ["Enrolled on a course", "Qualification gained"],
    ),
    "find-work": (
        "{first} wants a job and is ready to start soon after release.",
        ["In paid work within 6 months", "Registered with a job coach"],
    ),
    "cv-interviews": (
        "{first} needs a CV and practice for interviews.",
        ["A CV ready to send", "Two interviews attended"],
    ),
    "volunteering": (
        "{first} wants to volunteer to build a routine and references.",
        ["A volunteering placement", "A reference from the placement"],
    ),
    "disclosure-advice": (
        "{first} is unsure what they must tell employers about their conviction.",
        ["Knows when the conviction is spent", "A disclosure letter ready"],
    ),
    "id-documents": (
        "{first} has no ID, so cannot open a bank account or claim benefits.",
        ["Birth certificate obtained", "Photo ID obtained"],
    ),
    "bank-account": (
        "{first} needs a bank account for wages and benefits.",
        ["Bank account open before release"],
    ),
    "benefits": (
        "{first} will have no money on release without a Universal Credit claim.",
        ["Universal Credit claim made", "First payment on time", "Advance payment if needed"],
    ),
    "debt-advice": (
        "{first} has debts from before custody and letters are piling up.",
        ["All debts listed", "Affordable repayment plan or debt relief"],
    ),
    "budgeting": (
        "{first} runs out of money before the end of the month.",
        ["A weekly budget {first} sticks to"],
    ),
    "register-gp": (
        "{first} needs a GP near where they will live.",
        ["Registered with a GP", "First GP appointment kept"],
    ),
    "mental-health": (
        "{first} has depression and anxiety and needs support in the community.",
        ["Assessment by the mental health team", "Regular support sessions", "Feels better"],
    ),
    "medication-release": (
        "{first} takes daily medication and must not run out on release.",
        ["Prescription in place for release day", "Medication continued by a GP"],
    ),
    "dental": (
        "{first} is in pain with their teeth and has no dentist.",
        ["Registered with an NHS dentist", "Treatment started"],
    ),
    "disability-support": (
        "{first} has a learning disability and needs help with forms and benefits.",
        ["PIP claim made", "Support worker in place"],
    ),
}
GENERIC_WORDING = (
    "{first} needs support with this after release.",
    ["Support in place", "{first} says it helped"],
)
OUTCOME_RESULTS = {
    DesiredOutcome.Result.ACHIEVED: 55,
    DesiredOutcome.Result.PARTLY_ACHIEVED: 28,
    DesiredOutcome.Result.NOT_ACHIEVED: 17,
}
DECLINE_REASONS = {
    DeclineReason.NOT_ELIGIBLE: 30,
    DeclineReason.NO_CAPACITY: 30,
    DeclineReason.OUT_OF_AREA: 14,
    DeclineReason.RISK: 8,
    DeclineReason.DUPLICATE: 7,
    DeclineReason.OTHER: 11,
}
DECLINE_DETAIL = {
    DeclineReason.NOT_ELIGIBLE: "Our service is for people aged 25 and under.",
    DeclineReason.NO_CAPACITY: "Waiting list is closed until next month; please refer again.",
    DeclineReason.OUT_OF_AREA: "We only cover people living in our borough.",
    DeclineReason.RISK: "Current risk assessment means we cannot offer a shared space.",
    DeclineReason.DUPLICATE: "Already referred by probation last week.",
    DeclineReason.OTHER: "The service is being recommissioned and is not taking new people.",
}
WITHDRAW_REASONS = {
    WithdrawReason.NOT_ENGAGED: 45,
    WithdrawReason.NEEDS_MET_ELSEWHERE: 18,
    WithdrawReason.MOVED: 12,
    WithdrawReason.DIED: 0.5,
    WithdrawReason.OTHER: 10,
}
WITHDRAW_DETAIL = {
    WithdrawReason.NOT_ENGAGED: "Three appointments missed and no answer to calls or letters.",
    WithdrawReason.NEEDS_MET_ELSEWHERE: "Now supported by the council's own team.",
    WithdrawReason.MOVED: "Moved to live with family outside London.",
    WithdrawReason.RETURNED_TO_CUSTODY: "Recalled to prison.",
    WithdrawReason.DIED: "",
    WithdrawReason.OTHER: "Says they no longer want this support.",
}
OVERRIDE_REASONS = [
    "Release is in two days and there is a risk of rough sleeping; consent to be asked at the "
    "first meeting.",
    "Safeguarding: needs urgent support and could not be reached to ask.",
    "Too unwell to decide at the time; acting in their vital interests.",
]
CANCEL_NOTES = [
    "No answer after two reminders; referred to another service.",
    "Sent to the wrong service by mistake.",
    "Release date moved; will refer again nearer the time.",
]
CLOSING_NOTES = [
    "Worked well together; {first} knows they can come back to us.",
    "Support finished as planned.",
    "Signposted on for the parts we could not help with.",
    "",
]
CONTACT_NOTES = [
    "Introduced ourselves and agreed what happens next.",
    "Went through the forms together.",
    "Follow-up session; things are moving.",
    "",
    "",
]
URGENCIES = {Urgency.ROUTINE: 70, Urgency.SOON: 22, Urgency.URGENT: 8}
# How each referral ends (if the story runs long enough): the shares the brief's realism asks
# for among the referrals that have ended, and a few that run for many months.
FATES = {
    "complete": 49,
    "decline": 16,
    "withdraw": 17,
    "cancel_unanswered": 2,
    "cancel_accepted": 4,
    "long": 7,
}
NEED_WEIGHTS = {
    NeedStatus.NOT_STARTED: 1.0,
    NeedStatus.IN_PROGRESS: 1.6,
    NeedStatus.MET: 1.4,
    NeedStatus.DECLINED: 0.3,
}


@dataclass
class ReferralsResult:
    people: int = 0
    referrals: int = 0
    onward: int = 0
    events: int = 0
    outcomes: int = 0
    timeline_events: int = 0
    consents: int = 0
    overrides: int = 0
    involvements: int = 0
    rows: int = 0
    statuses: Counter = field(default_factory=Counter)

    def add(self, other: "ReferralsResult"):
        for name in ("people", "referrals", "onward", "events", "outcomes", "timeline_events"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("consents", "overrides", "involvements", "rows"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.statuses.update(other.statuses)


def _tables():
    return {
        "involvement": _Table(
            Involvement,
            ["person", "organisation", "kind", "worker", "started_on", "ended_on", "end_reason"],
        ),
        "consent": _Table(
            Consent,
            ["id", "person", "purpose", "organisation", "lawful_basis", "how_recorded"]
            + ["given_on", "note", "recorded_by", "recorded_by_organisation", "withdrawn_on"]
            + ["withdrawal_note", "withdrawal_recorded_by"],
        ),
        "referral": _Table(
            Referral,
            ["id", "reference", "person", "need", "pathway", "support_need", "service"]
            + ["from_organisation", "referred_by", "to_organisation", "assigned_to", "parent"]
            + ["chain_root", "status", "is_open", "urgency", "reason", "shared_fields", "shared"]
            + ["in_custody", "prison", "release_date", "consent", "consent_override_reason"]
            + ["decline_reason", "withdraw_reason", "reason_detail", "closing_note"]
            + ["first_contact_on", "first_contact_before_release", "sent_at", "answered_at"]
            + ["closed_at", "reminded_at", "escalated_at", "involvement", "version"]
            + ["updated_at"],
        ),
        "outcome": _Table(DesiredOutcome, ["referral", "position", "description", "result"]),
        "event": _Table(
            ReferralEvent,
            ["referral", "kind", "status", "at", "actor", "organisation", "reason", "note"]
            + ["context"],
        ),
        "timeline": _Table(
            Event,
            ["person", "at", "kind", "title", "detail", "pathway", "actor", "organisation"]
            + ["object_type", "object_id"],
        ),
    }


# Referral references: "R-" and seven characters, unique because each is a distinct number
# (chunk, position in chunk) scrambled by an odd multiplier, a bijection modulo 32**7.
_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_SPACE = 32**7


def reference_for(number: int, seed: int) -> str:
    value = (number * 0x2F0B3A5D + seed * 7_368_787 + 12_345) % _SPACE
    chars = []
    for _position in range(7):
        value, digit = divmod(value, 32)
        chars.append(_ALPHABET[digit])
    return "R-" + "".join(chars)


# --- The people and the directory, as the referrals need them ------------------------------


@dataclass
class _Staff:
    """An organisation's casework staff: who answers referrals, who is assigned them."""

    answerers: list = field(default_factory=list)
    answer_weights: list = field(default_factory=list)
    workers: list = field(default_factory=list)
    worker_weights: list = field(default_factory=list)


@dataclass
class _Person:
    obj: Person
    index: int
    allocated: tuple | None = None  # (organisation, worker, started_on, ended_on)
    organisations: set = field(default_factory=set)  # every organisation working with them
    needs: list = field(default_factory=list)
    consents: list = field(default_factory=list)
    movements: list = field(default_factory=list)
    plan: list = field(default_factory=list)  # active goals: (in their words, undone steps)


class _ReferralGenerator:
    def __init__(self, *, people, events, seed, today):
        self.count = people
        self.events_target = events if events is not None else people * DEMO_EVENTS_PER_PERSON
        self.seed = seed
        self.today = today
        self.now = timezone.now()
        if today != timezone.localdate():
            # Generating as of another day (tests): the day ends at six in the evening.
            self.now = datetime.datetime(today.year, today.month, today.day, 18, tzinfo=LONDON)
        self.ids = person_ids(seed, people)
        self._directory()

    # The directory and its staff, read once before any chunk ---------------------------------

    def _directory(self):
        terms = {t.pk: t for t in TaxonomyTerm.objects.needs()}
        self.term_name = {pk: str(t.name) for pk, t in terms.items()}
        self.term_code = {pk: t.code for pk, t in terms.items()}
        self.prison_code = dict(Prison.objects.values_list("pk", "code"))

        staff = defaultdict(_Staff)
        self.user_name = {}
        demo_suffix = "@" + DEMO_EMAIL_DOMAIN
        memberships = Membership.objects.filter(
            role__in=CASEWORK_ROLES, user__is_active=True
        ).values_list(
            "organisation_id",
            "user_id",
            "role",
            "user__email",
            "user__first_name",
            "user__last_name",
        )
        for org, user, role, email, first, last in sorted(memberships, key=lambda m: m[3]):
            self.user_name[user] = f"{first} {last}".strip() or email
            named = email.endswith(demo_suffix)
            entry = staff[org]
            if role in (Role.INTAKE, Role.MANAGER):
                entry.answerers.append(user)
                entry.answer_weights.append(
                    (8 if named else 1) * (1 if role == Role.INTAKE else 0.5)
                )
            weight = (8 if named else 1) * (0.4 if role == Role.MANAGER else 1)
            entry.workers.append(user)
            entry.worker_weights.append(weight)
        for entry in staff.values():
            if not entry.answerers:
                entry.answerers, entry.answer_weights = entry.workers, entry.worker_weights
            # Cumulative once: the biggest organisations have hundreds of staff.
            entry.answer_weights = list(itertools.accumulate(entry.answer_weights))
            entry.worker_weights = list(itertools.accumulate(entry.worker_weights))
        self.staff = dict(staff)

        services = {
            s["id"]: s
            for s in Service.objects.filter(
                status=Service.Status.ACTIVE,
                accepting_referrals=True,
                accepts_professional_referral=True,
                organisation_id__in=list(self.staff),
            ).values("id", "name", "organisation_id", "sex_eligibility")
        }
        # A few organisations receive most referrals: the demo sign-ins' four first, then the
        # rest in a seeded order, weighted by rank (Zipf-like), so at a million people the
        # biggest inbox holds over a hundred thousand referrals.
        organisations = sorted({s["organisation_id"] for s in services.values()}, key=str)
        first = [o for o in organisation_ids(self.seed, 4) if o in organisations]
        rest = [o for o in organisations if o not in first]
        random.Random(f"{self.seed}/referrals/organisations").shuffle(rest)
        self.org_weight = {o: 1 / (rank + 1) ** 1.1 for rank, o in enumerate(first + rest)}
        # support need -> (services, their cumulative weights)
        offering = defaultdict(list)
        for service_id, term_id in Attribute.objects.filter(
            link_type=Attribute.NEED, service_id__in=list(services)
        ).values_list("service_id", "taxonomy_term_id"):
            offering[term_id].append(services[service_id])
        self.offering = {}
        for term_id, offered in offering.items():
            offered.sort(key=lambda s: str(s["id"]))
            total, cumulative = 0.0, []
            for service in offered:
                total += self.org_weight[service["organisation_id"]]
                cumulative.append(total)
            self.offering[term_id] = (offered, cumulative)

    # Reading a chunk of people --------------------------------------------------------------

    def _read(self, ids) -> list[_Person]:
        people = {p.pk: p for p in Person.records.filter(id__in=ids).only(*PERSON_FIELDS)}
        position = {pk: i for i, pk in enumerate(ids)}
        found = {pk: _Person(obj, position[pk]) for pk, obj in people.items()}
        for person, org, kind, worker, started, ended in Involvement.objects.filter(
            person_id__in=ids
        ).values_list(
            "person_id", "organisation_id", "kind", "worker_id", "started_on", "ended_on"
        ):
            entry = found[person]
            entry.organisations.add(org)
            if kind == Involvement.Kind.ALLOCATED:
                entry.allocated = (org, worker, started, ended)
        needs = Need.objects.filter(person_id__in=ids, support_need__isnull=False)
        for row in needs.values_list(
            "id", "person_id", "pathway_id", "support_need_id", "status", "created_at", "updated_at"
        ):
            found[row[1]].needs.append(row)
        for row in Consent.objects.filter(
            person_id__in=ids, purpose__in=[Consent.Purpose.REFERRALS, Consent.Purpose.SHARE_RECORD]
        ).values_list("id", "person_id", "purpose", "organisation_id", "given_on", "withdrawn_on"):
            found[row[1]].consents.append(row)
        for person, kind, on, prison in Movement.objects.filter(person_id__in=ids).values_list(
            "person_id", "kind", "on", "prison_id"
        ):
            found[person].movements.append((on, kind, prison))
        goals = {}
        for goal, person, words, created in (
            Goal.objects.filter(person_id__in=ids, status=Goal.Status.ACTIVE)
            .order_by()
            .values_list("id", "person_id", "in_their_words", "created_at")
        ):
            goals[goal] = (person, words, created, [])
        for goal, what, who, due, created, pk in (
            Step.objects.filter(goal_id__in=list(goals), done_on__isnull=True)
            .order_by()
            .values_list("goal_id", "what", "who", "due_on", "created_at", "id")
        ):
            goals[goal][3].append((due, created, pk, what, who))
        # The plan as sharing.snapshot lists it: goals by when agreed, steps by when due.
        for _goal, (person, words, _created, steps) in sorted(
            goals.items(), key=lambda g: (g[1][2], str(g[0]))
        ):
            steps.sort(key=lambda s: (s[0] is None, s[0], s[1], s[2]))
            found[person].plan.append((words, [(s[3], s[4], s[0]) for s in steps]))
        result = sorted(found.values(), key=lambda p: p.index)
        for person in result:
            # A fixed order whatever order the database returned them in.
            person.needs.sort(key=lambda n: str(n[0]))
            person.consents.sort(key=lambda c: str(c[0]))
            person.movements.sort(key=lambda m: (m[0], m[1] != Movement.Kind.RELEASED))
        return result

    # Small helpers --------------------------------------------------------------------------

    def _uuid(self):
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def _at(self, day, early=9, late=17):
        rng = self.rng
        return datetime.datetime(
            day.year,
            day.month,
            day.day,
            rng.randint(early, late - 1),
            rng.randrange(0, 60, 5),
            rng.randrange(60),
            tzinfo=LONDON,
        )

    def _local_day(self, at):
        return at.astimezone(LONDON).date()

    def _worker(self, org, answerer=False):
        staff = self.staff.get(org)
        if staff is None:
            return None
        if answerer:
            return self.rng.choices(staff.answerers, cum_weights=staff.answer_weights)[0]
        return self.rng.choices(staff.workers, cum_weights=staff.worker_weights)[0]

    def _service(self, support_need, exclude, sex):
        """A service for the support need outside `exclude`, open to someone of `sex` (the
        sex on their record; blank when not recorded, which a caseworker would check)."""
        offered = self.offering.get(support_need)
        if not offered:
            return None
        services, cumulative = offered
        for _attempt in range(6):
            service = self.rng.choices(services, cum_weights=cumulative)[0]
            if service["organisation_id"] in exclude:
                continue
            if sex and service["sex_eligibility"] not in (Service.Sex.ANY, sex):
                continue
            return service
        return None

    @staticmethod
    def _custody_on(person: _Person, day):
        """(in custody, prison, release date as the record showed it) on a day."""
        inside, prison, last_release = False, None, None
        for on, kind, prison_id in person.movements:
            if on > day:
                break
            if kind == Movement.Kind.RELEASED:
                inside, prison, last_release = False, None, on
            else:
                inside, prison = True, prison_id
        if not inside:
            return False, None, last_release
        later = [on for on, kind, _p in person.movements if on > day and kind == "released"]
        release = later[0] if later else person.obj.release_date
        return True, prison, release

    def _consent(self, person, purpose, org, day):
        """The consent in force on `day` for this purpose and organisation (as
        consents.checks.consent_in_force chooses it), or None."""
        best = None
        for cid, _pid, kind, scope, given, withdrawn in person.consents:
            if kind != purpose or given > day or (withdrawn is not None and withdrawn <= day):
                continue
            if scope is not None and scope != org:
                continue
            key = (scope is None, -given.toordinal(), str(cid))
            if best is None or key < best[0]:
                best = (key, cid)
        return best[1] if best else None

    # One referral's life --------------------------------------------------------------------

    def _referral(self, t, person, need, service, sent, *, from_org, referrer, parent=None):
        """Generate one referral sent at `sent` and everything that happened to it up to now.
        Returns (its record, the steps that happened) or None if it could not be sent."""
        rng = self.rng
        obj = person.obj
        to_org = service["organisation_id"]
        day = self._local_day(sent)
        need_id, _pid, pathway, support_need, need_status, _created, need_updated = need
        code = self.term_code.get(support_need, "")
        first = obj.given_name

        # The lawful basis: a referrals consent in force, else one recorded on the day (or, for
        # a few, an override with its reason).
        consent = self._consent(person, Consent.Purpose.REFERRALS, to_org, day)
        override = ""
        if consent is None:
            if rng.random() < 0.06:
                override = rng.choice(OVERRIDE_REASONS)
                self.result.overrides += 1
            else:
                consent = self._uuid()
                scope = to_org if rng.random() < 0.6 else None
                person.consents.append(
                    (consent, obj.pk, Consent.Purpose.REFERRALS, scope, day, None)
                )
                how = rng.choice(
                    [Consent.HowRecorded.SIGNED, Consent.HowRecorded.IN_PERSON]
                    + [Consent.HowRecorded.PHONE]
                )
                t["consent"].add(
                    (consent, obj.pk, Consent.Purpose.REFERRALS, scope)
                    + (Consent.LawfulBasis.CONSENT, how, day, CONSENT_NOTE, referrer, from_org)
                    + (None, "", None)
                )
                self._timeline(
                    t,
                    obj.pk,
                    sent - datetime.timedelta(minutes=rng.randint(5, 60)),
                    Event.Kind.CONSENT,
                    "Consent recorded: Refer me to other services",
                    actor=referrer,
                    org=from_org,
                    obj_type="consents.consent",
                    obj_id=str(consent),
                )
                self.result.consents += 1

        in_custody, prison, release = self._custody_on(person, day)
        urgency = _pick(rng, URGENCIES)
        if release is not None and in_custody and (release - day).days <= 14:
            urgency = Urgency.URGENT if rng.random() < 0.5 else Urgency.SOON

        # What the referrer shares: on an onward referral, no more than it was given.
        fields = []
        if rng.random() < 0.85:
            fields.append(SharedField.DATE_OF_BIRTH)
        if service["sex_eligibility"] and obj.sex:
            fields.append(SharedField.SEX)  # only where a single-sex service needs it
        if rng.random() < (0.35 if in_custody else 0.7):
            fields.append(SharedField.CONTACT)
        if rng.random() < (0.7 if in_custody else 0.3):
            fields.append(SharedField.PRISON_NUMBER)
        if obj.interpreter_needed or obj.communication_needs or rng.random() < 0.2:
            fields.append(SharedField.LANGUAGE)
        if rng.random() < 0.4:
            fields.append(SharedField.NEEDS)
        if rng.random() < 0.25:
            fields.append(SharedField.PLAN)
        if (
            rng.random() < 0.2
            and self._consent(person, Consent.Purpose.SHARE_RECORD, to_org, day) is not None
        ):
            fields.append(SharedField.WHOLE_RECORD)
        if parent is not None:
            fields = [f for f in fields if f in parent["shared_fields"]]
        fields = sorted({str(f) for f in fields})

        reason_text, choices = WORDING.get(code, GENERIC_WORDING)
        chosen = rng.sample(choices, rng.randint(1, min(len(choices), 3)))
        outcomes = [text.format(first=first) for text in chosen]
        number = self.chunk_index * PER_CHUNK + self.chunk_number
        self.chunk_number += 1
        if self.chunk_number >= PER_CHUNK:
            raise RuntimeError("Too many referrals in one chunk of people.")
        record = {
            "id": self._uuid(),
            "reference": reference_for(number, self.seed),
            "person": obj.pk,
            "need": need_id,
            "pathway": pathway,
            "support_need": support_need,
            "service": service["id"],
            "service_name": service["name"],
            "from_organisation": from_org,
            "referred_by": referrer,
            "to_organisation": to_org,
            "assigned_to": None,
            "parent": parent["id"] if parent else None,
            "chain_root": (parent["chain_root"] or parent["id"]) if parent else None,
            "status": Status.SENT,
            "urgency": urgency,
            "reason": reason_text.format(first=first),
            "shared_fields": fields,
            "in_custody": in_custody,
            "prison": prison,
            "release_date": release,
            "consent": consent,
            "consent_override_reason": override,
            "decline_reason": "",
            "withdraw_reason": "",
            "reason_detail": "",
            "closing_note": "",
            "first_contact_on": None,
            "first_contact_before_release": None,
            "sent_at": sent,
            "answered_at": None,
            "closed_at": None,
            "reminded_at": None,
            "escalated_at": None,
            "involvement": None,
            "version": 1,
            "updated_at": sent,
            "outcomes": outcomes,
            "need_name": self.term_name.get(support_need, ""),
            "first": first,
            "pathway_code": self.term_code.get(pathway, ""),
        }
        steps = self._story(person, record, need_status, need_updated)
        return record, steps

    def _story(self, person, r, need_status, need_updated):
        """Every change the referral goes through, as (at, kind, change) in time order;
        those after now have not happened yet and are dropped when applied."""
        rng = self.rng
        sent = r["sent_at"]
        sent_day = self._local_day(sent)
        to_org, from_org = r["to_organisation"], r["from_organisation"]
        fate = _pick(rng, FATES)
        if need_status == NeedStatus.MET and need_updated > sent and rng.random() < 0.4:
            fate = "complete"
        steps = [(sent, ReferralEvent.Kind.SENT, {"actor": r["referred_by"], "org": from_org})]

        slow = rng.random() < 0.12 or fate == "cancel_unanswered"
        waited = rng.randint(4, 15) if slow else rng.choice([0, 0, 1, 1, 1, 2, 2, 3])
        if fate == "cancel_unanswered":
            waited = rng.randint(ESCALATE_AFTER + 3, 25)
        answer_day = add_working_days(sent_day, waited)
        answered = (
            sent + datetime.timedelta(minutes=rng.randint(20, 300))
            if waited == 0
            else self._at(answer_day)
        )
        for after, kind in (
            (REMIND_AFTER, ReferralEvent.Kind.REMINDED),
            (ESCALATE_AFTER, ReferralEvent.Kind.ESCALATED),
        ):
            if waited >= after:
                chased = add_working_days(sent_day, after)
                at = datetime.datetime(
                    chased.year, chased.month, chased.day, 7, 0, tzinfo=LONDON
                ) + datetime.timedelta(seconds=rng.randrange(600))
                steps.append((at, kind, {"waited": after}))

        if fate == "cancel_unanswered":
            steps.append(
                (
                    answered,
                    ReferralEvent.Kind.CANCELLED,
                    {"actor": r["referred_by"], "org": from_org},
                )
            )
            return steps
        answerer = self._worker(to_org, answerer=True)
        if fate == "decline":
            reason = _pick(rng, DECLINE_REASONS)
            detail = DECLINE_DETAIL[reason] if reason == "other" or rng.random() < 0.4 else ""
            change = {"actor": answerer, "reason": reason, "detail": detail}
            steps.append((answered, ReferralEvent.Kind.DECLINED, change))
            return steps

        # Accepted, and assigned then or a little later (or left unassigned by some teams).
        worker = self._worker(to_org)
        roll = rng.random()
        assign_now = worker if roll < 0.5 else None
        steps.append(
            (answered, ReferralEvent.Kind.ACCEPTED, {"actor": answerer, "assign": assign_now})
        )
        if 0.5 <= roll < 0.85 and worker is not None:
            at = self._at(add_working_days(self._local_day(answered), rng.randint(0, 3)))
            at = max(at, answered + datetime.timedelta(minutes=10))
            steps.append((at, ReferralEvent.Kind.ASSIGNED, {"actor": answerer, "worker": worker}))
        doer = worker or answerer
        last = answered
        if fate == "cancel_accepted":
            at = self._at(self._local_day(answered) + datetime.timedelta(days=rng.randint(2, 15)))
            steps.append(
                (
                    max(at, last + datetime.timedelta(minutes=5)),
                    ReferralEvent.Kind.CANCELLED,
                    {"actor": r["referred_by"], "org": from_org, "note": rng.choice(CANCEL_NOTES)},
                )
            )
            return steps

        # Contacts: the first (sometimes missed first time), then regular ones.
        if fate == "withdraw":
            contacts = rng.choice([0, 0, 1, 1, 2, 3])
        elif fate == "long":
            contacts = rng.randint(3, 8)
        else:
            contacts = rng.randint(1, 4)
        made = 0
        day = self._local_day(answered) + datetime.timedelta(days=rng.randint(2, 21))
        missed_first = rng.random() < (0.5 if fate == "withdraw" else 0.12)
        attempts = contacts + (1 if missed_first else 0) + (2 if fate == "withdraw" else 0)
        for attempt in range(attempts):
            happened = not (attempt == 0 and missed_first) and made < contacts
            at = max(self._at(day, 10, 16), last + datetime.timedelta(minutes=5))
            inside = self._custody_on(person, self._local_day(at))[0]
            how = (
                "prison_visit"
                if inside and rng.random() < 0.7
                else rng.choice(["in_person", "in_person", "phone", "video"])
            )
            steps.append(
                (
                    at,
                    ReferralEvent.Kind.CONTACT,
                    {"actor": doer, "happened": happened, "how": how, "inside": inside},
                )
            )
            if happened:
                made += 1
            last = at
            gap = rng.randint(14, 40) if fate == "long" else rng.randint(5, 21)
            day = self._local_day(at) + datetime.timedelta(days=gap)
            if fate == "withdraw" and made >= contacts and attempt >= contacts:
                break
        if rng.random() < 0.08 and made:
            other = self._worker(to_org)
            if other is not None and other != worker:
                at = last - datetime.timedelta(days=rng.randint(1, 4))
                if at > answered:
                    steps.append(
                        (at, ReferralEvent.Kind.ASSIGNED, {"actor": answerer, "worker": other})
                    )

        end_day = self._local_day(last) + datetime.timedelta(days=rng.randint(3, 21))
        end = max(self._at(end_day), last + datetime.timedelta(minutes=5))
        if fate == "withdraw":
            receiver = rng.random() < 0.6
            reason = _pick(rng, WITHDRAW_REASONS)
            if made and any(
                kind == Movement.Kind.RECALLED and sent_day < on <= end_day
                for on, kind, _p in person.movements
            ):
                reason = WithdrawReason.RETURNED_TO_CUSTODY
            elif made == 0:
                reason = WithdrawReason.NOT_ENGAGED
            detail = WITHDRAW_DETAIL[reason] if reason == "other" or rng.random() < 0.5 else ""
            steps.append(
                (
                    end,
                    ReferralEvent.Kind.WITHDRAWN,
                    {
                        "actor": doer if receiver else r["referred_by"],
                        "org": to_org if receiver else from_org,
                        "reason": reason,
                        "detail": detail,
                    },
                )
            )
        elif made:
            steps.append(
                (
                    end,
                    ReferralEvent.Kind.COMPLETED,
                    {
                        "actor": doer,
                        "results": [_pick(rng, OUTCOME_RESULTS) for _o in r["outcomes"]],
                        "note": rng.choice(CLOSING_NOTES).format(first=r["first"]),
                    },
                )
            )
        steps.sort(key=lambda s: s[0])
        return steps

    def _apply(self, t, person, r, steps):
        """Play the steps that have happened (up to now) onto the referral, writing an event
        for each and a timeline line for those the actions put on the timeline."""
        pid = r["person"]
        to_org = r["to_organisation"]
        name = r["service_name"]
        events = 0
        pending = []  # timeline rows, written once the referral's id is settled
        for at, kind, change in steps:
            if at > self.now:
                break
            note, reason, context, org, actor = "", "", {}, to_org, change.get("actor")
            title, detail = None, ""
            if kind == ReferralEvent.Kind.SENT:
                org = r["from_organisation"]
                note = r["reason"]
                title, detail = f"Referred to {name}", r["need_name"]
            elif kind in (ReferralEvent.Kind.REMINDED, ReferralEvent.Kind.ESCALATED):
                if r["status"] != Status.SENT:
                    continue
                actor = None
                context = {"working_days_waiting": change["waited"]}
                r["reminded_at"] = r["reminded_at"] or at
                if kind == ReferralEvent.Kind.ESCALATED:
                    r["escalated_at"] = at
            elif kind == ReferralEvent.Kind.ACCEPTED:
                r["status"], r["answered_at"] = Status.ACCEPTED, at
                if change["assign"] is not None:
                    r["assigned_to"] = change["assign"]
                r["version"] += 1
                title = f"{name} accepted the referral"
                if SharedField.WHOLE_RECORD in r["shared_fields"] and to_org not in (
                    person.organisations
                ):
                    person.organisations.add(to_org)
                    r["new_involvement"] = self._local_day(at)
            elif kind == ReferralEvent.Kind.DECLINED:
                r["status"], r["answered_at"] = Status.DECLINED, at
                r["decline_reason"], r["reason_detail"] = change["reason"], change["detail"]
                reason, note = change["reason"], change["detail"]
                r["version"] += 1
                title = f"{name} declined the referral"
                detail = str(DeclineReason(reason).label)
                context = self._fairness(person, r, at)
            elif kind == ReferralEvent.Kind.ASSIGNED:
                if r["status"] not in OPEN_STATUSES or r["assigned_to"] == change["worker"]:
                    continue
                r["assigned_to"] = change["worker"]
                r["version"] += 1
                note = self.user_name.get(change["worker"], "")
            elif kind == ReferralEvent.Kind.CONTACT:
                happened = change["happened"]
                first = happened and r["first_contact_on"] is None
                on = self._local_day(at)
                if first:
                    r["first_contact_on"] = on
                    r["first_contact_before_release"] = change["inside"] or (
                        r["release_date"] is not None and on < r["release_date"]
                    )
                if r["status"] == Status.ACCEPTED:
                    r["status"] = Status.CONTACT_MADE if happened else Status.ACCEPTED
                else:
                    r["status"] = Status.IN_PROGRESS
                r["version"] += 1
                reason = "happened" if happened else "did_not_happen"
                note = self.rng.choice(CONTACT_NOTES) if happened else ""
                context = {"on": on.isoformat(), "how": change["how"], "first": first}
                what = "First contact" if first else "Contact"
                title = (
                    f"{what} with {name}"
                    if happened
                    else f"Planned contact with {name} did not happen"
                )
            elif kind == ReferralEvent.Kind.COMPLETED:
                r["status"] = Status.COMPLETED
                r["results"] = change["results"]
                r["closing_note"] = note = change["note"]
                r["version"] += 1
                title = f"{name} completed the referral"
                detail = "; ".join(
                    f"{text}: {DesiredOutcome.Result(result).label}"
                    for text, result in zip(r["outcomes"], change["results"], strict=True)
                )
            elif kind == ReferralEvent.Kind.WITHDRAWN:
                org = change["org"]
                r["status"] = Status.WITHDRAWN
                r["withdraw_reason"], r["reason_detail"] = change["reason"], change["detail"]
                reason, note = change["reason"], change["detail"]
                r["version"] += 1
                title = f"Referral to {name} withdrawn"
                detail = str(WithdrawReason(reason).label)
                context = self._fairness(person, r, at)
            elif kind == ReferralEvent.Kind.CANCELLED:
                if r["status"] not in (Status.SENT, Status.ACCEPTED):
                    continue
                org = change["org"]
                r["status"] = Status.CANCELLED
                r["closing_note"] = note = change.get("note", self.rng.choice(CANCEL_NOTES))
                r["version"] += 1
                title = f"Referral to {name} cancelled"
            elif kind == ReferralEvent.Kind.REFERRED_ON:
                note = change["note"]
                org = r["to_organisation"]
            if r["status"] not in OPEN_STATUSES and r["closed_at"] is None:
                r["closed_at"] = at
            r["updated_at"] = at
            t["event"].add((r["id"], kind, r["status"], at, actor, org, reason, note, context))
            events += 1
            if title is not None:
                pending.append((at, title, detail, actor, org))
        r["is_open"] = r["status"] in OPEN_STATUSES
        for at, title, detail, actor, org in pending:
            self._timeline(
                t,
                pid,
                at,
                Event.Kind.REFERRAL,
                title,
                detail=detail,
                pathway=r["pathway_code"],
                actor=actor,
                org=org,
                obj_type="referrals.referral",
                obj_id=str(r["id"]),
            )
        return events

    def _fairness(self, person, r, at) -> dict:
        """actions.fairness_context, as it would have read on the day."""
        needs = [n for n in person.needs if n[5] <= at]
        open_needs = [n for n in needs if n[4] in NEED_OPEN or n[6] > at]
        return fairness.fairness_context(
            needs=len(needs),
            open_needs=len(open_needs),
            open_pathways=len({n[2] for n in open_needs}),
            in_custody_when_referred=r["in_custody"],
            prison=self.prison_code.get(r["prison"]) if r["prison"] else None,
            release_date=r["release_date"],
            sent_on=self._local_day(r["sent_at"]),
            sent_at=r["sent_at"],
            now=at,
            from_organisation=r["from_organisation"],
            to_organisation=r["to_organisation"],
            service=r["service"],
            pathway=r["pathway_code"],
            urgency=r["urgency"],
            onward=r["parent"] is not None,
        )

    def _timeline(
        self,
        t,
        pid,
        at,
        kind,
        title,
        *,
        detail="",
        pathway="",
        actor=None,
        org=None,
        obj_type="",
        obj_id="",
    ):
        t["timeline"].add(
            (pid, at, kind, title[:200], detail, pathway, actor, org, obj_type, obj_id)
        )
        self.result.timeline_events += 1

    # One person -----------------------------------------------------------------------------

    def _window(self, person: _Person):
        """The days this person could have been referred: while their lead organisation
        worked with them, within the last two years."""
        _org, _worker, started, ended = person.allocated
        first_day = max(started, self.today - datetime.timedelta(days=HISTORY_DAYS))
        return first_day, min(ended or self.today, self.today)

    def _share(self, person: _Person) -> float:
        if person.allocated is None or not person.needs:
            return 0.0
        first_day, last_day = self._window(person)
        days = (last_day - first_day).days
        return 0.0 if days < 0 else min(2.5, max(0.1, days / 120))

    def _person(self, t, person: _Person, wanted: int, records: list) -> int:
        """Up to `wanted` referrals for one person (and any onward ones they lead to).
        Returns the referral events written."""
        rng = self.rng
        if person.allocated is None or not person.needs or wanted <= 0:
            return 0
        org, worker, _started, _ended = person.allocated
        first_day, last_day = self._window(person)
        if last_day < first_day:
            return 0
        referrer = worker or self._worker(org)
        weights = [NEED_WEIGHTS.get(n[4], 1.0) for n in person.needs]
        used = set()
        events = 0
        made, attempts = 0, 0
        # A need with no service left to try is skipped: try others, a few times over.
        while made < wanted and attempts < 3 * wanted + 3:
            attempts += 1
            need = rng.choices(person.needs, weights=weights)[0]
            # Referred a few days to a couple of weeks after the need was identified.
            start = max(
                first_day, self._local_day(need[5]) + datetime.timedelta(days=rng.randint(1, 14))
            )
            end = last_day
            if need[4] == NeedStatus.MET:
                end = min(end, self._local_day(need[6]))
            if end < start:
                continue
            service = self._service(need[3], {org}, person.obj.sex)
            if service is None or service["id"] in used:
                continue
            used.add(service["id"])
            day = start + datetime.timedelta(days=rng.randint(0, (end - start).days))
            sent = max(self._at(day), need[5] + datetime.timedelta(minutes=rng.randint(10, 90)))
            if sent > self.now:
                sent = self.now - datetime.timedelta(minutes=rng.randint(5, 120))
            referral = self._referral(
                t, person, need, service, sent, from_org=org, referrer=referrer
            )
            events += self._send(t, person, referral, records, used)
            made += 1
        return events

    def _send(self, t, person, made, records, used, depth=0) -> int:
        """Write a referral made by _referral, and the onward referral it may lead to.
        Returns the referral events written."""
        rng = self.rng
        record, steps = made
        child = None
        # Now and then the receiving organisation refers on, once work is under way.
        if depth < 2 and rng.random() < (0.06 if depth == 0 else 0.03):
            contact = next(
                (s for s in steps if s[1] == ReferralEvent.Kind.CONTACT and s[2]["happened"]),
                None,
            )
            closing = [s[0] for s in steps if s[1] in _CLOSING]
            onward = None
            if contact is not None:
                onward = contact[0] + datetime.timedelta(days=rng.randint(1, 14))
                if onward >= self.now or (closing and onward >= closing[0]):
                    onward = None
            if onward is not None:
                others = [n for n in person.needs if n[4] in NEED_OPEN] or [None]
                need = rng.choice(others)
                if need is None or rng.random() < 0.5:
                    need = next(n for n in person.needs if n[0] == record["need"])
                exclude = {record["from_organisation"], record["to_organisation"]}
                service = self._service(need[3], exclude, person.obj.sex)
                if service is not None and service["id"] not in used:
                    used.add(service["id"])
                    assigned = [
                        s[2].get("assign") or s[2].get("worker")
                        for s in steps
                        if s[0] <= onward and (s[2].get("assign") or s[2].get("worker"))
                    ]
                    by = assigned[-1] if assigned else self._worker(record["to_organisation"])
                    child = self._referral(
                        t,
                        person,
                        need,
                        service,
                        onward + datetime.timedelta(seconds=30),
                        from_org=record["to_organisation"],
                        referrer=by,
                        parent=record,
                    )
                    note = f"{service['name']} ({child[0]['reference']})"
                    steps.append(
                        (onward, ReferralEvent.Kind.REFERRED_ON, {"actor": by, "note": note})
                    )
                    steps.sort(key=lambda s: s[0])
        events = self._apply(t, person, record, steps)
        records.append(record)
        self.result.referrals += 1
        if record["parent"] is not None:
            self.result.onward += 1
        self.result.statuses[record["status"]] += 1
        if child is not None:
            events += self._send(t, person, child, records, used, depth + 1)
        return events

    # A chunk --------------------------------------------------------------------------------

    def _snapshot(self, person: _Person, fields, need_id) -> dict:
        """What resettle.referrals.sharing.snapshot gives when the referral is sent, built from
        the rows already read for the chunk rather than two queries a referral (which made
        the default demo's referrals take twice as long); the tests hold the two equal."""
        obj = person.obj
        data = {"name": obj.full_name}
        if SharedField.DATE_OF_BIRTH in fields and obj.date_of_birth:
            data["date_of_birth"] = obj.date_of_birth.isoformat()
        if SharedField.SEX in fields and obj.sex:
            data["sex"] = obj.sex
        if SharedField.CONTACT in fields:
            data["contact"] = {"phone": obj.phone, "email": obj.email, "address": obj.address}
        if SharedField.PRISON_NUMBER in fields:
            data["prison_number"] = obj.prison_number
            data["pnc_id"] = obj.pnc_id
        if SharedField.LANGUAGE in fields:
            labels = _communication_labels()
            data["language"] = {
                "preferred": language_name(obj.preferred_language),
                "interpreter_needed": obj.interpreter_needed,
                "communication_needs": [labels.get(c, c) for c in obj.communication_needs],
                "notes": obj.communication_notes,
            }
        if SharedField.NEEDS in fields:
            others = [n for n in person.needs if n[4] in NEED_OPEN and n[0] != need_id]
            # Need's default ordering: pathway name, then when recorded.
            others.sort(key=lambda n: (self.term_name.get(n[2], ""), n[5], str(n[0])))
            data["needs"] = [
                {"need": self.term_name.get(n[3], ""), "status": _need_label(n[4])} for n in others
            ]
        if SharedField.PLAN in fields:
            data["plan"] = [
                {
                    "goal": words,
                    "steps": [
                        {"what": what, "who": who, "due_on": due.isoformat() if due else None}
                        for what, who, due in steps
                    ],
                }
                for words, steps in person.plan
            ]
        return data

    def _chunk(self, start) -> ReferralsResult:
        # Stored text is in English, as the actions store it.
        with translation.override("en"):
            return self._english_chunk(start)

    def _english_chunk(self, start) -> ReferralsResult:
        end = min(start + CHUNK, self.count)
        self.rng = random.Random(f"{self.seed}/referrals/{start}")
        self.result = ReferralsResult()
        self.chunk_index = start // CHUNK
        self.chunk_number = 0
        target = self.events_target * (end - start) / self.count if self.count else 0
        people = self._read(self.ids[start:end])
        t = _tables()
        records = []
        produced = 0
        per_referral = 4.8
        # Someone worked with for a year has had more referrals than someone met last week:
        # each person's share of the chunk's events follows the length of their casework.
        weights = [self._share(person) for person in people]
        left = sum(weights)
        for person, weight in zip(people, weights, strict=True):
            mean = max(0.0, target - produced) * weight / left / per_referral if left else 0
            left -= weight
            wanted = int(self.rng.gammavariate(2.0, mean / 2.0) + 0.5) if mean > 0 else 0
            before = len(records)
            events = self._person(t, person, min(wanted, 25), records)
            produced += events
            made = len(records) - before
            if made:
                per_referral += (events / made - per_referral) * min(1.0, made / 50)
        self.result.people = len(people)
        self.result.events = produced
        return self._write(t, people, records)

    def _write(self, t, people, records) -> ReferralsResult:
        by_id = {p.obj.pk: p for p in people}
        with transaction.atomic():
            # Involvements first: the referrals that opened them point at their ids.
            wanted = {}
            for r in records:
                if "new_involvement" in r:
                    started = r["new_involvement"]
                    ended = (
                        self._local_day(r["closed_at"])
                        if r["closed_at"] is not None and r["status"] != Status.DECLINED
                        else None
                    )
                    end_reason = {
                        Status.COMPLETED: "Referral completed",
                        Status.WITHDRAWN: "Referral withdrawn",
                        Status.CANCELLED: "Referral cancelled",
                    }.get(r["status"], "")
                    # The worker assigned last (assigning updates the involvement too).
                    worker = r["assigned_to"]
                    t["involvement"].add(
                        (r["person"], r["to_organisation"], Involvement.Kind.REFERRED, worker)
                        + (started, ended, end_reason if ended else "")
                    )
                    wanted[(r["person"], r["to_organisation"])] = r
            self.result.involvements += len(wanted)
            self.result.rows += t["involvement"].flush()
            self.result.rows += t["consent"].flush()
            if wanted:
                for person, org, pk in Involvement.objects.filter(
                    person_id__in={p for p, _o in wanted}, kind=Involvement.Kind.REFERRED
                ).values_list("person_id", "organisation_id", "pk"):
                    if (person, org) in wanted:
                        wanted[(person, org)]["involvement"] = pk
            for r in records:
                person = by_id[r["person"]]
                shared = self._snapshot(person, r["shared_fields"], r["need"])
                t["referral"].add(
                    (r["id"], r["reference"], r["person"], r["need"], r["pathway"])
                    + (r["support_need"], r["service"], r["from_organisation"], r["referred_by"])
                    + (r["to_organisation"], r["assigned_to"], r["parent"], r["chain_root"])
                    + (r["status"], r["is_open"], r["urgency"], r["reason"], r["shared_fields"])
                    + (shared, r["in_custody"], r["prison"], r["release_date"], r["consent"])
                    + (r["consent_override_reason"], r["decline_reason"], r["withdraw_reason"])
                    + (r["reason_detail"], r["closing_note"], r["first_contact_on"])
                    + (r["first_contact_before_release"], r["sent_at"], r["answered_at"])
                    + (r["closed_at"], r["reminded_at"], r["escalated_at"], r["involvement"])
                    + (r["version"], r["updated_at"])
                )
                results = r.get("results") or [""] * len(r["outcomes"])
                for position, (text, result) in enumerate(zip(r["outcomes"], results, strict=True)):
                    t["outcome"].add((r["id"], position, text[:300], result))
            self.result.outcomes = len(t["outcome"].rows)
            for name in ("referral", "outcome", "event", "timeline"):
                self.result.rows += t[name].flush()
        return self.result

    def run(self, progress=None, workers=None) -> ReferralsResult:
        total = ReferralsResult()
        starts = range(0, self.count, CHUNK)
        if workers is None:
            workers = 3 if connection.vendor == "postgresql" and len(starts) > 4 else 1
        with _roomy_sqlite_cache():
            if workers > 1:
                chunks = _in_processes(self, starts, workers)
            else:
                chunks = (self._chunk(start) for start in starts)
            for chunk in chunks:
                total.add(chunk)
                if progress:
                    progress(total.people, total)
        with transaction.atomic():
            _bring_last_contact_up_to_date()
        return total


_CLOSING = {
    ReferralEvent.Kind.COMPLETED,
    ReferralEvent.Kind.WITHDRAWN,
    ReferralEvent.Kind.CANCELLED,
    ReferralEvent.Kind.DECLINED,
}
_LABEL_CACHE = {}


def _communication_labels():
    if "communication" not in _LABEL_CACHE:
        _LABEL_CACHE["communication"] = {
            value: str(label) for value, label in Person.CommunicationNeed.choices
        }
    return _LABEL_CACHE["communication"]


def _need_label(status):
    key = ("need", status)
    if key not in _LABEL_CACHE:
        _LABEL_CACHE[key] = str(NeedStatus(status).label)
    return _LABEL_CACHE[key]


def _bring_last_contact_up_to_date():
    """A provider's first contact is a contact with the person (record_contact moves
    Person.last_contact_on forward): do the same for every person at once."""
    contacted = Referral.objects.filter(person=OuterRef("pk"), first_contact_on__isnull=False)
    latest = (
        contacted.order_by()
        .values("person")
        .annotate(latest=Max("first_contact_on"))
        .values("latest")[:1]
    )
    Person.records.filter(
        (Q(last_contact_on__isnull=True) & Exists(contacted))
        | Exists(contacted.filter(first_contact_on__gt=OuterRef("last_contact_on")))
    ).update(last_contact_on=Subquery(latest))


def remove_referrals(person_ids_to_remove) -> int:
    """Delete every referral of these people, children of a chain first (parent and
    chain_root protect their referral). Returns how many went."""
    removed = 0
    ids = list(person_ids_to_remove)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        with transaction.atomic():
            referrals = Referral.objects.filter(person_id__in=chunk)
            referrals.update(parent=None, chain_root=None)
            removed += referrals.delete()[1].get("referrals.Referral", 0)
    return removed


def wipe_referrals() -> None:
    """Remove every referral and what generating them added: their timeline lines, the
    involvements accepting them opened and the consents recorded for them. For a benchmark
    database reloading its referrals at another size; Person.last_contact_on is left as it
    is (a later load only moves it forward), and the caseload entries are for the caller to
    refresh."""
    tables = [ReferralEvent, DesiredOutcome, Referral]
    with transaction.atomic():
        opened = list(
            Referral.objects.filter(involvement__isnull=False).values_list(
                "involvement_id", flat=True
            )
        )
        consents = list(Consent.objects.filter(note=CONSENT_NOTE).values_list("pk", flat=True))
        Event.objects.filter(object_type="referrals.referral").delete()
        for start in range(0, len(consents), 5_000):
            batch = [str(pk) for pk in consents[start : start + 5_000]]
            Event.objects.filter(object_type="consents.consent", object_id__in=batch).delete()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Rows written earlier in this transaction leave deferred foreign-key checks
                # queued, and PostgreSQL refuses to TRUNCATE a table with pending trigger
                # events: run the checks now, then defer again as Django expects.
                names = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in tables)
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"TRUNCATE {names}")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            else:
                for model in tables:
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
        for start in range(0, len(opened), 5_000):
            Involvement.objects.filter(pk__in=opened[start : start + 5_000]).delete()
        for start in range(0, len(consents), 5_000):
            Consent.objects.filter(pk__in=consents[start : start + 5_000]).delete()


def generate_referrals(
    people: int = 2000,
    events: int | None = None,
    seed: int = 2026,
    today: datetime.date | None = None,
    progress=None,
    workers: int | None = None,
) -> ReferralsResult:
    """Referrals for the first `people` people generate_people made with this seed. `events`
    is the total of referral events to aim for (about five a referral); None gives about one
    referral a person."""
    if people < 0:
        raise ValueError("people must be zero or more")
    if events is not None and events < 0:
        raise ValueError("events must be zero or more")
    generator = _ReferralGenerator(
        people=people,
        events=events,
        seed=seed,
        today=today or timezone.localdate(),
    )
    return generator.run(progress, workers)
