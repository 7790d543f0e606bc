"""The Translate page's rules: every text of a map's draft in map order, with its original
and its translation, and saving translations onto the draft's rows."""

from dataclasses import dataclass

from django.db import transaction

from advisor.core.markup import clean, https_error
from advisor.core.texts import FILLS, FORMATTED, MAP_TEXTS, start_of, text_error
from advisor.core.translations import BUTTON_FIELDS, MAP_FIELDS, NODE_FIELDS, source_hash


@dataclass(frozen=True)
class Entry:
    """One translatable text of a map, as the Translate page lists it."""

    field: str  # the form field's name
    group: str  # what it belongs to, as editors read it: "Map", "Step “Do you have…”"
    what: str  # "message", "button 1 (Yes)"
    original: str
    translated: str
    changed: bool  # the original was reworded after this translation was written
    limit: int
    key: str = ""  # the step's short name

    @property
    def formatted(self) -> bool:
        """Whether it is written with formatting (a message, a greeting, a goodbye)."""
        kind, _, name = self.field.partition("-")
        return kind == "node" or (kind == "map" and name in FORMATTED)

    @property
    def where(self) -> str:
        return f"{self.group}: {self.what}"


def _field_target(field: str) -> tuple[str, int | None, str]:
    kind, _, rest = field.partition("-")
    if kind in ("map", "text"):
        return "map", None, rest
    number, _, name = rest.partition("-")
    return kind, int(number), name or "text"


def _translation_rows(map_obj):
    """The map's row as it is now, its steps by id and each step's buttons in order."""
    map_model = type(map_obj)
    fresh = map_model.objects.get(pk=map_obj.pk)
    node_model = map_obj.nodes.model
    button_model = node_model._meta.get_field("buttons").related_model
    nodes = {node.pk: node for node in node_model.objects.filter(map_id=map_obj.pk)}
    buttons: dict[int, list] = {node_id: [] for node_id in nodes}
    for button in button_model.objects.filter(node__map_id=map_obj.pk).order_by("order", "id"):
        buttons[button.node_id].append(button)
    return fresh, nodes, buttons


def _steps_in_map_order(nodes: dict, buttons: dict, start_id) -> list:
    """Steps as users reach them: breadth-first over the buttons from the first question,
    then the steps nothing reaches, by short name."""
    order, seen = [], set()
    queue = [start_id] if start_id in nodes else []
    seen.update(queue)
    while queue:
        node_id = queue.pop(0)
        order.append(nodes[node_id])
        for button in buttons[node_id]:
            if button.target_id not in seen and button.target_id in nodes:
                seen.add(button.target_id)
                queue.append(button.target_id)
    rest = sorted((node for pk, node in nodes.items() if pk not in seen), key=lambda n: n.key)
    return order + rest


def _entry(field, where: tuple, original, values: dict, limit: int, name: str) -> Entry:
    """An entry from a row's translation into one language (``values``: its dict);
    ``where``: its group, what it is and the step's short name."""
    text = values.get(name, "")
    source = values.get("source", {}).get(name)
    # A translation without a recorded source (a hand-written map file) cannot be judged
    # stale, so it is not flagged.
    changed = bool(text) and source is not None and source != source_hash(original)
    group, what, key = where
    return Entry(field, group, what, original, text, changed, limit, key)


def _map_originals(map_obj) -> dict[str, str]:
    """The map's title, greeting, goodbye and own words in its default language."""
    return {
        "title": map_obj.title,
        "greeting": map_obj.greeting,
        "goodbye": map_obj.goodbye,
        **{spec.key: map_obj.texts.get(spec.key) or spec.default for spec in MAP_TEXTS},
    }


def translation_entries(map_obj, code: str) -> list[Entry]:
    """Every translatable text of the map's draft, in map order, with its translation into
    ``code``: the map's title, greeting and goodbye, its own words, then each step (in the
    order users reach them) with its message and each button's label and answer in short.

    Field names are stable: "map-title", "text-back", "node-12", "button-40-label",
    "button-40-summary". An empty original (a map with no greeting, a button with no answer
    in short) has nothing to translate and is left out."""
    fresh, nodes, buttons = _translation_rows(map_obj)
    originals = _map_originals(fresh)
    own = fresh.translations.get(code, {})
    entries = [
        _entry(f"map-{name}", ("Map", name, ""), originals[name], own, MAP_FIELDS[name], name)
        for name in ("title", "greeting", "goodbye")
        if originals[name]
    ]
    entries += [
        _entry(
            f"text-{spec.key}",
            ("Own words", spec.label, ""),
            originals[spec.key],
            own,
            spec.limit,
            spec.key,
        )
        for spec in MAP_TEXTS
    ]
    for node in _steps_in_map_order(nodes, buttons, fresh.start_node_id):
        values = node.translations.get(code, {})
        step = f"Step “{start_of(node.text, 50)}”"
        entries.append(
            _entry(
                f"node-{node.pk}",
                (step, "message", node.key),
                node.text,
                values,
                NODE_FIELDS["text"],
                "text",
            )
        )
        for number, button in enumerate(buttons[node.pk], start=1):
            values = button.translations.get(code, {})
            what = f"button {number} ({button.label})"
            entries.append(
                _entry(
                    f"button-{button.pk}-label",
                    (step, what, node.key),
                    button.label,
                    values,
                    BUTTON_FIELDS["label"],
                    "label",
                )
            )
            if button.url:
                entries.append(
                    _entry(
                        f"button-{button.pk}-url",
                        (step, f"{what}: web page it opens", node.key),
                        button.url,
                        values,
                        BUTTON_FIELDS["url"],
                        "url",
                    )
                )
            if button.summary:
                entries.append(
                    _entry(
                        f"button-{button.pk}-summary",
                        (step, f"{what}: answer in short", node.key),
                        button.summary,
                        values,
                        BUTTON_FIELDS["summary"],
                        "summary",
                    )
                )
    return entries


