"""What a person agreed to share, with whom and on which lawful basis, and its withdrawal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from resettle.consents import actions
from resettle.consents.forms import ConsentForm, WithdrawForm
from resettle.organisations.access import uuid_or_404
from resettle.people import access
from resettle.people.log import record_viewed
from resettle.people.views import add_refusal_errors, render_person_page

GET_POST = require_http_methods(["GET", "POST"])


@login_required
@require_GET
def consent_list(request, person_id):
    person = access.get_person_for_casework(request.user, person_id)
    record_viewed(request.user, person, "consent")
    records = list(
        person.consents.select_related(
            "organisation", "recorded_by", "recorded_by_organisation", "withdrawal_recorded_by"
        )
    )
    return render_person_page(
        request,
        person,
        "consent",
        "consents/list.html",
        {
            "current": [c for c in records if c.withdrawn_on is None],
            "withdrawn": [c for c in records if c.withdrawn_on is not None],
        },
    )


@login_required
@GET_POST
def add(request, person_id):
    person = access.get_person_for_casework(request.user, person_id)
    if request.method == "GET":
        record_viewed(request.user, person, "consent: record")
        form = ConsentForm(initial={"given_on": timezone.localdate()})
    else:
        form = ConsentForm(request.POST)
        if form.is_valid():
            try:
                actions.record_consent(request.user, person, form.cleaned_data)
            except ValidationError as refused:
                add_refusal_errors(form, refused)
            else:
                messages.success(request, _("Consent recorded."))
                return redirect("consents:list", person.pk)
    return render_person_page(request, person, "consent", "consents/add.html", {"form": form})


@login_required
@GET_POST
def withdraw(request, person_id, consent_id):
    person = access.get_person_for_casework(request.user, person_id)
    consent = get_object_or_404(
        person.consents.select_related("organisation"), pk=uuid_or_404(consent_id)
    )
    already = actions.already_withdrawn_message(consent) if consent.withdrawn_on else ""
    if request.method == "GET":
        record_viewed(request.user, person, "consent: withdraw")
        form = WithdrawForm(consent=consent, initial={"withdrawn_on": timezone.localdate()})
    else:
        form = WithdrawForm(request.POST, consent=consent)
        if already:
            form.is_valid()
            form.add_error(None, already)
        elif form.is_valid():
            try:
                actions.withdraw_consent(
                    request.user,
                    consent,
                    form.cleaned_data["withdrawn_on"],
                    form.cleaned_data["note"],
                )
            except ValidationError as refused:
                add_refusal_errors(form, refused)
            else:
                messages.success(request, _("Consent withdrawn."))
                return redirect("consents:list", person.pk)
    return render_person_page(
        request,
        person,
        "consent",
        "consents/withdraw.html",
        {"form": form, "consent": consent, "already": already},
    )
