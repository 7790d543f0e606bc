"""Write content (a map file's data) into a map's draft tables, keeping the ids of steps and
buttons: a restored version brings back the ids it had, and an imported file keeps the ids
of the steps whose short names the draft already has, so users mid-walk keep walking. Called
by the actions that import a map file or restore a version (advisor.actions.drafting).

Only rows that differ are written, so restoring a version close to the draft is quick.
"""

from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat

from advisor.core.translations import map_languages
from advisor.models import Button, Map, Node
from advisor.pictures import picture_id

NODE_FIELDS = ("key", "kind", "text", "doc_url", "picture_id", "offers_person", "translations")
BUTTON_FIELDS = ("node_id", "label", "summary", "order", "target_id", "url", "translations")


def match_ids(map_obj: Map, data: dict) -> dict:
    """The data with the ids of the draft's steps of the same short name, and of their
    buttons by position (for a map file, which carries no ids)."""
    node_ids = dict(map_obj.nodes.values_list("key", "id"))
    button_ids: dict[int, list[int]] = {}
    for node_id, button_id in (
        Button.objects.filter(node__map=map_obj)
        .order_by("order", "id")
        .values_list("node_id", "id")
    ):
        button_ids.setdefault(node_id, []).append(button_id)
    nodes = []
    for node in data["nodes"]:
        node_id = node_ids.get(node["key"])
        known = button_ids.get(node_id, [])
        buttons = [
            {**button, "id": known[index]} if index < len(known) else button
            for index, button in enumerate(node.get("buttons", []))
        ]
        nodes.append({**node, "id": node_id, "buttons": buttons} if node_id else node)
    return {**data, "nodes": nodes}


def write_draft(map_obj: Map, data: dict) -> None:
    """Make the draft's steps, buttons and languages exactly ``data``'s, in the caller's
    transaction.

    Rows with an id the draft has are updated where they differ, rows with an unknown id are
    created with it, rows without one get a new id, and the draft's other rows are deleted.
    """
    Map.objects.filter(pk=map_obj.pk).update(start_node=None)
    nodes = [
        {
            "id": node.get("id"),
            "map_id": map_obj.pk,
            **_pick(
                {"doc_url": "", "translations": {}, "offers_person": False, **node}, NODE_FIELDS
            ),
        }
        for node in data["nodes"]
    ]
    for node, source in zip(nodes, data["nodes"], strict=True):
        # A picture is named by its SHA-256, or a data: URL.
        node["picture_id"] = picture_id(source["picture"]) if source.get("picture") else None
        node["translations"] = {
            code: {**words, "picture": picture_id(words["picture"])}
            if words.get("picture")
            else words
            for code, words in node["translations"].items()
        }
    _free_keys(map_obj.nodes.all(), nodes)
    node_ids, stale_nodes = _sync(Node, map_obj.nodes.all(), nodes, NODE_FIELDS)
    key_ids = {node["key"]: node_id for node, node_id in zip(nodes, node_ids, strict=True)}
    buttons = [
        {
            "id": button.get("id"),
            "node_id": key_ids[node["key"]],
            "label": button["label"],
            "summary": button.get("summary", ""),
            "order": order,
            "target_id": key_ids.get(button.get("target")),
            "url": button.get("url", ""),
            "translations": button.get("translations", {}),
        }
        for node in data["nodes"]
        for order, button in enumerate(node.get("buttons", []))
    ]
    existing_buttons = Button.objects.filter(node__map=map_obj)
    _, stale_buttons = _sync(Button, existing_buttons, buttons, BUTTON_FIELDS)
    Button.objects.filter(pk__in=stale_buttons).delete()
    Node.objects.filter(pk__in=stale_nodes).delete()
    row, languages = map_languages(data)
    Map.objects.filter(pk=map_obj.pk).update(start_node_id=key_ids.get(data.get("start")), **row)
    map_obj.languages.exclude(code__in=languages).delete()
    for code, name in languages.items():
        map_obj.languages.update_or_create(code=code, defaults={"name": name})


def _pick(row: dict, fields: tuple) -> dict:
    return {field: row[field] for field in fields if field in row}


def _free_keys(existing, nodes: list[dict]) -> None:
    """Give steps whose short name another step takes a temporary one, so that names can
    move between steps without meeting the one-name-per-map rule halfway."""
    wanted = {node["key"]: node["id"] for node in nodes}
    taken = [
        pk for pk, key in existing.values_list("id", "key") if key in wanted and wanted[key] != pk
    ]
    existing.filter(pk__in=taken).update(
        key=Concat(Value("restoring-"), Cast(F("id"), CharField()))
    )


def _sync(model, existing, rows: list[dict], fields: tuple) -> tuple[list[int], list[int]]:
    """Update the ``existing`` rows that differ from ``rows`` and create the missing ones;
    return the rows' ids, and the ids of existing rows ``rows`` no longer has."""
    current = {row["id"]: row for row in existing.values("id", *fields)}
    changed = [
        model(**row)
        for row in rows
        if row["id"] in current and any(current[row["id"]][f] != row[f] for f in fields)
    ]
    model.objects.bulk_update(changed, [f.removesuffix("_id") for f in fields], batch_size=500)
    missing = [row for row in rows if row["id"] not in current]
    created = iter(model.objects.bulk_create([model(**row) for row in missing], batch_size=500))
    ids = [row["id"] if row["id"] in current else next(created).pk for row in rows]
    return ids, list(current.keys() - set(ids))
