"""Every online map's current content becomes its published version 1, with no id changed,
so no conversation in progress breaks; the "Map publishers" group; and the rights to
translate and to edit the bot's own words for both groups."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

from ._content import version_content

EDITORS = "Map editors"
PUBLISHERS = "Map publishers"
EDITOR_RIGHTS = [
    "view_mapversion",
    *(f"{action}_maplanguage" for action in ("view", "add", "change", "delete")),
    "view_bottexts",
    "change_bottexts",
]


def first_versions(apps, schema_editor):
    map_model = apps.get_model("advisor", "Map")
    version_model = apps.get_model("advisor", "MapVersion")
    for map_obj in map_model.objects.filter(is_published=True, live_version__isnull=True):
        version = version_model.objects.create(
            map=map_obj,
            number=1,
            content=version_content(map_obj),
            draft_revision=map_obj.draft_revision,
            note="The map as it was when versions began",
        )
        map_model.objects.filter(pk=map_obj.pk).update(live_version=version)


def publishers_group(apps, schema_editor):
    create_permissions(global_apps.get_app_config("advisor"), apps=apps, verbosity=0)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    advisor = permission_model.objects.filter(content_type__app_label="advisor")
    editors, _ = group_model.objects.get_or_create(name=EDITORS)
    editors.permissions.add(*advisor.filter(codename__in=EDITOR_RIGHTS))
    publishers, _ = group_model.objects.get_or_create(name=PUBLISHERS)
    publishers.permissions.set(
        [*editors.permissions.all(), *advisor.filter(codename="publish_map")]
    )


def no_versions(apps, schema_editor):
    apps.get_model("advisor", "Map").objects.update(live_version=None)
    apps.get_model("advisor", "MapVersion").objects.all().delete()
    apps.get_model("auth", "Group").objects.filter(name=PUBLISHERS).delete()


def both(apps, schema_editor):
    first_versions(apps, schema_editor)
    publishers_group(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("advisor", "0008_shipped_spanish"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(both, no_versions)]
