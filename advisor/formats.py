"""The text format of map content (a map file's data or a version's): plain words, as every
file was before formatting, or Telegram's HTML (advisor.core.markup), and the one pass that
converts every formatted text of it."""

from advisor.core.markup import escape
from advisor.core.texts import FORMATTED


def is_html(data: dict) -> bool:
    """Whether a map file's texts are formatted (Telegram's HTML); else plain words."""
    return data.get("text_format") == "html"


def as_html(data: dict) -> dict:
    """Map data with formatted texts: a plain file's texts escaped to show as they read."""
    return data if is_html(data) else convert_texts(data, escape, "html")


def convert_texts(data: dict, convert, text_format: str) -> dict:
    """Map data (a file's or a version's content) with every formatted text (messages,
    greeting, goodbye, and their translations) passed through ``convert``."""

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
