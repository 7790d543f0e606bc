"""What Telegram does to a formatted text before it keeps it, as TDLib's
``fix_formatted_text`` does (td/telegram/MessageEntity.cpp).

Control characters become spaces, ``\\r`` and a few invisible marks go, entities are sorted
(offset, longer first, then TDLib's type priority), nested ones that Telegram cannot show are
dropped, bold/italic/underline/strikethrough/spoiler are merged and split at the edges of
other entities, and the text is trimmed of spaces and newlines at both ends. Entities are Bot
API dicts with UTF-16 offsets and lengths.
"""

import re

from botapi_standin.telegram_html import utf16_length

#: The styles TDLib merges and splits, in the order it flushes them.
STYLE_ORDER = ("bold", "italic", "underline", "strikethrough", "spoiler")
SPLITTABLE = frozenset(STYLE_ORDER)
BLOCKQUOTES = {"blockquote", "expandable_blockquote"}
PRE = {"pre", "code"}
PRIORITY = {
    "bold": 90,
    "italic": 91,
    "underline": 92,
    "strikethrough": 93,
    "spoiler": 94,
    "code": 20,
    "pre": 11,
    "text_link": 49,
    "text_mention": 49,
    "custom_emoji": 99,
    "blockquote": 0,
    "expandable_blockquote": 0,
}
#: Removed from texts: \r, U+2028 to U+202E, and combining U+030A, U+0333, U+033F.
REMOVED = set("\r\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u030a\u0333\u033f")
_MARKS = re.compile("[\u200e\u200f]+")


class TextError(ValueError):
    """A text Telegram refuses; the message is TDLib's reason."""


def end(entity: dict) -> int:
    return entity["offset"] + entity["length"]


def _key(entity: dict) -> tuple:
    priority = 10 if entity["type"] == "pre" and entity.get("language") else None
    return entity["offset"], -entity["length"], priority or PRIORITY.get(entity["type"], 50)


def _valid(entities: list[dict]) -> bool:
    """TDLib's ``are_entities_valid``: nothing to fix (``entities`` sorted)."""
    stack: list[dict] = []
    ends = dict.fromkeys(SPLITTABLE, -1)
    for entity in entities:
        while stack and entity["offset"] >= end(stack[-1]):
            stack.pop()
        kind, nested = entity["type"], {e["type"] for e in stack}
        if stack and (
            end(entity) > end(stack[-1])
            or kind in nested
            or stack[-1]["type"] in PRE
            or (kind in PRE and nested - BLOCKQUOTES)
            or (kind not in SPLITTABLE and nested - BLOCKQUOTES - SPLITTABLE - PRE)
            or (kind in BLOCKQUOTES and nested & BLOCKQUOTES)
            or nested & SPLITTABLE
        ):
            return False
        if kind in SPLITTABLE:
            if ends[kind] >= entity["offset"]:
                return False
            ends[kind] = end(entity)
        stack.append(entity)
    return True


def _without_nested(entities: list[dict]) -> list[dict]:
    """Keep each entity that starts after the ones kept before it end."""
    kept: list[dict] = []
    for entity in entities:
        if not kept or entity["offset"] >= end(kept[-1]):
            kept.append(entity)
    return kept


def _outside_blockquotes(entities: list[dict], quotes: list[dict]) -> list[dict]:
    """Drop the entities that cross a blockquote's edge."""
    return [
        e
        for e in entities
        if not any(
            q["offset"] < end(e)
            and end(q) > e["offset"]
            and (end(q) < end(e) or e["offset"] < q["offset"] < end(e))
            for q in quotes
        )
    ]


