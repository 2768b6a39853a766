import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from resettle.accounts.models import Role
from resettle.casenotes.actions import add_case_note
from resettle.casenotes.models import CaseNote
from resettle.people.log import entries_about
from resettle.testing.factories import involve, member, need
from resettle.timeline.models import Event


def url(person):
    return reverse("casenotes:list", kwargs={"person_id": person.pk})


def test_it_adds_a_note_with_a_pathway(client, sign_in, person, caseworker, organisation):
    sign_in(caseworker)
    response = client.post(url(person), {"pathway": "accommodation", "text": "Met at gate."})
    assert response.status_code == 302
    note = CaseNote.objects.get(person=person)
    assert (note.text, note.pathway.code, note.author, note.organisation) == (
        "Met at gate.",
        "accommodation",
        caseworker,
        organisation,
    )
    page = client.get(response.url).content.decode()
    assert "Case note saved." in page
    assert "Met at gate." in page


def test_it_writes_an_audit_row_and_a_timeline_event(person, caseworker, organisation):
    long_text = "Housing officer rang back. " * 40
    note = add_case_note(caseworker, person, text=long_text, pathway=need("accommodation"))
    entry = entries_about(person).get(action="case_note.added")
    assert entry.actor == caseworker
    assert entry.organisation == organisation
    assert entry.changes["record_id"] == str(note.pk)
    assert "Housing officer" not in str(entry.changes)
    event = person.events.get()
    assert (event.kind, event.pathway, event.object_id) == (
        Event.Kind.NOTE,
        "accommodation",
        str(note.pk),
    )
    assert event.detail.startswith("Housing officer rang back.")
    assert len(event.detail) <= 300


def test_it_adds_a_note_without_a_pathway(client, sign_in, person, caseworker):
    sign_in(caseworker)
    client.post(url(person), {"pathway": "", "text": "General check-in."})
    assert CaseNote.objects.get(person=person).pathway is None
    assert person.events.get().pathway == ""


@pytest.mark.parametrize(
    "data, message",
    [
        ({"text": ""}, "Enter the note"),
        ({"text": "   "}, "Enter the note"),
        ({"text": "x" * 10_001}, "10000 characters or fewer"),
        ({"text": "Fine", "pathway": "not-a-pathway"}, "Choose a pathway from the list"),
        ({"text": "Fine", "pathway": "find-accommodation"}, "Choose a pathway from the list"),
    ],
)
def test_it_explains_bad_input(client, sign_in, person, caseworker, data, message):
    sign_in(caseworker)
    response = client.post(url(person), data)
    assert response.status_code == 200
    assert message in response.content.decode().replace("10,000", "10000")
    assert not CaseNote.objects.exists()


def test_it_lists_notes_newest_first_and_filters_by_pathway(client, sign_in, person, caseworker):
    add_case_note(caseworker, person, text="Older housing note", pathway=need("accommodation"))
    add_case_note(caseworker, person, text="Newer money note", pathway=need("finance-id"))
    add_case_note(caseworker, person, text="Unfiled note")
    CaseNote.objects.filter(text="Older housing note").update(
        written_at=timezone.now() - datetime.timedelta(days=2)
    )
    sign_in(caseworker)
    html = client.get(url(person)).content.decode()
    assert html.index("Unfiled note") < html.index("Newer money note") < html.index("Older housing")
    assert "cannot be changed after they are saved" in html
    filtered = client.get(url(person), {"pathway": "accommodation"}).content.decode()
    assert "Older housing note" in filtered and "Newer money note" not in filtered
    unfiled = client.get(url(person), {"pathway": "none"}).content.decode()
    assert "Unfiled note" in unfiled and "Older housing note" not in unfiled
    unknown = client.get(url(person), {"pathway": "<script>", "page": "lots"})
    assert unknown.status_code == 200
    assert "Older housing note" in unknown.content.decode()


def test_it_pages_notes(client, sign_in, person, caseworker):
    for n in range(25):
        add_case_note(caseworker, person, text=f"Note number {n:02d}")
    sign_in(caseworker)
    first = client.get(url(person))
    assert len(first.context["page"]) == 20
    second = client.get(url(person), {"page": 2})
    assert len(second.context["page"]) == 5
    assert client.get(url(person), {"page": 999}).status_code == 200


def test_it_gives_outsiders_a_404(client, sign_in, person, outsider):
    sign_in(outsider)
    assert client.get(url(person)).status_code == 404
    assert client.post(url(person), {"text": "Sneaky"}).status_code == 404
    assert not CaseNote.objects.exists()


def test_it_gives_the_persons_mentor_a_404(client, sign_in, person, organisation):
    mentor = member(organisation, Role.MENTOR)
    involve(person, organisation, "mentoring", mentor)
    sign_in(mentor)
    assert client.get(url(person)).status_code == 404
    with pytest.raises(PermissionDenied):
        add_case_note(mentor, person, text="Not mine to write")


def test_it_records_who_viewed_the_notes(client, sign_in, person, caseworker):
    sign_in(caseworker)
    client.get(url(person))
    assert entries_about(person).get(action="person.viewed").changes["page"] == "case notes"
