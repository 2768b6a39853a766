"""Fictional people leaving London prisons, with their casework, for demonstrations and
benchmarks.

generate_people(people=2000, seed=2026, ...) makes each person's whole story: who they are (a
diverse, London-like mix of names, ages, languages and communication needs; their sex as on
the prison record, mostly men), custody history (received, transfers, release, now and then a
recall), equality monitoring, consent, the organisations and workers supporting them, needs
across the resettlement pathways with dated updates, a plan in their own words, case notes,
appointments, and one timeline Event for each of those things at the same moment.
Person.last_contact_on and needs_assessed_on agree with the rows underneath them, as the
actions would have kept them.

Demo data is loaded directly, not through the actions in each app's actions.py: the actions
check permissions, write audit rows and run side effects one person at a time, which would make
a million people take days. So nothing here is audited, and this module must keep the derived
fields (name_key, last_contact_on, needs_assessed_on) consistent itself.

Same seed, same data: every random choice comes from random.Random instances seeded from the
seed in a fixed order, and person ids are uuid5s of the seed and position (so a reset can find
them again). Dates count back and forward from `today`.

Rows are built as tuples in chunks of people and written per chunk, one transaction each:
with COPY on PostgreSQL (a million people and ten million events in minutes, in bounded
memory) and executemany on SQLite.
"""

import datetime
import json
import math
import random
import uuid
import zoneinfo
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from resettle.accounts.models import Membership, Role, User
from resettle.appointments.models import Appointment
from resettle.casenotes.models import CaseNote
from resettle.consents.models import Consent
from resettle.core import outcomes as outcome_vocabulary
from resettle.core import scales
from resettle.custody.models import Movement
from resettle.demo import outcomes as what_happened
from resettle.demo.generator import _Reference, _roomy_sqlite_cache, demo_id
from resettle.equality.models import EqualityMonitoring
from resettle.needs.models import Need, NeedUpdate, Side, Status
from resettle.outcomes.models import Outcome
from resettle.people.models import Involvement, OtherName, Person, name_key
from resettle.plans.models import Goal, Step
from resettle.soft_outcomes.actions import TITLES as CHECK_IN_TITLES
from resettle.soft_outcomes.models import Measurement
from resettle.taxonomy.models import TaxonomyTerm
from resettle.timeline.models import Event

LONDON = zoneinfo.ZoneInfo("Europe/London")
CHUNK = 5_000
# People allocated per caseworker, and mentees per mentor, when the generator sizes teams.
CASELOAD = 45
MENTEES = 8
# Named organisations' share of everyone, and the most people any one of them holds, so a
# million-person load gives the biggest organisation ~25,000 people rather than a third of
# London's prison leavers.
LEAD_SHARES = [(0.35, 25_000), (0.20, 12_000), (0.12, 8_000), (0.10, 6_000)]
# Events per person when no total is asked for: a demo rich enough to read.
DEMO_EVENTS_PER_PERSON = 25
STAFF_EMAIL_DOMAIN = "staff.demo.resettle.example"
# Share of people asked the well-being questions or progress scales over time.
CHECKED_IN = 0.3
# Share of records with no sex entered from the prison or probation record. Women are 5% of
# people (`woman` in _PeopleGenerator._person), close to their share of the prison population
# in England and Wales; their names, women's prisons and equality answers follow that draw.
SEX_NOT_RECORDED = 0.02

# --- Who people are --------------------------------------------------------------------------

# (ethnicity code, weight, languages {code: weight} for people of this background, religions,
#  men's given names, women's given names, family names). Weights are a London prison leaver
# population, roughly: over-represented Black and mixed groups, many Eastern Europeans. The
# names are common ones, combined at random: no real person is meant.
ORIGINS = [
    (
        "white-british",
        33,
        {"en": 1},
        {"none": 5, "christian": 4, "other": 0.2},
        "James Daniel Lee Ryan Craig Jamie Connor Liam Darren Mark Paul Steven Jack Kieran "
        "Scott Wayne Dean Shane Aaron Callum Billy Terry Jordan Ricky",
        "Kelly Sarah Emma Leanne Stacey Gemma Kayleigh Donna Chloe Lisa",
        "Smith Jones Taylor Brown Wilson Evans Walker Wright Robinson Hughes Clarke Harris "
        "Turner Cooper Ward Mitchell Barker Fletcher Hall Payne Bennett Marsh Griffiths",
    ),
    (
        "white-irish",
        2,
        {"en": 1},
        {"christian": 6, "none": 3},
        "Patrick Sean Michael John Martin Declan Ciaran",
        "Bridget Mary Siobhan Aoife",
        "Murphy O'Brien Doherty McCarthy Delaney Quinn Byrne Kelly Gallagher",
    ),
    (
        "white-gypsy-traveller",
        1.5,
        {"en": 1},
        {"christian": 7, "none": 2},
        "John Patrick Tommy Jimmy Johnny Martin",
        "Mary Bridget Kathleen",
        "Price Lee Doran Connors McDonagh Ward Joyce",
    ),
    (
        "white-roma",
        0.8,
        {"ro": 5, "en": 3},
        {"christian": 7, "none": 1},
        "Marius Florin Adrian Costel Nicu",
        "Maria Florentina",
        "Lacatus Stoica Rostas Caldararu Mihai",
    ),
    (
        "white-other:pl",
        5,
        {"pl": 5, "en": 4},
        {"christian": 7, "none": 3},
        "Piotr Tomasz Marek Krzysztof Pawel Lukasz Michal Kamil",
        "Agnieszka Katarzyna Magdalena",
        "Nowak Kowalczyk Wisniewski Zielinski Mazur Wojcik Krawczyk Lewandowski",
    ),
    (
        "white-other:ro",
        4,
        {"ro": 6, "en": 3},
        {"christian": 8, "none": 1},
        "Andrei Ionut Florin Mihai Catalin Bogdan Alexandru Vasile",
        "Elena Ioana Andreea",
        "Popa Ionescu Stan Dumitru Constantin Munteanu Radu Dobre",
    ),
    (
        "white-other:lt",
        1.5,
        {"lt": 5, "en": 4, "ru": 1},
        {"christian": 6, "none": 4},
        "Tomas Mantas Darius Lukas Andrius Paulius",
        "Ruta Egle",
        "Kazlauskas Petrauskas Jankauskas Stankevicius Vasiliauskas",
    ),
    (
        "white-other:pt",
        1.5,
        {"pt": 4, "en": 5},
        {"christian": 7, "none": 3},
        "Joao Tiago Rui Pedro Nuno Ricardo",
        "Ana Sofia",
        "Silva Santos Ferreira Pereira Costa Oliveira",
    ),
    (
        "white-other:tr",
        2,
        {"tr": 4, "en": 6, "ckb": 1},
        {"muslim": 7, "none": 2},
        "Mehmet Emre Hasan Murat Kemal Serkan",
        "Ayse Fatma",
        "Yilmaz Demir Kaya Celik Sahin Aydin Ozturk",
    ),
    (
        "white-other",
        2,
        {"en": 6, "sq": 2, "ru": 1},
        {"christian": 5, "none": 3, "muslim": 1},
        "Arben Besnik Dmitri Luca Stefan Nikolai",
        "Irina Elira",
        "Hoxha Berisha Ivanov Rossi Petrov Krasniqi",
    ),
    (
        "black-caribbean",
        12,
        {"en": 1},
        {"christian": 5, "none": 4, "other": 0.5, "muslim": 0.5},
        "Marcus Tyrone Jermaine Andre Leon Dwayne Kyle Nathan Jerome Delroy Tremaine Kemar",
        "Shanice Tanisha Marcia Kerry-Ann",
        "Campbell Thompson Clarke Williams Grant Francis Johnson Brown Morgan Reid Bailey "
        "Henry Lewis Samuels",
    ),
    (
        "black-african:so",
        3.5,
        {"so": 5, "en": 5},
        {"muslim": 9, "none": 1},
        "Abdi Mohamed Ahmed Abdirahman Hassan Yusuf Mahad Liban",
        "Hodan Amina Fadumo",
        "Abdullahi Farah Hussein Warsame Omar Ali Jama Nur",
    ),
    (
        "black-african",
        7,
        {"en": 9, "yo": 0.5, "tw": 0.5, "ti": 0.3, "fr": 0.3},
        {"christian": 7, "muslim": 2, "none": 1},
        "Chinedu Oluwaseun Emeka Kwame Kofi Tunde Samuel Daniel Ibrahim Femi Kelechi Yaw",
        "Blessing Chioma Abena Funmi",
        "Okafor Adeyemi Mensah Owusu Boateng Okonkwo Eze Adebayo Asante Bello Tesfaye",
    ),
    (
        "black-other",
        5,
        {"en": 1},
        {"christian": 4, "none": 4, "muslim": 1},
        "Malik Jordan Isaiah Kareem Joel Reece",
        "Jade Aaliyah",
        "Williams Johnson Brown James Charles Joseph",
    ),
    (
        "mixed-white-black-caribbean",
        4,
        {"en": 1},
        {"none": 6, "christian": 3},
        "Tyler Jayden Kai Josh Ashley Louis",
        "Jasmine Tia Aaliyah",
        "Smith Campbell Thomas Roberts Walker Henry",
    ),
    (
        "mixed-white-black-african",
        1,
        {"en": 1},
        {"none": 5, "christian": 4, "muslim": 1},
        "Daniel Ethan Samuel Adam",
        "Zara Naomi",
        "Mensah Okoro Parker Hill",
    ),
    (
        "mixed-white-asian",
        1,
        {"en": 1},
        {"none": 6, "muslim": 2, "hindu": 1},
        "Sami Rohan Adam Zak",
        "Leila Maya",
        "Khan Patel Hughes Ahmed",
    ),
    (
        "mixed-other",
        1.5,
        {"en": 1},
        {"none": 6, "christian": 2, "muslim": 1},
        "Kai Rio Theo Nico",
        "Luna Mia",
        "Da Silva Reyes Hamid Stewart",
    ),
    (
        "asian-indian",
        2.5,
        {"en": 8, "pa": 1.5, "gu": 1},
        {"sikh": 4, "hindu": 4, "muslim": 1, "none": 1},
        "Rajesh Amit Sunil Harpreet Gurpreet Vikram Jaspal Sanjay",
        "Priya Manpreet",
        "Patel Sharma Singh Gill Sandhu Chauhan Sidhu",
    ),
    (
        "asian-pakistani",
        3,
        {"en": 8, "ur": 2, "pa": 0.5},
        {"muslim": 9, "none": 1},
        "Imran Asif Usman Bilal Tariq Zain Faisal Adeel",
        "Ayesha Sana",
        "Khan Hussain Ahmed Iqbal Butt Malik Raza Akhtar",
    ),
    (
        "asian-bangladeshi",
        3,
        {"en": 8, "bn": 2.5},
        {"muslim": 9, "none": 1},
        "Mohammed Shahid Rahim Jamal Abdul Sayful Rubel Anwar",
        "Nasreen Shapla",
        "Miah Uddin Rahman Islam Ali Chowdhury Hoque",
    ),
    (
        "asian-chinese",
        0.5,
        {"en": 6, "cmn": 2, "yue": 2},
        {"none": 7, "buddhist": 2, "christian": 1},
        "Wei Jun Kevin Ming Hao",
        "Mei Ling",
        "Chen Wong Li Zhang Liu",
    ),
    (
        "asian-other",
        2.5,
        {"en": 6, "ta": 1.5, "prs": 1.5, "ps": 1},
        {"hindu": 3, "muslim": 5, "none": 1, "buddhist": 1},
        "Arjun Ahmad Suresh Farid Nuwan Javed",
        "Tharsika Mariam",
        "Sivakumar Rahimi Perera Karimi Nadarajah Ahmadzai",
    ),
    (
        "other-arab",
        1.5,
        {"ar": 6, "en": 4},
        {"muslim": 9, "christian": 1},
        "Omar Khalid Yousef Karim Mustafa Ali Sami",
        "Nour Huda",
        "Haddad Saleh Mansour Al-Sayed Nasser Hamdan",
    ),
    (
        "other-any",
        2,
        {"en": 5, "es": 2, "ckb": 1.5, "fa": 1, "vi": 0.5},
        {"none": 3, "christian": 3, "muslim": 3},
        "Diego Carlos Luis Dilan Reza Minh Andres",
        "Camila Valentina",
        "Rodriguez Gomez Martinez Ahmadi Nguyen Torres Kaya",
    ),
]
ORIGIN_WEIGHTS = [o[1] for o in ORIGINS]
_SPLIT = {i: (o[4].split(), o[5].split(), o[6].split()) for i, o in enumerate(ORIGINS)}

