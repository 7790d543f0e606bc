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


def test_history_begins_with_the_versions_and_the_admins_log():
    """Migration 0010: every version a "Published" entry, every logged map or step save an
    entry of its map, by the same user at the same time; nothing else changes."""
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = migrate(
        [("advisor", "0009_first_versions"), ("admin", "0003_logentry_add_action_flag_choices")]
    )
    try:
        user = old.get_model("auth", "User").objects.create(username="alice", is_staff=True)
        map_obj = old.get_model("advisor", "Map").objects.create(slug="old", title="Old map")
        node = old.get_model("advisor", "Node").objects.create(map=map_obj, key="q", text="Q?")
        version = old.get_model("advisor", "MapVersion").objects.create(
            map=map_obj, number=1, content={}, draft_revision=1, published_by=user, note="First"
        )
        types = old.get_model("contenttypes", "ContentType").objects
        log = old.get_model("admin", "LogEntry").objects
        for model, object_id, flag, message in (
            ("node", node.pk, 2, '[{"changed": {"fields": ["Message"]}}]'),
            ("node", 99999, 3, ""),  # a step deleted since: its map is no longer known
            ("map", map_obj.pk, 1, '[{"added": {}}]'),
        ):
            log.create(
                user=user,
                content_type=types.get_or_create(app_label="advisor", model=model)[0],
                object_id=str(object_id),
                object_repr="q" if model == "node" else "Old map",
                action_flag=flag,
                change_message=message,
            )

        new = migrate(latest)
        entries = new.get_model("advisor", "HistoryEntry").objects.filter(map_id=map_obj.pk)
        assert sorted((e.action, e.summary, e.user_id, e.step_id) for e in entries) == [
            ("added", "Added map “Old map”: Added.", user.pk, None),
            ("changed", "Changed step “q”: Changed Message.", user.pk, node.pk),
            ("published", "Published version 1: First", user.pk, None),
        ]
        assert entries.get(action="published").at == version.published_at
    finally:
        migrate(latest)
