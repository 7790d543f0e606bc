"""What publishing a draft would change, in plain words for editors: pure over two map
snapshots (the map-file format plus ids), so the same list compares any two versions.

Steps and buttons are matched by ``id``; where one side has no id (a map file), steps are
matched by key and buttons by position under the same step. A button's target is a key, so
targets are compared as steps: renaming a step does not retarget the buttons leading to it.
"""

import re

from advisor.core.change_kinds import (
    BUTTON_ADDED,
    BUTTON_RELABELLED,
    BUTTON_REMOVED,
    BUTTON_RETARGETED,
    BUTTON_SUMMARY_CHANGED,
    BUTTONS_REORDERED,
    DOC_LINK_CHANGED,
    EMBED_ORIGINS_CHANGED,
    FEEDBACK,
    FEEDBACK_CHANGED,
    FIRST_QUESTION_CHANGED,
    GREETINGS,
    KIND_NAMES,
    MESSAGE_REWORDED,
    OFF_BY_DEFAULT,
    OPENING_HOURS_CHANGED,
    PICTURE_CHANGED,
    STEP_ADDED,
    STEP_ASKS_PERSON,
    STEP_KIND,
    STEP_REMOVED,
    STEP_RENAMED,
    TITLE_CHANGED,
    Change,
)
from advisor.core.hours import hours_from, hours_in_words
from advisor.core.language_changes import language_changes
from advisor.core.markup import plain
from advisor.core.texts import start_of


def changes_between(old: dict | None, new: dict) -> list[Change]:
    """What turning ``old`` into ``new`` changes: map-level first, then step by step in the
    new order, removed steps last. ``old`` None (nothing published yet): every step is added."""
    if old is None:
        return [_added(node) for node in new["nodes"]]
    diff = _Diff(old, new)
    changes = diff.map_changes() + language_changes(old, new)
    for j, node in enumerate(new["nodes"]):
        i = diff.node_pairs.get(j)
        changes += [_added(node)] if i is None else diff.step_changes(old["nodes"][i], node)
    paired = set(diff.node_pairs.values())
    for i, node in enumerate(old["nodes"]):
        if i not in paired:
            summary = f"Removed {_kind(node)} “{start_of(node['text'])}”."
            changes.append(_change(STEP_REMOVED, node, summary))
    return changes


def count_summary(changes) -> str:
    """The list's heading: "No unpublished changes", "1 unpublished change", "3 unpublished…"."""
    n = len(changes)
    if not n:
        return "No unpublished changes"
    return f"{n} unpublished change{'' if n == 1 else 's'}"


