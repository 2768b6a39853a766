"""The words the demo generator composes names, descriptions and addresses from.

Every organisation and street name is invented. Place-like words are made up or paired so that
no name belongs to a real charity; numbers and contact details use ranges reserved for fiction.
Descriptions differ by need, group and delivery, so text search over the demo finds something
meaningful ("tenancy", "naloxone", "Tigrinya", "Feltham").
"""

# Invented place-like words that start organisation names.
TOPONYMS = [
    "Amberwell",
    "Larchmere",
    "Hollowbrook",
    "Fennick",
    "Brightwater",
    "Oakhollow",
    "Marlowe Gate",
    "Thistledown",
    "Wrenfield",
    "Ashcombe",
    "Bramblegate",
    "Elderbrook",
    "Foxlowe",
    "Calderwick",
    "Penhallow",
    "Linnet Lane",
    "Rowanbank",
    "Kestrelmoor",
    "Millbrae",
    "Quillfield",
    "Sablewood",
    "Tamberlyn",
    "Westerholm",
    "Yarrowby",
    "Juniper Row",
    "Cobalt Yard",
    "Lanternhill",
    "Northwick Fold",
    "Orchardine",
    "Pellow",
    "Redfern Vale",
    "Starling Court",
    "Tidewell",
    "Vellacott",
    "Willowmere",
    "Alderbury",
    "Beckwith",
    "Dovecote",
    "Emberton",
    "Glenhallow",
    "Inkwell",
    "Jessamy",
    "Kingfisher Quay",
    "Lowther Green",
    "Merriman",
    "Oriel Square",
    "Peregrine",
    "Quayside",
    "Silverbirch",
    "Upton Vale",
    "Verity",
    "Whitlow",
    "Yewtree",
    "Harbourne",
    "Cressingham",
    "Farrowdale",
    "Gillamoor",
    "Hartsmere",
    "Lindqvist",
    "Moorcroft",
    "Pinfold",
    "Stowbridge",
]

# Organisation suffixes, by legal form.
SUFFIXES = ["Trust", "Project", "Partnership", "Foundation", "Network", "Centre", "Charity"]
COMMUNITY_SUFFIXES = ["Collective", "Network", "Forum", "Alliance", "Circle", "Voice", "Project"]

LEGAL_FORMS = [
    # (legal status, has a charity number, has a company number, weight)
    ("Charitable incorporated organisation", True, False, 5),
    ("Charitable company limited by guarantee", True, True, 5),
    ("Community interest company", False, True, 2),
    ("Unincorporated association", True, False, 1),
]

# Pathway code -> words for an organisation that focuses on it.
PATHWAY_NOUNS = {
    "accommodation": ["Housing", "Homes", "Move-On"],
    "attitudes": ["Second Chances", "Turning Points", "Changing Lives"],
    "families": ["Families", "Family Links", "Kinship"],
    "drugs-alcohol": ["Recovery", "Recovery Community", "Clear Horizons"],
    "education-work": ["Skills", "Employment", "Work Ready"],
    "finance-id": ["Money Advice", "Advice", "Rights"],
    "health": ["Health", "Wellbeing", "Mind and Body"],
    "general": ["Resettlement", "Through the Gate", "Reintegration", "Fresh Start"],
}

PATHWAY_FOCUS = {
    "accommodation": "It helps people find and keep a home after prison.",
    "attitudes": "It runs groups and one-to-one work on thinking, behaviour and motivation.",
    "families": "It keeps families together through a sentence and after release.",
    "drugs-alcohol": "It supports recovery from drug and alcohol use, inside prison and out.",
    "education-work": "It helps people into training, qualifications and paid work.",
    "finance-id": "It sorts out ID, bank accounts, benefits and debt.",
    "health": "It helps people get the health care they need after release.",
    "general": "It offers practical help with whatever someone needs most after release.",
}

