"""The shipped Spanish of "Nobody from our team can answer here" (a map text added after
0018: what a user who asks for a person gets when no team group can answer), added as 0018
added the other words of "Ask a person": to the scikit-learn map's Spanish where it lacks it
and an editor left its English as shipped, and to the live version when its Spanish is the
draft's (no version before this one can show the words)."""

from django.db import migrations

from ._shipped import translated

KEY = "team_unavailable"
#: The English it shipped with (advisor.core.texts when this migration was written).
ENGLISH = "Nobody from our team can answer here at the moment. Please try again later."
SPANISH = (
    "Nadie de nuestro equipo puede responder aquí en este momento. Inténtalo de nuevo más tarde."
)


def with_word(translations: dict, texts: dict) -> dict:
    """``translations`` with the Spanish word, if their Spanish lacks it and the map's own
    English is still the shipped one."""
    spanish = translations.get("es")
    if spanish is None or KEY in spanish or texts.get(KEY, ENGLISH) != ENGLISH:
        return translations
    added = translated({KEY: SPANISH}, {KEY: ENGLISH})
    sources = {**spanish.get("source", {}), **added.pop("source")}
    return {**translations, "es": {**spanish, **added, "source": sources}}


def ship(apps, schema_editor):
    map_model = apps.get_model("advisor", "Map")
    for map_obj in map_model.objects.filter(slug="sklearn").select_related("live_version"):
        translations = with_word(map_obj.translations, map_obj.texts)
        if translations == map_obj.translations:
            continue
        map_model.objects.filter(pk=map_obj.pk).update(translations=translations)
        live = map_obj.live_version
        if live is not None and live.content.get("translations") == map_obj.translations:
            live.content = {**live.content, "translations": translations}
            live.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [("advisor", "0018_ask_a_person_spanish")]
    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
