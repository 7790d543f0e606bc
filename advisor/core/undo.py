"""Taking back one unpublished change: a step, a button, the order of a step's buttons, one
of the map's own texts, a language or a translation is put back as the live version has it,
and the rest of the draft stays as it is. Pure, over content (advisor.mapfile's data with
ids); advisor.actions writes the result.

A unit is named as the change list names it (``Change.unit``): "step:12", "button:40",
"order:12", "map:greeting", "text:back", "language:es", "translation:es".
"""

import copy

from advisor.core.conflicts import content_fingerprint
from advisor.core.params import whole_number
from advisor.core.texts import start_of
from advisor.core.translations import translated_texts

FEEDBACK_FIELDS = ("asks_if_helpful", "offers_share")
#: Settings off (always open, no site allowed to embed) unless content says otherwise.
OFF_BY_DEFAULT = {"offers_person": False, "opening_hours": {}, "embed_origins": []}
MAP_FIELDS = (
    "title",
    "greeting",
    "goodbye",
    "start",
    "language",
    *FEEDBACK_FIELDS,
    *OFF_BY_DEFAULT,
)
KINDS = ("step", "button", "order", "map", "text", "language", "translation")


class UndoRefused(ValueError):
    """A change that cannot be taken back alone; the message says what to do first."""


def parse_unit(unit: str) -> tuple[str, str]:
    kind, _, name = (unit or "").partition(":")
    numeric = kind in ("step", "button", "order")
    if kind not in KINDS or not name or (numeric and whole_number(name) is None):
        raise UndoRefused("there is no such change to discard")
    if kind == "map" and name not in MAP_FIELDS:
        raise UndoRefused("there is no such change to discard")
    return kind, name


def unit_content(content: dict, unit: str):
    """The part of ``content`` a unit covers, as plain data (what a fingerprint is taken of)."""
    kind, name = parse_unit(unit)
    if kind == "step":
        node = _node(content, int(name))
        return {k: v for k, v in node.items() if k != "buttons"} if node else None
    if kind == "button":
        node, index, button = _button(content, int(name))
        return [node["id"], index, button] if node else None
    if kind == "order":
        node = _node(content, int(name))
        return [button.get("id") for button in node["buttons"]] if node else None
    if kind == "map":
        return content.get(name)
    if kind == "text":
        return content.get("texts", {}).get(name)
    entry = [e for e in content.get("languages", []) if e["code"] == name]
    texts = sorted([list(key), value] for key, value in translated_texts(content, name).items())
    return [entry, texts] if kind == "language" else texts


def unit_fingerprint(content: dict, unit: str) -> str:
    """A fingerprint of what a unit covers: whether it changed since a page showed it."""
    return content_fingerprint({"unit": unit_content(content, unit)})


def revert(draft: dict, live: dict, unit: str) -> dict:
    """The draft with one unit put back as ``live`` has it; UndoRefused when that would
    leave the draft inconsistent (a button leading nowhere, two steps of one name)."""
    kind, name = parse_unit(unit)
    draft = copy.deepcopy(draft)
    if kind in ("step", "button", "order"):
        {"step": _revert_step, "button": _revert_button, "order": _revert_order}[kind](
            draft, live, int(name)
        )
    elif kind == "map":
        _revert_map_field(draft, live, name)
    elif kind == "text":
        texts = dict(draft.get("texts", {}))
        texts.pop(name, None)
        if name in live.get("texts", {}):
            texts[name] = live["texts"][name]
        draft["texts"] = texts
    else:
        _revert_language(draft, live, name, with_entry=kind == "language")
    return draft


def _node(content: dict, node_id: int) -> dict | None:
    return next((node for node in content["nodes"] if node.get("id") == node_id), None)


def _button(content: dict, button_id: int) -> tuple[dict | None, int, dict | None]:
    for node in content["nodes"]:
        for index, button in enumerate(node["buttons"]):
            if button.get("id") == button_id:
                return node, index, button
    return None, -1, None


def _draft_key(draft: dict, live: dict, live_key: str | None, restored: dict | None = None):
    """The draft's key of the step a live key names (by id), or UndoRefused."""
    live_node = next((node for node in live["nodes"] if node["key"] == live_key), None)
    if restored is not None and live_node is not None and live_node["id"] == restored["id"]:
        return restored["key"]
    draft_node = _node(draft, live_node["id"]) if live_node else None
    if draft_node is None:
        name = start_of(live_node["text"]) if live_node else live_key
        raise UndoRefused(
            f"it leads to “{name}”, which is no longer in the draft: put that step back first"
        )
    return draft_node["key"]


def _key_taken(draft: dict, key: str, node_id: int) -> None:
    if any(node["key"] == key and node.get("id") != node_id for node in draft["nodes"]):
        raise UndoRefused(f"another step is called “{key}” now: rename it first")