# Support need code -> (service names, sentences). Names are sentence case; sentences are
# plain English, in the voice of the service.
NEEDS = {
    "find-accommodation": (
        ["Housing advice", "Move-on housing support", "Finding a home service"],
        [
            "We help you find somewhere to live after prison, from hostels to private rented "
            "rooms with landlords who accept people on probation.",
            "Our housing workers search for rooms, help with deposits and rent in advance, and "
            "go with you to viewings.",
        ],
    ),
    "release-day-accommodation": (
        ["Release day housing", "Night of release accommodation", "Gate to home"],
        [
            "If you have nowhere to stay on the day you are released, we find you a bed for "
            "that night and the days after.",
            "We meet you at the gate and make sure you have a safe place to sleep on your first "
            "night out.",
        ],
    ),
    "keep-tenancy": (
        ["Tenancy sustainment", "Keep your home", "Tenancy rescue"],
        [
            "We help you keep your tenancy while you are in prison, or end it properly so you "
            "do not build up arrears.",
            "We talk to your landlord or council about your tenancy and help you keep your home "
            "through a short sentence.",
        ],
    ),
    "supported-housing": (
        ["Supported housing", "Shared supported house", "Move-on flats"],
        [
            "We run shared houses with a support worker on hand, for people who need more help "
            "to live independently.",
            "You get a room in a supported house and a key worker who helps you build the "
            "skills to move on to your own place.",
        ],
    ),
    "rent-arrears": (
        ["Rent arrears help", "Housing costs advice"],
        [
            "We help you deal with rent arrears and housing costs, including Housing Benefit "
            "and the housing part of Universal Credit.",
            "If you owe rent from before your sentence, we help you agree a repayment plan you "
            "can afford.",
        ],
    ),
    "offending-behaviour": (
        ["Change programme", "Thinking skills group", "Desistance course"],
        [
            "A group course that helps you understand the choices that led to offending and "
            "plan a different future.",
            "Weekly sessions on thinking skills, consequences and goals, run by facilitators "
            "with lived experience.",
        ],
    ),
    "anger-management": (
        ["Managing anger course", "Conflict and calm"],
        [
            "A short course on managing anger and conflict, with practical ways to stay calm "
            "under pressure.",
            "One-to-one and group sessions to help you handle conflict without it costing you "
            "your freedom.",
        ],
    ),
    "confidence-motivation": (
        ["Confidence building", "Motivation coaching", "Peer mentoring"],
        [
            "A mentor with lived experience meets you every week to build your confidence and "
            "keep you going.",
            "Coaching that starts with your own hopes and helps you take small, steady steps "
            "towards them.",
        ],
    ),
    "family-contact": (
        ["Family contact support", "Family links service"],
        [
            "We help you keep in touch with your family during and after a sentence, including "
            "visits, calls and letters.",
            "We support families with a loved one in prison and help rebuild relationships on "
            "release.",
        ],
    ),
    "parenting": (
        ["Parenting support", "Dads and mums group"],
        [
            "Parenting courses and one-to-one support for mums and dads who have been in prison.",
            "We help you rebuild your relationship with your children and work with social "
            "services if they are involved.",
        ],
    ),
    "domestic-abuse": (
        ["Domestic abuse support", "Safe futures service"],
        [
            "Support for survivors of domestic abuse, including safety planning and help to "
            "find safe housing.",
            "An independent domestic violence adviser helps you stay safe and understand your "
            "options.",
        ],
    ),
    "community-groups": (
        ["Community connections", "Faith and community links"],
        [
            "We connect you with community and faith groups near where you live, so you are not "
            "on your own after release.",
            "A volunteer introduces you to local groups, clubs and places of worship that "
            "welcome people with convictions.",
        ],
    ),
    "drug-treatment": (
        ["Drug treatment", "Recovery support", "Substitute prescribing link"],
        [
            "Drug treatment in the community, picking up where prison treatment left off, "
            "including substitute prescribing.",
            "We make sure your drug treatment carries on after release without a gap, with a "
            "named recovery worker.",
        ],
    ),
    "alcohol-support": (
        ["Alcohol support", "Alcohol recovery group"],
        [
            "Support to cut down or stop drinking, with one-to-one sessions and recovery groups.",
            "Alcohol workers help you plan a safe detox and stay sober after release.",
        ],
    ),
    "harm-reduction": (
        ["Harm reduction", "Naloxone and needle exchange"],
        [
            "Naloxone kits and training, needle exchange and advice on staying safe, especially "
            "in the first weeks after release when overdose risk is highest.",
            "Harm reduction advice without judgement, including naloxone to reverse an opioid "
            "overdose.",
        ],
    ),
    "training": (
        ["Training and qualifications", "Skills academy", "Learning for work"],
        [
            "Free courses and qualifications, from English and maths to construction cards and "
            "forklift licences.",
            "We help you carry on courses you started in prison and get the certificates you "
            "earned.",
        ],
    ),
    "find-work": (
        ["Employment support", "Jobs brokerage", "Into work service"],
        [
            "An employment adviser helps you find work with employers who give people with "
            "convictions a fair chance.",
            "We match you with inclusive employers and support you and your employer for the "
            "first months in work.",
        ],
    ),
    "cv-interviews": (
        ["CV and interview workshop", "Job search club"],
        [
            "Help writing a CV that explains gaps honestly, and practice interviews with feedback.",
            "A weekly job search club with computers, CV help and interview practice.",
        ],
    ),
    "volunteering": (
        ["Volunteering programme", "Give back volunteering"],
        [
            "Volunteering placements that build experience and references, with expenses paid.",
            "We find you a volunteering role that fits your interests and can lead to paid work.",
        ],
    ),
    "disclosure-advice": (
        ["Disclosure advice", "Criminal records advice"],
        [
            "Advice on when and how to disclose a conviction to employers, and when it becomes "
            "spent.",
            "We explain DBS checks and the Rehabilitation of Offenders Act in plain English, and "
            "help you write a disclosure letter.",
        ],
    ),
    "id-documents": (
        ["ID and documents", "Get your ID service"],
        [
            "We help you get a birth certificate, passport or provisional driving licence, and "
            "can pay the fees.",
            "No ID? We help you apply for the documents you need to open a bank account, claim "
            "benefits and rent a home.",
        ],
    ),
    "bank-account": (
        ["Bank account help", "Basic bank account support"],
        [
            "We help you open a basic bank account, even without a fixed address or photo ID.",
            "Support to open a bank account before or soon after release, so your wages and "
            "benefits can be paid.",
        ],
    ),
    "benefits": (
        ["Benefits advice", "Universal Credit help"],
        [
            "Help to claim Universal Credit and other benefits, including advance payments on "
            "the day of release.",
            "A welfare rights adviser checks what you are entitled to and helps you appeal if a "
            "claim is refused.",
        ],
    ),
    "debt-advice": (
        ["Debt advice", "Money and debt clinic"],
        [
            "Free, confidential debt advice, including court fines, rent arrears and payday loans.",
            "We deal with your creditors for you and help you set up a debt relief order if it "
            "is right for you.",
        ],
    ),
    "budgeting": (
        ["Money skills", "Budgeting course"],
        [
            "A short course on budgeting, paying bills and avoiding debt.",
            "One-to-one help to plan your money in the first weeks after release.",
        ],
    ),
    "register-gp": (
        ["GP registration help", "Health access service"],
        [
            "We help you register with a GP and a dentist, even without proof of address.",
            "A health navigator registers you with a GP and goes with you to your first "
            "appointment.",
        ],
    ),
    "mental-health": (
        ["Mental health support", "Wellbeing service", "Talking therapies link"],
        [
            "Mental health support and talking therapies, with quick referrals to specialist "
            "care when needed.",
            "A mental health worker helps with anxiety, low mood and trauma, and links you to "
            "NHS services.",
        ],
    ),
    "medication-release": (
        ["Medication on release", "Prescription bridging"],
        [
            "We make sure you leave prison with the medication you need and a prescription "
            "waiting in the community.",
            "A pharmacist-led service that stops your medicines running out in the first weeks "
            "after release.",
        ],
    ),
    "dental": (
        ["Dental access", "Community dental clinic"],
        [
            "Free dental check-ups and treatment for people who have recently left prison.",
            "We find you an NHS dentist and help with urgent dental pain.",
        ],
    ),
    "disability-support": (
        ["Disability support", "Learning disability and autism support"],
        [
            "Support for disabled people and people with a learning disability or autism, "
            "with easy-read information and extra time.",
            "We make sure services make reasonable adjustments for you, and come with you to "
            "appointments.",
        ],
    ),
}

