"""Frozen for the data migrations: the shipped scikit-learn map and its Spanish, as files
copied from advisor/maps when the migrations were written (45feb67), and the code of that
time that loads the map and adds the translation. Never change this module or its files: a
later migration that needs others freezes its own copy. Models are the caller's (historical
ones in a migration)."""

import hashlib
import json
from pathlib import Path

from django.db import transaction

from ._content import MAP_FIELDS
from ._markup import plain

FILES = Path(__file__).resolve().parent / "_shipped_maps"
#: The defaults of a map's own words, as advisor.texts had them.
MAP_DEFAULTS = {
    "back": "Back",
    "start_over": "Start over",
    "done": "Done",
    "answers": "Your answers:",
    "documentation": "Documentation:",
    "map_changed": "This map changed — here is the start again.",
    "helpful": "Was this helpful?",
    "helpful_yes": "👍 Yes",
    "helpful_no": "👎 No",
    "vote_thanks": "Thank you for telling us!",
    "reason_question": "What were you looking for?",
    "reason_thanks": "Thank you: the editors read every answer.",
    "share": "Share",
}


def shipped_map() -> dict:
    """The shipped map file's data (its texts formatted)."""
    return json.loads((FILES / "sklearn.json").read_text())


def shipped_spanish() -> dict:
    """The shipped Spanish translation of the map and of the bot's own words."""
    return json.loads((FILES / "sklearn.es.json").read_text())


def load_map(map_model, data: dict) -> None:
    """Create a new map from a valid map file's ``data``: the map, then its steps and their
    buttons in the file's order, then its start."""
    node_model = map_model._meta.get_field("nodes").related_model
    button_model = node_model._meta.get_field("buttons").related_model
    with transaction.atomic():
        if data["is_default"]:
            map_model.objects.exclude(slug=data["slug"]).update(is_default=False)
        map_obj = map_model(**{field: data[field] for field in MAP_FIELDS if field in data})
        map_obj.save()
        steps = node_model.objects.bulk_create(
            [
                node_model(
                    map_id=map_obj.pk,
                    **{field: node.get(field, "") for field in ("key", "kind", "text", "doc_url")},
                )
                for node in data["nodes"]
            ]
        )
        ids = {step.key: step.pk for step in steps}
        button_model.objects.bulk_create(
            [
                button_model(
                    node_id=ids[node["key"]],
                    label=button["label"],
                    summary=button.get("summary", ""),
                    order=order,
                    target_id=ids[button["target"]],
                )
                for node in data["nodes"]
                for order, button in enumerate(node.get("buttons", []))
            ]
        )
        map_model.objects.filter(pk=map_obj.pk).update(start_node_id=ids[data["start"]])


def source_hash(*originals: str) -> str:
    """A short fingerprint of the original words a translation was made from."""
    words = (plain(original) for original in originals)
    return hashlib.sha1("\x1f".join(words).encode()).hexdigest()[:10]


def translated(values: dict, originals: dict) -> dict:
    """Translated values (empty ones left out) with the hashes of the originals they
    translate."""
    kept = {name: value for name, value in values.items() if value}
    if not kept:
        return {}
    return {**kept, "source": {name: source_hash(originals[name]) for name in kept}}


def apply_shipped_translation(map_obj, data: dict, shipped: dict) -> None:
    """Add a shipped translation to a map's draft: its map-level words, each step's message
    and each button by position, wherever the map's original still reads as ``shipped`` (the
    map file it translates) has it."""
    code = data["code"]
    map_obj.languages.update_or_create(code=code, defaults={"name": data["name"]})
    originals = {**MAP_DEFAULTS, **map_obj.texts}
    originals.update(title=map_obj.title, greeting=map_obj.greeting, goodbye=map_obj.goodbye)
    unchanged = {**MAP_DEFAULTS, **{k: shipped[k] for k in ("title", "greeting", "goodbye")}}
    words = {k: v for k, v in data["map"].items() if originals[k] == unchanged[k]}
    map_obj.translations = {**map_obj.translations, code: translated(words, originals)}
    type(map_obj).objects.filter(pk=map_obj.pk).update(translations=map_obj.translations)
    shipped_steps = {node["key"]: node for node in shipped["nodes"]}
    for node in map_obj.nodes.filter(key__in=data["steps"]):
        step, original = data["steps"][node.key], shipped_steps.get(node.key, {})
        if node.text == original.get("text"):
            text = translated({"text": step["text"]}, {"text": node.text})
            node.translations = {**node.translations, code: text}
            node.save(update_fields=["translations"])
        buttons = node.buttons.order_by("order", "id")
        pairs = zip(buttons, step.get("buttons", []), original.get("buttons", []), strict=False)
        for button, words, source in pairs:
            if (button.label, button.summary) == (source["label"], source.get("summary", "")):
                values = translated(words, {"label": button.label, "summary": button.summary})
                button.translations = {**button.translations, code: values}
                button.save(update_fields=["translations"])
