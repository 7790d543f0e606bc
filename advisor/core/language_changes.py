"""What changed in a map's languages: its default language, its translations (added or
removed), its own words and the texts translated (advisor.core.changes lists them)."""

from advisor.core.change_kinds import (
    ENGLISH,
    LANGUAGES_CHANGED,
    OWN_WORD_CHANGED,
    TRANSLATION_CHANGED,
    Change,
)
from advisor.core.texts import MAP_TEXTS
from advisor.core.translations import text_owners, translated_texts


def language_changes(old: dict, new: dict) -> list[Change]:
    """The default language, the translations, the map's own words and translated texts."""
    changes = []
    was, now = old.get("language", ENGLISH), new.get("language", ENGLISH)
    if was != now:
        summary = f"The map is now written in {_language(now)} (was {_language(was)})."
        changes.append(Change(LANGUAGES_CHANGED, "", None, summary, unit="map:language"))
    olds, news = (
        {entry["code"]: entry for entry in data.get("languages", [])} for data in (old, new)
    )
    for code in sorted(news.keys() - olds.keys()):
        summary = f"Added {_language(news[code])}."
        changes.append(Change(LANGUAGES_CHANGED, "", None, summary, unit=f"language:{code}"))
    for code in sorted(olds.keys() - news.keys()):
        summary = f"Removed {_language(olds[code])}."
        changes.append(Change(LANGUAGES_CHANGED, "", None, summary, unit=f"language:{code}"))
    for spec in MAP_TEXTS:
        before, after = (data.get("texts", {}).get(spec.key, spec.default) for data in (old, new))
        if before != after:
            summary = f"{spec.label} now reads “{after}” (was “{before}”)."
            unit = f"text:{spec.key}"
            changes.append(Change(OWN_WORD_CHANGED, "", None, summary, before, after, unit))
    owners = text_owners(new)
    for code in sorted(olds.keys() | news.keys()):
        before, after = translated_texts(old, code), translated_texts(new, code)
        # Texts of steps and buttons removed are counted with them, not here.
        kept = {key for key in before if key[0] == "map" or key[:2] in owners}
        count = sum(before.get(key) != after.get(key) for key in kept | after.keys())
        if count:
            language = _language(news.get(code) or olds[code])
            summary = f"{count} text(s) of {language} translated, retranslated or left out."
            unit = f"translation:{code}"
            changes.append(Change(TRANSLATION_CHANGED, "", None, summary, unit=unit))
    return changes


def _language(entry: dict) -> str:
    return f"{entry['name']} ({entry['code']})"
