"""Formatted texts: Telegram's HTML subset, checked, measured and sent.

A step's message, a map's greeting and goodbye and their translations are stored as the HTML
Telegram reads with ``parse_mode=HTML``, limited to bold, italic, underline, strikethrough,
inline code, links and quotes. ``clean`` accepts only what Telegram would accept and returns
it in one canonical spelling; every other text the bot sends (button words, the bot's own
words, a user's first name) is plain and goes through ``escape``. Pure Python: the admin's
side (a text shown on a page, the models' validators) is advisor.markup.
"""

import html
import re
from dataclasses import dataclass

from advisor.core.web_address import is_web_address

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
LINK_SCHEMES = ("https", "http")
_TOKEN = re.compile(
    r"<(?P<close>/?)(?P<tag>[A-Za-z][A-Za-z0-9-]*)(?P<attrs>[^<>]*)>"
    r"|&(?P<entity>#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]*);"
    r"|(?P<stray><)"
)
_HREF = re.compile(r"""\s+href\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')\s*""")


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
    if not is_web_address(href, LINK_SCHEMES):
        raise MarkupError(f"“{href}” is not a web address: a link starts with https://.")
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
    return "".join(spelled(piece) for piece in pieces(text))


def canonical(text: str) -> str:
    """``clean``'s spelling of a text, or the text as it is when it does not parse (its
    validator reports that)."""
    try:
        return clean(text)
    except MarkupError:
        return text


def spelled(piece: Piece) -> str:
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


def https_error(address: str) -> str | None:
    """What is wrong with a link button's address in plain words (it must be https), or None."""
    if is_web_address(address, ("https",)):
        return None
    return "A link button opens a web page: give its address starting with https://."
