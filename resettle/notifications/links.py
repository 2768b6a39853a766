"""Where a notification may lead: only to a page of this site."""

from django.utils.http import url_has_allowed_host_and_scheme


def is_local_url(url: str) -> bool:
    """A path on this site ("/referrals/…"), never another site: no scheme, no host, and no
    "//" or "/\\" that a browser would read as one."""
    return (
        isinstance(url, str)
        and url.startswith("/")
        and url_has_allowed_host_and_scheme(url, allowed_hosts=set())
    )
