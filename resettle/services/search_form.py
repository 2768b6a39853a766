"""The public directory search form: checks every query parameter before any of it is used.

Choices come from the reference tables, so an unknown code is refused here with a message
naming the filter, rather than turning into an empty or failing query later.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from resettle.core import postcodes
from resettle.core.languages import LANGUAGES
from resettle.places.models import Borough, PostcodeDistrict, Prison
from resettle.services.models import Schedule
from resettle.taxonomy.models import TaxonomyTerm

MAX_TEXT = 200
MAX_AGE = 120


class QuickSelect(forms.Select):
    """A <select> built in Python: Django's widget templates render an include per option,
    and the filter panel has about 200 options, most of a search page's rendering time."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            for option in options:
                parts.append(
                    format_html(
                        '<option value="{}"{}>{}</option>',
                        option["value"],
                        mark_safe(" selected") if option["selected"] else "",
                        option["label"],
                    )
                )
            if group_name:
                parts.append(mark_safe("</optgroup>"))
        parts.append(mark_safe("</select>"))
        return mark_safe("".join(parts))


def _grouped_choices(terms):
    """<optgroup> per parent term; a parent is itself selectable as the first option."""
    children = {}
    parents = []
    for term in terms:
        if term.parent_id is None:
            parents.append(term)
        else:
            children.setdefault(term.parent_id, []).append(term)
    choices = [("", _("Any"))]
    for parent in parents:
        kids = children.get(parent.pk, [])
        if kids:
            options = [(parent.code, _("Any %(name)s") % {"name": parent.name.lower()})]
            options += [(kid.code, kid.name) for kid in kids]
            choices.append((parent.name, options))
        else:
            choices.append((parent.code, parent.name))
    return choices


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search words"),
        required=False,
        max_length=MAX_TEXT,
        error_messages={
            "max_length": _("Search words must be %(limit_value)d characters or fewer"),
        },
    )
    need = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Need"),
        required=False,
        error_messages={"invalid_choice": _("Select a need from the list")},
    )
    borough = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Borough"),
        required=False,
        error_messages={"invalid_choice": _("Select a London borough from the list")},
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        help_text=_("A full postcode, like SE1 7TP, or the first half, like SE1"),
        required=False,
        max_length=10,
        error_messages={
            "max_length": _("Enter a real postcode, like SE1 7TP, or the first half, like SE1"),
        },
    )
    language = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Language spoken"),
        required=False,
        choices=[("", _("Any")), *sorted(LANGUAGES.items(), key=lambda item: item[1])],
        error_messages={"invalid_choice": _("Select a language from the list")},
    )
    group = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Specialises in"),
        required=False,
        error_messages={"invalid_choice": _("Select a group from the list")},
    )
    prison = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Works in this prison before release"),
        required=False,
        error_messages={"invalid_choice": _("Select a prison from the list")},
    )
    day = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Open on"),
        required=False,
        choices=[("", _("Any day")), *Schedule.DAYS],
        error_messages={"invalid_choice": _("Select a day of the week from the list")},
    )
    age = forms.IntegerField(
        label=_("Age of the person"),
        required=False,
        min_value=0,
        max_value=MAX_AGE,
        error_messages={
            "invalid": _("Age must be a whole number, like 34"),
            "min_value": _("Age must be 0 or more"),
            "max_value": _("Age must be %(limit_value)s or less"),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        error_messages={
            "invalid": _("Page number must be a whole number, like 2"),
            "min_value": _("Page number must be 1 or more"),
        },
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        needs = list(TaxonomyTerm.objects.needs().only("pk", "parent_id", "code", "name"))
        groups = list(TaxonomyTerm.objects.groups().only("pk", "parent_id", "code", "name"))
        boroughs = list(Borough.objects.all())
        prisons = list(Prison.objects.all())
        self.terms = {("need", t.code): t for t in needs} | {("group", t.code): t for t in groups}
        self.boroughs = {b.slug: b for b in boroughs}
        self.prisons = {p.slug: p for p in prisons}
        self.fields["need"].choices = _grouped_choices(needs)
        self.fields["group"].choices = _grouped_choices(groups)
        self.fields["borough"].choices = [("", _("Any")), *((b.slug, b.name) for b in boroughs)]
        self.fields["prison"].choices = [("", _("Any")), *((p.slug, p.name) for p in prisons)]
        for name, form_field in self.fields.items():
            if isinstance(form_field.widget, forms.Select):
                form_field.widget.attrs["class"] = "govuk-select"
            elif name != "page":
                form_field.widget.attrs["class"] = "govuk-input"
        self.fields["postcode"].widget.attrs |= {"autocomplete": "postal-code"}
        self.fields["postcode"].widget.attrs["class"] += " govuk-input--width-10"
        self.fields["age"].widget.attrs["class"] += " govuk-input--width-3"

    def full_clean(self):
        super().full_clean()
        # The page number is not a field on screen, so its message has nothing to link to.
        if "page" in self._errors:
            self._errors.setdefault(NON_FIELD_ERRORS, self.error_class(error_class="nonfield"))
            self._errors[NON_FIELD_ERRORS].extend(self._errors.pop("page"))
        # GOV.UK error styling, and the message read out with the field it belongs to.
        for name in self.errors:
            if name not in self.fields or name == "page":
                continue
            bound = self[name]
            attrs = bound.field.widget.attrs
            attrs["class"] += " " + attrs["class"].split()[0] + "--error"
            described = [f"{bound.auto_id}-error"]
            if bound.help_text:
                described.insert(0, f"{bound.auto_id}_helptext")
            attrs["aria-describedby"] = " ".join(described)

    def clean_need(self):
        code = self.cleaned_data["need"]
        return self.terms[("need", code)] if code else None

    def clean_group(self):
        code = self.cleaned_data["group"]
        return self.terms[("group", code)] if code else None

    def clean_borough(self):
        slug = self.cleaned_data["borough"]
        return self.boroughs[slug] if slug else None

    def clean_prison(self):
        slug = self.cleaned_data["prison"]
        return self.prisons[slug] if slug else None

    def clean_postcode(self):
        """A London postcode or district -> its PostcodeDistrict (centre and borough)."""
        raw = self.cleaned_data["postcode"]
        if not raw:
            return None
        try:
            outward, _full = postcodes.parse(raw)
        except postcodes.PostcodeError:
            raise forms.ValidationError(
                _("Enter a real postcode, like SE1 7TP, or the first half, like SE1"),
                code="invalid",
            ) from None
        candidates = postcodes.district_candidates(outward)
        found = {
            d.code: d
            for d in PostcodeDistrict.objects.select_related("borough").filter(code__in=candidates)
        }
        for code in candidates:
            if code in found:
                return found[code]
        raise forms.ValidationError(
            _(
                "We do not recognise postcode district %(district)s. "
                "Try a London postcode, like SE1."
            ),
            params={"district": outward},
            code="unknown_district",
        )

    def filters(self) -> dict:
        """The filters that passed validation; a filter with a problem is left out."""
        data = getattr(self, "cleaned_data", {})
        return {
            name: value
            for name, value in data.items()
            if name != "page" and value not in (None, "")
        }

    def page_number(self) -> int:
        return getattr(self, "cleaned_data", {}).get("page") or 1
