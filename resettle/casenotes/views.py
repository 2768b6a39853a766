"""Case notes: read them newest first, by pathway, and add one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from resettle.casenotes import actions
from resettle.casenotes.forms import NO_PATHWAY, CaseNoteForm, pathways
from resettle.people import access
from resettle.people.log import record_viewed
from resettle.people.views import render_person_page

NOTES_PER_PAGE = 20


@login_required
@require_http_methods(["GET", "POST"])
def notes(request, person_id):
    person = access.get_person_for_casework(request.user, person_id)
    form = CaseNoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        note = actions.add_case_note(
            request.user,
            person,
            text=form.cleaned_data["text"],
            pathway=form.cleaned_data["pathway"],
        )
        messages.success(request, _("Case note saved."))
        url = reverse("casenotes:list", kwargs={"person_id": person.pk})
        return redirect(f"{url}#note-{note.pk}")
    if request.method == "GET":
        record_viewed(request.user, person, "case notes")

    all_pathways = list(pathways())
    chosen = request.GET.get("pathway", "")
    known = {pathway.code for pathway in all_pathways} | {NO_PATHWAY}
    if chosen not in known:
        chosen = ""  # an unknown pathway in a hand-edited address shows every note
    notes = person.case_notes.select_related("pathway", "author", "organisation")
    if chosen == NO_PATHWAY:
        notes = notes.filter(pathway__isnull=True)
    elif chosen:
        notes = notes.filter(pathway__code=chosen)
    # A person has hundreds of notes at most, so counting them for "page 2 of 5" is cheap.
    page = Paginator(notes.order_by("-written_at", "-id"), NOTES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render_person_page(
        request,
        person,
        "notes",
        "casenotes/notes.html",
        {
            "form": form,
            "page": page,
            "pathways": all_pathways,
            "chosen_pathway": chosen,
            "no_pathway": NO_PATHWAY,
        },
    )
