"""The shipped Spanish for the words recommendations gained (0014), added to the
scikit-learn map's draft where it has Spanish but not these words: users read them in
Spanish from its next publish (a new install has them in version 1, from 0008). A word an
editor changed from its default is left to the editors."""

from django.db import migrations

from ._shipped import MAP_DEFAULTS, shipped_spanish, translated

NEW_WORDS = (
    "helpful",
    "helpful_yes",
    "helpful_no",
    "vote_thanks",
    "reason_question",
    "reason_thanks",
    "share",
)


def with_words(translations: dict, texts: dict) -> dict:
    """``translations`` with the Spanish new words its Spanish lacks, each translating its
    default (where ``texts``, the map's own words, still have it)."""
    spanish = translations.get("es")
    if spanish is None:
        return translations
    shipped = shipped_spanish()["map"]
    missing = {
        key: shipped[key]
        for key in NEW_WORDS
        if key not in spanish and texts.get(key, MAP_DEFAULTS[key]) == MAP_DEFAULTS[key]
    }
    added = translated(missing, MAP_DEFAULTS)
    if not added:
        return translations
    sources = {**spanish.get("source", {}), **added.pop("source")}
    return {**translations, "es": {**spanish, **added, "source": sources}}


def ship(apps, schema_editor):
    for map_obj in apps.get_model("advisor", "Map").objects.filter(slug="sklearn"):
        map_obj.translations = with_words(map_obj.translations, map_obj.texts)
        map_obj.save(update_fields=["translations"])


class Migration(migrations.Migration):
    dependencies = [("advisor", "0014_feedback_settings")]
    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
