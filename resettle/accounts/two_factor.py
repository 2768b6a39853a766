from django.conf import settings


def two_factor_relaxed_for(user) -> bool:
    """The demo setting relaxes two-factor for demo users only, and never in production."""
    return settings.DEMO_RELAX_TWO_FACTOR and user.is_demo
