import pytest

from resettle.core.referrals import (
    ACCEPT,
    CANCEL,
    CLOSED,
    COMPLETE,
    DECLINE,
    OPEN,
    RECORD_CONTACT,
    REFER_ON,
    WITHDRAW,
    InvalidChange,
    Status,
    allowed_changes,
    check,
    result_of,
)


def test_it_walks_the_happy_path():
    status = Status.SENT
    status = result_of(ACCEPT, status)
    assert status == Status.ACCEPTED
    status = result_of(RECORD_CONTACT, status)
    assert status == Status.CONTACT_MADE
    status = result_of(RECORD_CONTACT, status)
    assert status == Status.IN_PROGRESS
    assert result_of(COMPLETE, status) == Status.COMPLETED


def test_it_keeps_an_accepted_referral_accepted_when_the_contact_did_not_happen():
    assert result_of(RECORD_CONTACT, Status.ACCEPTED, contact_made=False) == Status.ACCEPTED


def test_it_refuses_accepting_twice_in_plain_words():
    with pytest.raises(InvalidChange) as refused:
        check(ACCEPT, Status.ACCEPTED)
    assert str(refused.value) == (
        "This referral has already been accepted, so it cannot be accepted."
    )


def test_it_refuses_completing_a_declined_referral():
    with pytest.raises(InvalidChange, match="was declined, so it cannot be completed"):
        check(COMPLETE, Status.DECLINED)


@pytest.mark.parametrize("status", sorted(CLOSED))
def test_it_allows_nothing_on_a_closed_referral(status):
    assert allowed_changes(status) == frozenset()


def test_it_lets_only_an_unanswered_referral_be_answered():
    for status in Status:
        answerable = ACCEPT in allowed_changes(status)
        assert answerable == (status == Status.SENT)
        assert (DECLINE in allowed_changes(status)) == answerable


def test_it_lets_the_referrer_cancel_only_before_work_starts():
    assert {s for s in Status if CANCEL in allowed_changes(s)} == {Status.SENT, Status.ACCEPTED}


def test_it_allows_withdrawing_and_referring_on_only_once_accepted():
    for change in (WITHDRAW, REFER_ON):
        assert {s for s in Status if change in allowed_changes(s)} == OPEN - {Status.SENT}


def test_it_rejects_unknown_changes_and_statuses():
    with pytest.raises(ValueError):
        check("teleport", Status.SENT)
    with pytest.raises(ValueError):
        check(ACCEPT, "lost")
