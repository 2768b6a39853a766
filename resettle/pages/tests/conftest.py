import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Production hashing is deliberately slow; these tests hash hundreds of times. The hasher
    # is not what they test: lockout, two-factor and reset logic work the same with any hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
