from importlib import import_module

from django.db import migrations, models

#: SQLite adds a column with a default by rebuilding the maps' and steps' tables, which the
#: same-map rules name: they are set aside around it, as in 0013 and 0014.
pictures = import_module("advisor.migrations.0013_pictures")


class Migration(migrations.Migration):
    """ "Ask a person": whether a map's recommendations offer it, when the team answers, and
    whether a step offers it on its own; off and always open for every map, as for the
    versions published before (advisor.core.graph reads them so)."""

    dependencies = [
        ("advisor", "0016_reason_deleted_in_history"),
    ]

    operations = [
        migrations.RunPython(pictures.set_rules_aside, pictures.put_rules_back),
        migrations.AddField(
            model_name="map",
            name="offers_person",
            field=models.BooleanField(
                default=False,
                help_text="Under each recommendation, and after a user said what they were "
                "looking for, a button that hands the conversation to a person of your team "
                "in its Telegram group (any step can also offer it on its own).",
                verbose_name="“Ask a person” button",
            ),
        ),
        migrations.AddField(
            model_name="map",
            name="opening_hours",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="node",
            name="offers_person",
            field=models.BooleanField(
                default=False,
                help_text="A button under this step's message that hands the conversation to "
                "a person of your team, whether or not the map offers it everywhere.",
                verbose_name="offer “Ask a person”",
            ),
        ),
        migrations.RunPython(pictures.put_rules_back, pictures.set_rules_aside),
    ]
