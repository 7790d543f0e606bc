"""Team editing: maps can be archived, and every editorial action is kept in the map's
History. The History starts with what was already known: each published version, and the
admin's log of map and step saves (its "Recent actions")."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

ACTIONS = {1: "added", 2: "changed", 3: "deleted"}
#: The note of the versions migration 0009 made.
FIRST_VERSION = "The map as it was when versions began"
VERBS = {1: "Added", 2: "Changed", 3: "Deleted"}


def past_history(apps, schema_editor):
    """History entries for every version and every logged save of a map or a step."""
    from django.contrib.admin.models import LogEntry as LiveLogEntry

    entry = apps.get_model("advisor", "HistoryEntry")
    content_type = apps.get_model("contenttypes", "ContentType")
    log_entry = apps.get_model("admin", "LogEntry")
    node_maps = dict(apps.get_model("advisor", "Node").objects.values_list("id", "map_id"))
    map_ids = set(apps.get_model("advisor", "Map").objects.values_list("id", flat=True))
    entries = []
    for version in apps.get_model("advisor", "MapVersion").objects.order_by("published_at"):
        note = f": {version.note}" if version.note else ""
        entries.append(
            entry(
                map_id=version.map_id,
                at=version.published_at,
                user_id=version.published_by_id,
                command="migrate" if version.note == FIRST_VERSION else "",
                action="rolled_back" if version.restored_from else "published",
                summary=f"Published version {version.number}{note}",
            )
        )
    kinds = {"map": "map", "node": "step"}
    types = dict(
        content_type.objects.filter(app_label="advisor", model__in=kinds).values_list("id", "model")
    )
    for log in log_entry.objects.filter(content_type_id__in=types).order_by("action_time"):
        kind = kinds[types[log.content_type_id]]
        object_id = int(log.object_id) if log.object_id.isdigit() else None
        map_id = object_id if kind == "map" else node_maps.get(object_id)
        if map_id not in map_ids or log.action_flag not in ACTIONS:
            continue  # a step deleted since: its map is no longer known
        details = LiveLogEntry(change_message=log.change_message).get_change_message()
        summary = f"{VERBS[log.action_flag]} {kind} “{log.object_repr}”"
        entries.append(
            entry(
                map_id=map_id,
                step_id=object_id if kind == "step" else None,
                at=log.action_time,
                user_id=log.user_id,
                action=ACTIONS[log.action_flag],
                summary=f"{summary}: {details}"
                if details and details != "No fields changed."
                else summary,
            )
        )
    entries.sort(key=lambda item: item.at)
    entry.objects.bulk_create(entries, batch_size=500)


PUBLISH = "Can publish: change what users see of a map"


def rename_the_publish_right(apps, schema_editor):
    """Discarding and restoring as the draft are editors' now: the right says what it is."""
    apps.get_model("auth", "Permission").objects.filter(
        codename="publish_map", content_type__app_label="advisor"
    ).update(name=PUBLISH)


class Migration(migrations.Migration):
    dependencies = [
        ("advisor", "0009_first_versions"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="map",
            name="archived_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="map",
            name="archived_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.CreateModel(
            name="HistoryEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("step_id", models.PositiveBigIntegerField(blank=True, null=True)),
                ("at", models.DateTimeField(default=django.utils.timezone.now)),
                ("command", models.CharField(blank=True, max_length=40)),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("added", "Added"),
                            ("changed", "Changed"),
                            ("deleted", "Deleted"),
                            ("translated", "Translated"),
                            ("published", "Published"),
                            ("discarded", "Discarded"),
                            ("restored", "Restored as draft"),
                            ("rolled_back", "Restored and published"),
                            ("uploaded", "Map file uploaded"),
                            ("pruned", "Old versions removed"),
                            ("archived", "Archived"),
                            ("unarchived", "Brought back from the archive"),
                            ("bot_texts", "Bot texts changed"),
                        ],
                        max_length=20,
                    ),
                ),
                ("summary", models.TextField()),
                (
                    "map",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="history",
                        to="advisor.map",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "history entry",
                "verbose_name_plural": "history",
                "ordering": ["-id"],
                "indexes": [
                    models.Index(fields=["map", "id"], name="advisor_history_map"),
                    models.Index(fields=["step_id", "id"], name="advisor_history_step"),
                ],
            },
        ),
        migrations.RunPython(past_history, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="map",
            options={"ordering": ["title"], "permissions": [("publish_map", PUBLISH)]},
        ),
        migrations.RunPython(rename_the_publish_right, migrations.RunPython.noop),
    ]