# Group code -> (words for a community-led organisation's name, who it is for in a sentence,
# sentence about specialism, weight among community-led organisations, related languages).
GROUPS = {
    "black-asian-minority-ethnic": (
        ["Black and Asian", "Diaspora", "Global Majority"],
        "Black, Asian and minority ethnic people",
        "We specialise in supporting Black, Asian and minority ethnic people, and understand "
        "the racism many have faced in the justice system.",
        4,
        ["so", "bn", "ur", "yo", "tw"],
    ),
    "black-african-caribbean": (
        ["African and Caribbean", "Black Men's", "Caribbean Heritage"],
        "Black African and Caribbean people",
        "Our work is rooted in Black African and Caribbean communities, with mentors who share "
        "your background.",
        3,
        ["yo", "tw", "so", "fr"],
    ),
    "asian": (
        ["South Asian", "Asian Community"],
        "Asian and Asian British people",
        "We work with Asian and Asian British people and their families, in their own languages "
        "where that helps.",
        2,
        ["bn", "ur", "pa", "gu", "hi", "ta"],
    ),
    "women": (
        ["Women's", "Sisters'"],
        "women",
        "A women-only service, run by women, in a space where women feel safe.",
        4,
        [],
    ),
    "young-adults": (
        ["Young People's", "Youth", "Next Generation"],
        "young adults aged 18 to 25",
        "We work with young adults aged 18 to 25, at a pace that suits them.",
        3,
        [],
    ),
    "gypsy-roma-traveller": (
        ["Gypsy, Roma and Traveller", "Roma Community"],
        "Gypsy, Roma and Traveller people",
        "We support Gypsy, Roma and Traveller people and understand the discrimination "
        "Traveller communities face.",
        1,
        ["ro"],
    ),
    "lgb": (
        ["LGBT+", "Rainbow"],
        "lesbian, gay and bisexual people",
        "An inclusive service for lesbian, gay and bisexual people, run by LGBT+ staff and "
        "volunteers.",
        1,
        [],
    ),
    "trans-people": (
        ["Trans and Non-Binary"],
        "trans and non-binary people",
        "We support trans and non-binary people, and use the name and pronouns you ask us to.",
        1,
        [],
    ),
    "veterans": (
        ["Veterans'", "Ex-Forces"],
        "armed forces veterans",
        "For armed forces veterans, with caseworkers who have served and understand life after "
        "the forces.",
        1,
        [],
    ),
    "foreign-nationals": (
        ["Migrant", "New Londoners'"],
        "foreign nationals",
        "We help foreign nationals with immigration questions as well as resettlement, and work "
        "with interpreters.",
        2,
        ["pl", "ro", "ar", "so", "ti", "pt", "es", "fa", "sq", "lt"],
    ),
    "muslim": (
        ["Muslim"],
        "Muslim people",
        "Faith-sensitive support for Muslim people, with access to imams and mosque communities.",
        1,
        ["ar", "ur", "bn", "so"],
    ),
    "care-leavers": (
        ["Care Leavers'"],
        "care leavers",
        "For care leavers, working with your leaving care team and personal adviser.",
        1,
        [],
    ),
    "older-people": (
        ["Older Persons'", "Fifty Plus"],
        "people aged 50 and over",
        "For people aged 50 and over, including help with health conditions and pensions.",
        1,
        [],
    ),
    "learning-disability-neurodivergence": (
        ["Neurodiversity"],
        "people with a learning disability or neurodivergence",
        "We support people with a learning disability, autism, ADHD or dyslexia, with "
        "easy-read information.",
        1,
        ["bfi"],
    ),
    "primary-carers": (
        ["Parents'"],
        "primary carers of children",
        "For parents and primary carers, with help arranging childcare around appointments.",
        0,
        [],
    ),
    "pregnant-new-mothers": (
        ["Mothers'"],
        "pregnant women and new mothers",
        "For pregnant women and new mothers, with midwife links and baby essentials.",
        0,
        [],
    ),
    "disabled-people": (
        ["Disabled People's"],
        "disabled people",
        "Accessible support for disabled people, in step-free buildings with hearing loops.",
        0,
        ["bfi"],
    ),
    "faith-communities": (
        ["Interfaith"],
        "people of any faith",
        "Run with local faith communities; everyone is welcome, of any faith or none.",
        0,
        [],
    ),
    "men": (
        ["Men's"],
        "men",
        "A men-only service.",
        0,
        [],
    ),
}

