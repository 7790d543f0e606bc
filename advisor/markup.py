"""Formatted texts on the admin's side: shown on a page, and checked by the models'
validators (old migrations name these by this module's path). The rules are
advisor.core.markup's."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.html import escape as escape_attribute
from django.utils.html import urlize
from django.utils.safestring import SafeString, mark_safe

from advisor.core.markup import MarkupError, https_error, pieces, spelled, telegram_length


def as_page_html(text: str) -> SafeString:
    """The formatted text for an admin page, built only from its checked pieces (a text that
    does not parse shows literally): what the preview chat shows."""
    try:
        parts = pieces(text)
    except MarkupError:
        return mark_safe(escape_attribute(text))
    shown, in_link = [], False
    for piece in parts:
        if piece.tag == "a":
            in_link = not piece.closing
        if piece.tag == "a" and in_link:
            href = escape_attribute(piece.href)
            shown.append(f'<a href="{href}" rel="noopener noreferrer" target="_blank">')
        elif piece.tag:
            shown.append(spelled(piece))
        else:  # bare web addresses become links, as in Telegram
            words = (
                escape_attribute(piece.text)
                if in_link
                else urlize(piece.text, nofollow=True, autoescape=True)
            )
            shown.append(words)
    return mark_safe("".join(shown))


def validate_https(address: str) -> None:
    """A Django validator: https_error's."""
    if error := https_error(address):
        raise ValidationError(error, code="https")


def validate_markup(text: str) -> None:
    """A Django validator: a ValidationError in plain words for markup Telegram refuses."""
    try:
        pieces(text)
    except MarkupError as error:
        raise ValidationError(str(error), code="markup") from None


@deconstructible
class TelegramLengthValidator(MaxLengthValidator):
    """At most ``limit_value`` characters as Telegram counts them (formatting left out)."""

    def clean(self, x):
        return telegram_length(x)
