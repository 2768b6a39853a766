"""UK postcodes: tidy what people type, tell a full postcode from a district, or say why not."""

import re

# Outward code: area (1-2 letters) + district (digit, then optional digit or letter).
_OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
_INWARD = r"[0-9][A-Z]{2}"
_FULL_RE = re.compile(rf"^({_OUTWARD}) ?({_INWARD})$")
_OUTWARD_RE = re.compile(rf"^({_OUTWARD})$")


class PostcodeError(ValueError):
    pass


def normalise(raw: str) -> str:
    return re.sub(r"\s+", " ", raw.strip().upper())


def parse(raw: str) -> tuple[str, str | None]:
    """Return (outward code, full postcode or None). Raises PostcodeError if it is neither."""
    text = normalise(raw)
    if len(text) > 8:
        raise PostcodeError("Enter a real postcode, like SE1 7TP, or the first half, like SE1")
    if match := _FULL_RE.match(text):
        return match.group(1), f"{match.group(1)} {match.group(2)}"
    if match := _OUTWARD_RE.match(text):
        return match.group(1), None
    raise PostcodeError("Enter a real postcode, like SE1 7TP, or the first half, like SE1")


def district_candidates(outward: str) -> list[str]:
    """Districts to look up, most specific first: 'EC1A' is also found under 'EC1'."""
    if outward[-1].isalpha() and len(outward) > 2:
        return [outward, outward[:-1]]
    return [outward]
