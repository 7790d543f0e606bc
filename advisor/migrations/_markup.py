"""Frozen for the data migrations: formatted texts' ``escape`` and ``plain`` as advisor.markup
had them when the migrations were written (45feb67). Never change this module: a later
migration that needs other code freezes its own copy. (Django's migration loader skips
modules whose name starts with "_", so this is not a migration.)"""

import html
import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

FORMATS = ("b", "i", "u", "s", "code", "a", "blockquote")
ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TOKEN = re.compile(
    r"<(?P<close>/?)(?P<tag>[A-Za-z][A-Za-z0-9-]*)(?P<attrs>[^<>]*)>"
    r"|&(?P<entity>#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]*);"
    r"|(?P<stray><)"
)
_HREF = re.compile(r"""\s+href\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')\s*""")
_validate_link = URLValidator(schemes=["https", "http"])


class _Unreadable(ValueError):
    """Markup Telegram would refuse: ``plain`` leaves such a text as it is."""


def escape(text: str) -> str:
    """Plain text as HTML that shows it literally."""
    return html.escape(text, quote=False)


def plain(text: str) -> str:
    """What a reader sees of a formatted text, without its formatting (a text that does not
    parse, as it is)."""
    if "<" not in text and "&" not in text:
        return text
    try:
        return "".join(_words(text))
    except _Unreadable:
        return text


def _words(text: str) -> list[str]:
    """The runs of words of a formatted text; _Unreadable where Telegram would refuse it."""
    result, open_tags, position = [], [], 0
    for found in _TOKEN.finditer(text):
        result.append(text[position : found.start()])
        position = found.end()
        if found["stray"]:
            raise _Unreadable
        if found["entity"]:
            result.append(_entity(found["entity"]))
            continue
        tag = found["tag"].lower()
        if found["close"]:
            if not open_tags or open_tags[-1] != tag:
                raise _Unreadable
            open_tags.pop()
            continue
        _check_opening(tag, found["attrs"])
        if "code" in open_tags or (tag in ("a", "blockquote") and tag in open_tags):
            raise _Unreadable
        open_tags.append(tag)
    if open_tags:
        raise _Unreadable
    return [*result, text[position:]]


def _entity(name: str) -> str:
    """The character an entity stands for; one Telegram does not know reads literally."""
    if name.startswith("#"):
        number = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
        if 0 < number <= 0x10FFFF and not 0xD800 <= number <= 0xDFFF:
            return chr(number)
        raise _Unreadable
    return ENTITIES.get(name.lower(), f"&{name};")


def _check_opening(tag: str, attrs: str) -> None:
    if tag not in FORMATS:
        raise _Unreadable
    if tag != "a":
        if attrs.strip():
            raise _Unreadable
        return
    found = _HREF.fullmatch(attrs)
    if found is None:
        raise _Unreadable
    href = html.unescape(found["dq"] if found["dq"] is not None else found["sq"]).strip()
    try:
        _validate_link(href)
    except ValidationError:
        raise _Unreadable from None
