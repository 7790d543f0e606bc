"""Maps as JSON files: export, validate and import (atomic), shared by the commands,
the admin and the data migration that loads the scikit-learn map."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.db import transaction

from advisor.core.graph import BUTTON_LABEL_LIMIT, NODE_TEXT_LIMIT
from advisor.core.hours import hours_content, hours_error
from advisor.core.markup import MarkupError, clean, telegram_length
from advisor.core.origins import OriginError, normalized_origins
from advisor.core.translations import TranslationError, language_content, validate_languages
from advisor.drafts import match_ids, write_draft
from advisor.formats import as_html, is_html
from advisor.markup import validate_https
from advisor.models import Button, Map, Node
from advisor.pictures import PictureError, check_reference, data_url

SKLEARN_MAP_FILE = Path(__file__).parent / "maps" / "sklearn.json"
MAP_FIELDS = ("slug", "title", "greeting", "goodbye", "is_default", "is_published")
#: Settings of what a recommendation offers: on unless a file (or a version) says false, so
#: a version from before them reads as they are now by default.
FEEDBACK_FIELDS = ("asks_if_helpful", "offers_share")
#: "Ask a person" and when the team answers: off and always unless a file (or a version)
#: says otherwise, so a version from before them reads as they are now by default.
PERSON_FIELDS = ("offers_person", "opening_hours")
#: The sites allowed to show the map's web chat in a frame: none unless a file says so.
EMBED_FIELD = "embed_origins"
NODE_KINDS = {choice.value for choice in Node.Kind}
#: Largest map file read; the benchmark's 10 000-step map is about 3 MB.
MAX_MAP_FILE_BYTES = 20 * 2**20


class MapFileError(ValueError):
    """A map file that cannot be imported; the message names the line or field."""


def export_map(map_obj: Map, *, with_ids: bool = False) -> dict:
    """The map's draft as plain data, in the form ``import_map`` reads; ``with_ids`` adds the
    ids of its steps and buttons (the content of a published version)."""
    nodes = list(
        map_obj.nodes.order_by("id").values(
            "id", "key", "kind", "text", "doc_url", "offers_person", "picture_id", "translations"
        )
    )
    keys = {node["id"]: node["key"] for node in nodes}
    buttons: dict[int, list[dict]] = {}
    for button in (
        Button.objects.filter(node__map=map_obj)
        .order_by("order", "id")
        .values("id", "node_id", "label", "summary", "target_id", "translations", "url")
    ):
        data = {"label": button["label"], "summary": button["summary"]}
        if button["url"]:
            data["url"] = button["url"]
        else:
            data["target"] = keys[button["target_id"]]
        if button["translations"]:
            data["translations"] = button["translations"]
        buttons.setdefault(button["node_id"], []).append(
            {"id": button["id"], **data} if with_ids else data
        )
    return {
        "text_format": "html",
        **{field: getattr(map_obj, field) for field in MAP_FIELDS},
        **{field: False for field in FEEDBACK_FIELDS if not getattr(map_obj, field)},
        **{field: getattr(map_obj, field) for field in PERSON_FIELDS if getattr(map_obj, field)},
        **({EMBED_FIELD: map_obj.embed_origins} if map_obj.embed_origins else {}),
        **language_content(
            {"code": map_obj.language_code, "name": map_obj.language_name},
            list(map_obj.languages.order_by("code").values("code", "name")),
            map_obj.texts,
            map_obj.translations,
        ),
        "start": keys.get(map_obj.start_node_id),
        "nodes": [
            {
                **({"id": node["id"]} if with_ids else {}),
                **{field: node[field] for field in ("key", "kind", "text", "doc_url")},
                **_picture(node["picture_id"], with_ids),
                **({"offers_person": True} if node["offers_person"] else {}),
                **_translations(node["translations"], with_ids),
                "buttons": buttons.get(node["id"], []),
            }
            for node in nodes
        ],
    }


def _translations(translations: dict | None, with_ids: bool) -> dict:
    """A step's translations as content holds them, each language's picture as _picture."""
    if not translations:
        return {}
    return {
        "translations": {
            code: {**words, **_picture(words.get("picture"), with_ids)}
            for code, words in translations.items()
        }
    }


def _picture(sha256: str | None, with_ids: bool) -> dict:
    """A step's picture as content holds it: a version names it, a map file carries it."""
    if not sha256:
        return {}
    return {"picture": sha256 if with_ids else data_url(sha256)}


