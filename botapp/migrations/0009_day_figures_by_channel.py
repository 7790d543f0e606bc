"""Per-day figures gain the channel. Every figure rolled up before came from Telegram: each
row becomes the every-channel row ("*") and is copied, with its steps' figures, as the
Telegram row, so filtering old days by Telegram shows the same figures."""

from django.db import migrations, models

COPIED_DAY_COLUMNS = (
    "map_id",
    "day",
    "language",
    "chats",
    "chats_sketch",
    "completions",
    "completions_sketch",
    "paths",
    "last_languages",
)
COPIED_STEP_COLUMNS = (
    "node_id",
    "key",
    "kind",
    "reached",
    "left_here",
    "reached_sketch",
    "helpful",
    "not_helpful",
    "shared_arrivals",
)


def copy_as_telegram(apps, schema_editor):
    """Two INSERT … SELECT: the days' rows, then their steps' rows joined to the copies."""
    quote = schema_editor.quote_name
    days = quote(apps.get_model("botapp", "DayFigures")._meta.db_table)
    steps = quote(apps.get_model("botapp", "StepFigures")._meta.db_table)
    day_columns = ", ".join(quote(column) for column in COPIED_DAY_COLUMNS)
    step_columns = ", ".join(quote(column) for column in COPIED_STEP_COLUMNS)
    from_steps = ", ".join(f"step.{quote(column)}" for column in COPIED_STEP_COLUMNS)
    same_day = " AND ".join(
        f"twin.{quote(column)} = base.{quote(column)}" for column in ("map_id", "day", "language")
    )
    schema_editor.execute(
        f"INSERT INTO {days} ({day_columns}, {quote('channel')}) "
        f"SELECT {day_columns}, 'telegram' FROM {days} WHERE {quote('channel')} = '*'"
    )
    schema_editor.execute(
        f"INSERT INTO {steps} ({quote('day_figures_id')}, {step_columns}) "
        f"SELECT twin.{quote('id')}, {from_steps} FROM {steps} step "
        f"JOIN {days} base ON base.{quote('id')} = step.{quote('day_figures_id')} "
        f"JOIN {days} twin ON {same_day} "
        f"WHERE base.{quote('channel')} = '*' AND twin.{quote('channel')} = 'telegram'"
    )
    checked_now(schema_editor)


def drop_channels(apps, schema_editor):
    """Back: only the every-channel rows stay (their steps go with the others)."""
    apps.get_model("botapp", "DayFigures").objects.exclude(channel="*").delete()
    checked_now(schema_editor)


def checked_now(schema_editor):
    """PostgreSQL checks foreign keys at commit; the constraint's ALTER TABLE after these
    writes in the same transaction would find their checks pending, and fail."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("botapp", "0008_channels"),
    ]

    operations = [
        migrations.AlterField(
            model_name="handledupdate",
            name="language",
            field=models.CharField(
                blank=True,
                help_text="The user's language, as Telegram sent it (on the web: the page's).",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="dayfigures",
            name="channel",
            field=models.CharField(default="*", max_length=8),
            preserve_default=False,
        ),
        migrations.RemoveConstraint(
            model_name="dayfigures",
            name="botapp_day_figures_once",
        ),
        migrations.RunPython(copy_as_telegram, drop_channels),
        migrations.AddConstraint(
            model_name="dayfigures",
            constraint=models.UniqueConstraint(
                fields=("map", "day", "channel", "language"), name="botapp_day_figures_once"
            ),
        ),
    ]
