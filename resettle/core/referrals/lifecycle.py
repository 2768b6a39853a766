"""Statuses and the changes between them.

sent -> accepted | declined | cancelled
accepted -> contact made (first contact) | withdrawn | cancelled
contact made | in progress -> in progress (another contact) | completed | withdrawn
A receiving organisation may refer on from accepted, contact made or in progress.
"""

from enum import StrEnum


class Status(StrEnum):
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CONTACT_MADE = "contact_made"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"


STATUSES = tuple(Status)
OPEN = frozenset({Status.SENT, Status.ACCEPTED, Status.CONTACT_MADE, Status.IN_PROGRESS})
CLOSED = frozenset(STATUSES) - OPEN

ACCEPT = "accept"
DECLINE = "decline"
ASSIGN = "assign"
RECORD_CONTACT = "record_contact"
COMPLETE = "complete"
WITHDRAW = "withdraw"
CANCEL = "cancel"
REFER_ON = "refer_on"

WORKING = frozenset({Status.CONTACT_MADE, Status.IN_PROGRESS})

# change -> statuses it may start from
_FROM = {
    ACCEPT: frozenset({Status.SENT}),
    DECLINE: frozenset({Status.SENT}),
    ASSIGN: OPEN,
    RECORD_CONTACT: frozenset({Status.ACCEPTED}) | WORKING,
    COMPLETE: WORKING,
    WITHDRAW: frozenset({Status.ACCEPTED}) | WORKING,
    CANCEL: frozenset({Status.SENT, Status.ACCEPTED}),
    REFER_ON: frozenset({Status.ACCEPTED}) | WORKING,
}

_DOING = {
    ACCEPT: "accepted",
    DECLINE: "declined",
    ASSIGN: "assigned to someone",
    RECORD_CONTACT: "have a contact recorded",
    COMPLETE: "completed",
    WITHDRAW: "withdrawn",
    CANCEL: "cancelled",
    REFER_ON: "referred on",
}

_WAS = {
    Status.SENT: "has not been answered yet",
    Status.ACCEPTED: "has already been accepted",
    Status.DECLINED: "was declined",
    Status.CONTACT_MADE: "is already under way",
    Status.IN_PROGRESS: "is already under way",
    Status.COMPLETED: "is already completed",
    Status.WITHDRAWN: "was withdrawn",
    Status.CANCELLED: "was cancelled",
}


class InvalidChange(Exception):
    """The change is not allowed from the referral's status. `str()` says why in plain words."""

    def __init__(self, change: str, status: Status):
        self.change = change
        self.status = Status(status)
        super().__init__(
            f"This referral {_WAS[self.status]}, so it cannot be {_DOING[change]}."
            if change != RECORD_CONTACT
            else f"This referral {_WAS[self.status]}, so no contact can be recorded on it."
        )


def allowed_changes(status) -> frozenset[str]:
    status = Status(status)
    return frozenset(change for change, starts in _FROM.items() if status in starts)


def check(change: str, status) -> None:
    """Raise InvalidChange unless `change` may be made to a referral in `status`."""
    if change not in _FROM:
        raise ValueError(f"Unknown change {change!r}")
    status = Status(status)
    if status not in _FROM[change]:
        raise InvalidChange(change, status)


def result_of(change: str, status, *, contact_made: bool = True) -> Status:
    """The status a referral is in after `change` (checked first). A contact that did not
    happen (did not attend) leaves an accepted referral accepted."""
    check(change, status)
    status = Status(status)
    match change:
        case "accept":
            return Status.ACCEPTED
        case "decline":
            return Status.DECLINED
        case "record_contact":
            if status == Status.ACCEPTED:
                return Status.CONTACT_MADE if contact_made else Status.ACCEPTED
            return Status.IN_PROGRESS
        case "complete":
            return Status.COMPLETED
        case "withdraw":
            return Status.WITHDRAWN
        case "cancel":
            return Status.CANCELLED
    return status  # assign, refer on: no change of status
