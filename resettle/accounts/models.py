"""Users, their memberships of organisations (with a role in each), and two-factor devices."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    INTAKE = "intake", _("Intake worker")
    MENTOR = "mentor", _("Mentor")
    MANAGER = "manager", _("Organisation manager")
    COMMISSIONER = "commissioner", _("Commissioner")
    ADMINISTRATOR = "administrator", _("Administrator")


class User(AbstractUser):
    email = models.EmailField(_("email address"), unique=True)
    # Failed sign-ins since the last success; at settings.LOCKOUT_FAILURES the account locks.
    failed_sign_ins = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    # Failures older than the lockout window no longer count towards a lock.
    last_failed_sign_in_at = models.DateTimeField(null=True, blank=True)
    # Demo accounts may skip two-factor when DEMO_RELAX_TWO_FACTOR is on (never in production).
    is_demo = models.BooleanField(default=False)

    def __str__(self):
        return self.get_full_name() or self.email

    @cached_property
    def roles(self) -> set[str]:
        return set(self.memberships.values_list("role", flat=True))

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or Role.ADMINISTRATOR in self.roles

    @property
    def does_casework(self) -> bool:
        """Works with people's records at some organisation (see people.models.CASEWORK_ROLES)."""
        return bool(self.roles & {Role.CASEWORKER, Role.INTAKE, Role.MANAGER})

    @property
    def is_mentor(self) -> bool:
        return Role.MENTOR in self.roles

    @property
    def is_staff_role(self) -> bool:
        """Anyone who works with people's records or runs the service must use two factors."""
        return bool(self.roles) or self.is_superuser

    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()

    def organisations_with_role(self, *roles):
        from resettle.organisations.models import Organisation

        return Organisation.objects.filter(memberships__user=self, memberships__role__in=roles)


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="unique_membership_role"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} at {self.organisation}"


class TOTPDevice(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last time-step accepted, so a code cannot be replayed within its window.
    last_used_step = models.BigIntegerField(default=0)

    def __str__(self):
        return f"Authenticator app for {self.user}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