def _restored_button(draft: dict, live: dict, button: dict, restored=None) -> dict:
    kept = {k: v for k, v in button.items() if k in ("id", "label", "summary", "translations")}
    if button.get("url"):
        return {**kept, "url": button["url"]}
    return {**kept, "target": _draft_key(draft, live, button["target"], restored)}


def _revert_step(draft: dict, live: dict, step_id: int) -> None:
    now, was = _node(draft, step_id), _node(live, step_id)
    if now is not None and was is not None:
        _key_taken(draft, was["key"], step_id)
        for node in draft["nodes"]:
            for button in node["buttons"]:
                if button.get("target") == now["key"]:
                    button["target"] = was["key"]
        if draft.get("start") == now["key"]:
            draft["start"] = was["key"]
        now.update({k: was.get(k, "") for k in ("key", "kind", "text", "doc_url", "picture")})
        now["offers_person"] = was.get("offers_person", False)
        now["translations"] = was.get("translations", {})
    elif now is not None:
        leading = [
            f"“{button['label']}” under “{start_of(node['text'])}”"
            for node in draft["nodes"]
            if node.get("id") != step_id
            for button in node["buttons"]
            if button.get("target") == now["key"]
        ]
        if leading:
            raise UndoRefused(
                f"buttons lead to it ({', '.join(leading)}): discard or redirect them first"
            )
        if draft.get("start") == now["key"]:
            raise UndoRefused("it is the first question: choose another first question first")
        draft["nodes"].remove(now)
    elif was is not None:
        _key_taken(draft, was["key"], step_id)
        restored = {k: v for k, v in was.items() if k != "buttons"}
        restored["buttons"] = [
            _restored_button(draft, live, button, restored)
            for button in was["buttons"]
            if _button(draft, button["id"])[2] is None
        ]
        draft["nodes"].append(restored)
    else:
        raise UndoRefused("this change is no longer in the draft")


def _revert_button(draft: dict, live: dict, button_id: int) -> None:
    node, _, now = _button(draft, button_id)
    live_node, index, was = _button(live, button_id)
    if now is not None and was is not None:
        now.clear()
        now.update(_restored_button(draft, live, was))
    elif now is not None:
        node["buttons"].remove(now)
    elif was is not None:
        home = _node(draft, live_node["id"])
        if home is None:
            name = start_of(live_node["text"])
            raise UndoRefused(f"its step “{name}” was removed: put the step back first")
        home["buttons"].insert(min(index, len(home["buttons"])), _restored_button(draft, live, was))
    else:
        raise UndoRefused("this change is no longer in the draft")


def _revert_order(draft: dict, live: dict, node_id: int) -> None:
    now, was = _node(draft, node_id), _node(live, node_id)
    if now is None or was is None:
        raise UndoRefused("this change is no longer in the draft")
    live_order = {button["id"]: index for index, button in enumerate(was["buttons"])}
    position = {
        id(b): (live_order.get(b.get("id"), len(live_order)), i)
        for i, b in enumerate(now["buttons"])
    }
    now["buttons"].sort(key=lambda button: position[id(button)])


def _revert_map_field(draft: dict, live: dict, name: str) -> None:
    if name == "start":
        start = live.get("start")
        draft["start"] = _draft_key(draft, live, start) if start else None
    elif name == "language":
        draft["language"] = live.get("language", {"code": "en", "name": "English"})
    elif name in FEEDBACK_FIELDS:
        draft[name] = live.get(name, True)
    elif name in OFF_BY_DEFAULT:
        draft[name] = copy.deepcopy(live.get(name, OFF_BY_DEFAULT[name]))
    else:
        draft[name] = live.get(name, "")


def _revert_language(draft: dict, live: dict, code: str, with_entry: bool) -> None:
    """Every translation into ``code`` as live has it (and with ``with_entry`` the language
    itself: added back, or removed)."""
    if with_entry:
        entries = [e for e in draft.get("languages", []) if e["code"] != code]
        entries += [e for e in live.get("languages", []) if e["code"] == code]
        draft["languages"] = sorted(entries, key=lambda entry: entry["code"])
    _set_translation(draft, live.get("translations", {}).get(code), code)
    live_rows = {}
    for node in live["nodes"]:
        live_rows["node", node["id"]] = node
        for button in node["buttons"]:
            live_rows["button", button["id"]] = button
    for node in draft["nodes"]:
        was = live_rows.get(("node", node.get("id")), {})
        _set_translation(node, was.get("translations", {}).get(code), code)
        for button in node["buttons"]:
            was = live_rows.get(("button", button.get("id")), {})
            _set_translation(button, was.get("translations", {}).get(code), code)


def _set_translation(row: dict, values: dict | None, code: str) -> None:
    translations = {k: v for k, v in row.get("translations", {}).items() if k != code}
    if values:
        translations[code] = values
    row["translations"] = translations
