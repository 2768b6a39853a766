"""Personal API tokens: how other systems call the JSON API as one named user.

A token acts as its owner, with exactly the owner's permissions. Only a SHA-256 hash of it is
stored; the token itself is shown once, when it is made. A token is a long random secret, so
one unsalted hash is enough (nothing to guess by brute force), and it lets a request find its
token by one indexed lookup.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "rsk_"
# secrets.token_urlsafe(32) gives 43 characters.
TOKEN_PATTERN = r"^rsk_[A-Za-z0-9_-]{43}$"
SHOWN_CHARACTERS = 8


def new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The token's first characters, so its owner can tell tokens apart; not enough to use it.
    shown = models.CharField(max_length=20, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.shown}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
