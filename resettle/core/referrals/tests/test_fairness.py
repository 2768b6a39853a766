from datetime import UTC, date, datetime

from resettle.core.referrals.fairness import fairness_context


def context(**changes):
    values = {
        "needs": 4,
        "open_needs": 3,
        "open_pathways": 2,
        "in_custody_when_referred": True,
        "prison": "PVI",
        "release_date": date(2026, 7, 20),
        "sent_on": date(2026, 6, 1),
        "sent_at": datetime(2026, 6, 1, 9, 30, tzinfo=UTC),
        "now": datetime(2026, 6, 11, 9, 0, tzinfo=UTC),
        "from_organisation": 1,
        "to_organisation": 2,
        "service": "0f0c",
        "pathway": "accommodation",
        "urgency": "urgent",
        "onward": False,
    }
    return fairness_context(**(values | changes))


def test_it_keeps_weeks_to_release_and_whole_days_waiting():
    found = context()
    assert found["weeks_to_release_when_referred"] == 7  # 49 days
    assert found["days_since_sent"] == 9  # 9 days 23.5 hours
    assert found["from_organisation"] == "1" and found["to_organisation"] == "2"


def test_it_has_no_weeks_to_release_without_a_release_date():
    assert context(release_date=None)["weeks_to_release_when_referred"] is None


def test_it_keeps_a_release_already_past_as_negative_weeks():
    assert context(release_date=date(2026, 5, 18))["weeks_to_release_when_referred"] == -2
