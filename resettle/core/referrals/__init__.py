"""The referral lifecycle as plain rules: which change is allowed from which status, what each
change leads to, and a plain-English refusal when it is not allowed (issue 4).

The Django side (resettle/referrals/actions.py) locks the referral row, asks `check` whether the
change is allowed from the status it finds under the lock, and only then writes. So two people
answering one referral at once cannot both succeed: the second finds the first one's status.
"""

from resettle.core.referrals.lifecycle import (
    ACCEPT,
    ASSIGN,
    CANCEL,
    CLOSED,
    COMPLETE,
    DECLINE,
    OPEN,
    RECORD_CONTACT,
    REFER_ON,
    STATUSES,
    WITHDRAW,
    InvalidChange,
    Status,
    allowed_changes,
    check,
    result_of,
)

__all__ = [
    "ACCEPT",
    "ASSIGN",
    "CANCEL",
    "CLOSED",
    "COMPLETE",
    "DECLINE",
    "OPEN",
    "RECORD_CONTACT",
    "REFER_ON",
    "STATUSES",
    "WITHDRAW",
    "InvalidChange",
    "Status",
    "allowed_changes",
    "check",
    "result_of",
]
