from django import forms
from django.utils.translation import gettext_lazy as _

from resettle.taxonomy.models import TaxonomyTerm

MAX_NOTE_LENGTH = 10_000
NO_PATHWAY = "none"


def pathways():
    """The seven resettlement pathways, in their usual order."""
    return TaxonomyTerm.objects.needs().filter(parent__isnull=True)


class CaseNoteForm(forms.Form):
    pathway = forms.ModelChoiceField(
        label=_("Pathway (optional)"),
        queryset=TaxonomyTerm.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("No particular pathway"),
        error_messages={"invalid_choice": _("Choose a pathway from the list")},
    )
    text = forms.CharField(
        label=_("Note"),
        help_text=_(
            "Notes cannot be changed after they are saved, so the record stays accurate. "
            "To correct something, add another note."
        ),
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Enter the note"),
            "max_length": _("The note must be %(limit_value)s characters or fewer"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pathway"].queryset = pathways()
