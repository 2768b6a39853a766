"""Account writes: signing in (password, lockout, second factor), enrolment, passwords, users.

Views, management commands and tests all come through here, so every sign-in leaves the same
audit trail and the lockout rules hold whichever way in someone tries.
"""

import datetime
import enum

from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from resettle.accounts import two_factor
from resettle.accounts.models import Membership, Role, TOTPDevice, User
from resettle.audit.log import record

_BACKEND = "django.contrib.auth.backends.ModelBackend"
SESSION_VERIFIED = "two_factor_verified"
SESSION_SETUP_SECRET = "two_factor_setup_secret"


class CodeOutcome(enum.Enum):
    ACCEPTED = "accepted"
    REFUSED = "refused"
    LOCKED = "locked"


def _lockout_window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.LOCKOUT_MINUTES)


def _locked_row(user) -> User:
    return User.objects.select_for_update().get(pk=user.pk)


def _forget_stale_failures(user, now) -> None:
    """Failures count only within the lockout window; an expired lock starts a fresh count."""
    stale = user.last_failed_sign_in_at is None or (
        now - user.last_failed_sign_in_at >= _lockout_window()
    )
    if stale or (user.locked_until is not None and user.locked_until <= now):
        user.failed_sign_ins = 0
        if user.locked_until is not None and user.locked_until <= now:
            user.locked_until = None


def attempt_sign_in(email: str, password: str) -> User | None:
    """The account if the email and password match an active, unlocked one; otherwise None.

    A wrong password counts towards the lockout. A locked account is refused even with the
    right password, and the refusal looks the same as a wrong password, so nobody can learn
    from the answer whether an address has an account or whether its password was right.
    """
    with transaction.atomic():
        user = (
            User.objects.select_for_update()
            .filter(email__iexact=email.strip(), is_active=True)
            .order_by("pk")
            .first()
        )
        if user is None:
            # Hash anyway so the response takes as long as it would for a real account.
            User().set_password(password)
            return None
        now = timezone.now()
        _forget_stale_failures(user, now)
        if user.locked_until is not None and user.locked_until > now:
            user.check_password(password)
            record(None, "account.sign_in_failed", user, summary="Refused: account locked.")
            return None
        if not user.check_password(password):
            record_failed_sign_in(user, reason="wrong password")
            return None
        return user


def record_failed_sign_in(user, *, reason: str) -> User:
    """Count one failed password or code; at settings.LOCKOUT_FAILURES lock the account."""
    with transaction.atomic():
        user = _locked_row(user)
        now = timezone.now()
        _forget_stale_failures(user, now)
        user.failed_sign_ins += 1
        user.last_failed_sign_in_at = now
        record(
            None,
            "account.sign_in_failed",
            user,
            summary=f"Failed sign-in ({reason}); {user.failed_sign_ins} in a row.",
        )
        if user.failed_sign_ins >= settings.LOCKOUT_FAILURES:
            user.locked_until = now + _lockout_window()
            record(
                None,
                "account.locked",
                user,
                summary=(
                    f"Locked for {settings.LOCKOUT_MINUTES} minutes after "
                    f"{user.failed_sign_ins} failed attempts."
                ),
            )
        user.save(update_fields=["failed_sign_ins", "last_failed_sign_in_at", "locked_until"])
        return user


def reset_failed_sign_ins(user) -> None:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(
            failed_sign_ins=0, last_failed_sign_in_at=None, locked_until=None
        )
        user.failed_sign_ins, user.last_failed_sign_in_at, user.locked_until = 0, None, None


def needs_second_factor(user) -> bool:
    return user.is_staff_role and not two_factor.two_factor_relaxed_for(user)


def start_session(request, user) -> None:
    """Sign in with the password only. Staff stay held at the code step until it is done."""
    login(request, user, backend=_BACKEND)
    request.session[SESSION_VERIFIED] = False


def complete_sign_in(request, *, method: str, two_factor_verified: bool) -> None:
    """The person has passed every factor they need: clear failures and mark the session."""
    user = request.user
    with transaction.atomic():
        reset_failed_sign_ins(user)
        record(user, "account.signed_in", user, summary=f"Signed in with {method}.")
    # A new session key when privileges rise, so a key seen before this point is worthless.
    request.session.cycle_key()
    request.session.pop(SESSION_SETUP_SECRET, None)
    request.session[SESSION_VERIFIED] = two_factor_verified


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def _account_locked_now(user) -> bool:
    return User.objects.filter(pk=user.pk, locked_until__gt=timezone.now()).exists()


