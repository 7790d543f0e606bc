"""The map's page draws its diagram from a layout worked out once per draft revision (or
version): more views of the same draft reuse it, and an edit or a vote shows on the next
view all the same."""

from html import unescape

import pytest

from advisor.admin import drawings
from advisor.core.diagram import build_diagram
from tests.editing.test_ratings import diagram_box, vote
from tests.forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def layouts(monkeypatch) -> list[tuple[int, int]]:
    """The (map, stamp) of each layout worked out from now on."""
    made = []

    def counted(graph):
        made.append((graph.id, graph.stamp))
        return build_diagram(graph)

    monkeypatch.setattr(drawings, "build_diagram", counted)
    return made


def reword_the_first_question(client, map_obj, words: str) -> None:
    edit = f"/admin/advisor/map/{map_obj.pk}/outline/{map_obj.start_node_id}/edit/"
    form = form_data(client.get(edit, HTTP_HX_REQUEST="true").content.decode())
    saved = client.post(edit, {**form, "text": words}, HTTP_HX_REQUEST="true")
    assert saved.status_code == 200


def test_views_of_one_draft_share_its_layout_and_an_edit_draws_it_anew(
    sklearn_map, editor_client, layouts
):
    page = f"/admin/advisor/map/{sklearn_map.pk}/change/"
    start = sklearn_map.start_node.key
    for _ in range(3):
        box = diagram_box(unescape(editor_client.get(page).text), start)
        assert "Do you have more than 50 samples?" in box and "changed" not in box
    assert layouts == [(sklearn_map.pk, sklearn_map.draft_revision)]

    reword_the_first_question(editor_client, sklearn_map, "Have you got fifty samples?")
    for _ in range(2):
        box = diagram_box(unescape(editor_client.get(page).text), start)
        assert "Have you got fifty samples?" in box and 'class="step question start changed"' in box
    sklearn_map.refresh_from_db()
    assert [stamp for _, stamp in layouts] == [
        sklearn_map.draft_revision - 1,
        sklearn_map.draft_revision,
    ]

    live = diagram_box(unescape(editor_client.get(page + "?version=live").text), start)
    assert "Do you have more than 50 samples?" in live  # the version's own layout
    assert layouts[-1] == (sklearn_map.pk, sklearn_map.live_version_id)
    assert len(layouts) == 3


def test_a_vote_shows_on_the_next_view_without_a_new_layout(sklearn_map, editor_client, layouts):
    page = f"/admin/advisor/map/{sklearn_map.pk}/change/"
    assert "votes so far" not in diagram_box(unescape(editor_client.get(page).text), "lle")
    lle = sklearn_map.nodes.get(key="lle")
    for chat_id in range(3):
        vote(lle, chat_id, True)
    box = diagram_box(unescape(editor_client.get(page).text), "lle")
    assert "3 votes so far: tinted from 10" in box
    assert len(layouts) == 1