# Age bands of people leaving prison (skewed to 25-45).
AGE_BANDS = [
    ((18, 20), 7),
    ((21, 24), 13),
    ((25, 29), 18),
    ((30, 34), 17),
    ((35, 39), 15),
    ((40, 44), 11),
    ((45, 49), 8),
    ((50, 59), 8),
    ((60, 70), 3),
]

# (code, weight, custodial days before release (low, high)) — many short sentences.
SENTENCES = [
    (Person.SentenceBand.REMAND, 6, (14, 150)),
    (Person.SentenceBand.UNDER_12_MONTHS, 42, (20, 180)),
    (Person.SentenceBand.ONE_TO_FOUR_YEARS, 32, (180, 730)),
    (Person.SentenceBand.FOUR_TO_TEN_YEARS, 13, (730, 1_800)),
    (Person.SentenceBand.OVER_TEN_YEARS, 4, (1_800, 3_650)),
    (Person.SentenceBand.INDETERMINATE, 3, (2_500, 6_000)),
]
MEN_PRISONS = {
    "BMI": 8,
    "BXI": 7,
    "ISI": 6,
    "PVI": 11,
    "TSI": 11,
    "WWI": 13,
    "WSI": 10,
    "HOI": 8,
    "HPI": 5,
    "MTI": 5,
    "EYI": 6,
}
# Local prisons people are first received into; transfers go on to trainers further out.
RECEPTION_PRISONS = {"BMI": 3, "PVI": 4, "TSI": 3, "WWI": 4, "WSI": 3, "HOI": 1}
TRAINING_PRISONS = {"ISI": 2, "BXI": 2, "HPI": 3, "MTI": 3, "EYI": 3, "HOI": 1}
# Boroughs (GSS codes) with more people leaving prison than the London average.
BUSY_BOROUGHS = {
    "E09000008": 1.6,  # Croydon
    "E09000022": 1.6,  # Lambeth
    "E09000028": 1.5,  # Southwark
    "E09000025": 1.5,  # Newham
    "E09000012": 1.4,  # Hackney
    "E09000030": 1.4,  # Tower Hamlets
    "E09000023": 1.4,  # Lewisham
    "E09000014": 1.4,  # Haringey
    "E09000005": 1.3,  # Brent
    "E09000010": 1.3,  # Enfield
    "E09000001": 0.03,  # City of London
}
COMMUNICATION = {
    Person.CommunicationNeed.DYSLEXIA: 40,
    Person.CommunicationNeed.READING: 25,
    Person.CommunicationNeed.LEARNING_DISABILITY: 10,
    Person.CommunicationNeed.MEMORY: 10,
    Person.CommunicationNeed.AUTISM: 7,
    Person.CommunicationNeed.HEARING: 5,
    Person.CommunicationNeed.SIGHT: 2,
    Person.CommunicationNeed.SPEECH: 1,
}
COMMUNICATION_NOTES = [
    "Prefers things explained face to face; send short texts, not letters.",
    "Reads slowly: give written information in easy read, with time to go through it.",
    "Use plain words and check understanding; can get anxious in busy rooms.",
    "Needs a hearing loop or to sit facing the speaker.",
]

# --- What they need and say ------------------------------------------------------------------

