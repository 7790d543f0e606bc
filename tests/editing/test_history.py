"""Every editorial action on the map's History, with who, when and what in plain words,
whether it was done in the admin or by a command; publishing, restoring and discarding
also write one INFO log line."""

import json
import logging
from html import unescape

import pytest
from django.core.management import call_command
from django.urls import reverse

from advisor.actions.base import count_draft_edit
from advisor.mapfile import export_map, export_map_json
from advisor.models import HistoryEntry, Map
from tests.forms import form_data, submit

pytestmark = pytest.mark.django_db


def latest(map_obj: Map | None = None) -> tuple[str, str, str]:
    entry = HistoryEntry.objects.filter(map=map_obj).first()
    return entry.action, entry.who, entry.summary


def step_url(node) -> str:
    return reverse("admin:advisor_node_change", args=[node.pk])


def map_url(map_obj, name="change", *args) -> str:
    return reverse(f"admin:advisor_map_{name}", args=[map_obj.pk, *args])


def test_step_saves_additions_and_deletions_are_recorded(editor_client, sklearn_map):
    step = sklearn_map.nodes.get(key="labeled-data")
    no = step.buttons.get(label="No")
    row = next(k for k, v in submit_form(editor_client, step).items() if v == str(no.pk))
    submit(
        editor_client, step_url(step), {"text": "Labelled?", row.replace("-id", "-label"): "Nope"}
    )
    assert latest(sklearn_map) == (
        "changed",
        "eve",
        "Changed step “Labelled?” (labeled-data): the message, the “Nope” button",
    )
    add = reverse("admin:advisor_node_add") + f"?map={sklearn_map.pk}"
    submit(editor_client, add, {"key": "maybe", "kind": "dead_end", "text": "Perhaps later."})
    assert latest(sklearn_map) == ("added", "eve", "Added dead end “Perhaps later.” (maybe)")
    maybe = sklearn_map.nodes.get(key="maybe")
    editor_client.post(reverse("admin:advisor_node_delete", args=[maybe.pk]), {"post": "yes"})
    assert latest(sklearn_map) == ("deleted", "eve", "Deleted step “Perhaps later.” (maybe)")
    assert HistoryEntry.objects.filter(step_id=maybe.pk).count() == 2

    page = unescape(editor_client.get(map_url(sklearn_map, "history")).content.decode())
    assert page.index("Deleted step “Perhaps") < page.index("Added dead end “Perhaps")
    assert "Published version 1" in page  # from before History began (migration 0010)
    step_page = editor_client.get(reverse("admin:advisor_node_history", args=[step.pk]))
    assert "Changed step “Labelled?” (labeled-data)" in unescape(step_page.content.decode())


def submit_form(client, step) -> dict:
    return form_data(client.get(step_url(step)).content.decode())


def test_map_saves_translations_and_bot_texts_are_recorded(
    editor_client, publisher_client, sklearn_map
):
    submit(editor_client, map_url(sklearn_map), {"greeting": "Hello {first_name}!"})
    assert latest(sklearn_map) == ("changed", "eve", "Changed the map's page: the greeting")
    start = sklearn_map.start_node
    url = map_url(sklearn_map, "translate", "es")
    submit(editor_client, url, {f"node-{start.pk}": "¿Más de 50?", "text-back": "Volver"})
    assert latest(sklearn_map) == ("translated", "eve", "Translated 2 texts into Español (es)")
    submit(publisher_client, "/admin/advisor/map/bot-texts/", {"hint": "Buttons, please."})
    assert latest(None) == ("bot_texts", "pat", "Changed 1 text of the bot texts")
    page = unescape(editor_client.get(map_url(sklearn_map, "history")).content.decode())
    assert (
        "Changed 1 text of the bot texts <span" in page and "(the bot texts, on every map)" in page
    )


def test_publish_discard_restore_and_rollback_are_recorded_and_logged(
    editor_client, publisher_client, sklearn_map, caplog
):
    caplog.set_level(logging.INFO, logger="advisor.history")
    step = sklearn_map.start_node
    submit(editor_client, step_url(step), {"text": "Fifty samples or more?"})
    submit(publisher_client, map_url(sklearn_map, "publish"), {"note": "Plainer"})
    assert latest(sklearn_map) == ("published", "pat", "Published version 2 (1 change): Plainer")
    submit(editor_client, step_url(step), {"text": "At least fifty samples?"})
    submit(editor_client, map_url(sklearn_map, "discard"))
    assert latest(sklearn_map) == (
        "discarded",
        "eve",
        "Discarded 1 unpublished change: The message of “At least fifty samples?” was reworded",
    )
    submit(editor_client, map_url(sklearn_map, "restore", 1))
    assert latest(sklearn_map) == ("restored", "eve", "Restored version 1 as the draft")
    submit(publisher_client, map_url(sklearn_map, "restore", 1) + "?publish=1")
    assert latest(sklearn_map) == (
        "rolled_back",
        "pat",
        "Restored version 1 and published it as version 3; it replaced 1 unpublished change",
    )
    assert [record.getMessage() for record in caplog.records] == [
        "map 'sklearn': Published version 2 (1 change): Plainer (by pat)",
        "map 'sklearn': Discarded 1 unpublished change: The message of "
        "“At least fifty samples?” was reworded (by eve)",
        "map 'sklearn': Restored version 1 as the draft (by eve)",
        "map 'sklearn': Restored version 1 and published it as version 3; it replaced 1 "
        "unpublished change (by pat)",
    ]


def test_the_commands_are_recorded_naming_the_command(sklearn_map, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="advisor.history")
    step = sklearn_map.start_node
    step.text = "Fifty samples or more?"
    step.save()
    count_draft_edit(sklearn_map)
    call_command(
        "publishmap", "sklearn", "--note", "From the shell", stdout=open(tmp_path / "o", "w")
    )
    assert latest(sklearn_map) == (
        "published",
        "publishmap (command line)",
        "Published version 2 (1 change): From the shell",
    )
    call_command("rollback", "sklearn", "1", stdout=open(tmp_path / "o", "w"))
    assert latest(sklearn_map)[:2] == ("rolled_back", "rollback (command line)")
    call_command("pruneversions", "sklearn", "--keep", "1", stdout=open(tmp_path / "o", "w"))
    assert latest(sklearn_map) == (
        "pruned",
        "pruneversions (command line)",
        "Removed 2 old version(s), keeping the newest 1 and the live one",
    )
    data = json.loads(export_map_json(export_map(sklearn_map)))
    (tmp_path / "map.json").write_text(json.dumps({**data, "title": "From a file"}))
    out = open(tmp_path / "o", "w")
    call_command("importmap", "--replace", "--publish", str(tmp_path / "map.json"), stdout=out)
    entries = list(HistoryEntry.objects.filter(map=sklearn_map)[:2])
    assert [(e.action, e.who) for e in entries] == [
        ("published", "importmap (command line)"),
        ("uploaded", "importmap (command line)"),
    ]
    assert entries[1].summary == "Uploaded the map file “map.json”: replaced the draft (33 steps)"
    assert "map 'sklearn': Published version 4 (1 change): Imported from map.json" in caplog.text
