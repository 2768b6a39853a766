"""Marks English text for translation without importing Django.

gettext_noop is one of the keywords Django's makemessages extracts, so strings wrapped here
reach the message catalogue; the web layer translates them when it renders a Statement.
"""


def gettext_noop(message: str) -> str:
    return message