# support need code -> (chance of having it, goal in the person's own words, steps, note texts)
NEEDS = {
    "find-accommodation": (
        0.42,
        "Somewhere safe to live when I get out, not back on my mate's sofa",
        [
            ("Send the duty to refer to the council's housing team", "Caseworker"),
            ("Fill in the housing application together", "Caseworker"),
            ("Go to the housing options appointment", "Person"),
        ],
        "Talked through where {first} can stay on release. Duty to refer sent to the council.",
    ),
    "release-day-accommodation": (
        0.18,
        "Know where I'm sleeping the night I come out",
        [("Book a bed for release night", "Caseworker")],
        "Bed confirmed for the night of release; {first} has the address written down.",
    ),
    "keep-tenancy": (
        0.06,
        "Keep my flat while I'm inside",
        [("Call the housing officer about the tenancy", "Caseworker")],
        "Housing officer agreed to hold the tenancy if rent is covered. Housing benefit form sent.",
    ),
    "supported-housing": (
        0.07,
        "A place with support, so I don't slip back",
        [("Referral to supported housing", "Caseworker")],
        "Supported housing referral made; assessment booked.",
    ),
    "rent-arrears": (
        0.05,
        "Sort out the rent I owe",
        [("Agree a repayment plan with the landlord", "Person")],
        "Went through the arrears letter together; repayment plan to propose.",
    ),
    "offending-behaviour": (
        0.04,
        "Finish the course and show I've changed",
        [("Book onto the programme", "Probation")],
        "Discussed the programme; {first} is keen to finish it before release.",
    ),
    "anger-management": (
        0.06,
        "Stay calm when things kick off",
        [("Join the anger management group", "Person")],
        "Spoke about what sets things off and what helped last time.",
    ),
    "confidence-motivation": (
        0.12,
        "Believe I can actually do this",
        [("Meet the peer mentor", "Person")],
        "{first} said they feel more hopeful; we agreed small steps for this week.",
    ),
    "family-contact": (
        0.18,
        "See my kids again",
        [("Contact the family support worker", "Caseworker")],
        "Family visit arranged; {first} is nervous but looking forward to it.",
    ),
    "parenting": (
        0.06,
        "Be a proper dad (or mum) to my kids",
        [("Start the parenting course", "Person")],
        "Parenting course place offered; starts next month.",
    ),
    "domestic-abuse": (
        0.03,
        "Be safe from him",
        [("Referral to the domestic abuse service", "Caseworker")],
        "Safety plan reviewed. Referral made to the domestic abuse service.",
    ),
    "community-groups": (
        0.04,
        "Find something to do with my days",
        [("Visit the community centre", "Person")],
        "Gave details of the community group that meets on Thursdays.",
    ),
    "drug-treatment": (
        0.24,
        "Stay clean when I'm out",
        [
            ("Referral to community drug service", "Caseworker"),
            ("Keep the first appointment", "Person"),
        ],
        "Drug service referral made; first appointment is the day after release.",
    ),
    "alcohol-support": (
        0.14,
        "Cut down on the drink",
        [("Go to the alcohol group", "Person")],
        "{first} has gone to two alcohol group sessions and wants to keep going.",
    ),
    "harm-reduction": (
        0.05,
        "Stay alive",
        [("Naloxone training", "Person")],
        "Naloxone kit given and shown how to use it.",
    ),
    "training": (
        0.18,
        "Get my forklift licence",
        [("Enrol on the course", "Person")],
        "Looked at courses together; {first} chose the forklift licence.",
    ),
    "find-work": (
        0.32,
        "Get a job, any job, and keep it",
        [("Register with the employment service", "Person"), ("Update my CV", "Person")],
        "Talked about work. {first} wants construction or driving work.",
    ),
    "cv-interviews": (
        0.12,
        "A CV I'm not embarrassed of",
        [("Write the CV together", "Caseworker")],
        "CV drafted together; {first} will add their qualifications from inside.",
    ),
    "volunteering": (
        0.05,
        "Give something back",
        [("Apply to volunteer", "Person")],
        "Volunteering role at the food bank discussed.",
    ),
    "disclosure-advice": (
        0.08,
        "Know what I have to tell employers",
        [("Check when my conviction is spent", "Caseworker")],
        "Went through disclosure: when the conviction is spent and how to explain it.",
    ),
    "id-documents": (
        0.38,
        "Get my ID sorted so I can open a bank account",
        [
            ("Apply for a birth certificate", "Caseworker"),
            ("Apply for a provisional licence", "Person"),
        ],
        "Birth certificate application sent; {first} needs it for the bank and benefits.",
    ),
    "bank-account": (
        0.32,
        "Have my own bank account",
        [("Book the bank appointment", "Caseworker")],
        "Bank account application done with the prison's bank scheme.",
    ),
    "benefits": (
        0.52,
        "Have money coming in from day one",
        [("Book the Universal Credit appointment", "Caseworker")],
        "Universal Credit claim started; appointment at the jobcentre booked for release week.",
    ),
    "debt-advice": (
        0.14,
        "Deal with the debts I left behind",
        [("Referral to debt advice", "Caseworker")],
        "Listed the debts together; referral to debt advice made.",
    ),
    "budgeting": (
        0.08,
        "Make my money last the month",
        [("Budgeting session", "Person")],
        "Went through a weekly budget; {first} found it useful.",
    ),
    "register-gp": (
        0.34,
        "Be registered with a GP near where I'll live",
        [("Register with a GP", "Person")],
        "GP registration form filled in; {first} will take it in on the first day out.",
    ),
    "mental-health": (
        0.28,
        "Get help with my head, not just pills",
        [("Referral to community mental health team", "Caseworker")],
        "{first} talked about feeling low; referral to the community mental health team.",
    ),
    "medication-release": (
        0.10,
        "Not run out of my meds when I leave",
        [("Ask healthcare for release medication", "Caseworker")],
        "Healthcare confirmed medication and a prescription for release.",
    ),
    "dental": (
        0.05,
        "Get my teeth fixed",
        [("Find an NHS dentist", "Person")],
        "Found an NHS dentist taking new patients.",
    ),
    "disability-support": (
        0.06,
        "Get the support I'm entitled to",
        [("Apply for PIP", "Caseworker")],
        "PIP form started; evidence from the GP requested.",
    ),
}
# The order goals usually come in: somewhere to live, money and ID, health, then the rest.
BASIC_FIRST = [
    "accommodation",
    "finance-id",
    "health",
    "drugs-alcohol",
    "families",
    "attitudes",
    "education-work",
]
GENERAL_NOTES = [
    "Check-in call. {first} is doing okay and knows what happens next.",
    "{first} rang to ask about the next appointment; reminded of the date and place.",
    "Three-way meeting with probation to agree who does what.",
    "Visited {first}. Went through the plan; nothing new to add this week.",
    "Left a voicemail for {first}; will try again tomorrow.",
]
APPOINTMENT_PURPOSES = {
    "accommodation": "Housing options",
    "attitudes": "Programme review",
    "families": "Family support session",
    "drugs-alcohol": "Drug and alcohol service",
    "education-work": "Employment support",
    "finance-id": "Benefits and ID",
    "health": "Health check",
    "": "Key work session",
}
STREETS = ["Church", "Station", "Park", "Victoria", "Mill", "Albert", "Queens"]
STREET_TYPES = ["Road", "Street", "Lane", "Close"]
INWARD = "ABDEFGHJLNPQRSTUWXYZ"
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
PNC_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
ORIENTATIONS = {"straight": 92, "gay-lesbian": 3, "bisexual": 2, "other": 0.5}
MARITAL = {
    "single": 70,
    "married": 12,
    "separated": 6,
    "divorced": 8,
    "civil-partnership": 0.5,
    "widowed": 1,
}
OUTCOMES = {
    Appointment.Outcome.ATTENDED: 70,
    Appointment.Outcome.LATE: 8,
    Appointment.Outcome.DID_NOT_ATTEND: 15,
    Appointment.Outcome.DID_NOT_HAPPEN: 7,
}
AGES = dict(AGE_BANDS)
END_REASONS = [
    "Support completed",
    "Moved out of London",
    "No longer wants support",
    "Transferred to another provider",
]


@dataclass
class PeopleResult:
    people: int = 0
    in_custody: int = 0
    organisations: int = 0
    staff: int = 0
    involvements: int = 0
    needs: int = 0
    goals: int = 0
    notes: int = 0
    appointments: int = 0
    movements: int = 0
    events: int = 0
    outcomes: int = 0
    check_ins: int = 0
    rows: int = 0
    caseloads: dict = field(default_factory=dict)


_CHOOSERS = {}
_LABELS = {}


def _pick(rng, weights: dict):
    """A weighted choice, with the cumulative weights worked out once per table of weights
    (the same draw as random.choices with plain weights, several times faster)."""
    chooser = _CHOOSERS.get(id(weights))
    if chooser is None:
        keys = list(weights)
        total, cumulative = 0.0, []
        for key in keys:
            total += weights[key]
            cumulative.append(total)
        chooser = _CHOOSERS[id(weights)] = (keys, cumulative, weights)
    return rng.choices(chooser[0], cum_weights=chooser[1])[0]


def _label(choices, value) -> str:
    """A choice's label as plain text, translated once rather than for every row."""
    key = (choices, value)
    if key not in _LABELS:
        _LABELS[key] = str(choices(value).label)
    return _LABELS[key]


def person_ids(seed: int, count: int) -> list[uuid.UUID]:
    """The ids generate_people gives its people, so a reset can find them again."""
    return [demo_id(seed, "person", i) for i in range(count)]


# --- Writing ---------------------------------------------------------------------------------


