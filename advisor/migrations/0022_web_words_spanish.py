"""The shipped Spanish of the web chat's own words (bot texts added after 0021: "Send", the
form's problems, the pages of a map not found and of an answer not saved), added as 0018
added the menu's: to the bot texts' Spanish where it is and lacks them (an editor's Spanish
stays)."""

from django.db import migrations

SPANISH = {
    "web_skip": "Saltar al mensaje más reciente",
    "web_bot_says": "El asesor dice:",
    "web_you_answered": "Respondiste:",
    "web_new_tab": "(se abre en una pestaña nueva)",
    "web_your_answer": "Tu respuesta",
    "web_languages": "Idiomas",
    "web_send": "Enviar",
    "web_empty": "Escribe lo que buscabas y envíalo.",
    "web_too_long": "Como máximo {limit} caracteres, por favor: el tuyo tiene {length}. "
    "Acórtalo y envíalo de nuevo.",
    "web_not_saved": "No guardado",
    "web_expired": "Este formulario ha caducado o no lo creó esta página, así que no se ha "
    "guardado nada. Abre el chat de nuevo y responde allí.",
    "web_too_many": "Se enviaron demasiadas respuestas desde tu red en los últimos minutos, así "
    "que esta no se ha guardado. Inténtalo de nuevo dentro de unos minutos.",
    "web_back_to_chat": "Volver al chat",
    "web_map_not_found": "Mapa no encontrado",
    "web_unknown_map": "No hay ningún mapa con este nombre aquí. Comprueba el enlace que seguiste.",
    "web_map_unavailable_title": "Este mapa no está disponible",
    "web_map_unavailable": "Este mapa no está disponible. Puede que vuelva más tarde.",
}


def ship(apps, schema_editor):
    bot_texts = apps.get_model("advisor", "BotTexts").objects.filter(pk=1).first()
    if bot_texts is not None and "es" in bot_texts.translations:
        spanish = {**SPANISH, **bot_texts.translations["es"]}
        translations = {**bot_texts.translations, "es": spanish}
        type(bot_texts).objects.filter(pk=1).update(translations=translations)


class Migration(migrations.Migration):
    dependencies = [("advisor", "0021_embed_origins")]
    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
