"""Deploying versions: each online map's content becomes its live version 1 with every id
kept, so no conversation in progress breaks; a map that was not online stays a draft."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("advisor", "0005_plain_words"), ("botapp", "0001_initial")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_existing_maps_become_version_1_with_the_same_ids():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = migrate(BEFORE)
    try:
        online, hidden = (
            old.get_model("advisor", "Map").objects.get_or_create(
                slug=slug, defaults={"title": slug, "is_published": slug == "online"}
            )[0]
            for slug in ("online", "hidden")
        )
        node_model = old.get_model("advisor", "Node")
        start = node_model.objects.create(map=online, key="start", text="Ready?")
        end = node_model.objects.create(map=online, key="end", kind="recommendation", text="Go.")
        button = old.get_model("advisor", "Button").objects.create(
            node=start, label="Yes", target=end
        )
        old.get_model("advisor", "Map").objects.filter(pk=online.pk).update(start_node=start)

        new = migrate(latest)
        map_model = new.get_model("advisor", "Map")
        live = map_model.objects.get(slug="online").live_version
        assert live.number == 1
        assert live.content["start"] == "start"
        assert [(n["id"], n["key"]) for n in live.content["nodes"]] == [
            (start.id, "start"),
            (end.id, "end"),
        ]
        assert live.content["nodes"][0]["buttons"] == [
            {"id": button.id, "label": "Yes", "summary": "", "target": "end"}
        ]
        assert map_model.objects.get(slug="hidden").live_version is None
    finally:
        migrate(latest)