def verify_second_factor(request, code: str) -> CodeOutcome:
    """Check a code from the person's authenticator app; each code works once only."""
    user = request.user
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(user=user, confirmed_at__isnull=False)
        if _account_locked_now(user):
            outcome = CodeOutcome.LOCKED
        else:
            step = two_factor.matching_step(device.secret, code, after_step=device.last_used_step)
            if step is None:
                updated = record_failed_sign_in(user, reason="wrong or reused code")
                outcome = CodeOutcome.LOCKED if updated.is_locked() else CodeOutcome.REFUSED
            else:
                device.last_used_step = step
                device.save(update_fields=["last_used_step"])
                outcome = CodeOutcome.ACCEPTED
    if outcome is CodeOutcome.ACCEPTED:
        complete_sign_in(request, method="password and authenticator app", two_factor_verified=True)
    elif outcome is CodeOutcome.LOCKED:
        logout(request)
    return outcome


def enrolment_secret(request) -> str:
    """The secret being enrolled in this session, made on first use and kept until confirmed."""
    secret = request.session.get(SESSION_SETUP_SECRET)
    if not secret:
        secret = two_factor.new_secret()
        request.session[SESSION_SETUP_SECRET] = secret
    return secret


def confirm_two_factor_enrolment(request, code: str) -> CodeOutcome:
    """Save the authenticator app once it has shown a valid code, and finish signing in.

    A confirmed device is never replaced here: a stolen password alone must not be enough to
    move someone's second factor to a new phone.
    """
    user = request.user
    secret = request.session.get(SESSION_SETUP_SECRET)
    if not secret:
        return CodeOutcome.REFUSED
    with transaction.atomic():
        _locked_row(user)
        if TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).exists():
            raise PermissionDenied("This account already has an authenticator app.")
        if _account_locked_now(user):
            outcome = CodeOutcome.LOCKED
        else:
            step = two_factor.matching_step(secret, code, after_step=0)
            if step is None:
                updated = record_failed_sign_in(user, reason="wrong code during set-up")
                outcome = CodeOutcome.LOCKED if updated.is_locked() else CodeOutcome.REFUSED
            else:
                TOTPDevice.objects.update_or_create(
                    user=user,
                    defaults={
                        "secret": secret,
                        "confirmed_at": timezone.now(),
                        "last_used_step": step,
                    },
                )
                record(
                    user, "account.two_factor_enabled", user, summary="Authenticator app set up."
                )
                outcome = CodeOutcome.ACCEPTED
    if outcome is CodeOutcome.ACCEPTED:
        complete_sign_in(
            request, method="password and new authenticator app", two_factor_verified=True
        )
    elif outcome is CodeOutcome.LOCKED:
        logout(request)
    return outcome


def reset_two_factor(user, *, actor=None, reason: str) -> bool:
    """Remove someone's authenticator app (a lost or replaced phone) so they set up a new one
    at their next sign-in. Whoever does this must first have checked who is asking."""
    with transaction.atomic():
        deleted, _ = TOTPDevice.objects.filter(user=user).delete()
        if deleted:
            record(actor, "account.two_factor_reset", user, summary=reason[:300])
    return bool(deleted)


def sign_out(request) -> None:
    if request.user.is_authenticated:
        with transaction.atomic():
            record(request.user, "account.signed_out", request.user)
    logout(request)


def set_password(user, password: str, *, how: str) -> None:
    """A new password, by reset link or by change. Neither clears a lockout: a lock is there
    to slow guessing, and a reset email must not become a way round it."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        record(user, f"account.password_{how}", user)


def create_user(
    *,
    email: str,
    password: str,
    organisation,
    role: str,
    first_name: str = "",
    last_name: str = "",
    is_demo: bool = False,
    actor=None,
) -> User:
    """An account with one role at one organisation (operators' command; later admin screens)."""
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}; choose from {', '.join(Role.values)}.")
    email = User.objects.normalize_email(email.strip())
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists():
            raise ValueError(f"An account with the email address {email} already exists.")
        user = User(
            username=email[:150],
            email=email,
            first_name=first_name,
            last_name=last_name,
            is_demo=is_demo,
        )
        validate_password(password, user)
        user.set_password(password)
        user.save()
        Membership.objects.create(user=user, organisation=organisation, role=role)
        record(
            actor,
            "account.created",
            user,
            organisation=organisation,
            summary=f"Account created with the role {role}.",
        )
    return user