class _Diff:
    """Two snapshots with their steps paired; steps are compared through their new index."""

    def __init__(self, old: dict, new: dict):
        self.old, self.new = old, new
        self.node_pairs = _pair(old["nodes"], new["nodes"], lambda _, node: node["key"])
        old_to_new = {i: j for j, i in self.node_pairs.items()}
        self.old_steps = {
            n["key"]: old_to_new.get(i, ("old", i)) for i, n in enumerate(old["nodes"])
        }
        self.new_steps = {n["key"]: j for j, n in enumerate(new["nodes"])}
        self.texts = {
            (side, n["key"]): n["text"]
            for side, data in (("old", old), ("new", new))
            for n in data["nodes"]
        }

    def _name(self, key: str | None, side: str, missing: str = "nowhere") -> str:
        """A step as the list names it: the start of its message (its key if it has none)."""
        if not key:
            return missing
        return f"“{start_of(self.texts.get((side, key), key))}”"

    def map_changes(self) -> list[Change]:
        old, new = self.old, self.new
        changes = []
        old_title, new_title = old.get("title") or "", new.get("title") or ""
        if old_title != new_title:
            summary = f"The map's title is now “{new_title}” (was “{old_title}”)."
            changes.append(
                Change(TITLE_CHANGED, "", None, summary, old_title, new_title, "map:title")
            )
        old_start, new_start = old.get("start"), new.get("start")
        if not self._same_step(old_start, new_start):
            now, was = self._name(new_start, "new", "none"), self._name(old_start, "old", "none")
            summary = f"The first question is now {now} (was {was})."
            start = _find(new["nodes"], new_start)
            key, step_id = (start["key"], start.get("id")) if start else ("", None)
            changes.append(
                Change(
                    FIRST_QUESTION_CHANGED,
                    key,
                    step_id,
                    summary,
                    old_start or "",
                    new_start or "",
                    "map:start",
                )
            )
        for field, what, name in GREETINGS:
            old_text, new_text = old.get(field) or "", new.get(field) or ""
            if old_text != new_text:
                summary = f"The {name} was reworded."
                changes.append(Change(what, "", None, summary, old_text, new_text, f"map:{field}"))
        for field, on, off in FEEDBACK:
            was, now = old.get(field, True), new.get(field, True)
            if was != now:
                summary = f"Recommendations {on if now else off}."
                changes.append(Change(FEEDBACK_CHANGED, "", None, summary, unit=f"map:{field}"))
        for field, on, off in OFF_BY_DEFAULT:
            if old.get(field, False) != new.get(field, False):
                summary = f"Recommendations {on if new.get(field) else off}."
                changes.append(Change(FEEDBACK_CHANGED, "", None, summary, unit=f"map:{field}"))
        was, now = (_hours(data.get("opening_hours")) for data in (old, new))
        if was != now:
            summary = f"The team now answers {now} (was {was})."
            unit = "map:opening_hours"
            changes.append(Change(OPENING_HOURS_CHANGED, "", None, summary, was, now, unit))
        was, now = (", ".join(data.get("embed_origins", [])) or "none" for data in (old, new))
        if was != now:
            summary = f"The sites allowed to show the web chat are now {now} (was {was})."
            unit = "map:embed_origins"
            changes.append(Change(EMBED_ORIGINS_CHANGED, "", None, summary, was, now, unit))
        return changes

    def step_changes(self, old: dict, new: dict) -> list[Change]:
        key, changes = self._name(new["key"], "new"), []
        if old["kind"] != new["kind"]:
            summary = f"Step {key} is now a {_kind(new)} (was a {_kind(old)})."
            changes.append(_change(STEP_KIND, new, summary, _kind(old), _kind(new)))
        if old["key"] != new["key"]:
            summary = f"The short name of {key} is now “{new['key']}” (was “{old['key']}”)."
            changes.append(_change(STEP_RENAMED, new, summary, old["key"], new["key"]))
        if old["text"] != new["text"]:
            reworded = "reworded" if plain(old["text"]) != plain(new["text"]) else "formatted"
            summary = f"The message of {key} was {reworded}."
            changes.append(_change(MESSAGE_REWORDED, new, summary, old["text"], new["text"]))
        old_picture, new_picture = old.get("picture") or "", new.get("picture") or ""
        if old_picture != new_picture:
            done = (
                "replaced" if old_picture and new_picture else "added" if new_picture else "removed"
            )
            summary = f"The picture of {key} was {done}."
            changes.append(_change(PICTURE_CHANGED, new, summary, old_picture, new_picture))
        old_url, new_url = old.get("doc_url") or "", new.get("doc_url") or ""
        if old_url != new_url:
            if new_url:
                summary = (
                    f"The documentation link of {key} is now {new_url} (was {old_url or 'none'})."
                )
            else:
                summary = f"The documentation link of {key} was removed (was {old_url})."
            changes.append(_change(DOC_LINK_CHANGED, new, summary, old_url, new_url))
        if bool(old.get("offers_person")) != bool(new.get("offers_person")):
            offers = "now offers" if new.get("offers_person") else "no longer offers"
            summary = f"Step {key} {offers} “Ask a person”."
            changes.append(_change(STEP_ASKS_PERSON, new, summary))
        return changes + self._buttons(old, new)

    def _buttons(self, old_node: dict, new_node: dict) -> list[Change]:
        olds, news = old_node.get("buttons") or [], new_node.get("buttons") or []
        pairs = _pair(olds, news, lambda position, _: position)
        under, changes = f"under {self._name(new_node['key'], 'new')}", []
        for j, new in enumerate(news):
            if j in pairs:
                changes += self._button(olds[pairs[j]], new, new_node, under)
            else:
                target = self._leads_to(new, "new")
                summary = f"Added button “{new['label']}” {under}, leading to {target}."
                changes.append(
                    _change(BUTTON_ADDED, new_node, summary, "", new["label"], _unit(new))
                )
        paired = set(pairs.values())
        for old in (old for i, old in enumerate(olds) if i not in paired):
            target = self._leads_to(old, "old")
            summary = f"Removed button “{old['label']}” {under} (it led to {target})."
            changes.append(_change(BUTTON_REMOVED, new_node, summary, old["label"], "", _unit(old)))
        kept = [pairs[j] for j in sorted(pairs)]
        if kept != sorted(kept):  # every answer in both orders, added and removed ones too
            old_order = ", ".join(f"“{old['label']}”" for old in olds)
            new_order = ", ".join(f"“{new['label']}”" for new in news)
            summary = f"The buttons {under} are now in the order {new_order} (was {old_order})."
            order = f"order:{new_node.get('id')}"
            changes.append(
                _change(BUTTONS_REORDERED, new_node, summary, old_order, new_order, order)
            )
        return changes

    def _button(self, old: dict, new: dict, node: dict, under: str) -> list[Change]:
        """A button kept under the step: relabelled, retargeted, answer in short changed."""
        changes, label, unit = [], f"“{new['label']}” {under}", _unit(new)
        if old["label"] != new["label"]:
            summary = f"Button “{old['label']}” {under} now reads “{new['label']}”."
            changes.append(
                _change(BUTTON_RELABELLED, node, summary, old["label"], new["label"], unit)
            )
        moved = not self._same_step(old.get("target"), new.get("target"))
        if moved or old.get("url", "") != new.get("url", ""):
            target, was = self._leads_to(new, "new"), self._leads_to(old, "old")
            summary = f"Button {label} now leads to {target} (was {was})."
            before, after = (b.get("target") or b.get("url", "") for b in (old, new))
            changes.append(_change(BUTTON_RETARGETED, node, summary, before, after, unit))
        old_short, new_short = old.get("summary") or "", new.get("summary") or ""
        if old_short != new_short:
            summary = (
                f"The answer in short for button {label} "
                f"is now {_text(new_short)} (was {_text(old_short)})."
            )
            changes.append(
                _change(BUTTON_SUMMARY_CHANGED, node, summary, old_short, new_short, unit)
            )
        return changes

    def _leads_to(self, button: dict, side: str) -> str:
        """Where a button leads: a step by its message, or the web page a link button opens."""
        if button.get("url"):
            return f"the web page {button['url']}"
        return self._name(button.get("target"), side)

    def _same_step(self, old_key: str | None, new_key: str | None) -> bool:
        """Whether an old and a new key name the same step (or the same missing key)."""
        return self.old_steps.get(old_key, old_key) == self.new_steps.get(new_key, new_key)


