"""The shipped Spanish for the words of "Ask a person" (0017) and the menu's /person and
/end, added where Spanish is: to the bot texts' Spanish, and to the scikit-learn map's
Spanish where it lacks these words and an editor left their English as shipped.

The map's live version gets them too when its Spanish is the draft's (nothing unpublished
there): no version before 0017 can show these words (no map offered "Ask a person"), so
users see nothing change, and a new install has no unpublished change to review."""

from django.db import migrations

from ._shipped import translated

#: The English the words shipped with (advisor.core.texts at 0017).
DEFAULTS = {
    "ask_person": "🙋 Ask a person",
    "person_will_answer": "A person from our team will answer here.",
    "out_of_hours": "We answer {hours} — leave your message.",
    "end_conversation": "End the conversation",
    "conversation_closed": "Our team closed this conversation. Thank you for writing to us!",
    "back_to_map": "Back to the map",
    "conversation_blocked": "This conversation is closed.",
    "slow_down": "Please wait a moment: your messages will reach our team shortly.",
}
SPANISH = {
    "ask_person": "🙋 Preguntar a una persona",
    "person_will_answer": "Una persona de nuestro equipo te responderá aquí.",
    "out_of_hours": "Respondemos {hours} — deja tu mensaje.",
    "end_conversation": "Terminar la conversación",
    "conversation_closed": "Nuestro equipo ha cerrado esta conversación. ¡Gracias por escribirnos!",
    "back_to_map": "Volver al mapa",
    "conversation_blocked": "Esta conversación está cerrada.",
    "slow_down": "Espera un momento: tus mensajes llegarán enseguida a nuestro equipo.",
}
MENU_SPANISH = {
    "menu_person": "Hablar con una persona de nuestro equipo",
    "menu_end": "Terminar la conversación con nuestro equipo",
}


def with_words(translations: dict, texts: dict) -> dict:
    """``translations`` with the Spanish words its Spanish lacks, each translating its
    English as shipped (where ``texts``, the map's own words, still have it)."""
    spanish = translations.get("es")
    if spanish is None:
        return translations
    missing = {
        key: value
        for key, value in SPANISH.items()
        if key not in spanish and texts.get(key, DEFAULTS[key]) == DEFAULTS[key]
    }
    added = translated(missing, DEFAULTS)
    if not added:
        return translations
    sources = {**spanish.get("source", {}), **added.pop("source")}
    return {**translations, "es": {**spanish, **added, "source": sources}}


def ship(apps, schema_editor):
    bot_texts = apps.get_model("advisor", "BotTexts").objects.filter(pk=1).first()
    if bot_texts is not None and "es" in bot_texts.translations:
        spanish = {**MENU_SPANISH, **bot_texts.translations["es"]}
        translations = {**bot_texts.translations, "es": spanish}
        type(bot_texts).objects.filter(pk=1).update(translations=translations)
    map_model = apps.get_model("advisor", "Map")
    for map_obj in map_model.objects.filter(slug="sklearn").select_related("live_version"):
        translations = with_words(map_obj.translations, map_obj.texts)
        if translations == map_obj.translations:
            continue
        map_model.objects.filter(pk=map_obj.pk).update(translations=translations)
        live = map_obj.live_version
        if live is not None and live.content.get("translations") == map_obj.translations:
            live.content = {**live.content, "translations": translations}
            live.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [("advisor", "0017_ask_a_person")]
    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
