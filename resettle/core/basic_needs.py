"""Basic needs first.

Work and training rarely last while someone has nowhere to live, no ID, no money coming in or
untreated health problems, so a plan that sets an education or work goal while those needs are
still open gently points them out. It only ever informs: nothing here refuses a goal.

Codes are those of the resettlement-needs taxonomy (resettle/taxonomy/seed.py): pathways are
top-level terms, support needs their children.
"""

from collections.abc import Iterable

WORK_PATHWAY = "education-work"

ACCOMMODATION = "accommodation"
ID_DOCUMENTS = "id-documents"
BANK_ACCOUNT = "bank-account"
BENEFITS = "benefits"
HEALTH = "health"

# In the order they are usually sorted out, which is the order the plan lists them.
BASIC_NEEDS = (ACCOMMODATION, ID_DOCUMENTS, BANK_ACCOUNT, BENEFITS, HEALTH)

# Whole pathways that are basic needs, whatever the support need within them (or "other").
_BASIC_PATHWAYS = {ACCOMMODATION, HEALTH}
# In Finance and ID only these support needs come first; debt advice and budgeting can run
# alongside work.
_BASIC_FINANCE_NEEDS = {ID_DOCUMENTS, BANK_ACCOUNT, BENEFITS}
_FINANCE_PATHWAY = "finance-id"


def basic_need_of(pathway: str, support_need: str | None) -> str | None:
    """Which basic need an open need counts towards, if any."""
    if pathway in _BASIC_PATHWAYS:
        return pathway
    if pathway == _FINANCE_PATHWAY and support_need in _BASIC_FINANCE_NEEDS:
        return support_need
    return None


def unmet_basic_needs(
    goal_pathways: Iterable[str | None], open_needs: Iterable[tuple[str, str | None]]
) -> list[str]:
    """The basic needs still open when a goal is about education, skills or work.

    `goal_pathways` are the pathway codes the goal belongs to (its own pathway, and that of
    the need it is linked to; blanks are ignored). `open_needs` are (pathway code, support
    need code or None for "other") pairs for the person's needs not yet met or declined.
    Returns basic-need codes from BASIC_NEEDS, in that order, each at most once; an empty
    list when the goal is not about work or every basic need is sorted.
    """
    if WORK_PATHWAY not in {code for code in goal_pathways if code}:
        return []
    unmet = {basic_need_of(pathway, support_need) for pathway, support_need in open_needs}
    return [code for code in BASIC_NEEDS if code in unmet]
