"""Stored evaluations: the results of one impact evaluation, kept as they were worked out, so
that the page a commissioner reads, its PDF and its downloads always agree and do not change
when the records underneath them do. Aggregates only: nothing about any one person."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from resettle.accounts.models import Role
from resettle.core.evaluation import EvaluationResult


class EvaluationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Managers see their own organisations' evaluations; commissioners and funders see
        every evaluation (aggregate figures, as the Justice Data Lab publishes its own).
        Nobody else sees any, administrators included: this is not data-protection work."""
        if not user.is_authenticated:
            return self.none()
        roles = user.roles
        if Role.COMMISSIONER in roles:
            return self.all()
        if Role.MANAGER in roles:
            return self.filter(organisation__in=user.organisations_with_role(Role.MANAGER))
        return self.none()


def may_see_evaluations(user) -> bool:
    return user.is_authenticated and bool(user.roles & {Role.MANAGER, Role.COMMISSIONER})


class Evaluation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Whose work was evaluated.
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="evaluations"
    )
    service = models.ForeignKey(
        "services.Service",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluations",
    )
    title = models.CharField(_("title"), max_length=200)
    treated_description = models.CharField(_("people who received the support"), max_length=300)
    comparison_description = models.CharField(_("compared with"), max_length=300)
    # resettle.evaluation.runner.results_json: what went in and EvaluationResult.to_dict().
    results = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organisation", "-created_at"], name="evaluation_organisation"),
            models.Index(
                fields=["service", "-created_at"],
                name="evaluation_service",
                condition=Q(service__isnull=False),
            ),
        ]

    def __str__(self):
        return self.title

    @cached_property
    def result(self) -> EvaluationResult:
        return EvaluationResult.from_dict(self.results)
