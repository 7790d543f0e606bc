"""Formatted texts: Telegram's HTML subset, checked, measured and shown.

A step's message, a map's greeting and goodbye and their translations are stored as the HTML
Telegram reads with ``parse_mode=HTML``, limited to bold, italic, underline, strikethrough,
inline code, links and quotes. ``clean`` accepts only what Telegram would accept and returns
it in one canonical spelling; every other text the bot sends (button words, the bot's own
words, a user's first name) is plain and goes through ``escape``. Pure Python.
"""

import html
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.utils.deconstruct import deconstructible
from django.utils.html import escape as escape_attribute
from django.utils.html import urlize
from django.utils.safestring import SafeString, mark_safe

#: The formatting an editor can use, by tag, in plain words.
FORMATS = {
    "b": "bold",
    "i": "italic",
    "u": "underline",
    "s": "strikethrough",
    "code": "code",
    "a": "link",
    "blockquote": "quote",
}
ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
LINK_SCHEMES = ["https", "http"]
_TOKEN = re.compile(
    r"<(?P<close>/?)(?P<tag>[A-Za-z][A-Za-z0-9-]*)(?P<attrs>[^<>]*)>"
    r"|&(?P<entity>#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]*);"
    r"|(?P<stray><)"
)
_HREF = re.compile(r"""\s+href\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')\s*""")
_validate_link = URLValidator(schemes=LINK_SCHEMES)


class MarkupError(ValueError):
    """A formatted text Telegram would refuse; the message says why in plain words."""


@dataclass(frozen=True)
class Piece:
    """Text, or the start or end of a format (``href`` for a link's start)."""

    text: str = ""
    tag: str = ""
    closing: bool = False
    href: str = ""


def escape(text: str) -> str:
    """Plain text as HTML that shows it literally."""
    return html.escape(text, quote=False)


def _entity(name: str) -> str:
    """The character an entity stands for; one Telegram does not know reads literally."""
    if name.startswith("#"):
        number = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
        if 0 < number <= 0x10FFFF and not 0xD800 <= number <= 0xDFFF:
            return chr(number)
        raise MarkupError(f"“&{name};” is not a character: write & as &amp;.")
    return ENTITIES.get(name.lower(), f"&{name};")


def _opening(tag: str, attrs: str) -> Piece:
    if tag not in FORMATS:
        names = ", ".join(FORMATS.values())
        raise MarkupError(f"Telegram has no <{tag}> formatting; a message can use {names}.")
    if tag != "a":
        if attrs.strip():
            raise MarkupError(f"<{tag}> takes no settings: write just <{tag}>.")
        return Piece(tag=tag)
    found = _HREF.fullmatch(attrs)
    if found is None:
        raise MarkupError('A link needs its address, written as <a href="https://…">.')
    href = html.unescape(found["dq"] if found["dq"] is not None else found["sq"]).strip()
    try:
        _validate_link(href)
    except ValidationError:
        raise MarkupError(f"“{href}” is not a web address: a link starts with https://.") from None
    return Piece(tag="a", href=href)


def pieces(text: str) -> list[Piece]:
    """The text split into plain runs and formats; MarkupError where Telegram would refuse."""
    result, open_tags, position = [], [], 0
    for found in _TOKEN.finditer(text):
        if found.start() > position:
            result.append(Piece(text[position : found.start()]))
        position = found.end()
        if found["stray"]:
            raise MarkupError("A “<” on its own must be written &lt; to show as is.")
        if found["entity"]:
            result.append(Piece(_entity(found["entity"])))
            continue
        tag = found["tag"].lower()
        if found["close"]:
            if not open_tags or open_tags[-1] != tag:
                raise MarkupError(f"</{tag}> closes a format that is not open here.")
            open_tags.pop()
            result.append(Piece(tag=tag, closing=True))
            continue
        piece = _opening(tag, found["attrs"])
        if "code" in open_tags:
            raise MarkupError("Code cannot hold other formatting.")
        if tag in ("a", "blockquote") and tag in open_tags:
            raise MarkupError(f"A {FORMATS[tag]} cannot hold another {FORMATS[tag]}.")
        open_tags.append(tag)
        result.append(piece)
    if position < len(text):
        result.append(Piece(text[position:]))
    if open_tags:
        raise MarkupError(f"<{open_tags[-1]}> is never closed.")
    return result


def clean(text: str) -> str:
    """The text in canonical spelling (what is stored); MarkupError if Telegram would
    refuse it."""
    return "".join(_spelled(piece) for piece in pieces(text))


def canonical(text: str) -> str:
    """``clean``'s spelling of a text, or the text as it is when it does not parse (its
    validator reports that)."""
    try:
        return clean(text)
    except MarkupError:
        return text


def _spelled(piece: Piece) -> str:
    if piece.closing:
        return f"</{piece.tag}>"
    if piece.tag == "a":
        return f'<a href="{html.escape(piece.href)}">'
    if piece.tag:
        return f"<{piece.tag}>"
    return escape(piece.text)


def plain(text: str) -> str:
    """What a reader sees of a formatted text, without its formatting."""
    if "<" not in text and "&" not in text:
        return text  # nothing to read: most texts, at no cost
    try:
        return "".join(piece.text for piece in pieces(text))
    except MarkupError:
        return text


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def telegram_length(text: str) -> int:
    """The length Telegram counts a formatted text by: UTF-16 code units of what is shown."""
    return _utf16(plain(text))


def fitted(text: str, limit: int) -> str:
    """The text if Telegram takes it; else its words unformatted, cut to the limit. (What is
    shown is never longer than the markup that shows it, so most texts are not parsed.)"""
    if _utf16(text) <= limit or telegram_length(text) <= limit:
        return text
    shown = plain(text)[: limit - 1]
    while _utf16(shown) > limit - 1:  # characters beyond the BMP count two
        shown = shown[:-1]
    return escape(shown + "…")


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
            shown.append(_spelled(piece))
        else:  # bare web addresses become links, as in Telegram
            words = (
                escape_attribute(piece.text)
                if in_link
                else urlize(piece.text, nofollow=True, autoescape=True)
            )
            shown.append(words)
    return mark_safe("".join(shown))


def https_error(address: str) -> str | None:
    """What is wrong with a link button's address in plain words (it must be https), or None."""
    try:
        URLValidator(schemes=["https"])(address)
    except ValidationError:
        return "A link button opens a web page: give its address starting with https://."
    return None


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