def without_ids(data: dict) -> dict:
    """A version's content as a map file: the same data without ids, pictures carried."""
    return {
        **data,
        "nodes": [
            {
                **{k: v for k, v in node.items() if k not in ("id", "picture", "translations")},
                **_picture(node.get("picture"), False),
                **_translations(node.get("translations"), False),
                "buttons": [{k: v for k, v in b.items() if k != "id"} for b in node["buttons"]],
            }
            for node in data["nodes"]
        ],
    }


def export_map_json(data: dict) -> str:
    """The map file's text for exported data: indented JSON, ending with a newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def parse_map_json(text: str) -> dict:
    """Parse a map file's text; a syntax error names its line and column."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise MapFileError(f"not a map file: {where}: {exc.msg}") from None
    except RecursionError:
        raise MapFileError("not a map file: it is nested too deeply to read") from None
    except ValueError as exc:  # e.g. a number with more digits than Python converts
        raise MapFileError(f"not a map file: {exc}") from None
    validate_map_data(data)
    return data


def read_map_file(stream) -> dict:
    """Read and parse a map file from a binary stream, refusing one over the size limit
    before parsing it."""
    raw = stream.read(MAX_MAP_FILE_BYTES + 1)
    if len(raw) > MAX_MAP_FILE_BYTES:
        limit = MAX_MAP_FILE_BYTES // 2**20
        raise MapFileError(f"not a map file: it is over {limit} MB, the most a map file may be")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise MapFileError("not a map file: it is not UTF-8 text") from None
    return parse_map_json(text)


def _require(condition: bool, where: str, message: str) -> None:
    if not condition:
        raise MapFileError(f"{where}: {message}")


def _require_text(
    data: dict, field: str, where: str, limit: int, required: bool = True, formatted=False
) -> None:
    value = data.get(field, "")
    _require(isinstance(value, str), f"{where}.{field}", "must be a string")
    _require(not required or value.strip(), f"{where}.{field}", "must not be empty")
    if formatted:
        try:
            clean(value)
        except MarkupError as error:
            raise MapFileError(f"{where}.{field}: {error}") from None
    length = telegram_length(value) if formatted else len(value)
    _require(length <= limit, f"{where}.{field}", f"is longer than {limit} characters")


def _require_valid(validator, value: str, where: str, message: str) -> None:
    try:
        validator(value)
    except ValidationError:
        raise MapFileError(f"{where}: {message}") from None


def _require_slug(data: dict, field: str, where: str, limit: int) -> None:
    _require_text(data, field, where, limit)
    slug_rule = "may hold only letters, digits, - and _"
    _require_valid(validate_slug, data[field], f"{where}.{field}", slug_rule)


def _require_picture(value, where: str) -> None:
    _require(isinstance(value, str), where, "must be a data: URL")
    try:
        check_reference(value)
    except PictureError as error:
        raise MapFileError(f"{where}: {error}") from None


