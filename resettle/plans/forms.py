"""Forms for the resettlement plan: goals in the person's own words, and the steps to them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from resettle.dates import DateField
from resettle.needs.forms import VersionedForm, pathways
from resettle.plans.models import Goal


def _goal_words():
    return forms.CharField(
        label=_("The goal, in the person's own words"),
        help_text=_(
            "Write it as they said it, for example \u201cI want my own flat near my kids\u201d."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Enter the goal, in the person's own words"),
            "max_length": _("The goal must be 1,000 characters or fewer"),
        },
    )


class _GoalFields(forms.Form):
    in_their_words = _goal_words()
    pathway = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Pathway (optional)"),
        empty_label=_("No particular pathway"),
        error_messages={"invalid_choice": _("Select a pathway from the list")},
    )
    need = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Need it works towards (optional)"),
        empty_label=_("No particular need"),
        error_messages={"invalid_choice": _("Select one of the person's needs from the list")},
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pathway"].queryset = pathways()
        needs = person.needs.select_related("pathway", "support_need").order_by(
            "pathway__position", "created_at"
        )
        self.fields["need"].queryset = needs
        self.fields["need"].label_from_instance = lambda need: (
            f"{need.name} ({need.pathway.name}, {need.get_status_display().lower()})"
        )

    def clean_in_their_words(self):
        words = self.cleaned_data["in_their_words"].strip()
        if not words:
            raise forms.ValidationError(_("Enter the goal, in the person's own words"))
        return words


def _step_fields(required):
    return {
        "what": forms.CharField(
            label=_("What needs to happen"),
            required=required,
            max_length=300,
            error_messages={
                "required": _("Enter what needs to happen"),
                "max_length": _("What needs to happen must be 300 characters or fewer"),
            },
        ),
        "who": forms.CharField(
            label=_("Who will do it"),
            help_text=_("For example: the person, their key worker, the housing officer."),
            required=required,
            max_length=120,
            error_messages={
                "required": _("Enter who will do it"),
                "max_length": _("Who will do it must be 120 characters or fewer"),
            },
        ),
        "due_on": DateField(
            label=_("By when (optional)"),
            required=False,
            not_in_past=_("The date to do it by must be today or in the future"),
        ),
    }


class GoalAddForm(_GoalFields):
    """A new goal, with an optional first step."""

    step_what = _step_fields(False)["what"]
    step_who = _step_fields(False)["who"]
    step_due_on = _step_fields(False)["due_on"]

    def clean(self):
        data = super().clean()
        what, who = (data.get("step_what") or "").strip(), (data.get("step_who") or "").strip()
        wants_step = what or who or data.get("step_due_on") or self["step_due_on"].errors
        if wants_step:
            if not what and "step_what" not in self.errors:
                self.add_error("step_what", _("Enter what needs to happen in the first step"))
            if not who and "step_who" not in self.errors:
                self.add_error("step_who", _("Enter who will do the first step"))
        return data

    def first_step(self):
        data = self.cleaned_data
        if not data.get("step_what"):
            return None
        return {
            "what": data["step_what"].strip(),
            "who": data["step_who"].strip(),
            "due_on": data.get("step_due_on"),
        }

    def goal_data(self):
        return {
            "in_their_words": self.cleaned_data["in_their_words"],
            "pathway": self.cleaned_data["pathway"],
            "need": self.cleaned_data["need"],
        }


class GoalEditForm(VersionedForm, _GoalFields):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Goal.Status.choices,
        error_messages={
            "required": _("Select the status of the goal"),
            "invalid_choice": _("Select the status of the goal"),
        },
    )
    archive_reason = forms.CharField(
        label=_("Why is the goal being archived?"),
        help_text=_("Only if you archive it. For example: the person changed their mind."),
        required=False,
        max_length=200,
        error_messages={"max_length": _("The reason must be 200 characters or fewer")},
    )

    @staticmethod
    def initial_for(goal: Goal) -> dict:
        return {
            "version": goal.version,
            "in_their_words": goal.in_their_words,
            "pathway": goal.pathway_id,
            "need": goal.need_id,
            "status": goal.status,
            "archive_reason": goal.archive_reason,
        }

    def clean(self):
        data = super().clean()
        reason = (data.get("archive_reason") or "").strip()
        data["archive_reason"] = reason
        archiving = data.get("status") == Goal.Status.ARCHIVED
        if archiving and not reason and "archive_reason" not in self.errors:
            self.add_error("archive_reason", _("Enter why the goal is being archived"))
        return data

    def goal_data(self):
        keys = ("in_their_words", "pathway", "need", "status", "archive_reason")
        return {key: self.cleaned_data[key] for key in keys}


class StepForm(forms.Form):
    what = _step_fields(True)["what"]
    who = _step_fields(True)["who"]
    due_on = _step_fields(True)["due_on"]

    def step_data(self):
        data = self.cleaned_data
        return {"what": data["what"].strip(), "who": data["who"].strip(), "due_on": data["due_on"]}
