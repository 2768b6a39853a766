"""Reading a JSON request body into typed values, collecting a plain-English error per field.

    body = Body(data, {"reason", "detail"})
    reason = body.choice("reason", DeclineReason, required=True)
    detail = body.text("detail", max_length=2000)
    body.raise_if_invalid()    # ApiError 400 with every problem found, field by field

Anything that would upset the database later is refused here: text with NUL or other control
characters or unpaired surrogates, numbers too big for a bigint, bools passed as numbers.
"""

import datetime
import re
import uuid

from django.utils import timezone
from django.utils.translation import gettext as _

from resettle.api.http import field_errors

BIGGEST_ID = 2**63 - 1
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _type_name(value) -> str:
    return {
        bool: "true or false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "an object",
        type(None): "null",
    }.get(type(value), "something else")


def clean_text(value: str) -> str | None:
    """The text, or None if it holds characters that cannot be stored."""
    if _CONTROL.search(value):
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return value


class Body:
    def __init__(self, data: dict, fields: set[str]):
        self.data = data
        self.errors: list[tuple[str | None, str]] = []
        known = ", ".join(sorted(fields)) or _("none")
        for key in data:
            if key not in fields:
                self.errors.append(
                    (
                        str(key)[:100],
                        _("This field is not used here. The fields are: %(known)s.")
                        % {"known": known},
                    )
                )

    def add_error(self, field: str | None, message: str):
        self.errors.append((field, str(message)))

    def raise_if_invalid(self):
        if self.errors:
            raise field_errors(self.errors)

    def _given(self, name, required):
        if name not in self.data or self.data[name] is None:
            if required:
                self.add_error(name, _("This field is required."))
            return False
        return True

    def _wrong_type(self, name, wanted: str):
        self.add_error(
            name,
            _("This must be %(wanted)s, not %(given)s.")
            % {"wanted": wanted, "given": _type_name(self.data[name])},
        )

    # --- Scalars -----------------------------------------------------------------------------

    def text(self, name, *, required=False, max_length=2000, default=""):
        if not self._given(name, required):
            return default
        return self._text_value(name, self.data[name], required=required, max_length=max_length)

    def _text_value(self, field, value, *, required, max_length):
        if not isinstance(value, str):
            self.add_error(
                field, _("This must be text, not %(given)s.") % {"given": _type_name(value)}
            )
            return None
        if clean_text(value) is None:
            self.add_error(field, _("This has characters that are not allowed in text."))
            return None
        value = value.strip()
        if required and not value:
            self.add_error(field, _("This must not be empty."))
            return None
        if len(value) > max_length:
            self.add_error(
                field,
                _("This is too long: use at most %(most)d characters.") % {"most": max_length},
            )
            return None
        return value

    def choice(self, name, choices, *, required=False, default=None):
        """One of a Django TextChoices' values."""
        if not self._given(name, required):
            return default
        value = self.data[name]
        values = [str(choice.value) for choice in choices]
        if not isinstance(value, str) or value not in values:
            self.add_error(
                name, _("This must be one of: %(values)s.") % {"values": ", ".join(values)}
            )
            return None
        return choices(value)

    def one_of(self, name, values, *, required=False, default=None):
        """One of a list of codes."""
        if not self._given(name, required):
            return default
        value = self.data[name]
        if not isinstance(value, str) or value not in values:
            self.add_error(
                name, _("This must be one of: %(values)s.") % {"values": ", ".join(values)}
            )
            return None
        return value

    def uuid(self, name, *, required=False):
        if not self._given(name, required):
            return None
        value = self.data[name]
        try:
            if not isinstance(value, str):
                raise ValueError
            return uuid.UUID(value)
        except ValueError:
            self.add_error(
                name,
                _("This must be an id in UUID form, like 6f1c8a52-3a7e-5b1e-9c55-0d6f2e7a1b01."),
            )
            return None

    def whole_number(self, name, *, required=False, lowest=1, highest=BIGGEST_ID):
        if not self._given(name, required):
            return None
        return self._whole_number_value(name, self.data[name], lowest, highest)

    def _whole_number_value(self, field, value, lowest, highest):
        if isinstance(value, bool) or not isinstance(value, int):
            self.add_error(
                field,
                _("This must be a whole number, not %(given)s.") % {"given": _type_name(value)},
            )
            return None
        if not lowest <= value <= highest:
            self.add_error(
                field,
                _("This must be a whole number from %(lowest)d to %(highest)d.")
                % {"lowest": lowest, "highest": highest},
            )
            return None
        return value

    def boolean(self, name, *, default):
        if not self._given(name, False):
            return default
        value = self.data[name]
        if not isinstance(value, bool):
            self._wrong_type(name, _("true or false"))
            return None
        return value

    def past_date(self, name, *, required=False):
        """A date like 2026-03-31, today or earlier."""
        if not self._given(name, required):
            return None
        value = self.data[name]
        try:
            if not isinstance(value, str) or not _DATE.match(value):
                raise ValueError
            day = datetime.date.fromisoformat(value)
        except ValueError:
            self.add_error(name, _("This must be a real date, like 2026-03-31."))
            return None
        if day > timezone.localdate():
            self.add_error(name, _("This must be today or in the past."))
            return None
        return day

    # --- Lists -------------------------------------------------------------------------------

    def _list(self, name, required, max_items):
        if not self._given(name, required):
            return None
        value = self.data[name]
        if not isinstance(value, list):
            self._wrong_type(name, _("a list"))
            return None
        if len(value) > max_items:
            self.add_error(name, _("Give at most %(most)d items here.") % {"most": max_items})
            return None
        return value

    def text_list(self, name, *, required=False, max_items=10, max_length=300):
        items = self._list(name, required, max_items)
        if items is None:
            return None if name in self.data else []
        found = []
        for position, item in enumerate(items):
            text = self._text_value(
                f"{name}[{position}]", item, required=True, max_length=max_length
            )
            if text is not None:
                found.append(text)
        if required and not items:
            self.add_error(name, _("Give at least one."))
        return found

    def choice_list(self, name, choices, *, max_items=20):
        items = self._list(name, False, max_items)
        if items is None:
            return None if name in self.data else []
        values = [str(choice.value) for choice in choices]
        found = []
        for position, item in enumerate(items):
            if not isinstance(item, str) or item not in values:
                self.add_error(
                    f"{name}[{position}]",
                    _("This must be one of: %(values)s.") % {"values": ", ".join(values)},
                )
            else:
                found.append(choices(item))
        return found

    def results(self, name, choices, *, max_items=10):
        """[{"outcome_id": 3, "result": "achieved"}, ...] as {3: "achieved"}."""
        items = self._list(name, True, max_items)
        if items is None:
            return None
        values = [str(choice.value) for choice in choices]
        found = {}
        for position, item in enumerate(items):
            field = f"{name}[{position}]"
            if not isinstance(item, dict) or set(item) != {"outcome_id", "result"}:
                self.add_error(
                    field,
                    _('Give each result as {"outcome_id": 3, "result": "achieved"}.'),
                )
                continue
            outcome = self._whole_number_value(
                f"{field}.outcome_id", item["outcome_id"], 1, BIGGEST_ID
            )
            result = item["result"]
            if not isinstance(result, str) or result not in values:
                self.add_error(
                    f"{field}.result",
                    _("This must be one of: %(values)s.") % {"values": ", ".join(values)},
                )
                continue
            if outcome is not None:
                if outcome in found:
                    self.add_error(f"{field}.outcome_id", _("This outcome is given twice."))
                found[outcome] = choices(result)
        return found