# Community languages, weighted roughly by how often they are spoken in London.
LANGUAGE_WEIGHTS = {
    "pl": 10,
    "bn": 8,
    "ro": 7,
    "ur": 6,
    "pt": 5,
    "es": 5,
    "ar": 5,
    "so": 5,
    "tr": 4,
    "pa": 4,
    "gu": 4,
    "lt": 3,
    "fa": 3,
    "ti": 3,
    "ta": 3,
    "fr": 3,
    "it": 2,
    "ru": 2,
    "sq": 2,
    "yo": 2,
    "tw": 2,
    "hi": 2,
    "am": 1,
    "prs": 1,
    "ps": 1,
    "ckb": 1,
    "vi": 1,
    "cmn": 1,
    "yue": 1,
    "bfi": 1,
}

# HMPPS codes, weighted by how many Londoners each holds.
MEN_PRISONS = {
    "PVI": 10,
    "WWI": 10,
    "WSI": 9,
    "TSI": 8,
    "BMI": 6,
    "BXI": 6,
    "ISI": 5,
    "HOI": 5,
    "HPI": 3,
    "MTI": 3,
    "EYI": 3,
}
WOMEN_PRISONS = {"BZI": 10, "DWI": 6}
YOUNG_ADULT_PRISONS = {"FMI": 10, "ISI": 5}

