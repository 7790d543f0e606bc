"""Frozen for the data migrations: map content (a map file's data or a version's) as
advisor.formats and advisor.mapfile made and converted it when the migrations were written
(45feb67). Never change this module: a later migration that needs other code freezes its own
copy. Models are the caller's (historical ones in a migration): a field a model does not
have yet is left out."""

#: The texts written with formatting; every other text is plain words.
FORMATTED = frozenset({"text", "greeting", "goodbye"})
MAP_FIELDS = ("slug", "title", "greeting", "goodbye", "is_default", "is_published")
FEEDBACK_FIELDS = ("asks_if_helpful", "offers_share")


def convert_texts(data: dict, convert, text_format: str) -> dict:
    """Map content with every formatted text (messages, greeting, goodbye, and their
    translations) passed through ``convert``."""

    def texts(values: dict) -> dict:
        return {k: convert(v) if k in FORMATTED else v for k, v in values.items()}

    def translations(values: dict) -> dict:
        return {code: texts(fields) for code, fields in values.items()}

    converted = {**texts(data), "text_format": text_format}
    if "translations" in data:
        converted["translations"] = translations(data["translations"])
    if "nodes" in data:
        converted["nodes"] = [
            {**texts(node), "translations": translations(node["translations"])}
            if node.get("translations")
            else texts(node)
            for node in data["nodes"]
        ]
    return converted


def _has(model, name: str) -> bool:
    return any(field.name == name for field in model._meta.get_fields())


def version_content(map_obj) -> dict:
    """The map's draft as a published version holds it, with the ids of its steps and
    buttons."""
    node_model = map_obj.nodes.model
    button_model = node_model._meta.get_field("buttons").related_model
    translated = ("translations",) if _has(node_model, "translations") else ()
    links = ("url",) if _has(button_model, "url") else ()
    pictured = ("picture_id",) if _has(node_model, "picture") else ()
    nodes = list(
        map_obj.nodes.order_by("id").values(
            "id", "key", "kind", "text", "doc_url", *pictured, *translated
        )
    )
    keys = {node["id"]: node["key"] for node in nodes}
    buttons: dict[int, list[dict]] = {}
    for button in (
        button_model.objects.filter(node__map=map_obj)
        .order_by("order", "id")
        .values("id", "node_id", "label", "summary", "target_id", *translated, *links)
    ):
        data = {"id": button["id"], "label": button["label"], "summary": button["summary"]}
        if button.get("url"):
            data["url"] = button["url"]
        else:
            data["target"] = keys[button["target_id"]]
        if button.get("translations"):
            data["translations"] = button["translations"]
        buttons.setdefault(button["node_id"], []).append(data)
    return {
        "text_format": "html",
        **{field: getattr(map_obj, field) for field in MAP_FIELDS},
        **{field: False for field in FEEDBACK_FIELDS if not getattr(map_obj, field, True)},
        **_languages(map_obj),
        "start": keys.get(map_obj.start_node_id),
        "nodes": [
            {
                "id": node["id"],
                **{field: node[field] for field in ("key", "kind", "text", "doc_url")},
                **({"picture": node["picture_id"]} if node.get("picture_id") else {}),
                **({"translations": node["translations"]} if node.get("translations") else {}),
                "buttons": buttons.get(node["id"], []),
            }
            for node in nodes
        ],
    }


def _languages(map_obj) -> dict:
    """The map-level language content of a version."""
    if not _has(type(map_obj), "translations"):
        return {}
    data = {"language": {"code": map_obj.language_code, "name": map_obj.language_name}}
    languages = list(map_obj.languages.order_by("code").values("code", "name"))
    for key, value in (("languages", languages), ("texts", map_obj.texts)):
        if value:
            data[key] = value
    if map_obj.translations:
        data["translations"] = map_obj.translations
    return data
