"""Steps' pictures: stored in the database once per content (no step has one yet).

On SQLite, taking the column off again (migrating back) rebuilds the steps' table, which the
same-map rules of migrations 0002 and 0012 name: they are set aside around it."""

from importlib import import_module

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

integrity = import_module("advisor.migrations.0002_same_map_integrity")
links = import_module("advisor.migrations.0012_link_buttons")


def _rules() -> list[tuple]:
    """The same-map rules as they stand since migration 0012."""
    button = (links.BUTTON_RULE, "advisor_button", links.EVENTS, links.LINK_AWARE_BREAKS)
    return [(*button, integrity.BUTTON_MESSAGE), *integrity.RULES[1:]]


def set_rules_aside(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name, _, events, _, _ in _rules():
            for event in events:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_{event.lower()}")


def put_rules_back(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        set_rules_aside(apps, schema_editor)
        for rule in _rules():
            for statement in integrity.sqlite_sql(*rule):
                schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("advisor", "0012_link_buttons"),
    ]

    operations = [
        migrations.RunPython(set_rules_aside, put_rules_back),
        migrations.CreateModel(
            name="Picture",
            fields=[
                ("sha256", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("data", models.BinaryField()),
                ("content_type", models.CharField(max_length=20)),
                ("width", models.PositiveIntegerField()),
                ("height", models.PositiveIntegerField()),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.AddField(
            model_name="node",
            name="picture",
            field=models.ForeignKey(
                blank=True,
                help_text="Shown above the message, which becomes its caption (at most 1024 "
                "characters then). JPEG, PNG or WebP, up to 10 MB.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="advisor.picture",
            ),
        ),
        migrations.RunPython(put_rules_back, set_rules_aside),
    ]
