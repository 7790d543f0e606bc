"""Load the scikit-learn "choosing the right estimator" map, so a fresh deploy has content."""

from django.db import migrations


def load(apps, schema_editor):
    from advisor.mapfile import load_sklearn_map

    models = [apps.get_model("advisor", name) for name in ("Map", "Node", "Button")]
    if not models[0].objects.filter(slug="sklearn").exists():
        load_sklearn_map(models=models, formatted=False)  # texts had no formatting yet


def unload(apps, schema_editor):
    map_model = apps.get_model("advisor", "Map")
    map_model.objects.filter(slug="sklearn").update(start_node=None)
    map_model.objects.filter(slug="sklearn").delete()


class Migration(migrations.Migration):
    dependencies = [("advisor", "0002_same_map_integrity")]
    operations = [migrations.RunPython(load, unload)]
