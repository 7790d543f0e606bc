"""Load the scikit-learn "choosing the right estimator" map, so a fresh deploy has content."""

from django.db import migrations

from ._content import convert_texts
from ._markup import plain
from ._shipped import load_map, shipped_map


def load(apps, schema_editor):
    map_model = apps.get_model("advisor", "Map")
    if not map_model.objects.filter(slug="sklearn").exists():
        # texts had no formatting yet: their words only
        load_map(map_model, convert_texts(shipped_map(), plain, "plain"))


def unload(apps, schema_editor):
    map_model = apps.get_model("advisor", "Map")
    map_model.objects.filter(slug="sklearn").update(start_node=None)
    map_model.objects.filter(slug="sklearn").delete()


class Migration(migrations.Migration):
    dependencies = [("advisor", "0002_same_map_integrity")]
    operations = [migrations.RunPython(load, unload)]
