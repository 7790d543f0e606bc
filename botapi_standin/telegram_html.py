"""Telegram's HTML parse mode, as TDLib's ``parse_html`` reads it.

Ported from td/telegram/MessageEntity.cpp (``decode_html_entity``, ``parse_html``): the plain
text and the Bot API entities (offsets and lengths in UTF-16 code units) Telegram makes of a
text sent with ``parse_mode=HTML``, or ``HtmlError`` with the reason the Bot API gives after
"can't parse entities: ". Deliberately independent of the bot's own markup code, which it
checks.
"""

import re
import string

from botapi_standin.telegram_links import ascii_lower, checked_link

TAGS = {
    "a",
    "b",
    "strong",
    "i",
    "em",
    "s",
    "strike",
    "del",
    "u",
    "ins",
    "tg-spoiler",
    "tg-emoji",
    "span",
    "pre",
    "code",
    "blockquote",
}
STYLES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "u": "underline",
    "ins": "underline",
    "tg-spoiler": "spoiler",
    "span": "spoiler",  # a span must have class="tg-spoiler"
}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
SPACES = " \t\r\n\0\v"
DIGITS, HEX, LETTERS = set(string.digits), set(string.hexdigits), set(string.ascii_letters)


class HtmlError(ValueError):
    """Markup Telegram refuses; the message is TDLib's reason."""


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def decode_entity(source: str, pos: int) -> tuple[str, int]:
    """The character of the HTML entity at ``source[pos] == "&"`` and the position after it;
    ("", pos) where Telegram keeps the ``&`` as it is."""
    at = _reader(source)
    end, code = pos + 1, 0
    if at(pos + 1) == "#":
        end, base, digits = (pos + 3, 16, HEX) if at(pos + 2) == "x" else (pos + 2, 10, DIGITS)
        while at(end) in digits:
            code, end = code * base + int(at(end), 16), end + 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return "", pos
    else:
        while at(end) in LETTERS:
            end += 1
        if source[pos + 1 : end] not in NAMED_ENTITIES:
            return "", pos
        code = ord(NAMED_ENTITIES[source[pos + 1 : end]])
    return chr(code), end + (at(end) == ";")


def _reader(source: str):
    """``source[i]``, or NUL past the end (TDLib reads a NUL-terminated string)."""
    return lambda i: source[i] if i < len(source) else "\0"


def parse_html(source: str) -> tuple[str, list[dict]]:
    """The text and entities Telegram makes of ``source``; raises ``HtmlError``."""
    return _Parser(source).run()