def _split(splittable: list[dict], others: list[dict]) -> list[dict]:
    """TDLib's ``split_entities``: merge touching styles of one kind, cut them at the edges
    of the other entities, and drop them inside code."""
    begin, stop = dict.fromkeys(STYLE_ORDER, 0), dict.fromkeys(STYLE_ORDER, 0)
    result: list[dict] = []
    pending = iter(splittable)
    state = {"next": next(pending, None)}

    def flush(offset: int) -> None:
        for kind in STYLE_ORDER:
            if stop[kind] and begin[kind] < offset:
                piece_end = min(stop[kind], offset)
                result.append(
                    {"type": kind, "offset": begin[kind], "length": piece_end - begin[kind]}
                )
                begin[kind], stop[kind] = (0, 0) if stop[kind] <= offset else (offset, stop[kind])

    def add_until(offset: int) -> None:
        while (entity := state["next"]) is not None and entity["offset"] < offset:
            kind = entity["type"]
            if stop[kind] and entity["offset"] <= stop[kind]:
                stop[kind] = max(stop[kind], end(entity))
            else:
                flush(entity["offset"])
                begin[kind], stop[kind] = entity["offset"], end(entity)
            state["next"] = next(pending, None)
        flush(offset)

    stack: list[dict] = []

    def add_offset(offset: int) -> None:
        while stack and offset >= end(stack[-1]):
            kept = len(result)
            add_until(end(stack[-1]))
            if stack.pop()["type"] in PRE:
                del result[kept:]
        add_until(offset)

    for other in others:
        add_offset(other["offset"])
        stack.append(other)
    add_offset(2**31)
    return sorted(result, key=_key)


def fix_entities(entities: list[dict]) -> list[dict]:
    entities = sorted(entities, key=_key)
    if _valid(entities):
        return entities
    styles = [e for e in entities if e["type"] in SPLITTABLE]
    quotes = _without_nested([e for e in entities if e["type"] in BLOCKQUOTES])
    others = _without_nested([e for e in entities if e["type"] not in SPLITTABLE | BLOCKQUOTES])
    others = sorted(_outside_blockquotes(others, quotes) + quotes, key=_key)
    if not styles:
        return others
    return sorted(others + _split(styles, others), key=_key)


def _clean(text: str, entities: list[dict]) -> tuple[str, list[dict]]:
    """TDLib's ``clean_input_string_with_entities``."""
    chars, new_at, old, new = [], {}, 0, 0
    for char in text:
        width = 2 if ord(char) > 0xFFFF else 1
        new_at[old] = new
        old += width
        if char in REMOVED:
            continue
        chars.append(" " if ord(char) < 32 and char != "\n" else char)
        new += width
    new_at[old] = new
    for e in entities:  # only entities given as a parameter can be wrong here
        if e["offset"] > old:
            raise TextError(
                f"Entity begins after the end of the text at UTF-16 offset {e['offset']}"
            )
        if end(e) > old:
            raise TextError(
                f"Entity beginning at UTF-16 offset {e['offset']} ends after the end of the "
                f"text at UTF-16 offset {end(e)}"
            )
        if e["offset"] not in new_at or end(e) not in new_at:
            raise TextError("Entity begins or ends in a middle of a UTF-16 symbol")
    text = _MARKS.sub(lambda m: "\u200c" * (len(m[0]) - 1) + m[0][-1], "".join(chars))
    moved = [
        dict(e, offset=new_at[e["offset"]], length=new_at[end(e)] - new_at[e["offset"]])
        for e in entities
    ]
    return text, moved


def _present(entities: list[dict]) -> list[dict]:
    return [e for e in entities if e["length"] > 0 and (e["type"] != "text_link" or e.get("url"))]


def normalize(text: str, entities: list[dict], allow_empty: bool) -> tuple[str, list[dict]]:
    """The text and entities as Telegram keeps them; raises ``TextError`` for an empty text
    (unless ``allow_empty``: a caption) or entities outside it."""
    text, entities = _clean(text, fix_entities(_present(entities)) if entities else [])
    entities = _present(entities)
    visible = text.rstrip(" \n")
    if not visible:
        if allow_empty:
            return "", []
        raise TextError("Text must be non-empty")
    entities = fix_entities(entities)
    stop = utf16_length(visible)
    entities = [dict(e, length=min(e["length"], stop - e["offset"])) for e in entities]
    entities = sorted((e for e in entities if e["offset"] < stop), key=_key)
    first = entities[0]["offset"] if entities else len(visible)
    lead = len(visible) - len(visible.lstrip(" \n"))
    lead = min(lead, first)
    return visible[lead:], [dict(e, offset=e["offset"] - lead) for e in entities]
