from django import forms
from django.utils.translation import gettext_lazy as _

VIEWS, CHANGES = "views", "changes"


class SeenByFilter(forms.Form):
    """Filters for "who has seen this record". Read from the query string, so anything can
    arrive here: a bad value gives an error message and that filter is left off."""

    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Views and changes")),
            (VIEWS, _("Views only")),
            (CHANGES, _("Changes only")),
        ],
        help_text=_("Views include downloads of everything held."),
        error_messages={
            "invalid_choice": _("Choose views and changes, views only or changes only"),
        },
    )
    organisation = forms.ChoiceField(
        label=_("Organisation"),
        required=False,
        error_messages={"invalid_choice": _("Choose an organisation from the list")},
    )

    def __init__(self, data, *, organisations):
        super().__init__(data)
        self.fields["organisation"].choices = [("", _("All organisations"))] + [
            (str(organisation.pk), organisation.name) for organisation in organisations
        ]

    def value(self, name):
        """The cleaned value of a filter, or "" when it was missing or not valid."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or ""
