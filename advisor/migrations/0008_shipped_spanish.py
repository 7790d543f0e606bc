"""The shipped Spanish translation of the scikit-learn map and of the bot's own words, before
versions begin (migration 0009), so that version 1 carries it. Only texts still worded as
shipped are translated: a step an editor reworded keeps no stale translation."""

import json
from pathlib import Path

from django.db import migrations

SPANISH = Path(__file__).resolve().parent.parent / "maps" / "sklearn.es.json"


def ship(apps, schema_editor):
    from advisor.formats import convert_texts
    from advisor.mapfile import SKLEARN_MAP_FILE
    from advisor.markup import plain
    from advisor.translations import apply_shipped_translation

    data = json.loads(SPANISH.read_text())
    bot_texts, _ = apps.get_model("advisor", "BotTexts").objects.get_or_create(pk=1)
    bot_texts.translations = {data["code"]: data["bot"], **bot_texts.translations}
    bot_texts.save()
    map_obj = apps.get_model("advisor", "Map").objects.filter(slug="sklearn").first()
    if map_obj is not None:
        shipped = json.loads(SKLEARN_MAP_FILE.read_text())  # its words, as texts were then:
        apply_shipped_translation(map_obj, data, convert_texts(shipped, plain, "plain"))


class Migration(migrations.Migration):
    dependencies = [("advisor", "0007_languages")]
    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
