from importlib import import_module

from django.db import migrations, models

#: SQLite adds a column with a default by rebuilding the maps' table, which the same-map
#: rules name: they are set aside around it, as in 0013.
pictures = import_module("advisor.migrations.0013_pictures")


class Migration(migrations.Migration):
    """Whether a map's recommendations ask "Was this helpful?" and offer a Share button: on
    for every map, as for the versions published before (advisor.graph reads them so)."""

    dependencies = [
        ("advisor", "0013_pictures"),
    ]

    operations = [
        migrations.RunPython(pictures.set_rules_aside, pictures.put_rules_back),
        migrations.AddField(
            model_name="map",
            name="asks_if_helpful",
            field=models.BooleanField(
                default=True,
                help_text="Under each recommendation, users answer 👍 Yes or 👎 No, and say "
                "what they were looking for after a No (the map's analytics show both).",
                verbose_name="“Was this helpful?” question",
            ),
        ),
        migrations.AddField(
            model_name="map",
            name="offers_share",
            field=models.BooleanField(
                default=True,
                help_text="Under each recommendation, a button that passes it on in Telegram "
                "with a link opening the same recommendation (needs TELEGRAM_BOT_USERNAME).",
                verbose_name="Share button",
            ),
        ),
        migrations.RunPython(pictures.put_rules_back, pictures.set_rules_aside),
    ]