def _pair(olds: list[dict], news: list[dict], fallback) -> dict[int, int]:
    """New index -> old index: by id where both have one, else by ``fallback(index, item)``."""
    old_by_id = {o["id"]: i for i, o in enumerate(olds) if o.get("id") is not None}
    pairs = {j: old_by_id[n["id"]] for j, n in enumerate(news) if n.get("id") in old_by_id}
    used = set(pairs.values())
    old_by_key = {fallback(i, o): i for i, o in enumerate(olds) if i not in used}
    for j, new in enumerate(news):
        i = old_by_key.get(fallback(j, new))
        if j in pairs or i is None or i in used:
            continue
        if new.get("id") is None or olds[i].get("id") is None:
            pairs[j] = i
            used.add(i)
    return pairs


def _added(node: dict) -> Change:
    buttons = len(node.get("buttons") or [])
    count = f" with {buttons} button{'' if buttons == 1 else 's'}" if buttons else ""
    pictured = (" and a picture" if count else " with a picture") if node.get("picture") else ""
    summary = f"Added {_kind(node)} “{start_of(node['text'])}”{count}{pictured}."
    return _change(STEP_ADDED, node, summary, "", node["text"])


def _change(
    what: str, node: dict, summary: str, old: str = "", new: str = "", unit: str = ""
) -> Change:
    step_id = node.get("id")
    unit = unit or (f"step:{step_id}" if step_id else "")
    summary = re.sub(r"([.?!…])”\.$", r"\1”", summary)  # “Get more data.”, not “…data.”.
    return Change(what, node["key"], step_id, summary, old, new, unit)


def _unit(button: dict) -> str:
    return f"button:{button['id']}" if button.get("id") else ""


def _kind(node: dict) -> str:
    return KIND_NAMES.get(node["kind"], node["kind"])


def _find(nodes: list[dict], key: str | None) -> dict | None:
    return next((node for node in nodes if node["key"] == key), None)


def _hours(data) -> str:
    """Opening hours in words, "at any hour" for none."""
    return hours_in_words(hours_from(data)) or "at any hour"


def _text(text: str) -> str:
    return f"“{text}”" if text else "empty"
