"""The admin's own filters: how long ago something happened, and a step named by the start
of its message."""

from django import template
from django.utils.timesince import timesince

from advisor.texts import start_of

register = template.Library()


@register.filter
def ago(moment) -> str:
    """ "3 minutes ago", or "just now" within the minute."""
    since = timesince(moment)
    return "just now" if since.startswith("0\xa0") else f"{since} ago"


@register.filter
def start(text: str, length: int = 60) -> str:
    """A message on one line, its first words: how the admin names a step."""
    return start_of(text, int(length))
