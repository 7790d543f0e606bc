from importlib import import_module

from django.db import migrations, models

#: SQLite adds a column with a default by rebuilding the maps' table, which the same-map rules
#: name: they are set aside around it, as in 0013, 0014 and 0017.
pictures = import_module("advisor.migrations.0013_pictures")


class Migration(migrations.Migration):
    """The sites allowed to show a map's web chat in a frame: none for every map, as for the
    versions published before (advisor.core.graph reads them so)."""

    dependencies = [
        ("advisor", "0020_team_group_code_in_history"),
    ]

    operations = [
        migrations.RunPython(pictures.set_rules_aside, pictures.put_rules_back),
        migrations.AddField(
            model_name="map",
            name="embed_origins",
            field=models.JSONField(
                blank=True, default=list, verbose_name="sites allowed to show this chat"
            ),
        ),
        migrations.RunPython(pictures.put_rules_back, pictures.set_rules_aside),
    ]
