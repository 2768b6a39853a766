from django.core.management.base import BaseCommand

from resettle.referrals.actions import chase_unanswered


class Command(BaseCommand):
    help = (
        "Remind receiving organisations of unanswered referrals, and escalate those left "
        "longer to their managers. Safe to run as often as you like (hourly from cron or a "
        "systemd timer): each referral is reminded and escalated once."
    )

    def handle(self, *args, **options):
        counts = chase_unanswered()
        self.stdout.write(
            f"Reminded {counts['reminded']} and escalated {counts['escalated']} "
            "unanswered referrals."
        )
