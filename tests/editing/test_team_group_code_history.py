"""Making a code to connect a team group is a publisher's editorial action: it goes on the
History (of every map, as the bot texts' changes), never with the code itself; a Map editor's
try is refused with the refusal page and leaves nothing."""

from html import unescape

import pytest

from advisor.models import HistoryEntry
from botapp.handoff.models import ConnectCode
from tests.editing.test_history import latest, map_url
from tests.editing.test_team_texts import BOT_TEXTS_URL, client_for, text
from tests.forms import form_data

PAGE = "/admin/botapp/teamgroup/"
pytestmark = pytest.mark.django_db


def test_a_code_made_goes_on_the_history_without_the_code(
    publisher_client, editor_client, sklearn_map
):
    assert publisher_client.post(PAGE).status_code == 200
    code = ConnectCode.objects.get().code
    summary = "Made a code to connect a team group (valid 60 minutes)"
    assert latest(None) == ("team_group_code", "pat", summary)
    page = unescape(editor_client.get(map_url(sklearn_map, "history")).content.decode())
    assert f"{summary} <span" in page and "(the team group, for every map)" in page
    assert code not in page


def test_a_map_editor_is_refused_and_nothing_is_recorded(editor_client, sklearn_map):
    response = editor_client.post(PAGE)
    assert response.status_code == 403
    page = unescape(response.content.decode())
    assert "Only Map publishers can connect a team group" in page
    assert not ConnectCode.objects.exists()
    assert not HistoryEntry.objects.filter(action="team_group_code").exists()


def test_a_code_made_meanwhile_is_no_change_of_the_bot_texts(publisher_client):
    pats = form_data(publisher_client.get(BOT_TEXTS_URL).content.decode())
    quinn = client_for("quinn", "Map publishers")
    assert quinn.post(PAGE).status_code == 200
    quinns = form_data(quinn.get(BOT_TEXTS_URL).content.decode())
    assert quinn.post(BOT_TEXTS_URL, {**quinns, "hint": "Buttons, please."}).status_code == 302
    refused = text(publisher_client.post(BOT_TEXTS_URL, {**pats, "hint": "Use the buttons."}))
    assert "Quinn changed the same texts just now: “Answer to free text”." in refused
    assert "connect a team group" not in refused
