"""Equality monitoring answers, kept apart from the rest of the record so that only the roles
that need them (resettle.people.models.EQUALITY_ROLES) ever load them."""

from django.db import models

from resettle.core import equality


def _equality_field(question):
    return models.CharField(
        max_length=40, choices=equality.options_for(question), blank=True, default=""
    )


class EqualityMonitoring(models.Model):
    """Answers to the equality monitoring questions. Optional, each with "prefer not to say",
    seen only by roles in EQUALITY_ROLES, and never a condition of getting a service."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, primary_key=True, related_name="equality"
    )
    ethnicity = _equality_field("ethnicity")
    sex = _equality_field("sex")
    gender_same_as_birth = _equality_field("gender_same_as_birth")
    sexual_orientation = _equality_field("sexual_orientation")
    religion = _equality_field("religion")
    disability = _equality_field("disability")
    marital_status = _equality_field("marital_status")
    pregnancy_maternity = _equality_field("pregnancy_maternity")
    care_leaver = _equality_field("care_leaver")
    armed_forces_veteran = _equality_field("armed_forces_veteran")
    foreign_national = _equality_field("foreign_national")
    learning_disability_neurodivergence = _equality_field("learning_disability_neurodivergence")
    primary_carer = _equality_field("primary_carer")
    updated_at = models.DateTimeField(auto_now=True)

    QUESTIONS = list(equality.QUESTIONS)

    def __str__(self):
        return f"Equality monitoring for {self.person_id}"
