"""Forms for finding a service for a need and sending the referral.

ReferralForm is general: it takes the person, the service and (for an onward referral from a
receiving organisation) the parent referral, so the referral form on a person's record and
the "refer on" page share it. The action (actions.send_referral) has the last word; the form
checks what it can first so most mistakes are shown beside the field they are about.
"""

import uuid

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resettle.referrals.actions import MAX_DESIRED_OUTCOMES
from resettle.referrals.models import Referral, SharedField
from resettle.services.models import Service
from resettle.taxonomy.models import TaxonomyTerm

FIRST_OUTCOMES = 3

SHARED_FIELD_HINTS = {
    SharedField.DATE_OF_BIRTH: gettext_lazy("So they can check their age and find them."),
    SharedField.SEX: gettext_lazy(
        "Only for a women-only or men-only service, so it can check they are eligible."
    ),
    SharedField.CONTACT: gettext_lazy("So they can get in touch after release."),
    SharedField.PRISON_NUMBER: gettext_lazy("For services that work in prisons or with probation."),
    SharedField.LANGUAGE: gettext_lazy(
        "Their preferred language, whether they need an "
        "interpreter, and how best to communicate with them."
    ),
    SharedField.NEEDS: gettext_lazy("Their other open needs, by name and status only."),
    SharedField.PLAN: gettext_lazy("Their current goals, in their own words, and the next steps."),
    SharedField.WHOLE_RECORD: gettext_lazy(
        "Once the service accepts, it can open their whole record here, as you can."
    ),
}


def open_needs(person):
    return list(person.needs.open().select_related("pathway", "support_need"))


def group_choices():
    """The groups a service can specialise in, under their headings: (heading, [(code, name)])."""
    terms = list(TaxonomyTerm.objects.groups().only("id", "parent_id", "code", "name"))
    children = {}
    for term in terms:
        if term.parent_id is not None:
            children.setdefault(term.parent_id, []).append((term.code, term.name))
    return [
        (term.name, children.get(term.pk, [(term.code, term.name)]))
        for term in terms
        if term.parent_id is None
    ]


class SuggestForm(forms.Form):
    """Which need to find services for, and any specialism the person has asked for. A GET
    form: the page works without JavaScript and its address can be shared."""

    need = forms.ChoiceField(
        label=gettext_lazy("Which need is this for?"),
        error_messages={
            "required": gettext_lazy("Choose the need to find a service for"),
            "invalid_choice": gettext_lazy("Choose one of their open needs"),
        },
    )
    specialism = forms.MultipleChoiceField(
        label=gettext_lazy("Has the person asked for a service that specialises in any of these?"),
        help_text=gettext_lazy(
            "Only tick what they asked for. Services that specialise in it come higher. "
            "Nothing here is taken from equality monitoring."
        ),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose groups from the list")},
    )

    def __init__(self, data=None, *, person, needs=None):
        super().__init__(data)
        self.needs = {
            str(need.pk): need for need in (open_needs(person) if needs is None else needs)
        }
        self.fields["need"].choices = [(pk, need.name) for pk, need in self.needs.items()]
        self.groups = group_choices()
        self.fields["specialism"].choices = [
            choice for _heading, choices in self.groups for choice in choices
        ]

    def specialism_groups(self):
        """The checkboxes under their headings, for fields/checkbox_groups.html."""
        chosen = set(self["specialism"].value() or [])
        return [
            {
                "legend": heading,
                "options": [
                    {
                        "id": f"id_specialism_{code}",
                        "value": code,
                        "label": name,
                        "checked": code in chosen,
                    }
                    for code, name in choices
                ],
            }
            for heading, choices in self.groups
        ]

    def clean_need(self):
        return self.needs[self.cleaned_data["need"]]


def service_from(value):
    """The service a form or address names, or None for anything that is not one."""
    try:
        pk = uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None
    return Service.objects.select_related("organisation").filter(pk=pk).first()


