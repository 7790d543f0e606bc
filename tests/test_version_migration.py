"""Deploying versions: each online map's content becomes its live version 1 with every id
kept, so no conversation in progress breaks; a map that was not online stays a draft."""

from importlib import import_module

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


def test_texts_become_formatted_and_read_exactly_as_before():
    """Migration 0011: messages, greetings and goodbyes, translated or not, in the draft and
    in every version, keep "<" and "&" literal; ids, revisions and versions stay."""
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = migrate([("advisor", "0010_team_editing")])
    try:
        map_model = old.get_model("advisor", "Map")
        map_obj = map_model.objects.create(
            slug="lit",
            title="Literal",
            greeting="Hi {first_name} & co",
            translations={"es": {"greeting": "Hola <b>{first_name}</b>", "source": {}}},
        )
        node = old.get_model("advisor", "Node").objects.create(
            map=map_obj,
            key="q",
            text="<100K & more?",
            translations={"es": {"text": "¿<100K?", "source": {"text": "x"}}},
        )
        map_model.objects.filter(pk=map_obj.pk).update(start_node=node)
        content = {"greeting": "Hi & co", "nodes": [{"id": node.pk, "text": "a<b", "buttons": []}]}
        version = old.get_model("advisor", "MapVersion").objects.create(
            map=map_obj, number=1, content=content, draft_revision=1
        )
        revision = map_model.objects.get(pk=map_obj.pk).draft_revision
        if not map_model.objects.filter(slug="sklearn").exists():  # flushed by an earlier test
            import_module("advisor.migrations.0003_load_sklearn_map").load(old, None)

        new = migrate(latest)
        map_obj = new.get_model("advisor", "Map").objects.get(pk=map_obj.pk)
        node = new.get_model("advisor", "Node").objects.get(pk=node.pk)
        assert node.text == "&lt;100K &amp; more?"
        assert node.translations["es"] == {"text": "¿&lt;100K?", "source": {"text": "x"}}
        assert map_obj.greeting == "Hi {first_name} &amp; co"
        assert map_obj.translations["es"]["greeting"] == "Hola &lt;b&gt;{first_name}&lt;/b&gt;"
        assert map_obj.draft_revision == revision
        version = new.get_model("advisor", "MapVersion").objects.get(pk=version.pk)
        assert version.content == {
            "text_format": "html",
            "greeting": "Hi &amp; co",
            "nodes": [{"id": node.pk, "text": "a&lt;b", "buttons": []}],
        }
        sklearn = new.get_model("advisor", "Node").objects.get(map__slug="sklearn", key="lle")
        assert sklearn.text.startswith("Try <b>Locally Linear Embedding, LLE</b> (<code>")
    finally:
        migrate(latest)
