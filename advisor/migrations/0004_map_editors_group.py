"""The "Map editors" group: may view, add, change and delete maps, steps and answer buttons,
and nothing else (README "Map editors" says how to make someone an editor)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Map editors"
MODELS = ("map", "node", "button")
ACTIONS = ("view", "add", "change", "delete")


def add_group(apps, schema_editor):
    # Permissions are normally created after all migrations ran; this one needs them now.
    create_permissions(global_apps.get_app_config("advisor"), apps=apps, verbosity=0)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    group, _ = group_model.objects.get_or_create(name=GROUP)
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
    group.permissions.set(
        permission_model.objects.filter(content_type__app_label="advisor", codename__in=codenames)
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("advisor", "0003_load_sklearn_map"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(add_group, remove_group)]
