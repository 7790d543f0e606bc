"""Link buttons: a button opens a web page (``url``) instead of leading to a step; every
existing button leads to a step, as before."""

from importlib import import_module

import django.db.models.deletion
from django.db import migrations, models

import advisor.markup

integrity = import_module("advisor.migrations.0002_same_map_integrity")
BUTTON_RULE = "advisor_button_same_map"
EVENTS = ["INSERT", "UPDATE"]
#: The same-map rule for buttons once a link button may lead to no step.
LINK_AWARE_BREAKS = f"NEW.target_id IS NOT NULL AND {integrity.BUTTON_BREAKS}"


def _replace_button_rule(schema_editor, condition: str) -> None:
    """Make the database's same-map rule for buttons check ``condition`` (the rule as
    migration 0002 wrote it, dropped wherever it still is)."""
    vendor = schema_editor.connection.vendor
    build = {"postgresql": integrity.postgresql_sql, "sqlite": integrity.sqlite_sql}.get(vendor)
    if build is None:
        return
    if vendor == "postgresql":
        drops = [
            f"DROP TRIGGER IF EXISTS {BUTTON_RULE} ON advisor_button",
            f"DROP FUNCTION IF EXISTS {BUTTON_RULE}()",
        ]
    else:
        drops = [f"DROP TRIGGER IF EXISTS {BUTTON_RULE}_{event.lower()}" for event in EVENTS]
    rule = (BUTTON_RULE, "advisor_button", EVENTS, condition, integrity.BUTTON_MESSAGE)
    for statement in [*drops, *build(*rule)]:
        schema_editor.execute(statement)


def link_buttons_have_no_step(apps, schema_editor):
    _replace_button_rule(schema_editor, LINK_AWARE_BREAKS)


def every_button_has_a_step(apps, schema_editor):
    _replace_button_rule(schema_editor, integrity.BUTTON_BREAKS)


class Migration(migrations.Migration):
    dependencies = [
        ("advisor", "0011_formatted_texts"),
    ]

    operations = [
        migrations.AddField(
            model_name="button",
            name="url",
            field=models.URLField(
                blank=True,
                help_text="A link button opens this page (https://…) instead of leading to a step. "
                "Telegram does not tell the bot when it is pressed.",
                max_length=500,
                validators=[advisor.markup.validate_https],
                verbose_name="or opens the web page",
            ),
        ),
        migrations.AlterField(
            model_name="button",
            name="target",
            field=models.ForeignKey(
                blank=True,
                help_text="The step this answer opens (type to search the steps of this map).",
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="incoming",
                to="advisor.node",
                verbose_name="leads to",
            ),
        ),
        migrations.AddConstraint(
            model_name="button",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("target__isnull", False), ("url", "")),
                    models.Q(("target__isnull", True), models.Q(("url", ""), _negated=True)),
                    _connector="OR",
                ),
                name="advisor_button_step_or_page",
                violation_error_message="A button leads to a step or opens a web page: "
                "give it one of the two.",
            ),
        ),
        migrations.RunPython(link_buttons_have_no_step, every_button_has_a_step),
    ]