class ReferralForm(forms.Form):
    """A referral to one service. `consent` is the consent (or other lawful basis) in force for
    referring the person to the service's organisation, `share_consent` the one for sharing
    their record with it; None when there is none. `needs` are the needs it may be for (the
    person's open needs); an onward referral (`parent`) is for the parent's need. `allowed`
    limits what may be shared (an onward referral shares on no more than it was given)."""

    service = forms.CharField(widget=forms.HiddenInput, required=False)
    need = forms.ChoiceField(
        label=gettext_lazy("Which need is this referral for?"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose one of their open needs")},
    )
    outcome_count = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=gettext_lazy("What does the person need from this service?"),
        help_text=gettext_lazy("In plain words, what you are asking the service to do."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": gettext_lazy("Say what the person needs from this service")},
    )
    urgency = forms.ChoiceField(
        label=gettext_lazy("How urgent is it?"),
        choices=Referral.Urgency.choices,
        initial=Referral.Urgency.ROUTINE,
        error_messages={
            "required": gettext_lazy("Choose how urgent it is"),
            "invalid_choice": gettext_lazy("Choose how urgent it is"),
        },
    )
    shared_fields = forms.MultipleChoiceField(
        label=gettext_lazy("What else to share with the service"),
        help_text=gettext_lazy(
            "Their name, the need, what they hope for, how urgent it is and their release "
            "date and prison always go. The service sees nothing else of their record."
        ),
        choices=SharedField.choices,
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose what to share from the list")},
    )
    consent_override_reason = forms.CharField(
        label=gettext_lazy("Why you must refer them without their consent"),
        help_text=gettext_lazy(
            "For example, to protect them or someone else from serious harm. This is recorded "
            "and can be seen by your organisation's managers."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(
        self,
        data=None,
        *,
        person,
        service=None,
        consent=None,
        share_consent=None,
        needs=(),
        parent=None,
        allowed=None,
        initial=None,
    ):
        super().__init__(data, initial=initial)
        self.person, self.service, self.parent = person, service, parent
        self.consent, self.share_consent = consent, share_consent
        self.needs = {str(need.pk): need for need in needs}
        if parent is not None:
            del self.fields["need"]
        else:
            self.fields["need"].choices = [(pk, need.name) for pk, need in self.needs.items()]
        source = data if data is not None else (initial or {})
        self.outcome_count = _outcome_count(source.get("outcome_count"))
        self.outcome_names = [f"outcome_{n}" for n in range(1, self.outcome_count + 1)]
        for n, name in enumerate(self.outcome_names, start=1):
            self.fields[name] = forms.CharField(
                label=_("Desired outcome %(n)d") % {"n": n},
                required=False,
                max_length=300,
                error_messages={
                    "max_length": gettext_lazy("Keep each outcome to 300 characters or fewer")
                },
            )
        self.fields["outcome_count"].initial = self.outcome_count
        choices = list(SharedField.choices)
        if allowed is not None:
            choices = [(code, label) for code, label in choices if code in set(allowed)]
        self.fields["shared_fields"].choices = choices
        if consent is not None:
            del self.fields["consent_override_reason"]

    # Shown on the page ----------------------------------------------------------------------

    @property
    def outcome_fields(self):
        return [self[name] for name in self.outcome_names]

    @property
    def may_add_outcome(self) -> bool:
        return self.outcome_count < MAX_DESIRED_OUTCOMES

    def share_options(self):
        """Each sharing checkbox with its hint. The whole record is offered only when the
        person has agreed to share it with this organisation (the page says why it is not,
        otherwise)."""
        field = self["shared_fields"]
        chosen = set(field.value() or [])
        options = []
        for code, label in self.fields["shared_fields"].choices:
            if code == SharedField.WHOLE_RECORD and not self.may_share_record:
                continue
            n = len(options)
            options.append(
                {
                    "id": field.auto_id if n == 0 else f"{field.auto_id}_{n}",
                    "value": code,
                    "label": label,
                    "hint": SHARED_FIELD_HINTS.get(code, ""),
                    "checked": code in chosen,
                }
            )
        return options

    @property
    def may_share_record(self) -> bool:
        return self.share_consent is not None

    @property
    def record_not_shareable(self) -> bool:
        """The whole record is a choice here, but not for this person and organisation."""
        return not self.may_share_record and any(
            code == SharedField.WHOLE_RECORD
            for code, _label in self.fields["shared_fields"].choices
        )

    # Checks ----------------------------------------------------------------------------------

    def clean_need(self):
        value = self.cleaned_data.get("need")
        if not value:
            raise forms.ValidationError(_("Choose the need this referral is for"))
        return self.needs[value]

    def clean_shared_fields(self):
        chosen = self.cleaned_data.get("shared_fields") or []
        if SharedField.WHOLE_RECORD in chosen and self.share_consent is None:
            raise forms.ValidationError(
                _(
                    "Their whole record can only be shared once they have agreed to share it "
                    "with %(organisation)s. Choose the parts to share instead."
                )
                % {"organisation": self._organisation_name()}
            )
        return chosen

    def clean_consent_override_reason(self):
        reason = self.cleaned_data.get("consent_override_reason", "").strip()
        if self.consent is None and not reason:
            raise forms.ValidationError(
                _(
                    "Give the reason you must refer them without their consent, or record "
                    "their consent first"
                )
            )
        return reason

    def clean(self):
        cleaned = super().clean()
        problem = service_problem(self.service)
        if problem:
            self.add_error("service", problem)
        outcomes = [
            (self.cleaned_data.get(name) or "").strip()
            for name in self.outcome_names
            if name in self.cleaned_data
        ]
        cleaned["desired_outcomes"] = [text for text in outcomes if text]
        if not cleaned["desired_outcomes"] and not self.errors.get(self.outcome_names[0]):
            self.add_error(
                self.outcome_names[0],
                _("Say at least one thing the person hopes this referral achieves"),
            )
        return cleaned

    def _organisation_name(self):
        return self.service.organisation.name if self.service is not None else ""


def _outcome_count(value) -> int:
    try:
        count = int(value)
    except (TypeError, ValueError):
        return FIRST_OUTCOMES
    return max(FIRST_OUTCOMES, min(MAX_DESIRED_OUTCOMES, count))


def service_problem(service) -> str:
    """Why this service cannot take a referral from a professional now ("" when it can)."""
    if service is None:
        return _("Choose a service to refer to: that one is not in the directory")
    if service.status != Service.Status.ACTIVE or not service.accepting_referrals:
        return _("%(service)s is not taking referrals at the moment") % {"service": service.name}
    if not service.accepts_professional_referral:
        return _("%(service)s takes self-referrals only: give the person its details instead") % {
            "service": service.name
        }
    return ""


def with_another_outcome(data) -> dict:
    """The posted answers as a fresh form's starting values, with one more outcome box: "add
    another" shows the form again without complaining about what is not filled in yet."""
    values = {key: data.getlist(key) if key == "shared_fields" else data.get(key) for key in data}
    values["outcome_count"] = _outcome_count(values.get("outcome_count")) + 1
    return values