class _Parser:
    def __init__(self, source: str):
        self.source, self.at = source, _reader(source)
        self.chars: list[str] = []
        self.utf16 = 0
        self.entities: list[dict] = []
        self.open: list[tuple[str, str, int, int]] = []  # tag, argument, offset, chars index

    def run(self) -> tuple[str, list[dict]]:
        i, surrogate = 0, False
        while i < len(self.source):
            c = self.source[i]
            if c == "&":
                decoded, after = decode_entity(self.source, i)
                if decoded:
                    surrogate |= 0xD800 <= ord(decoded) <= 0xDFFF
                    self._add(decoded)
                    i = after
                    continue
            if c != "<":
                self._add(c)
            elif self.at(i + 1) == "/":
                i = self._end_tag(i)
            else:
                i = self._start_tag(i)
            i += 1
        if self.open:
            raise HtmlError(f'Can\'t find end tag corresponding to start tag "{self.open[-1][0]}"')
        if surrogate:
            raise HtmlError(
                "Text contains invalid Unicode characters after decoding HTML entities, "
                "check for unmatched surrogate code units"
            )
        for entity in self.entities:
            if entity["type"] == "code":
                entity.pop("language", None)
        return "".join(self.chars), self.entities

    def _add(self, char: str) -> None:
        self.chars.append(char)
        self.utf16 += 2 if ord(char) > 0xFFFF else 1

    def _error(self, what: str, pos: int, more: str = "") -> HtmlError:
        offset = len(self.source[:pos].encode("utf-8", "surrogatepass"))
        return HtmlError(f"{what} at byte offset {offset}{more}")

    def _skip_spaces(self, i: int) -> int:
        while self.at(i) != "\0" and self.at(i) in SPACES:
            i += 1
        return i

    def _start_tag(self, begin: int) -> int:
        at, i = self.at, begin + 1
        while at(i) not in SPACES and at(i) != ">":
            i += 1
        if at(i) == "\0":
            raise self._error("Unclosed start tag", begin)
        tag, argument = ascii_lower(self.source[begin + 1 : i]), ""
        if tag not in TAGS:
            raise self._error(f'Unsupported start tag "{tag}"', begin)
        while at(i) != ">":
            i = self._skip_spaces(i)
            if at(i) == ">":
                break
            name_begin = i
            while at(i) not in SPACES and at(i) not in "=>/\"'":
                i += 1
            name = self.source[name_begin:i]
            if not name:
                raise self._error(f'Empty attribute name in the tag "{tag}"', begin)
            i = self._skip_spaces(i)
            if at(i) != "=":
                if at(i) == "\0":
                    raise self._error(f'Unclosed start tag "{tag}"', begin)
                if tag == "blockquote" and name == "expandable":
                    argument = "1"
                continue
            i = self._skip_spaces(i + 1)
            if at(i) == "\0":
                raise self._error(f'Unclosed start tag "{tag}"', begin)
            value, i = self._attribute_value(i)
            if at(i) == "\0":
                raise self._error("Unclosed start tag", begin)
            argument = _argument(tag, name, value, argument)
        if tag == "span" and argument != "spoiler":
            raise self._error('Tag "span" must have class "tg-spoiler"', begin)
        self.open.append((tag, argument, self.utf16, len(self.chars)))
        return i

    def _attribute_value(self, i: int) -> tuple[str, int]:
        at = self.at
        if at(i) not in "'\"":  # a name token: letters, digits, periods and hyphens
            begin = i
            while at(i) in LETTERS or at(i) in DIGITS or at(i) in ".-":
                i += 1
            if at(i) not in SPACES and at(i) != ">":
                raise self._error("Unexpected end of name token", begin)
            return ascii_lower(self.source[begin:i]), i
        quote, value = at(i), []
        i += 1
        while at(i) != quote and at(i) != "\0":
            decoded, after = decode_entity(self.source, i) if at(i) == "&" else ("", i)
            value.append(decoded or at(i))
            i = after if decoded else i + 1
        return "".join(value), i + (at(i) == quote)

    def _end_tag(self, begin: int) -> int:
        at = self.at
        if not self.open:
            raise self._error("Unexpected end tag", begin)
        i = begin + 2
        while at(i) not in SPACES and at(i) != ">":
            i += 1
        name = ascii_lower(self.source[begin + 2 : i])
        while at(i) != "\0" and at(i) in SPACES:
            i += 1
        if at(i) != ">":
            raise self._error("Unclosed end tag", begin)
        tag, argument, offset, chars_at = self.open[-1]
        if name and name != tag:
            found = f', expected "</{tag}>", found "</{name}>"'
            raise self._error("Unmatched end tag", begin, found)
        if self.utf16 > offset:
            self._close(tag, argument, offset, self.utf16 - offset, chars_at)
        self.open.pop()
        return i

    def _close(self, tag: str, argument: str, offset: int, length: int, chars_at: int) -> None:
        entity = {"type": STYLES.get(tag, tag), "offset": offset, "length": length}
        last = self.entities[-1] if self.entities else {}
        same_span = last.get("offset") == offset and last.get("length") == length
        if tag == "tg-emoji":
            if not re.fullmatch(r"-?\d+", argument) or not 0 < abs(int(argument)) < 2**63:
                raise HtmlError("Invalid custom emoji identifier specified")
            entity.update(type="custom_emoji", custom_emoji_id=str(int(argument)))
        elif tag == "a":
            url = checked_link(argument or "".join(self.chars[chars_at:]))
            if not url:
                return  # Telegram drops a link it cannot check, and keeps the text
            entity.update(type="text_link", url=url)
        elif tag == "pre" and same_span and last["type"] == "code" and last.get("language"):
            last["type"] = "pre"
            return
        elif tag == "code" and same_span and last["type"] == "pre" and argument:
            last["language"] = argument
            return
        elif tag == "code":
            entity["language"] = argument  # until a <pre> around it takes it
        elif tag == "blockquote" and argument:
            entity["type"] = "expandable_blockquote"
        self.entities.append(entity)


def _argument(tag: str, name: str, value: str, argument: str) -> str:
    """What an attribute gives the tag's entity (TDLib ignores the others)."""
    if tag == "a" and name == "href" or tag == "tg-emoji" and name == "emoji-id":
        return value
    if tag == "code" and name == "class" and value.startswith("language-"):
        return value[len("language-") :]
    if tag == "span" and name == "class" and value.startswith("tg-"):
        return value[len("tg-") :]
    if tag == "blockquote" and name == "expandable":
        return "1"
    return argument
