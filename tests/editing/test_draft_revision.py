"""The map's draft revision, the key of every cache of the draft: each edit through the
door (an action, or the step and map pages) counts once, a save that changed nothing and
publishing do not, and a version records the revision it was made from."""

import pytest
from django.urls import reverse

from advisor.actions import ImportMapFile, Publish, RestoreAndPublish
from advisor.actions.outline import EditButton, EditStep
from advisor.core.conflicts import opened_token, read_token
from advisor.loading import draft_graph, live_graph
from advisor.mapfile import export_map
from advisor.models import HistoryEntry, Map
from advisor.outline_edits import button_state, step_state
from advisor.versions import unpublished_changes
from tests.forms import form_data, submit

pytestmark = pytest.mark.django_db


def sklearn() -> Map:
    return Map.objects.select_related("live_version").get(slug="sklearn")


def revision() -> int:
    return sklearn().draft_revision


def shown(state: dict):
    """What the outline showed: the state a row was opened at."""
    return read_token(opened_token(state, 0))


def test_every_edit_counts_in_the_draft_revision_and_refreshes_the_cached_draft(
    sklearn_map, editor, editor_client
):
    map_id = sklearn_map.id
    graph = draft_graph(map_id)
    assert draft_graph(map_id) is graph  # cached while nothing changed
    node = sklearn_map.start_node
    reword = {"text": "How many samples, roughly?"}
    EditStep(sklearn(), node.id, reword, opened=shown(step_state(node)), user=editor).execute()
    assert draft_graph(map_id).nodes[node.id].text == "How many samples, roughly?"
    stamps = [draft_graph(map_id).stamp]
    button = node.buttons.first()
    opened = shown(button_state(button))
    EditButton(sklearn(), button.id, {"label": "Plenty"}, opened=opened, user=editor).execute()
    stamps.append(draft_graph(map_id).stamp)
    map_page = reverse("admin:advisor_map_change", args=[map_id])
    assert submit(editor_client, map_page, {"title": "Renamed"}).status_code == 302
    stamps.append(draft_graph(map_id).stamp)
    step_page = reverse("admin:advisor_node_change", args=[node.id])
    form = form_data(editor_client.get(step_page).content.decode())
    row = next(
        key for key, value in form.items() if key.endswith("-id") and value == str(button.id)
    )
    form[row.replace("-id", "-DELETE")] = "on"
    assert editor_client.post(step_page, form).status_code == 302
    stamps.append(draft_graph(map_id).stamp)
    assert stamps == sorted(set(stamps))
    assert draft_graph(map_id).title == "Renamed"
    assert [b.label for b in draft_graph(map_id).nodes[node.id].buttons] == ["No"]
    live = live_graph(map_id)
    assert live.nodes[node.id].text == "Do you have more than 50 samples?"  # not published


def test_a_save_that_changes_nothing_and_a_publish_count_no_edit(sklearn_map, editor, publisher):
    node = sklearn_map.start_node
    before, entries = revision(), HistoryEntry.objects.count()
    same = {"text": node.text}
    EditStep(sklearn(), node.id, same, opened=shown(step_state(node)), user=editor).execute()
    assert (revision(), HistoryEntry.objects.count()) == (before, entries)
    reword = {"text": "Fifty samples or more?"}
    EditStep(sklearn(), node.id, reword, opened=shown(step_state(node)), user=editor).execute()
    assert revision() == before + 1
    version = Publish(sklearn(), user=publisher).execute()
    assert revision() == before + 1 == version.draft_revision
    assert unpublished_changes(sklearn()) == []


def test_a_rollback_records_the_revision_of_the_draft_it_restored(sklearn_map, editor, publisher):
    node = sklearn_map.start_node
    reword = {"text": "Fifty samples or more?"}
    EditStep(sklearn(), node.id, reword, opened=shown(step_state(node)), user=editor).execute()
    Publish(sklearn(), user=publisher).execute()
    rollback = RestoreAndPublish(sklearn(), sklearn().versions.get(number=1), user=publisher)
    version = rollback.execute()
    assert version.draft_revision == revision()  # made from the restored draft
    assert draft_graph(sklearn_map.id).start.text == "Do you have more than 50 samples?"
    assert unpublished_changes(sklearn()) == []


def test_an_import_published_at_once_records_the_revision_it_wrote(sklearn_map, publisher):
    data = export_map(sklearn())
    data["nodes"][0]["text"] = "Reworded in a file"
    before = revision()
    graph = draft_graph(sklearn_map.id)
    action = ImportMapFile(data, name="sklearn.json", replace=True, publish=True, user=publisher)
    _, version = action.execute()
    assert revision() == before + 1 == version.draft_revision
    assert draft_graph(sklearn_map.id) is not graph
    assert unpublished_changes(sklearn()) == []