def entry_error(entry: Entry, value: str) -> str | None:
    """What is wrong with ``value`` as the translation of ``entry``, in plain words, or None.
    A translation may be empty (the default language shows instead); only the greeting may
    hold {first_name}, and only the out-of-hours words {hours}."""
    if entry.field.endswith("-url") and value and (error := https_error(value)):
        return error
    kind, _, name = entry.field.partition("-")
    fills = FILLS.get(name, "") if kind == "text" else ""
    greeting = entry.field == "map-greeting"
    return text_error(value, entry.limit, greeting, False, entry.formatted, fills)


def _updated(
    current: dict, name: str, value: str, original: str, confirmed: bool, seen: str | None
) -> dict:
    """One language's translation dict of a row with the text ``name`` set to ``value``,
    keeping the other texts and their source hashes."""
    texts = {key: text for key, text in current.items() if key != "source"}
    sources = dict(current.get("source", {}))
    if value and name in FORMATTED:
        value = clean(value)
    if not value:
        texts.pop(name, None)
        sources.pop(name, None)
    elif value != texts.get(name) or confirmed or name not in sources:
        texts[name] = value
        sources[name] = seen or source_hash(original)
    if not texts:
        return {}
    return {**texts, "source": {key: sources[key] for key in texts if key in sources}}


def save_translations(
    map_obj,
    code: str,
    values: dict[str, str],
    confirmed=frozenset(),
    seen: dict[str, str] | None = None,
) -> None:
    """Write translations into ``code`` onto the map's draft, in one transaction; only the
    fields named in ``values`` (field names as ``translation_entries`` gives them) change.
    The action calling it counts the draft's edit (advisor.actions.base).

    Source hashes: a new or reworded translation records the hash of the original it was
    made from (``seen[field]``, the original the editor read, else the current one); a
    translation saved unchanged keeps its old hash, so one flagged "changed since
    translated" stays flagged, unless its field is in ``confirmed`` (the editor checked it
    against the new original). An empty value removes the translation."""
    seen = seen or {}
    map_model = type(map_obj)
    with transaction.atomic():
        locked = map_model.objects.select_for_update().get(pk=map_obj.pk)
        _, nodes, buttons = _translation_rows(locked)
        by_id = {button.pk: button for row in buttons.values() for button in row}
        originals = _map_originals(locked)
        map_translations = dict(locked.translations)
        changed_rows: dict[tuple[str, int], object] = {}
        for field, value in values.items():
            kind, pk, name = _field_target(field)
            if kind == "map":
                row, original = None, originals.get(name)
                current = map_translations.get(code, {})
            else:
                row = (nodes if kind == "node" else by_id).get(pk)
                original = getattr(row, name, None) if row is not None else None
                current = row.translations.get(code, {}) if row is not None else {}
            if original is None:
                raise ValueError(f"{field}: no such text on this map")
            new = _updated(current, name, value, original, field in confirmed, seen.get(field))
            if new == current:
                continue
            if row is None:
                map_translations = _with_language(map_translations, code, new)
            else:
                row.translations = _with_language(row.translations, code, new)
                changed_rows[kind, pk] = row
        for kind in ("node", "button"):
            rows = [row for (k, _), row in changed_rows.items() if k == kind]
            if rows:
                type(rows[0]).objects.bulk_update(rows, ["translations"])
        if map_translations != locked.translations:
            map_model.objects.filter(pk=locked.pk).update(translations=map_translations)


def _with_language(translations: dict, code: str, values: dict) -> dict:
    """A row's translations with one language's dict replaced (dropped when empty)."""
    others = {key: value for key, value in translations.items() if key != code}
    return {**others, code: values} if values else others
