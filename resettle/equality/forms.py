from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resettle.core import equality

UNANSWERED_LABEL = gettext_lazy("Not answered")

# Short names for the answers page and the form's error summary; the questions themselves
# are asked in full.
SHORT_NAMES = {
    "ethnicity": gettext_lazy("Ethnic group"),
    "sex": gettext_lazy("Sex"),
    "gender_same_as_birth": gettext_lazy("Gender the same as sex registered at birth"),
    "sexual_orientation": gettext_lazy("Sexual orientation"),
    "religion": gettext_lazy("Religion or belief"),
    "disability": gettext_lazy("Disability"),
    "marital_status": gettext_lazy("Marriage or civil partnership"),
    "pregnancy_maternity": gettext_lazy("Pregnancy or maternity"),
    "care_leaver": gettext_lazy("Care leaver"),
    "armed_forces_veteran": gettext_lazy("Armed forces veteran"),
    "foreign_national": gettext_lazy("Foreign national"),
    "learning_disability_neurodivergence": gettext_lazy("Learning disability or neurodivergence"),
    "primary_carer": gettext_lazy("Main carer for children"),
}


def answer_label(question: str, code: str) -> str:
    """The answer as a person would read it; ethnicity says its ONS group too."""
    label = dict(equality.options_for(question)).get(code, code)
    if question == "ethnicity" and code != equality.PREFER_NOT_TO_SAY:
        group = equality.ethnic_group_of(code)
        if group:
            return f"{_(group)}: {_(label)}"
    return _(label)


class EqualityForm(forms.Form):
    based_on = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question, (text, _options) in equality.QUESTIONS.items():
            self.fields[question] = forms.ChoiceField(
                label=_(text),
                required=False,
                choices=[*equality.options_for(question), ("", UNANSWERED_LABEL)],
                error_messages={
                    "invalid_choice": _("%(question)s: select one of the answers listed")
                    % {"question": SHORT_NAMES[question]}
                },
            )

    def answers(self) -> dict:
        return {question: self.cleaned_data[question] for question in equality.QUESTIONS}

    def questions(self) -> list[dict]:
        """Each question as option groups for the template: the ONS groups for ethnicity,
        one unnamed group otherwise, then "prefer not to say" and "leave unanswered" after
        a divider."""
        asked = []
        for question, (_text, options) in equality.QUESTIONS.items():
            field = self[question]
            current = field.value() or ""
            counter = iter(range(100))

            def option(value, label, field=field, current=current, counter=counter):
                index = next(counter)
                return {
                    "id": field.auto_id if index == 0 else f"{field.auto_id}_{index}",
                    "value": value,
                    "label": _(label),
                    "checked": value == current,
                }

            if options is None:
                groups = [
                    {"legend": _(group), "options": [option(v, lab) for v, lab in group_options]}
                    for group, group_options in equality.ETHNICITY_GROUPS
                ]
            else:
                groups = [{"legend": None, "options": [option(v, lab) for v, lab in options]}]
            others = [
                option(equality.PREFER_NOT_TO_SAY, "Prefer not to say"),
                option("", str(UNANSWERED_LABEL)),
            ]
            asked.append({"field": field, "groups": groups, "others": others})
        return asked
