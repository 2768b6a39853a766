"""The two taxonomies Resettle starts with. Identifiers are derived from codes (uuid5) so they
are the same in every installation and in every export."""

import uuid

from resettle.taxonomy.models import GROUPS_SERVED_ID, RESETTLEMENT_NEEDS_ID

NAMESPACE = uuid.UUID("0b5e1d7c-8a43-4f7e-9d2c-5e6f7a8b9c0d")

# The seven HMPPS resettlement pathways, each with granular support needs.
RESETTLEMENT_NEEDS = [
    (
        "accommodation",
        "Accommodation",
        [
            ("find-accommodation", "Help to find accommodation"),
            ("release-day-accommodation", "Somewhere to stay on the day of release"),
            ("keep-tenancy", "Keep or end an existing tenancy"),
            ("supported-housing", "Supported housing"),
            ("rent-arrears", "Rent arrears and housing costs"),
        ],
    ),
    (
        "attitudes",
        "Attitudes, thinking and behaviour",
        [
            ("offending-behaviour", "Offending behaviour programmes"),
            ("anger-management", "Managing anger and conflict"),
            ("confidence-motivation", "Confidence and motivation"),
        ],
    ),
    (
        "families",
        "Children, families and communities",
        [
            ("family-contact", "Keep in touch with family"),
            ("parenting", "Parenting support"),
            ("domestic-abuse", "Domestic abuse support"),
            ("community-groups", "Community and faith groups"),
        ],
    ),
    (
        "drugs-alcohol",
        "Drugs and alcohol",
        [
            ("drug-treatment", "Drug treatment"),
            ("alcohol-support", "Alcohol support"),
            ("harm-reduction", "Harm reduction and naloxone"),
        ],
    ),
    (
        "education-work",
        "Education, skills and work",
        [
            ("training", "Training and qualifications"),
            ("find-work", "Help to find work"),
            ("cv-interviews", "CV and interview skills"),
            ("volunteering", "Volunteering"),
            ("disclosure-advice", "Advice on disclosing convictions"),
        ],
    ),
    (
        "finance-id",
        "Finance and ID",
        [
            ("id-documents", "Apply for ID documents"),
            ("bank-account", "Open a bank account"),
            ("benefits", "Claim benefits"),
            ("debt-advice", "Debt advice"),
            ("budgeting", "Budgeting and money skills"),
        ],
    ),
    (
        "health",
        "Health",
        [
            ("register-gp", "Register with a GP"),
            ("mental-health", "Mental health support"),
            ("medication-release", "Medication on release"),
            ("dental", "Dental care"),
            ("disability-support", "Disability and learning disability support"),
        ],
    ),
]

# Protected characteristics (Equality Act 2010) and the other groups monitored in this field.
GROUPS_SERVED = [
    (
        "age",
        "Age",
        [
            ("young-adults", "Young adults (18 to 25)"),
            ("older-people", "Older people (50 and over)"),
        ],
    ),
    (
        "disability",
        "Disability",
        [
            ("disabled-people", "Disabled people"),
            ("learning-disability-neurodivergence", "Learning disability or neurodivergence"),
        ],
    ),
    (
        "gender-reassignment",
        "Gender reassignment",
        [
            ("trans-people", "Trans and non-binary people"),
        ],
    ),
    ("marriage-civil-partnership", "Marriage and civil partnership", []),
    (
        "pregnancy-maternity",
        "Pregnancy and maternity",
        [
            ("pregnant-new-mothers", "Pregnant women and new mothers"),
        ],
    ),
    (
        "race",
        "Race",
        [
            ("black-asian-minority-ethnic", "Black, Asian and minority ethnic people"),
            ("black-african-caribbean", "Black African and Caribbean people"),
            ("asian", "Asian and Asian British people"),
            ("gypsy-roma-traveller", "Gypsy, Roma and Traveller people"),
        ],
    ),
    (
        "religion-belief",
        "Religion or belief",
        [
            ("muslim", "Muslim people"),
            ("faith-communities", "People of any faith"),
        ],
    ),
    (
        "sex",
        "Sex",
        [
            ("women", "Women"),
            ("men", "Men"),
        ],
    ),
    (
        "sexual-orientation",
        "Sexual orientation",
        [
            ("lgb", "Lesbian, gay and bisexual people"),
        ],
    ),
    (
        "other-groups",
        "Other groups",
        [
            ("care-leavers", "Care leavers"),
            ("veterans", "Armed forces veterans"),
            ("foreign-nationals", "Foreign nationals"),
            ("primary-carers", "Primary carers of children"),
        ],
    ),
]


def term_id(taxonomy_code: str, code: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{taxonomy_code}/{code}")


def load_taxonomies(apps, schema_editor=None):
    Taxonomy = apps.get_model("taxonomy", "Taxonomy")
    Term = apps.get_model("taxonomy", "TaxonomyTerm")
    for tax_id, tax_code, name, description, tree in [
        (
            RESETTLEMENT_NEEDS_ID,
            "needs",
            "Resettlement needs",
            "The seven HMPPS resettlement pathways and the support needs within them.",
            RESETTLEMENT_NEEDS,
        ),
        (
            GROUPS_SERVED_ID,
            "groups",
            "Groups served",
            "Protected characteristics under the Equality Act 2010 and other groups "
            "monitored in resettlement, for services that specialise in them.",
            GROUPS_SERVED,
        ),
    ]:
        taxonomy, _ = Taxonomy.objects.update_or_create(
            id=tax_id, defaults={"name": name, "description": description, "version": "1"}
        )
        for position, (code, term_name, children) in enumerate(tree):
            parent, _ = Term.objects.update_or_create(
                id=term_id(tax_code, code),
                defaults={
                    "taxonomy": taxonomy,
                    "code": code,
                    "name": term_name,
                    "description": term_name,
                    "position": position,
                    "language": "en",
                },
            )
            for child_position, (child_code, child_name) in enumerate(children):
                Term.objects.update_or_create(
                    id=term_id(tax_code, child_code),
                    defaults={
                        "taxonomy": taxonomy,
                        "parent": parent,
                        "code": child_code,
                        "name": child_name,
                        "description": child_name,
                        "position": child_position,
                        "language": "en",
                    },
                )
