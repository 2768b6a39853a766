"""What is kept about a referral turned away or given up, for a later fairness analysis.

Providers can quietly decline the people who would not flatter their targets. To see whether
that happens, each decline and withdrawal keeps the context in which it was made: how many
needs the person had (counts only), where they were in their release, who referred and who
answered, and how long it had waited. Never a name or anything that identifies the person.
The app's actions and the demo generator both build it here, so the analysis reads one shape.
"""

from datetime import date, datetime


def fairness_context(
    *,
    needs: int,
    open_needs: int,
    open_pathways: int,
    in_custody_when_referred: bool,
    prison: str | None,
    release_date: date | None,
    sent_on: date,
    sent_at: datetime,
    now: datetime,
    from_organisation,
    to_organisation,
    service,
    pathway: str,
    urgency: str,
    onward: bool,
) -> dict:
    weeks = None if release_date is None else (release_date - sent_on).days // 7
    return {
        "needs": needs,
        "open_needs": open_needs,
        "open_pathways": open_pathways,
        "in_custody_when_referred": in_custody_when_referred,
        "prison": prison,
        "weeks_to_release_when_referred": weeks,
        "from_organisation": str(from_organisation),
        "to_organisation": str(to_organisation),
        "service": str(service),
        "pathway": pathway,
        "urgency": str(urgency),
        "onward": onward,
        "days_since_sent": (now - sent_at).days,
    }
