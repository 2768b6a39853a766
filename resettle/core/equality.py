"""Equality monitoring vocabularies (ONS 2021 census, Equality Act 2010 and the other groups
monitored in resettlement work). Plain data, so reports and the people app share one list.

Every question also accepts PREFER_NOT_TO_SAY, and every answer is optional: a blank answer
means "not asked yet", which is different from a refusal.
"""

PREFER_NOT_TO_SAY = "prefer-not-to-say"

# ONS 2021: 19 categories in 5 groups, in the census order.
ETHNICITY_GROUPS = [
    (
        "Asian or Asian British",
        [
            ("asian-indian", "Indian"),
            ("asian-pakistani", "Pakistani"),
            ("asian-bangladeshi", "Bangladeshi"),
            ("asian-chinese", "Chinese"),
            ("asian-other", "Any other Asian background"),
        ],
    ),
    (
        "Black, Black British, Caribbean or African",
        [
            ("black-african", "African"),
            ("black-caribbean", "Caribbean"),
            ("black-other", "Any other Black, Black British or Caribbean background"),
        ],
    ),
    (
        "Mixed or multiple ethnic groups",
        [
            ("mixed-white-black-caribbean", "White and Black Caribbean"),
            ("mixed-white-black-african", "White and Black African"),
            ("mixed-white-asian", "White and Asian"),
            ("mixed-other", "Any other mixed or multiple ethnic background"),
        ],
    ),
    (
        "White",
        [
            ("white-british", "English, Welsh, Scottish, Northern Irish or British"),
            ("white-irish", "Irish"),
            ("white-gypsy-traveller", "Gypsy or Irish Traveller"),
            ("white-roma", "Roma"),
            ("white-other", "Any other White background"),
        ],
    ),
    (
        "Other ethnic group",
        [
            ("other-arab", "Arab"),
            ("other-any", "Any other ethnic group"),
        ],
    ),
]

ETHNICITIES = [code for _group, options in ETHNICITY_GROUPS for code, _label in options]


def ethnic_group_of(code: str) -> str | None:
    """The ONS 5-group heading a detailed category belongs to."""
    for group, options in ETHNICITY_GROUPS:
        if any(code == option for option, _label in options):
            return group
    return None


SEX = [("female", "Female"), ("male", "Male")]
YES_NO = [("yes", "Yes"), ("no", "No")]
SEXUAL_ORIENTATION = [
    ("straight", "Straight or heterosexual"),
    ("gay-lesbian", "Gay or lesbian"),
    ("bisexual", "Bisexual"),
    ("other", "Another sexual orientation"),
]
RELIGION = [
    ("none", "No religion"),
    ("christian", "Christian"),
    ("buddhist", "Buddhist"),
    ("hindu", "Hindu"),
    ("jewish", "Jewish"),
    ("muslim", "Muslim"),
    ("sikh", "Sikh"),
    ("other", "Any other religion"),
]
MARITAL_STATUS = [
    ("single", "Never married or in a civil partnership"),
    ("married", "Married"),
    ("civil-partnership", "In a civil partnership"),
    ("separated", "Separated"),
    ("divorced", "Divorced or civil partnership dissolved"),
    ("widowed", "Widowed or surviving civil partner"),
]

# question code -> (question in plain English, options). Options exclude PREFER_NOT_TO_SAY,
# which every question offers.
QUESTIONS = {
    "ethnicity": ("What is your ethnic group?", None),  # grouped: ETHNICITY_GROUPS
    "sex": ("What is your sex?", SEX),
    "gender_same_as_birth": (
        "Is the gender you identify with the same as your sex registered at birth?",
        YES_NO,
    ),
    "sexual_orientation": (
        "Which of these best describes your sexual orientation?",
        SEXUAL_ORIENTATION,
    ),
    "religion": ("What is your religion, if any?", RELIGION),
    "disability": (
        "Do you have a physical or mental health condition or illness that has lasted or is "
        "expected to last 12 months or more, and that reduces your ability to carry out "
        "day-to-day activities?",
        YES_NO,
    ),
    "marital_status": ("What is your legal marital or civil partnership status?", MARITAL_STATUS),
    "pregnancy_maternity": (
        "Are you pregnant, or have you given birth in the last 26 weeks?",
        YES_NO,
    ),
    "care_leaver": ("Have you ever been in care as a child?", YES_NO),
    "armed_forces_veteran": ("Have you served in the UK armed forces?", YES_NO),
    "foreign_national": ("Are you a foreign national?", YES_NO),
    "learning_disability_neurodivergence": (
        "Do you have a learning disability, or are you neurodivergent (for example autism, "
        "ADHD or dyslexia)?",
        YES_NO,
    ),
    "primary_carer": ("Are you the main carer for any children?", YES_NO),
}


def options_for(question: str) -> list[tuple[str, str]]:
    """Every answer a question accepts, ending with prefer not to say."""
    _text, options = QUESTIONS[question]
    if options is None:
        options = [option for _group, group_options in ETHNICITY_GROUPS for option in group_options]
    return [*options, (PREFER_NOT_TO_SAY, "Prefer not to say")]