def validate_map_data(data) -> None:
    """Check the shape of map data; raise MapFileError naming the first wrong field."""
    _require(isinstance(data, dict), "map", "must be a JSON object")
    formats = ("plain", "html")
    _require(data.get("text_format", "plain") in formats, "map.text_format", f"is one of {formats}")
    html = is_html(data)
    _require_slug(data, "slug", "map", 50)
    _require_text(data, "title", "map", 200)
    for field in ("greeting", "goodbye"):
        _require_text(data, field, "map", 1000, required=False, formatted=html)
    for field in ("is_default", "is_published", *FEEDBACK_FIELDS, "offers_person"):
        _require(isinstance(data.get(field, False), bool), f"map.{field}", "must be true or false")
    hours_wrong = hours_error(data.get("opening_hours"))
    _require(hours_wrong is None, "map.opening_hours", hours_wrong or "")
    origins = data.get(EMBED_FIELD, [])
    _require(isinstance(origins, list), f"map.{EMBED_FIELD}", "must be a list of sites")
    try:
        normalized_origins([str(origin) for origin in origins])
    except OriginError as error:
        raise MapFileError(f"map.{EMBED_FIELD}: {error}") from None
    nodes = data.get("nodes")
    _require(isinstance(nodes, list) and nodes, "map.nodes", "must be a non-empty list")
    keys = set()
    for index, node in enumerate(nodes):
        where = f"nodes[{index}]"
        _require(isinstance(node, dict), where, "must be a JSON object")
        _require_slug(node, "key", where, 60)
        _require(node["key"] not in keys, f"{where}.key", f"'{node['key']}' is used twice")
        keys.add(node["key"])
        _require(node.get("kind") in NODE_KINDS, f"{where}.kind", f"must be one of {NODE_KINDS}")
        _require_text(node, "text", where, NODE_TEXT_LIMIT, formatted=html)
        _require_text(node, "doc_url", where, 200, required=False)
        if node.get("doc_url"):
            _require_valid(URLValidator(), node["doc_url"], f"{where}.doc_url", "is not a link")
        _require(isinstance(node.get("buttons", []), list), f"{where}.buttons", "must be a list")
        offers = node.get("offers_person", False)
        _require(isinstance(offers, bool), f"{where}.offers_person", "must be true or false")
        if node.get("picture") is not None:
            _require_picture(node["picture"], f"{where}.picture")
        translations = node.get("translations", {})
        for code, words in translations.items() if isinstance(translations, dict) else ():
            if isinstance(words, dict) and words.get("picture"):
                _require_picture(words["picture"], f"{where}.translations.{code}.picture")
    for index, node in enumerate(nodes):
        for number, button in enumerate(node.get("buttons", [])):
            where = f"nodes[{index}].buttons[{number}]"
            _require(isinstance(button, dict), where, "must be a JSON object")
            _require_text(button, "label", where, BUTTON_LABEL_LIMIT)
            _require_text(button, "summary", where, 40, required=False)
            if "url" in button:
                _require("target" not in button, where, "has a target and a url: give one")
                _require_text(button, "url", where, 500)
                _require_valid(validate_https, button["url"], f"{where}.url", "is not https")
                continue
            target = button.get("target")
            _require(target in keys, f"{where}.target", f"no node has the key {target!r}")
    start = data.get("start")
    _require(start in keys, "map.start", f"no node has the key {start!r}")
    try:
        validate_languages(data, formatted=html)
    except TranslationError as error:
        raise MapFileError(str(error)) from None


def import_map(
    data: dict,
    *,
    replace: bool = False,
    with_visibility: bool = True,
) -> Map:
    """Create (or with ``replace``, overwrite the draft of) a map from validated data, all or
    nothing. Replacing keeps the ids of steps whose short names stay (advisor.drafts).
    Without ``with_visibility`` the file's "online" and "default map" are left out (a new map
    is offline and not the default), so that importing changes nothing users see.
    """
    validate_map_data(data)
    data = as_html(data)
    fields = {field: data[field] for field in MAP_FIELDS if field in data}
    fields.update({field: data.get(field, True) for field in FEEDBACK_FIELDS})
    fields.update(offers_person=data.get("offers_person", False))
    fields.update(opening_hours=hours_content(data.get("opening_hours")))
    fields.update(embed_origins=normalized_origins(data.get(EMBED_FIELD, [])))
    if not with_visibility:
        fields = {k: v for k, v in fields.items() if k not in ("is_default", "is_published")}
    with transaction.atomic():
        map_obj = Map.objects.filter(slug=data["slug"]).first()
        if map_obj and not replace:
            raise MapFileError(f"map.slug: a map '{data['slug']}' exists already (use replace)")
        if fields.get("is_default"):
            Map.objects.exclude(slug=data["slug"]).update(is_default=False)
        if map_obj is None:  # without visibility, a new map starts offline
            map_obj = Map(slug=data["slug"], is_published=with_visibility)
        for field, value in fields.items():
            setattr(map_obj, field, value)
        map_obj.save()
        write_draft(map_obj, match_ids(map_obj, data))
        map_obj.refresh_from_db()
    return map_obj
