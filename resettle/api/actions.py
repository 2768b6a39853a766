"""Making and revoking personal API tokens. The referral endpoints call the referral actions."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from resettle.api.models import SHOWN_CHARACTERS, ApiToken, hash_secret, new_secret
from resettle.audit.log import record

MAX_ACTIVE_TOKENS = 20


def create_token(actor, owner, name: str) -> tuple[ApiToken, str]:
    """A new token for `owner`, and the token itself: it is never stored, so show it now.
    `actor` is None when an operator makes one with the create_api_token command."""
    if actor is not None and actor != owner:
        raise PermissionDenied("People make tokens for themselves only.")
    if not owner.is_active:
        raise ValidationError(_("This account is switched off, so it cannot have tokens."))
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Give the token a name, so you know later what uses it."))
    if len(name) > 100:
        raise ValidationError(_("Give the token a name of at most 100 characters."))
    secret = new_secret()
    with transaction.atomic():
        if owner.api_tokens.active().count() >= MAX_ACTIVE_TOKENS:
            raise ValidationError(
                _("You have %(n)d tokens in use. Revoke one you no longer need first.")
                % {"n": MAX_ACTIVE_TOKENS}
            )
        token = ApiToken.objects.create(
            user=owner,
            name=name,
            key_hash=hash_secret(secret),
            shown=secret[: len("rsk_") + SHOWN_CHARACTERS],
        )
        record(
            actor,
            "api_token.created",
            token,
            summary=f"API token '{name}' made for {owner.email}"
            + ("" if actor is not None else " (by command)"),
            changes={"owner": owner.email, "name": name},
        )
    return token, secret


def revoke_token(actor, token: ApiToken) -> ApiToken:
    """Stop a token working at once. Revoking one already revoked changes nothing."""
    if actor is not None and actor.pk != token.user_id:
        raise PermissionDenied("People revoke their own tokens only.")
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(
            actor,
            "api_token.revoked",
            token,
            summary=f"API token '{token.name}' revoked",
            changes={"name": token.name},
        )
    return token
