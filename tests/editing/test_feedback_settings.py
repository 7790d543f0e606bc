"""The map's settings for what a recommendation offers (Was this helpful?, Share) and their
words: edited on the map's page as part of the draft, listed as changes, discarded alone,
and seen by users only once published."""

import pytest

from advisor.loading import draft_graph, live_graph
from advisor.models import Map
from advisor.versions import publish
from tests.editing.test_small_undo import discard_forms, map_url, text
from tests.editing.test_team_editing import opened
from tests.forms import form_data, submit

pytestmark = pytest.mark.django_db

OFF = "Recommendations no longer ask “Was this helpful?”."


def test_turning_the_question_off_is_a_draft_change_until_published(editor_client, sklearn_map):
    changed = submit(
        editor_client,
        map_url(sklearn_map),
        {"asks_if_helpful": None, "text_share": "Pass it on"},
    )
    assert changed.status_code == 302
    draft = Map.objects.get(pk=sklearn_map.pk)
    assert (draft.asks_if_helpful, draft.offers_share, draft.texts) == (
        False,
        True,
        {"share": "Pass it on"},
    )
    assert not draft_graph(draft.pk).asks_if_helpful
    assert live_graph(draft.pk).asks_if_helpful  # users still see the question
    changes = text(editor_client.get(map_url(draft, "changes")))
    assert OFF in changes
    assert "Share button now reads “Pass it on” (was “Share”)." in changes

    buttons = discard_forms(editor_client.get(map_url(draft, "changes")).content.decode())
    done = editor_client.post(map_url(draft, "discard"), buttons[OFF], follow=True)
    assert f"Discarded: {OFF}" in text(done)
    assert Map.objects.get(pk=draft.pk).asks_if_helpful  # back on; the new word stays
    assert Map.objects.get(pk=draft.pk).texts == {"share": "Pass it on"}

    submit(editor_client, map_url(draft), {"offers_share": None})
    publish(Map.objects.get(pk=draft.pk))
    live = live_graph(draft.pk)
    assert (live.asks_if_helpful, live.offers_share) == (True, False)
    assert live.wording("en")["share"] == "Pass it on"


def test_two_editors_changing_the_settings_at_once_never_overwrite(
    editor_client, second_editor, sklearn_map
):
    url = map_url(sklearn_map)
    sams = opened(second_editor, url)
    submit(editor_client, url, {"asks_if_helpful": None})
    refused = second_editor.post(url, {**sams, "text_share": "Pass it on"})
    assert refused.status_code == 200
    assert "eve changed this map's page just now: the “Was this helpful?” question." in text(
        refused
    )
    saved = Map.objects.get(pk=sklearn_map.pk)
    assert (saved.asks_if_helpful, saved.texts) == (False, {})  # sam's word not saved yet
    form = form_data(refused.content.decode())
    assert "asks_if_helpful" not in form and form["text_share"] == "Pass it on"  # merged
    assert second_editor.post(url, form).status_code == 302
    saved = Map.objects.get(pk=sklearn_map.pk)
    assert (saved.asks_if_helpful, saved.texts) == (False, {"share": "Pass it on"})
    assert live_graph(saved.pk).asks_if_helpful  # neither editor changed what users see
