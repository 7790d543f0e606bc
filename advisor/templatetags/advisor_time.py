"""How long ago something happened, as the admin's pages say it."""

from django import template
from django.utils.timesince import timesince

register = template.Library()


@register.filter
def ago(moment) -> str:
    """ "3 minutes ago", or "just now" within the minute."""
    since = timesince(moment)
    return "just now" if since.startswith("0\xa0") else f"{since} ago"
