"""What the receiving organisation sees of a person: a copy, taken when the referral is sent, of
the parts the referrer chose to share. It is a copy on purpose: it shows exactly what was
shared, and later changes to the record do not leak through a referral."""

from django.utils import translation

from resettle.core.languages import language_name
from resettle.needs.models import Need
from resettle.plans.models import Goal
from resettle.referrals.models import SharedField


def snapshot(person, fields, *, need=None) -> dict:
    fields = set(fields)
    # Stored text is in English; the page translates labels, not what was recorded.
    with translation.override("en"):
        data = {"name": person.full_name}
        if SharedField.DATE_OF_BIRTH in fields and person.date_of_birth:
            data["date_of_birth"] = person.date_of_birth.isoformat()
        if SharedField.SEX in fields and person.sex:
            data["sex"] = person.sex
        if SharedField.CONTACT in fields:
            data["contact"] = {
                "phone": person.phone,
                "email": person.email,
                "address": person.address,
            }
        if SharedField.PRISON_NUMBER in fields:
            data["prison_number"] = person.prison_number
            data["pnc_id"] = person.pnc_id
        if SharedField.LANGUAGE in fields:
            labels = dict(person.CommunicationNeed.choices)
            data["language"] = {
                "preferred": language_name(person.preferred_language),
                "interpreter_needed": person.interpreter_needed,
                "communication_needs": [
                    str(labels.get(code, code)) for code in person.communication_needs
                ],
                "notes": person.communication_notes,
            }
        if SharedField.NEEDS in fields:
            others = (
                Need.objects.filter(person=person).open().select_related("pathway", "support_need")
            )
            if need is not None:
                others = others.exclude(pk=need.pk)
            data["needs"] = [
                {"need": other.name, "status": str(other.get_status_display())} for other in others
            ]
        if SharedField.PLAN in fields:
            goals = Goal.objects.filter(person=person, status=Goal.Status.ACTIVE).prefetch_related(
                "steps"
            )
            data["plan"] = [
                {
                    "goal": goal.in_their_words,
                    "steps": [
                        {
                            "what": step.what,
                            "who": step.who,
                            "due_on": step.due_on.isoformat() if step.due_on else None,
                        }
                        for step in goal.steps.all()
                        if step.done_on is None
                    ],
                }
                for goal in goals
            ]
    return data
