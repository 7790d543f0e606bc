"""The admin's own filters: how long ago something happened, a step named by the start of
its message, and a formatted text as Telegram shows it."""

from django import template
from django.utils.timesince import timesince

from advisor.core.texts import start_of
from advisor.markup import as_page_html

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


@register.filter
def telegram_html(text: str):
    """A formatted text (advisor.markup) shown with its formatting, safely."""
    return as_page_html(text)