class _Table:
    """Rows of one table as tuples, in a fixed column order, written with COPY on PostgreSQL
    and executemany elsewhere."""

    def __init__(self, model, attnames):
        self.model = model
        self.fields = [model._meta.get_field(a) for a in attnames]
        # Fields this generator does not know about (added since) get their defaults, as the
        # ORM would give them: COPY and INSERT would otherwise leave them NULL.
        self.extra = []
        now = timezone.now()
        for f in model._meta.concrete_fields:
            if f in self.fields or (f.primary_key and f.get_internal_type() == "BigAutoField"):
                continue
            if f.primary_key and f.get_internal_type() == "AutoField":
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            elif f.has_default():
                value = f.get_default()
            else:
                value = None
            self.fields.append(f)
            self.extra.append(value)
        self.extra = tuple(self.extra)
        self.rows = []
        ops = connection.ops
        self.columns = [f.column for f in self.fields]
        self.copy = connection.vendor == "postgresql"
        prepare = []
        for f in self.fields:
            kind = (f.target_field if f.is_relation else f).get_internal_type()
            if kind == "JSONField":
                prepare.append(json.dumps)
            elif self.copy:
                prepare.append(None)
            elif kind == "UUIDField":
                prepare.append(lambda v: None if v is None else v.hex)
            elif kind == "DateTimeField":
                prepare.append(ops.adapt_datetimefield_value)
            elif kind == "DateField":
                prepare.append(ops.adapt_datefield_value)
            else:
                prepare.append(None)
        self.prepare = prepare if any(prepare) else None

    def add(self, row):
        self.rows.append(row + self.extra if self.extra else row)

    def has(self, attname) -> bool:
        return any(f.attname == attname or f.name == attname for f in self.fields)

    def flush(self) -> int:
        rows, self.rows = self.rows, []
        if not rows:
            return 0
        if self.prepare:
            steps = list(enumerate(self.prepare))
            rows = [
                tuple(
                    v if p is None or v is None else p(v)
                    for (_i, p), v in zip(steps, row, strict=True)
                )
                for row in rows
            ]
        qn = connection.ops.quote_name
        table = qn(self.model._meta.db_table)
        columns = ", ".join(qn(c) for c in self.columns)
        with connection.cursor() as cursor:
            if self.copy:
                with (
                    connection.wrap_database_errors,
                    cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
                ):
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
        return len(rows)


def _tables():
    return {
        "person": _Table(
            Person,
            [
                "id",
                "given_name",
                "family_name",
                "name_key",
                "date_of_birth",
                "sex",
                "prison_number",
                "pnc_id",
                "phone",
                "email",
                "address",
                "custody_status",
                "current_prison",
                "sentence_band",
                "release_date",
                "release_type",
                "home_borough",
                "preferred_language",
                "interpreter_needed",
                "communication_needs",
                "communication_notes",
                "last_contact_on",
                "no_needs_identified",
                "needs_assessed_on",
                "version",
                "created_at",
                "updated_at",
            ],
        ),
        "other_name": _Table(
            OtherName,
            ["person", "given_name", "family_name", "name_key"],
        ),
        "involvement": _Table(
            Involvement,
            ["person", "organisation", "kind", "worker", "started_on", "ended_on", "end_reason"],
        ),
        "movement": _Table(
            Movement,
            ["person", "kind", "on", "prison", "release_type", "note", "recorded_by"]
            + ["organisation", "recorded_at"],
        ),
        "equality": _Table(
            EqualityMonitoring, ["person", *EqualityMonitoring.QUESTIONS, "updated_at"]
        ),
        "consent": _Table(
            Consent,
            ["id", "person", "purpose", "organisation", "lawful_basis", "how_recorded"]
            + ["given_on", "note", "recorded_by", "recorded_by_organisation", "withdrawn_on"]
            + ["withdrawal_note", "withdrawal_recorded_by"],
        ),
        "need": _Table(
            Need,
            ["id", "person", "pathway", "support_need", "other_description", "status"]
            + ["version", "created_at", "updated_at"],
        ),
        "need_update": _Table(
            NeedUpdate,
            ["need", "on", "status", "side", "note", "recorded_by", "organisation", "recorded_at"],
        ),
        "goal": _Table(
            Goal,
            ["id", "person", "in_their_words", "pathway", "need", "status", "archive_reason"]
            + ["completed_on", "created_by", "organisation", "version", "created_at"]
            + ["updated_at"],
        ),
        "step": _Table(Step, ["goal", "what", "who", "due_on", "done_on", "created_at"]),
        "note": _Table(
            CaseNote, ["id", "person", "pathway", "text", "author", "organisation", "written_at"]
        ),
        "appointment": _Table(
            Appointment,
            ["id", "person", "starts_at", "mode", "purpose", "place", "organisation", "worker"]
            + ["outcome", "outcome_note", "recorded_by", "created_at"],
        ),
        "outcome": _Table(
            Outcome,
            ["id", "person", "kind", "on", "accommodation_type", "qualification_level"]
            + ["qualification_title", "hours_per_week", "sector", "source", "evidence_note"]
            + ["recorded_by", "organisation", "recorded_at", "import_batch"],
        ),
        "measurement": _Table(
            Measurement,
            ["person", "check_in", "instrument", "item", "score", "measured_on", "recorded_by"]
            + ["organisation", "created_at"],
        ),
        "event": _Table(
            Event,
            ["person", "at", "kind", "title", "detail", "pathway", "actor", "organisation"]
            + ["object_type", "object_id"],
        ),
    }


# --- Generating ------------------------------------------------------------------------------


@dataclass
class _Org:
    id: uuid.UUID
    name: str
    caseworkers: list = field(default_factory=list)
    mentors: list = field(default_factory=list)
    manager: int | None = None
    allocated: int = 0
    supporting: int = 0
    mentoring: int = 0


