"""Forms for recording needs and their updates. Every message says what is wrong and where."""

from django import forms
from django.utils.translation import gettext_lazy as _

from resettle.dates import DateField
from resettle.needs.models import Side, Status
from resettle.taxonomy.models import TaxonomyTerm


def pathways():
    """The seven resettlement pathways, in their deliberate order."""
    return TaxonomyTerm.objects.needs().filter(parent__isnull=True).order_by("position", "name")


def support_needs():
    return TaxonomyTerm.objects.needs().filter(parent__isnull=False)


class VersionedForm(forms.Form):
    """Carries the version of the record the editor started from."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": _("The form was missing its version number. Reload the page."),
            "invalid": _("The form's version number was not valid. Reload the page."),
            "min_value": _("The form's version number was not valid. Reload the page."),
        },
    )


def _status_field(label):
    return forms.ChoiceField(
        label=label,
        choices=Status.choices,
        error_messages={
            "required": _("Select the status of the need"),
            "invalid_choice": _("Select the status of the need"),
        },
    )


def _side_field():
    return forms.ChoiceField(
        label=_("Where was this work done?"),
        choices=Side.choices,
        error_messages={
            "required": _("Select prison side or community side"),
            "invalid_choice": _("Select prison side or community side"),
        },
    )


def _note_field():
    return forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("The note must be 5,000 characters or fewer")},
    )


class AddNeedsForm(forms.Form):
    support_needs = forms.ModelMultipleChoiceField(
        queryset=TaxonomyTerm.objects.none(),
        required=False,
        label=_("Which support needs does the person have?"),
        help_text=_("Select all that apply. Needs already recorded are updated from their page."),
        error_messages={
            "invalid_choice": _(
                "Select support needs from the list. A need already recorded cannot be added twice."
            ),
            "invalid_pk_value": _("Select support needs from the list"),
        },
    )
    other_pathway = forms.ModelChoiceField(
        queryset=TaxonomyTerm.objects.none(),
        required=False,
        label=_("Pathway of the other need"),
        empty_label=_("Choose a pathway"),
        error_messages={"invalid_choice": _("Select a pathway from the list")},
    )
    other_description = forms.CharField(
        label=_("Describe the other need"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Describe the other need in 200 characters or fewer")},
    )
    status = _status_field(_("Status now"))
    side = _side_field()
    note = _note_field()

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("status", Status.NOT_STARTED)
        self.recorded_ids = set(
            person.needs.filter(support_need__isnull=False).values_list(
                "support_need_id", flat=True
            )
        )
        self.pathway_terms = list(pathways())
        children = list(support_needs().order_by("position", "name"))
        self.fields["support_needs"].queryset = support_needs().exclude(pk__in=self.recorded_ids)
        self.fields["other_pathway"].queryset = pathways()
        self.children_by_pathway = {}
        for term in children:
            self.children_by_pathway.setdefault(term.parent_id, []).append(term)

    def need_groups(self):
        """One fieldset per pathway, offering the needs not yet recorded and naming the
        ones that are. The first box carries the field's id, so the error summary links to
        it."""
        value = self["support_needs"].value() or []
        chosen = {str(getattr(v, "pk", v)) for v in value}
        auto_id = self["support_needs"].auto_id
        groups, index = [], 0
        for pathway in self.pathway_terms:
            options, recorded_labels = [], []
            for term in self.children_by_pathway.get(pathway.pk, []):
                if term.pk in self.recorded_ids:
                    recorded_labels.append(term.name)
                    continue
                options.append(
                    {
                        "id": auto_id if index == 0 else f"{auto_id}_{index}",
                        "value": str(term.pk),
                        "label": term.name,
                        "checked": str(term.pk) in chosen,
                        "recorded": False,
                    }
                )
                index += 1
            groups.append(
                {"legend": pathway.name, "options": options, "recorded_labels": recorded_labels}
            )
        return groups

    def clean(self):
        data = super().clean()
        chosen = data.get("support_needs")
        pathway = data.get("other_pathway")
        description = (data.get("other_description") or "").strip()
        data["other_description"] = description
        if pathway and not description and "other_description" not in self.errors:
            self.add_error("other_description", _("Describe the other need"))
        if description and not pathway and "other_pathway" not in self.errors:
            self.add_error("other_pathway", _("Select the pathway the other need belongs to"))
        if not chosen and not pathway and not description and not self.errors:
            self.add_error(
                "support_needs", _("Select at least one support need, or describe another need")
            )
        return data


class NeedUpdateForm(VersionedForm):
    status = _status_field(_("Status now"))
    side = _side_field()
    on = DateField(
        label=_("Date"),
        messages={"required": _("Enter the date of the update")},
        not_in_future=_("The date of the update cannot be in the future"),
    )
    note = _note_field()