STREET_WORDS = [
    "Alder",
    "Beacon",
    "Canal",
    "Drayman",
    "Elmstead",
    "Foundry",
    "Garnet",
    "Hatter",
    "Ironmonger",
    "Jubilee",
    "Kiln",
    "Lamplighter",
    "Maltings",
    "Netmaker",
    "Orchard",
    "Pewter",
    "Quarry",
    "Ropewalk",
    "Saddler",
    "Tanner",
    "Usher",
    "Vinegar",
    "Weaver",
    "Yeoman",
    "Cooper",
    "Brewhouse",
    "Chandler",
    "Glazier",
    "Mason",
    "Tollgate",
    "Wharf",
    "Bellfounder",
    "Cordwainer",
    "Fletcher",
    "Haberdasher",
    "Millstone",
    "Printworks",
]
STREET_TYPES = [
    "Road",
    "Street",
    "Lane",
    "Way",
    "Grove",
    "Terrace",
    "Place",
    "Row",
    "Yard",
    "Walk",
    "Mews",
    "Crescent",
    "Parade",
]
BUILDINGS = ["House", "Centre", "Works", "Hall", "Court", "Chambers"]

DELIVERY = [
    "You can drop in without an appointment on the days we are open.",
    "Most support is one to one, in person or by phone, at times that suit you.",
    "We can meet you at the prison gate on the day you are released.",
    "Sessions run in small groups, with one-to-one catch-ups in between.",
    "We visit you at home, in a hostel or in approved premises if that is easier.",
    "Support usually lasts up to six months, and longer if you need it.",
]

LEAVING = [
    "leaving prison in the next 12 weeks or released in the last 12 months",
    "on probation or released from prison in the last two years",
    "with a conviction, including people on licence or a community sentence",
    "leaving prison or on licence",
]

EXTRA_CONDITIONS = [
    "",
    "",
    " You need to want support; we cannot work with people who do not agree to it.",
    " We cannot house people with a current arson conviction because of fire safety rules.",
    " A probation practitioner must be involved in the referral.",
    " You do not need to be on benefits or have ID to get help.",
]

SCHEDULE_DAYS = [
    ("MO,TU,WE,TH,FR", 8),
    ("MO,WE,FR", 3),
    ("TU,TH", 3),
    ("MO,TU,WE,TH", 2),
    ("WE", 1),
    ("TH", 1),
    ("MO,TU,WE,TH,FR,SA", 1),
]
SCHEDULE_HOURS = [
    ("09:00", "17:00", 6),
    ("09:30", "16:30", 4),
    ("10:00", "16:00", 3),
    ("10:00", "13:00", 2),
    ("13:00", "17:00", 1),
    ("17:30", "20:00", 1),
]