class _PeopleGenerator:
    def __init__(self, *, people, events, seed, today, organisations, named_staff):
        self.count = people
        self.events_target = events if events is not None else people * DEMO_EVENTS_PER_PERSON
        self.seed = seed
        self.today = today
        self.now = timezone.now()
        self.rng = random.Random(seed * 7919 + 17)
        self.chunk_start, self.chunk_end, self.chunk_target = 0, people, self.events_target
        self.ref = _Reference()
        self.result = PeopleResult()
        self.named_staff = named_staff or {}
        self.orgs = [_Org(o.id, o.name) for o in organisations]
        self.pathway_of = {code: t.parent_id for code, t in self.ref.needs.items()}
        self.pathway_code = {t.pk: t.code for t in TaxonomyTerm.objects.needs()}
        self.men_prisons = {c: w for c, w in MEN_PRISONS.items() if c in self.ref.prisons}
        boroughs = self.ref.boroughs
        self.borough_weights = [BUSY_BOROUGHS.get(b.gss_code, 1.0) for b in boroughs]
        self.produced_events = 0
        self.base_mean = 7.0

    # Organisations and their staff -----------------------------------------------------------

    def _allocate(self):
        """Which organisation leads on each person, supports them or mentors them, decided for
        everyone first so that each team is sized to its caseload before anyone is written."""
        rng = random.Random(self.seed * 104729 + 3)
        n = self.count
        leads = min(len(LEAD_SHARES), len(self.orgs))
        weights = []
        lead_total = 0.0
        for i in range(leads):
            share, cap = LEAD_SHARES[i]
            w = min(share * n, cap)
            weights.append(w)
            lead_total += w
        rest = len(self.orgs) - leads
        if rest:
            # Mildly skewed: a few big providers, many small ones.
            skews = [1 + 4 * rng.random() ** 3 for _ in range(rest)]
            scale = (n - lead_total) / sum(skews)
            weights += [s * scale for s in skews]
        cumulative = []
        total = 0.0
        for w in weights:
            total += w
            cumulative.append(total)
        indices = range(len(self.orgs))
        self.alloc = rng.choices(indices, cum_weights=cumulative, k=n)
        self.support = [None] * n
        self.mentor = [None] * n
        for i in range(n):
            org = self.alloc[i]
            self.orgs[org].allocated += 1
            roll = rng.random()
            if roll < 0.22 and len(self.orgs) > 1:
                other = rng.choices(indices, cum_weights=cumulative)[0]
                if other != org:
                    self.support[i] = other
                    self.orgs[other].supporting += 1
            if rng.random() < 0.12:
                m = org if (self.support[i] is None or rng.random() < 0.6) else self.support[i]
                self.mentor[i] = m
                self.orgs[m].mentoring += 1

    def _staff(self):
        """Named demo users first in each team, then generated caseworkers, mentors and a
        manager, so every worker carries a realistic 30-60 people."""
        rng = random.Random(self.seed * 15485863 + 5)
        password = make_password(None)  # unusable: generated staff never sign in
        users, memberships = [], []
        for index, org in enumerate(self.orgs):
            named = self.named_staff.get(org.id, {})
            org.caseworkers = list(named.get(Role.CASEWORKER, [])) + list(
                named.get(Role.INTAKE, [])
            )
            org.mentors = list(named.get(Role.MENTOR, []))
            managers = list(named.get(Role.MANAGER, []))
            org.manager = managers[0] if managers else None
            people = org.allocated + org.supporting * 0.5
            wanted = max(1, math.ceil(people * 0.8 / CASELOAD)) if people else 0
            new = []
            for slot in range(len(org.caseworkers), wanted):
                new.append((Role.CASEWORKER, slot))
            for slot in range(len(org.mentors), math.ceil(org.mentoring / MENTEES)):
                new.append((Role.MENTOR, slot))
            if org.manager is None and people:
                new.append((Role.MANAGER, 0))
            for role, slot in new:
                origin = _SPLIT[rng.choices(range(len(ORIGINS)), weights=ORIGIN_WEIGHTS)[0]]
                woman = rng.random() < 0.55
                first = rng.choice(origin[1] if woman else origin[0])
                last = rng.choice(origin[2])
                email = f"{role}.{slot}.org{index}@{STAFF_EMAIL_DOMAIN}"
                user = User(
                    username=email,
                    email=email,
                    first_name=first,
                    last_name=last,
                    password=password,
                    is_demo=True,
                    is_active=True,
                )
                users.append((user, org, role))
        for start in range(0, len(users), 2_000):
            batch = users[start : start + 2_000]
            # Generating more people for the same organisations reuses their staff.
            existing = dict(
                User.objects.filter(email__in=[u.email for u, _o, _r in batch]).values_list(
                    "email", "pk"
                )
            )
            fresh = [(u, o, r) for u, o, r in batch if u.email not in existing]
            with transaction.atomic():
                User.objects.bulk_create([u for u, _o, _r in fresh])
                memberships = [
                    Membership(user=u, organisation_id=o.id, role=r) for u, o, r in fresh
                ]
                Membership.objects.bulk_create(memberships)
            for user, _o, _r in batch:
                if user.pk is None:
                    user.pk = existing[user.email]
            for user, org, role in batch:
                if role == Role.CASEWORKER:
                    org.caseworkers.append(user.pk)
                elif role == Role.MENTOR:
                    org.mentors.append(user.pk)
                else:
                    org.manager = user.pk
        self.result_staff = len(users)
        self.result_organisations = sum(1 for o in self.orgs if o.allocated)

    # One person ------------------------------------------------------------------------------

    def _at(self, day, early=9, late=17):
        rng = self.rng
        return datetime.datetime(
            day.year,
            day.month,
            day.day,
            rng.randint(early, late - 1),
            rng.randrange(0, 60, 5),
            tzinfo=LONDON,
        )

    def _uuid(self):
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def _event(
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
        t["event"].add((pid, at, kind, title[:200], detail, pathway, actor, org, obj_type, obj_id))
        self.person_events += 1

    def _day(self, start, end):
        """A day between start and end inclusive."""
        span = (end - start).days
        return start + datetime.timedelta(days=self.rng.randint(0, max(0, span)))

    def _person(self, i, t):
        rng = self.rng
        today = self.today
        self.person_events = 0
        pid = demo_id(self.seed, "person", i)
        origin_index = rng.choices(range(len(ORIGINS)), weights=ORIGIN_WEIGHTS)[0]
        origin = ORIGINS[origin_index]
        given_m, given_f, families = _SPLIT[origin_index]
        ethnicity = origin[0].split(":")[0]
        woman = rng.random() < 0.05
        # From a stream of its own, so the rest of what a seed gives does not depend on it.
        if self.sex_rng.random() < SEX_NOT_RECORDED:
            sex = ""
        else:
            sex = Person.Sex.FEMALE if woman else Person.Sex.MALE
        given = rng.choice(given_f if woman else given_m)
        family = rng.choice(families)
        low, high = _pick(rng, AGES)
        age = rng.randint(low, high)
        born = today - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
        language = _pick(rng, origin[2])
        interpreter = language != "en" and rng.random() < 0.6
        needs_comm = []
        if rng.random() < 0.15:
            needs_comm = list(
                dict.fromkeys(_pick(rng, COMMUNICATION) for _ in range(rng.choice([1, 1, 1, 2])))
            )
        comm_note = rng.choice(COMMUNICATION_NOTES) if needs_comm and rng.random() < 0.4 else ""

        # Custody: sentence, reception, transfers, release and recall.
        band, _w, (served_low, served_high) = rng.choices(
            SENTENCES, weights=[s[1] for s in SENTENCES]
        )[0]
        released = rng.random() < 0.55 and band != Person.SentenceBand.INDETERMINATE
        if released:
            release = today - datetime.timedelta(days=rng.randint(1, 730))
        elif band in (Person.SentenceBand.REMAND,) or (
            band == Person.SentenceBand.INDETERMINATE and rng.random() < 0.5
        ):
            release = None
        elif rng.random() < 0.88:
            release = today + datetime.timedelta(days=rng.randint(0, 182))
        else:
            release = today + datetime.timedelta(days=rng.randint(183, 900))
        served = rng.randint(served_low, served_high)
        received = (release or today) - datetime.timedelta(days=served)
        if release is None:
            received = today - datetime.timedelta(days=rng.randint(3, served))
        if woman:
            prisons = ["BZI" if rng.random() < 0.6 else "DWI"]
        elif age <= 21 and rng.random() < 0.75:
            prisons = ["FMI"]
        else:
            prisons = [_pick(rng, RECEPTION_PRISONS)]
            transfers = 0 if served < 120 else rng.choices([0, 1, 2], weights=[5, 3, 1])[0]
            for _ in range(transfers):
                nxt = _pick(rng, TRAINING_PRISONS)
                if nxt != prisons[-1]:
                    prisons.append(nxt)
        org_index = self.alloc[i]
        org = self.orgs[org_index]
        worker = rng.choice(org.caseworkers) if org.caseworkers and rng.random() < 0.95 else None
        org_id = org.id

        # Casework starts some weeks before release, or soon after reception for short stays.
        anchor = release or today
        start = max(
            received + datetime.timedelta(days=rng.randint(2, 14)),
            anchor - datetime.timedelta(days=rng.randint(50, 180)),
        )
        start = max(received, min(start, today - datetime.timedelta(days=rng.randint(0, 20))))
        ended = None
        if released and (today - release).days > 300 and rng.random() < 0.35:
            ended = release + datetime.timedelta(days=rng.randint(120, (today - release).days))
            ended = min(ended, today)
        active_until = ended or today

        movements = [(Movement.Kind.RECEIVED, received, prisons[0], "")]
        stay = (min(release or today, today) - received).days
        for n, prison in enumerate(prisons[1:], start=1):
            movements.append(
                (
                    Movement.Kind.TRANSFERRED,
                    received + datetime.timedelta(days=stay * n // len(prisons)),
                    prison,
                    "",
                )
            )
        release_type = ""
        custody = Person.Custody.IN_CUSTODY
        current_prison = prisons[-1]
        if release is not None:
            if band == Person.SentenceBand.REMAND:
                release_type = Person.ReleaseType.REMAND
            elif band == Person.SentenceBand.INDETERMINATE or (
                band == Person.SentenceBand.OVER_TEN_YEARS and rng.random() < 0.3
            ):
                release_type = Person.ReleaseType.PAROLE
            elif band == Person.SentenceBand.UNDER_12_MONTHS and rng.random() < 0.2:
                release_type = Person.ReleaseType.END_OF_SENTENCE
            elif rng.random() < 0.15:
                release_type = Person.ReleaseType.HOME_DETENTION_CURFEW
            else:
                release_type = Person.ReleaseType.CONDITIONAL_RELEASE
        if released:
            movements.append((Movement.Kind.RELEASED, release, prisons[-1], release_type))
            custody = Person.Custody.IN_COMMUNITY
            current_prison = None
            if ended is None and (today - release).days > 40 and rng.random() < 0.08:
                recalled = release + datetime.timedelta(
                    days=rng.randint(20, (today - release).days - 10)
                )
                movements.append((Movement.Kind.RECALLED, recalled, prisons[-1], ""))
                if (today - recalled).days > 30 and rng.random() < 0.5:
                    release = recalled + datetime.timedelta(
                        days=rng.randint(14, (today - recalled).days)
                    )
                    release_type = Person.ReleaseType.RECALL_RELEASE
                    movements.append((Movement.Kind.RELEASED, release, prisons[-1], release_type))
                else:
                    custody = Person.Custody.IN_CUSTODY
                    current_prison = prisons[-1]
                    release = today + datetime.timedelta(days=rng.randint(7, 170))
                    release_type = Person.ReleaseType.RECALL_RELEASE
        in_custody_on = self._custody_check(movements)

        # Organisations working with the person.
        t["involvement"].add(
            (
                pid,
                org_id,
                Involvement.Kind.ALLOCATED,
                worker,
                start,
                ended,
                rng.choice(END_REASONS) if ended else "",
            )
        )
        self.result.involvements += 1
        created = self._at(start)
        borough = rng.choices(self.ref.boroughs, weights=self.borough_weights)[0]
        org_name = org.name
        self._event(
            t,
            pid,
            created,
            Event.Kind.RECORD,
            f"Record created and allocated to {org_name}",
            actor=worker,
            org=org_id,
            obj_type="people.person",
            obj_id=str(pid),
        )
        if ended:
            self._event(
                t,
                pid,
                self._at(ended),
                Event.Kind.ORGANISATION,
                f"{org_name} stopped working with {given}",
                actor=worker,
                org=org_id,
            )
        workers_by_org = {org_id: worker}
        extra_orgs = []
        if self.support[i] is not None:
            other = self.orgs[self.support[i]]
            other_worker = (
                rng.choice(other.caseworkers) if other.caseworkers and rng.random() < 0.7 else None
            )
            other_start = self._day(start, active_until)
            other_end = (
                None
                if ended is None and rng.random() < 0.8
                else self._day(other_start, active_until)
            )
            if other_end == today:
                other_end = None
            kind = Involvement.Kind.REFERRED if rng.random() < 0.5 else Involvement.Kind.SUPPORTING
            t["involvement"].add(
                (
                    pid,
                    other.id,
                    kind,
                    other_worker,
                    other_start,
                    other_end,
                    rng.choice(END_REASONS) if other_end else "",
                )
            )
            self.result.involvements += 1
            self._event(
                t,
                pid,
                self._at(other_start),
                Event.Kind.ORGANISATION,
                f"{other.name} started supporting {given}",
                actor=worker,
                org=org_id,
            )
            workers_by_org[other.id] = other_worker
            extra_orgs.append(other.id)
        if self.mentor[i] is not None:
            mentor_org = self.orgs[self.mentor[i]]
            mentor = rng.choice(mentor_org.mentors) if mentor_org.mentors else None
            mentor_start = self._day(start, active_until)
            t["involvement"].add(
                (
                    pid,
                    mentor_org.id,
                    Involvement.Kind.MENTORING,
                    mentor,
                    mentor_start,
                    ended,
                    rng.choice(END_REASONS) if ended else "",
                )
            )
            self.result.involvements += 1
            self._event(
                t,
                pid,
                self._at(mentor_start),
                Event.Kind.ORGANISATION,
                "Peer mentor matched",
                actor=worker,
                org=mentor_org.id,
            )

        for kind, on, prison_code, rtype in movements:
            prison = self.ref.prisons[prison_code]
            at = self._at(on)
            t["movement"].add(
                (
                    pid,
                    kind,
                    on,
                    prison.pk,
                    rtype,
                    "",
                    worker if on >= start else None,
                    org_id if on >= start else None,
                    at,
                )
            )
            title = {
                Movement.Kind.RECEIVED: f"Received into {prison.name}",
                Movement.Kind.TRANSFERRED: f"Transferred to {prison.name}",
                Movement.Kind.RELEASED: f"Released from {prison.name}",
                Movement.Kind.RECALLED: f"Recalled to {prison.name}",
            }[kind]
            self._event(t, pid, at, Event.Kind.CUSTODY, title, org=org_id if on >= start else None)
            self.result.movements += 1

        # Consent: most agree to share their record; a few later withdraw.
        public_task = rng.random() < 0.05
        consents = [Consent.Purpose.SHARE_RECORD]
        if rng.random() < 0.4:
            consents.append(Consent.Purpose.REFERRALS)
        if rng.random() < 0.25:
            consents.append(Consent.Purpose.CONTACT)
        for purpose in consents:
            withdrawn = None
            if rng.random() < 0.03 and (active_until - start).days > 10:
                withdrawn = self._day(start + datetime.timedelta(days=5), active_until)
            basis = Consent.LawfulBasis.PUBLIC_TASK if public_task else Consent.LawfulBasis.CONSENT
            how = (
                Consent.HowRecorded.NOT_APPLICABLE
                if public_task
                else rng.choice(
                    [
                        Consent.HowRecorded.SIGNED,
                        Consent.HowRecorded.SIGNED,
                        Consent.HowRecorded.IN_PERSON,
                    ]
                )
            )
            consent_id = self._uuid()
            t["consent"].add(
                (
                    consent_id,
                    pid,
                    purpose,
                    None,
                    basis,
                    how,
                    start,
                    "",
                    worker,
                    org_id,
                    withdrawn,
                    "Asked us to stop sharing." if withdrawn else "",
                    worker if withdrawn else None,
                )
            )
            label = _label(Consent.Purpose, purpose)
            self._event(
                t,
                pid,
                created,
                Event.Kind.CONSENT,
                f"Consent recorded: {label}",
                actor=worker,
                org=org_id,
                obj_type="consents.consent",
                obj_id=str(consent_id),
            )
            if withdrawn:
                self._event(
                    t,
                    pid,
                    self._at(withdrawn),
                    Event.Kind.CONSENT,
                    f"Consent withdrawn: {label}",
                    actor=worker,
                    org=org_id,
                    obj_type="consents.consent",
                    obj_id=str(consent_id),
                )

        # Equality monitoring: most answer some questions; some prefer not to say.
        if rng.random() < 0.85:
            t["equality"].add(
                (pid, *self._equality(origin, ethnicity, woman, needs_comm), self.now)
            )

        # Needs, assessed soon after allocation.
        assessed = None
        no_needs = False
        needs = []
        if rng.random() < 0.95 or (active_until - start).days > 14:
            assessed = min(active_until, start + datetime.timedelta(days=rng.randint(0, 14)))
            for code, (chance, *_rest) in NEEDS.items():
                if code == "domestic-abuse" and woman:
                    chance = 0.3
                if rng.random() < chance and code in self.ref.needs:
                    needs.append(code)
            rng.shuffle(needs)
            needs = needs[: rng.randint(1, 7)]
            no_needs = not needs
        needs.sort(key=lambda c: BASIC_FIRST.index(self.pathway_code[self.pathway_of[c]]))
        need_rows = []
        assessed_at = self._at(assessed) if assessed else None
        for code in needs:
            need_id = self._uuid()
            pathway = self.pathway_of[code]
            need_rows.append([need_id, code, pathway, Status.NOT_STARTED, assessed_at])
            side = Side.PRISON if in_custody_on(assessed) else Side.COMMUNITY
            t["need_update"].add(
                (
                    need_id,
                    assessed,
                    Status.NOT_STARTED,
                    side,
                    "Identified at assessment.",
                    worker,
                    org_id,
                    assessed_at,
                )
            )
        if assessed:
            title = (
                f"Needs assessed: {len(needs)} identified"
                if needs
                else "Needs assessed: no needs identified"
            )
            self._event(t, pid, assessed_at, Event.Kind.NEED, title, actor=worker, org=org_id)

        # The plan: goals in their own words, basic needs first (mostly).
        goals = []
        goal_needs = need_rows[: rng.choice([1, 1, 2, 2, 3, 4])] if need_rows else []
        if len(goal_needs) > 1 and rng.random() < 0.15:
            goal_needs = goal_needs[::-1]
        for n, need in enumerate(goal_needs):
            goal_id = self._uuid()
            goal_at = assessed_at + datetime.timedelta(minutes=20 + n)
            goals.append([goal_id, need, goal_at])
            self._event(
                t,
                pid,
                goal_at,
                Event.Kind.PLAN,
                f"Goal agreed: {NEEDS[need[1]][1]}",
                actor=worker,
                org=org_id,
                pathway=self.pathway_code[need[2]],
                obj_type="plans.goal",
                obj_id=str(goal_id),
            )

        # The elastic part of the story: updates, notes and appointments, as many as this
        # person's share of the requested total of timeline events.
        remaining = self.chunk_end - i
        target = (self.chunk_target - self.produced_events) / remaining
        span_weight = min(3.0, max(0.3, (active_until - start).days / 120))
        mean = max(0.0, (target - self.base_mean) * span_weight / 1.1)
        activities = int(rng.gammavariate(2.0, mean / 2.0) + 0.5) if mean > 0 else 0

        no_contact = rng.random() < (0.3 if custody == Person.Custody.IN_CUSTODY else 0.1)
        last_contact = None
        window = max(0, (active_until - start).days)
        days = sorted(
            start + datetime.timedelta(days=rng.randint(0, window)) for _ in range(activities)
        )
        for day in days:
            roll = rng.random()
            open_needs = [n for n in need_rows if n[3] in (Status.NOT_STARTED, Status.IN_PROGRESS)]
            if roll < 0.25 and open_needs and day >= (assessed or day):
                need = rng.choice(open_needs)
                status = (
                    Status.IN_PROGRESS
                    if need[3] == Status.NOT_STARTED
                    else (Status.MET if rng.random() < 0.85 else Status.DECLINED)
                )
                need[3] = status
                # Later than the need's last update, even on the same day, so the latest
                # dated update is always the one that set the status.
                at = max(self._at(day), need[4] + datetime.timedelta(minutes=5))
                day = at.date()
                need[4] = at
                side = Side.PRISON if in_custody_on(day) else Side.COMMUNITY
                term = self.ref.needs[need[1]]
                t["need_update"].add((need[0], day, status, side, "", worker, org_id, at))
                self._event(
                    t,
                    pid,
                    at,
                    Event.Kind.NEED,
                    f"{term.name}: {_label(Status, status).lower()}",
                    actor=worker,
                    org=org_id,
                    pathway=self.pathway_code[need[2]],
                    obj_type="needs.need",
                    obj_id=str(need[0]),
                )
            elif roll < 0.6:
                at = self._at(day)
                note_id = self._uuid()
                if need_rows and rng.random() < 0.7:
                    need = rng.choice(need_rows)
                    text = NEEDS[need[1]][3].format(first=given)
                    pathway = need[2]
                else:
                    text = rng.choice(GENERAL_NOTES).format(first=given)
                    pathway = None
                author_org = org_id if not extra_orgs or rng.random() < 0.8 else extra_orgs[0]
                author = workers_by_org.get(author_org)
                t["note"].add((note_id, pid, pathway, text, author, author_org, at))
                self.result.notes += 1
                code = self.pathway_code.get(pathway, "")
                self._event(
                    t,
                    pid,
                    at,
                    Event.Kind.NOTE,
                    "Case note",
                    detail=text[:120],
                    actor=author,
                    org=author_org,
                    pathway=code,
                    obj_type="casenotes.casenote",
                    obj_id=str(note_id),
                )
            else:
                at = self._at(day, 10, 16)
                if day >= today:
                    continue
                in_custody_then = in_custody_on(day)
                pathway = rng.choice(need_rows)[2] if need_rows and rng.random() < 0.6 else None
                purpose = APPOINTMENT_PURPOSES[self.pathway_code.get(pathway, "")]
                if no_contact:
                    outcome = rng.choice(
                        [Appointment.Outcome.DID_NOT_ATTEND, Appointment.Outcome.DID_NOT_HAPPEN]
                    )
                else:
                    outcome = _pick(rng, OUTCOMES)
                if in_custody_then:
                    mode = (
                        Appointment.Mode.IN_PERSON if rng.random() < 0.7 else Appointment.Mode.VIDEO
                    )
                    place = (
                        self.ref.prisons[self._prison_on(movements, day)].name
                        if mode == Appointment.Mode.IN_PERSON
                        else ""
                    )
                else:
                    mode = (
                        Appointment.Mode.IN_PERSON if rng.random() < 0.6 else Appointment.Mode.PHONE
                    )
                    place = f"{org_name} office" if mode == Appointment.Mode.IN_PERSON else ""
                self._appointment(
                    t,
                    pid,
                    at,
                    mode,
                    purpose,
                    place,
                    org_id,
                    worker,
                    outcome,
                    at - datetime.timedelta(days=rng.randint(2, 10)),
                )
                if outcome in Appointment.CONTACT_MADE:
                    last_contact = max(last_contact or day, day)

        # Steps towards each goal; goals whose need was met are completed.
        for goal_id, need, goal_at in goals:
            status = Goal.Status.ACTIVE
            completed = None
            if need[3] == Status.MET:
                status = Goal.Status.COMPLETED
                completed = need[4].astimezone(LONDON).date()
            elif need[3] == Status.DECLINED:
                status = Goal.Status.ARCHIVED
            steps = NEEDS[need[1]][2]
            for what, who in steps:
                due = goal_at.date() + datetime.timedelta(days=rng.randint(7, 42))
                done = None
                if status == Goal.Status.COMPLETED or (due < today and rng.random() < 0.5):
                    done = min(today, completed or due)
                t["step"].add(
                    (
                        goal_id,
                        what,
                        "Caseworker"
                        if who == "Caseworker"
                        else ("Probation" if who == "Probation" else given),
                        due,
                        done,
                        goal_at,
                    )
                )
                if done:
                    self._event(
                        t,
                        pid,
                        self._at(done),
                        Event.Kind.PLAN,
                        f"Step done: {what}",
                        actor=worker,
                        org=org_id,
                        pathway=self.pathway_code[need[2]],
                        obj_type="plans.goal",
                        obj_id=str(goal_id),
                    )
            t["goal"].add(
                (
                    goal_id,
                    pid,
                    NEEDS[need[1]][1],
                    need[2],
                    need[0],
                    status,
                    "The need was declined." if status == Goal.Status.ARCHIVED else "",
                    completed,
                    worker,
                    org_id,
                    1,
                    goal_at,
                    need[4],
                )
            )
            self.result.goals += 1
        for need_id, code, pathway, status, updated in need_rows:
            t["need"].add(
                (
                    need_id,
                    pid,
                    pathway,
                    self.ref.needs[code].pk,
                    "",
                    status,
                    1,
                    assessed_at,
                    updated,
                )
            )
            self.result.needs += 1

        self._what_happened(
            t,
            pid,
            band=band,
            age=age,
            start=start,
            until=active_until,
            movements=movements,
            needs=needs,
            org=org,
            worker=worker,
        )

        # What happens next: upcoming appointments for people still being supported.
        if ended is None and rng.random() < 0.6:
            for _ in range(rng.choice([1, 1, 2])):
                day = today + datetime.timedelta(days=rng.randint(1, 28))
                at = self._at(day, 10, 16)
                in_custody_then = custody == Person.Custody.IN_CUSTODY and (
                    release is None or day < release
                )
                mode = Appointment.Mode.IN_PERSON if rng.random() < 0.7 else Appointment.Mode.PHONE
                place = (
                    self.ref.prisons[current_prison].name
                    if in_custody_then and mode == Appointment.Mode.IN_PERSON and current_prison
                    else (f"{org_name} office" if mode == Appointment.Mode.IN_PERSON else "")
                )
                booked = self._at(max(start, today - datetime.timedelta(days=rng.randint(0, 10))))
                self._appointment(
                    t, pid, at, mode, APPOINTMENT_PURPOSES[""], place, org_id, worker, "", booked
                )

        address = ""
        phone = ""
        if custody == Person.Custody.IN_COMMUNITY or rng.random() < 0.3:
            district = rng.choice(self.ref.districts[borough.pk])
            street = rng.choice(STREETS)
            inward = f"{rng.randint(1, 9)}{rng.choice(INWARD)}{rng.choice(INWARD)}"
            address = (
                f"Flat {rng.randint(1, 40)}, {rng.randint(1, 200)} {street} "
                f"{rng.choice(STREET_TYPES)}\nLondon\n{district.code} {inward}"
            )
        if rng.random() < 0.7:
            phone = f"07700 900{rng.randrange(1000):03d}"
        email = (
            f"{given}.{family}{i}@example.com".lower().replace("'", "")
            if rng.random() < 0.3
            else ""
        )
        pnc = (
            f"{received.year % 100:02d}/{rng.randrange(10**7):07d}{rng.choice(PNC_LETTERS)}"
            if rng.random() < 0.6
            else ""
        )
        prison_number = (
            f"{rng.choice('AG')}{i % 10_000:04d}{LETTERS[(i // 10_000) % 24]}"
            f"{LETTERS[(i // 240_000 + rng.randrange(24)) % 24]}"
        )
        current = self.ref.prisons[current_prison].pk if current_prison else None
        t["person"].add(
            (
                pid,
                given,
                family,
                name_key(family, given),
                born,
                sex,
                prison_number,
                pnc,
                phone,
                email,
                address,
                custody,
                current,
                band,
                release,
                release_type,
                borough.pk,
                language,
                interpreter,
                needs_comm,
                comm_note,
                last_contact,
                no_needs,
                assessed,
                1,
                created,
                self.now,
            )
        )
        if rng.random() < 0.08:
            alias = rng.choice(families) if rng.random() < 0.5 else family
            other_given = rng.choice(given_f if woman else given_m)
            t["other_name"].add((pid, other_given, alias, name_key(alias, other_given)))
        self.result.people += 1
        if custody == Person.Custody.IN_CUSTODY:
            self.result.in_custody += 1
        self.produced_events += self.person_events
        fixed = self.person_events - activities
        self.base_mean += (fixed - self.base_mean) / min(i + 1 - self.chunk_start, 2000)

    def _what_happened(self, t, pid, *, band, age, start, until, movements, needs, org, worker):
        """Hard outcomes and progress check-ins, each with its timeline event, as the
        outcomes and soft_outcomes actions would have written them."""
        rng = self.outcome_rng
        released = [on for kind, on, _p, _r in movements if kind == Movement.Kind.RELEASED]
        recalls = [on for kind, on, _p, _r in movements if kind == Movement.Kind.RECALLED]
        released_on = released[0] if released and released[0] <= self.today else None

        def at(day):
            day = min(day, self.today)
            return datetime.datetime(
                day.year,
                day.month,
                day.day,
                rng.randint(9, 16),
                rng.randrange(0, 60, 5),
                tzinfo=LONDON,
            )

        for outcome in what_happened.hard_outcomes(
            rng,
            today=self.today,
            band=band,
            age=age,
            start=start,
            released_on=released_on,
            recalls=recalls,
            needs=needs,
        ):
            outcome_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            imported = outcome.source == what_happened.IMPORTED
            recorder = org.manager if imported else worker
            recorded_at = at(outcome.on + datetime.timedelta(days=rng.randint(0, 7)))
            t["outcome"].add(
                (
                    outcome_id,
                    pid,
                    outcome.kind,
                    outcome.on,
                    outcome.accommodation_type,
                    outcome.qualification_level,
                    outcome.qualification_title,
                    outcome.hours_per_week,
                    outcome.sector,
                    outcome.source,
                    "",
                    recorder,
                    org.id,
                    recorded_at,
                    self.import_batch if imported else None,
                )
            )
            self.result.outcomes += 1
            self._event(
                t,
                pid,
                recorded_at,
                Event.Kind.OUTCOME,
                _outcome_title(outcome),
                detail=_label(Outcome.Source, outcome.source),
                pathway=outcome_vocabulary.PATHWAYS.get(outcome.kind, ""),
                actor=recorder,
                org=org.id,
                obj_type="outcomes.outcome",
                obj_id=str(outcome_id),
            )
        if rng.random() >= CHECKED_IN:
            return
        for check_in in what_happened.check_ins(rng, start=start, until=until):
            check_in_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            when = at(check_in.on)
            for item, score in check_in.scores:
                t["measurement"].add(
                    (pid, check_in_id, check_in.instrument, item, score, check_in.on)
                    + (worker, org.id, when)
                )
            instrument = scales.instrument(check_in.instrument)
            self.result.check_ins += 1
            self._event(
                t,
                pid,
                when,
                Event.Kind.OUTCOME,
                CHECK_IN_TITLES[check_in.instrument],
                detail=" · ".join(
                    f"{instrument.item(item).name}: {score}" for item, score in check_in.scores
                ),
                actor=worker,
                org=org.id,
            )

    def _appointment(self, t, pid, at, mode, purpose, place, org_id, worker, outcome, booked):
        appointment_id = self._uuid()
        t["appointment"].add(
            (
                appointment_id,
                pid,
                at,
                mode,
                purpose,
                place,
                org_id,
                worker,
                outcome,
                "",
                worker if outcome else None,
                booked,
            )
        )
        self.result.appointments += 1
        if outcome:
            title = f"{purpose}: {_label(Appointment.Outcome, outcome).lower()}"
            when = at
        else:
            title = f"Appointment booked: {purpose}, {at:%d %B %Y}"
            when = booked
        self._event(
            t,
            pid,
            when,
            Event.Kind.APPOINTMENT,
            title,
            actor=worker,
            org=org_id,
            obj_type="appointments.appointment",
            obj_id=str(appointment_id),
        )

    @staticmethod
    def _custody_check(movements):
        """A function telling whether the person was in custody on a given day."""
        changes = sorted((on, kind) for kind, on, _p, _r in movements)

        def in_custody_on(day):
            inside = False
            for on, kind in changes:
                if on > day:
                    break
                inside = kind != Movement.Kind.RELEASED
            return inside

        return in_custody_on

    @staticmethod
    def _prison_on(movements, day):
        prison = movements[0][2]
        for _kind, on, code, _r in movements:
            if on <= day:
                prison = code
        return prison

    def _equality(self, origin, ethnicity, woman, needs_comm):
        rng = self.rng
        PNS = "prefer-not-to-say"

        def answer(value, blank=0.08, refuse=0.05):
            roll = rng.random()
            return "" if roll < blank else PNS if roll < blank + refuse else value

        def yes(chance):
            return "yes" if rng.random() < chance else "no"

        foreign = origin[0].startswith(("white-other", "white-roma")) or origin[0].endswith(":so")
        return (
            answer(ethnicity, 0.08, 0.06),
            answer("female" if woman else "male", 0.03, 0.02),
            answer(yes(0.99), 0.1, 0.04),
            answer(
                _pick(rng, ORIENTATIONS),
                0.08,
                0.1,
            ),
            answer(_pick(rng, origin[3]), 0.1, 0.06),
            answer(yes(0.32), 0.08, 0.05),
            answer(
                _pick(rng, MARITAL),
                0.1,
                0.04,
            ),
            answer(yes(0.04), 0.1, 0.03) if woman else "",
            answer(yes(0.24), 0.1, 0.05),
            answer(yes(0.04), 0.08, 0.02),
            answer(yes(0.6 if foreign else 0.02), 0.08, 0.04),
            answer("yes" if needs_comm else yes(0.15), 0.1, 0.05),
            answer(yes(0.12 if not woman else 0.5), 0.1, 0.03),
        )

    # The whole load --------------------------------------------------------------------------

    def _chunk(self, start) -> PeopleResult:
        """Generate and write people [start, start + CHUNK) in one transaction. Each chunk has
        its own random stream and its share of the events, so the data is the same however
        many processes write it."""
        end = min(start + CHUNK, self.count)
        self.rng = random.Random(f"{self.seed}/people/{start}")
        # Outcomes draw from a stream of their own. Their timeline events still count towards
        # the budget of events, which sets how much casework the people after them get.
        self.outcome_rng = random.Random(f"{self.seed}/outcomes/{start}")
        self.sex_rng = random.Random(f"{self.seed}/sex/{start}")
        # Re-offending flags in each chunk arrive as one imported file would.
        self.import_batch = uuid.UUID(int=self.outcome_rng.getrandbits(128), version=4)
        self.result = PeopleResult()
        self.chunk_start, self.chunk_end = start, end
        self.chunk_target = self.events_target * (end - start) / self.count
        self.produced_events = 0
        self.base_mean = 7.0
        tables = _tables()
        for i in range(start, end):
            self._person(i, tables)
        with transaction.atomic():
            for name in TABLE_ORDER:
                written = tables[name].flush()
                self.result.rows += written
                if name == "event":
                    self.result.events += written
        return self.result

    def run(self, progress=None, workers=None) -> PeopleResult:
        self._allocate()
        self._staff()
        total = PeopleResult()
        starts = range(0, self.count, CHUNK)
        if workers is None:
            # PostgreSQL takes concurrent COPYs; SQLite has one writer.
            workers = 3 if connection.vendor == "postgresql" and len(starts) > 4 else 1
        with _roomy_sqlite_cache():
            if workers > 1:
                chunks = _in_processes(self, starts, workers)
            else:
                chunks = (self._chunk(start) for start in starts)
            for chunk in chunks:
                for name in ("people", "in_custody", "involvements", "needs", "goals", "notes"):
                    setattr(total, name, getattr(total, name) + getattr(chunk, name))
                for name in ("appointments", "movements", "events", "outcomes", "check_ins"):
                    setattr(total, name, getattr(total, name) + getattr(chunk, name))
                for name in ("rows",):
                    setattr(total, name, getattr(total, name) + getattr(chunk, name))
                if progress:
                    progress(total.people, total)
        total.staff = self.result_staff
        total.organisations = self.result_organisations
        for org in self.orgs:
            if org.allocated:
                total.caseloads[org.id] = org.allocated
        return total


def _outcome_title(outcome) -> str:
    """As resettle.outcomes.actions.title_for words it: the kind, then its details."""
    details = []
    if outcome.accommodation_type:
        details.append(_label(Outcome.AccommodationType, outcome.accommodation_type))
    if outcome.qualification_level:
        details.append(_label(Outcome.QualificationLevel, outcome.qualification_level))
    if outcome.qualification_title:
        details.append(outcome.qualification_title)
    if outcome.hours_per_week is not None:
        details.append(f"{outcome.hours_per_week} hours a week")
    if outcome.sector:
        details.append(outcome.sector)
    label = _label(Outcome.Kind, outcome.kind)
    return f"{label}: {', '.join(details)}" if details else label


TABLE_ORDER = ["person", "other_name", "involvement", "movement", "equality", "consent"]
TABLE_ORDER += ["need", "need_update", "goal", "step", "note", "appointment", "outcome"]
TABLE_ORDER += ["measurement", "event"]

# The generator a forked worker process uses: set before forking, inherited by the children.
_FORKED = None


def _forked_chunk(start):
    return _FORKED._chunk(start)


def _in_processes(generator, starts, workers):
    """Generate chunks in forked processes, each writing with its own connection: Python
    builds rows on one core while PostgreSQL stores them on the other."""
    import multiprocessing

    from django.db import connections

    global _FORKED
    _FORKED = generator
    # A connection must never be shared across a fork: each child opens its own.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    try:
        with context.Pool(workers, initializer=connections.close_all) as pool:
            yield from pool.imap(_forked_chunk, starts)
    finally:
        _FORKED = None


def generate_people(
    people: int = 2000,
    events: int | None = None,
    seed: int = 2026,
    today: datetime.date | None = None,
    organisations=None,
    named_staff: dict | None = None,
    progress=None,
    workers: int | None = None,
) -> PeopleResult:
    """Create `people` fictional people and their casework, allocated across `organisations`
    (the first four take the biggest shares, capped as LEAD_SHARES says). `named_staff` maps an
    organisation id to {role: [user ids]}: those users join that organisation's teams first,
    so demo sign-ins have real caseloads. `events` is the timeline total to aim for (the
    generator lands within a fraction of a per cent of it); None gives a rich demo."""
    if people < 0:
        raise ValueError("people must be zero or more")
    if people and not organisations:
        raise ValueError("People need at least one organisation to be allocated to.")
    generator = _PeopleGenerator(
        people=people,
        events=events,
        seed=seed,
        today=today or timezone.localdate(),
        organisations=list(organisations or []),
        named_staff=named_staff,
    )
    return generator.run(progress, workers)
