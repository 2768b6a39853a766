from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resettle.core import scales
from resettle.dates import DateField


class ChooseInstrumentForm(forms.Form):
    scale = forms.ChoiceField(
        label=gettext_lazy("Which questions do you want to ask?"),
        choices=[],
        error_messages={
            "required": gettext_lazy("Choose which questions to ask"),
            "invalid_choice": gettext_lazy("Choose which questions to ask"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scale"].choices = [
            (
                instrument.code,
                _("%(name)s (%(count)s questions)")
                % {"name": _(instrument.name), "count": len(instrument.items)},
            )
            for instrument in scales.INSTRUMENTS.values()
        ]


def point_label(item: scales.Item, point: int) -> str:
    """What a radio says: the score, and for our scales the sentence for it; for the ONS
    questions the meaning of the two ends."""
    if item.anchors:
        return f"{point} – {_(item.anchor(point))}"
    if point in (item.minimum, item.maximum):
        return _(item.anchor(point))
    return str(point)


class CheckInForm(forms.Form):
    """One radio group per question of the instrument, and the day the answers were given."""

    measured_on = DateField(
        label=gettext_lazy("Date of the check-in"),
        help_text=gettext_lazy("The day the person gave these answers, for example 27/3/2026."),
        not_in_future=True,
        messages={"required": gettext_lazy("Enter the date of the check-in")},
    )

    def __init__(self, instrument: scales.Instrument, *args, **kwargs):
        kwargs.setdefault("initial", {"measured_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        for item in instrument.items:
            range_message = _("Choose a score from %(low)s to %(high)s") % {
                "low": item.minimum,
                "high": item.maximum,
            }
            self.fields[item.code] = forms.TypedChoiceField(
                # The ONS questions are asked in their own words; our scales by their name,
                # with the question as the hint.
                label=_(item.name) if item.anchors else _(item.question),
                help_text=_(item.question) if item.anchors else "",
                choices=[(point, point_label(item, point)) for point in item.points],
                coerce=int,
                error_messages={
                    "required": _("Choose an answer for “%(question)s”")
                    % {"question": _(item.name)},
                    "invalid_choice": range_message,
                },
            )
        # The date goes last, after the questions.
        self.order_fields([*instrument.item_codes, "measured_on"])

    def item_fields(self):
        return [self[code] for code in self.instrument.item_codes]

    def answers(self) -> dict:
        return {code: self.cleaned_data[code] for code in self.instrument.item_codes}
