"""Time-based one-time passwords (RFC 6238) for the second sign-in factor."""

import hmac
import time
import unicodedata

import pyotp
import segno
from django.conf import settings

ISSUER = "Resettle"
CODE_DIGITS = 6
# Accept the step before and after the current one, so a phone clock up to 30 seconds out works.
ALLOWED_DRIFT_STEPS = 1


def two_factor_relaxed_for(user) -> bool:
    """The demo setting relaxes two-factor for demo users only, and never in production."""
    return settings.DEMO_RELAX_TWO_FACTOR and user.is_demo


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, account_name: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account_name, issuer_name=ISSUER)


def qr_code_svg(uri: str, title: str) -> str:
    """The otpauth URI as an inline SVG QR code, with a title for screen readers."""
    return segno.make(uri, error="m").svg_inline(
        scale=5, border=4, dark="#0b0c0c", light="#ffffff", title=title
    )


def normalise_code(code: str) -> str:
    """Drop the spaces and dashes people type ("123 456") and read digits from any script
    (an Arabic or Bengali keyboard types its own digits) as ASCII ones."""
    return "".join(
        str(unicodedata.decimal(ch)) if ch.isdecimal() else ch
        for ch in code
        if not ch.isspace() and ch != "-"
    )


def matching_step(secret: str, code: str, *, after_step: int, now: float | None = None):
    """The time-step the code belongs to, if it is valid and newer than `after_step`, else None.

    Refusing steps at or before the last one used means a code works once only, even
    within its own 30 seconds, and an older code cannot follow a newer one.
    """
    code = normalise_code(code)
    if len(code) != CODE_DIGITS or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(time.time() if now is None else now)
    for step in range(current - ALLOWED_DRIFT_STEPS, current + ALLOWED_DRIFT_STEPS + 1):
        if step > after_step and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def code_at(secret: str, when: float) -> str:
    """The code an authenticator app would show at `when` (for enrolment checks and tests)."""
    return pyotp.TOTP(secret).at(when)
