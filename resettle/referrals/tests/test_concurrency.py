"""Two intake workers answering one referral at the same moment, in real concurrent
transactions on PostgreSQL: exactly one wins, the other is told what happened, and exactly one
notification (and one email) goes to the referrer."""

import threading

import pytest
from django.core import mail
from django.db import connection

from resettle.accounts.models import Role
from resettle.notifications.models import Notification
from resettle.notifications.testing import run_queued_tasks
from resettle.referrals import actions
from resettle.referrals.actions import InvalidChange
from resettle.referrals.models import Referral, ReferralEvent
from resettle.referrals.tests.conftest import give_consent, send
from resettle.testing.factories import (
    OrganisationFactory,
    ServiceFactory,
    member,
    need,
    person_with,
)

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite's test database is not shared between threads",
    ),
    pytest.mark.django_db(transaction=True),
]


def _answer_together(first, second):
    start = threading.Barrier(2)
    results = []

    def run(answer):
        try:
            start.wait()
            results.append(answer())
        except InvalidChange as refused:
            results.append(refused)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(answer,)) for answer in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.parametrize("second_answer", ["accept", "decline"])
def test_it_lets_exactly_one_of_two_simultaneous_answers_win(second_answer):
    referring = OrganisationFactory()
    caseworker = member(referring, Role.CASEWORKER)
    receiving = OrganisationFactory()
    one, two = member(receiving, Role.INTAKE), member(receiving, Role.INTAKE)
    service = ServiceFactory(organisation=receiving, needs=[need("find-accommodation")])
    person = person_with(referring, caseworker)
    give_consent(caseworker, person)
    referral = send(caseworker, person, service)
    run_queued_tasks()  # the "new referral" emails to the intake workers
    mail.outbox.clear()

    def first():
        return actions.accept(one, Referral.objects.get(pk=referral.pk))

    def second():
        found = Referral.objects.get(pk=referral.pk)
        if second_answer == "accept":
            return actions.accept(two, found)
        return actions.decline(two, found, reason="no_capacity")

    results = _answer_together(first, second)

    winners = [r for r in results if isinstance(r, Referral)]
    refused = [r for r in results if isinstance(r, InvalidChange)]
    assert len(winners) == 1 and len(refused) == 1
    assert "cannot be" in str(refused[0])
    referral.refresh_from_db()
    assert referral.status == winners[0].status
    answers = ReferralEvent.objects.filter(referral=referral, kind__in=["accepted", "declined"])
    assert answers.count() == 1
    told = Notification.objects.filter(
        recipient=caseworker, kind__in=["referral.accepted", "referral.declined"]
    )
    assert told.count() == 1
    assert run_queued_tasks() >= 1
    assert run_queued_tasks() == 0
    assert [m.to for m in mail.outbox] == [[caseworker.email]]
