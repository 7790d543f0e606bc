"""A map's languages and translations as map content: in map files and versions, checked
when a file is read, the values an import or a restore writes back, and what the Translate
page and the change list compare.

A translation records, per text, a short hash of the original it translates ("source"), so
an original reworded since is flagged as changed."""

import hashlib

from advisor.core.markup import https_error, plain
from advisor.core.texts import (
    BUTTON_LIMIT,
    FILLS,
    FORMATTED,
    LANGUAGE_CODE,
    MAP_DEFAULTS,
    MAP_TEXTS,
    normalized,
    text_error,
)

#: What a translation of each kind of text may hold, with each value's limit.
#: (A step's picture for one language, its "picture", is checked as a picture is.)
NODE_FIELDS = {"text": 3500, "picture": 0}
BUTTON_FIELDS = {"label": BUTTON_LIMIT, "summary": 40, "url": 500}
MAP_FIELDS = {
    "title": 200,
    "greeting": 1000,
    "goodbye": 1000,
    **{spec.key: spec.limit for spec in MAP_TEXTS},
}


def source_hash(*originals: str) -> str:
    """A short fingerprint of the original words a translation was made from (their words
    only: a change of formatting leaves a translation as good as it was)."""
    words = (plain(original) for original in originals)
    return hashlib.sha1("\x1f".join(words).encode()).hexdigest()[:10]


def language_content(
    language: dict, languages: list[dict], texts: dict, translations: dict
) -> dict:
    """The map-level language content of a map file or version: the map's own language
    (``{code, name}``), the languages it is translated into, its own words and its
    map-level translations (the last three left out when empty)."""
    data = {"language": language}
    for key, value in (("languages", languages), ("texts", texts), ("translations", translations)):
        if value:
            data[key] = value
    return data


def map_languages(data: dict) -> tuple[dict, dict[str, str]]:
    """What a file's or version's language content makes of a map: the values of the map's
    row (its language, own words and map-level translations), and the languages it is
    translated into, code → name."""
    language = data.get("language") or {"code": "en", "name": "English"}
    row = {
        "language_code": language["code"],
        "language_name": language["name"],
        "texts": data.get("texts", {}),
        "translations": data.get("translations", {}),
    }
    return row, {entry["code"]: entry["name"] for entry in data.get("languages", [])}


class TranslationError(ValueError):
    """Where a map file's language content is wrong, and how."""


def _check(condition: bool, where: str, message: str) -> None:
    if not condition:
        raise TranslationError(f"{where}: {message}")


def _check_values(values, allowed: dict, codes: set, where: str, formatted: bool) -> None:
    _check(isinstance(values, dict), where, "must be a JSON object of languages")
    for code, fields in values.items():
        _check(code in codes, f"{where}.{code}", "is not one of the map's translations")
        _check(isinstance(fields, dict), f"{where}.{code}", "must be a JSON object")
        for name, value in fields.items():
            place = f"{where}.{code}.{name}"
            if name == "source":
                _check(isinstance(value, dict), place, "must be a JSON object")
                continue
            if name == "picture" and name in allowed:
                _check(isinstance(value, str) and value, place, "must be a data: URL")
                continue
            _check(name in allowed, place, f"no such text (a translation here has {allowed})")
            _check(isinstance(value, str), place, "must be a string")
            html = formatted and name in FORMATTED
            fills = FILLS.get(name, "")
            error = text_error(value, allowed[name], name == "greeting", False, html, fills)
            if name == "url" and value and error is None:
                error = https_error(value)
            _check(error is None, place, error or "")


def validate_languages(data: dict, formatted: bool = False) -> None:
    """Check a map file's languages and every translation in it (``formatted``: its texts
    are Telegram's HTML); TranslationError names the first wrong field."""
    language = data.get("language", {"code": "en", "name": "English"})
    _check(isinstance(language, dict), "map.language", "must be {code, name}")
    codes = set()
    for index, entry in enumerate([language, *data.get("languages", [])]):
        where = "map.language" if index == 0 else f"map.languages[{index - 1}]"
        _check(isinstance(entry, dict), where, "must be {code, name}")
        code = entry.get("code")
        _check(isinstance(code, str) and LANGUAGE_CODE.fullmatch(code), f"{where}.code", "bad code")
        _check(code == normalized(code) and code not in codes, f"{where}.code", "used twice")
        _check(isinstance(entry.get("name"), str) and entry["name"], f"{where}.name", "empty")
        codes.add(code)
    codes.discard(language["code"])
    texts = data.get("texts", {})
    _check(isinstance(texts, dict), "map.texts", "must be a JSON object")
    for key, value in texts.items():
        _check(key in MAP_DEFAULTS, f"map.texts.{key}", "no such text")
        _check(isinstance(value, str), f"map.texts.{key}", "must be a string")
        error = text_error(value, MAP_FIELDS[key], fills=FILLS.get(key, ""))
        _check(error is None, f"map.texts.{key}", error or "")
    _check_values(data.get("translations", {}), MAP_FIELDS, codes, "map.translations", formatted)
    for index, node in enumerate(data["nodes"]):
        where = f"nodes[{index}]"
        _check_values(
            node.get("translations", {}), NODE_FIELDS, codes, f"{where}.translations", formatted
        )
        for number, button in enumerate(node.get("buttons", [])):
            place = f"{where}.buttons[{number}].translations"
            _check_values(button.get("translations", {}), BUTTON_FIELDS, codes, place, False)


#: What a field of the Translate page names: ("map", None, "title"), ("node", 12, "text"),
#: ("button", 40, "label").


def translated_texts(data: dict, code: str) -> dict:
    """Every translated text of a snapshot in one language, keyed by what it translates."""
    values = {
        ("map", name): value for name, value in data.get("translations", {}).get(code, {}).items()
    }
    for node in data["nodes"]:
        node_id = node.get("id", node["key"])
        for name, value in node.get("translations", {}).get(code, {}).items():
            values["node", node_id, name] = value
        for index, button in enumerate(node["buttons"]):
            button_id = button.get("id", (node_id, index))
            for name, value in button.get("translations", {}).get(code, {}).items():
                values["button", button_id, name] = value
    return {key: value for key, value in values.items() if key[-1] != "source"}


def text_owners(data: dict) -> set[tuple]:
    """The steps and buttons of a snapshot, as translated_texts keys them."""
    owners = set()
    for node in data["nodes"]:
        node_id = node.get("id", node["key"])
        owners.add(("node", node_id))
        for index, button in enumerate(node["buttons"]):
            owners.add(("button", button.get("id", (node_id, index))))
    return owners
