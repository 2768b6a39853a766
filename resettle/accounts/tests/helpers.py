import time

from django.urls import reverse

from resettle.accounts import two_factor
from resettle.accounts.models import TOTPDevice

PASSWORD = "correct horse battery staple"


def post_password(client, user, password=PASSWORD, next_url=None):
    data = {"email": user.email, "password": password}
    if next_url is not None:
        data["next"] = next_url
    return client.post(reverse("accounts:sign_in"), data)


def enrol(user, *, last_used_step=0) -> TOTPDevice:
    """A confirmed authenticator app for the user, as if they had set one up earlier."""
    from django.utils import timezone

    return TOTPDevice.objects.create(
        user=user,
        secret=two_factor.new_secret(),
        confirmed_at=timezone.now(),
        last_used_step=last_used_step,
    )


def code_now(secret: str, *, steps_ahead: int = 0) -> str:
    return two_factor.code_at(secret, time.time() + 30 * steps_ahead)
