"""The shipped Spanish translation of the scikit-learn map and of the bot's own words, before
versions begin (migration 0009), so that version 1 carries it. Only texts still worded as
shipped are translated: a step an editor reworded keeps no stale translation."""

from django.db import migrations

from ._content import convert_texts
from ._markup import plain
from ._shipped import apply_shipped_translation, shipped_map, shipped_spanish


def ship(apps, schema_editor):
    data = shipped_spanish()
    bot_texts, _ = apps.get_model("advisor", "BotTexts").objects.get_or_create(pk=1)
    bot_texts.translations = {data["code"]: data["bot"], **bot_texts.translations}
    bot_texts.save()
    map_obj = apps.get_model("advisor", "Map").objects.filter(slug="sklearn").first()
    if map_obj is not None:
        shipped = convert_texts(shipped_map(), plain, "plain")  # its words, as texts were then
        apply_shipped_translation(map_obj, data, shipped)


class Migration(migrations.Migration):
    dependencies = [("advisor", "0007_languages")]
    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
