"""The safe-editing pages as editors and publishers get them: status, changes, publish,
discard, versions and restore, with the permission split between the two groups."""

import pytest
from django.urls import reverse
from django.utils import timezone

from advisor.actions.base import count_draft_edit
from advisor.models import Map, MapVersion, Node
from advisor.versions import publish
from tests.editing.maps import Q, R, make_map
from tests.forms import submit

pytestmark = pytest.mark.django_db


def url(name: str, map_obj: Map, *args) -> str:
    return reverse(f"admin:advisor_map_{name}", args=[map_obj.pk, *args])


@pytest.fixture
def reworded(sklearn_map) -> Node:
    """The draft's first question reworded (one unpublished change)."""
    node = sklearn_map.start_node
    node.text = "Have you got more than fifty samples?"
    node.save()
    count_draft_edit(sklearn_map)
    return node


def text_of(response) -> str:
    return response.content.decode()


def test_the_map_list_and_page_say_what_is_live_and_what_waits(editor_client, sklearn_map):
    # version 1 was made with the test database, maybe minutes ago
    MapVersion.objects.filter(pk=sklearn_map.live_version_id).update(published_at=timezone.now())
    listing = text_of(editor_client.get(reverse("admin:advisor_map_changelist")))
    assert "Live: version 1 (published just now) · No unpublished changes" in listing
    sklearn_map.start_node.buttons.first().delete()
    count_draft_edit(sklearn_map)
    page = text_of(editor_client.get(url("change", sklearn_map)))
    assert "· 1 unpublished change" in page


def test_a_map_never_published_says_so(editor_client):
    draft = make_map({"a": (R, [])})
    page = text_of(editor_client.get(url("change", draft)))
    assert "Not published yet: users do not see this map · 1 unpublished change" in page


def test_the_change_list_marks_the_reworded_words(editor_client, reworded):
    page = text_of(editor_client.get(url("changes", reworded.map)))
    assert "The message of “Have you got more than fifty samples?” was reworded." in page
    assert "<del>Do </del>" in page and "<ins>Have </ins>" in page
    assert url("publish", reworded.map) not in page  # an editor cannot publish


@pytest.mark.parametrize(
    "name, args, query, refusal",
    [
        ("publish", (), "", "Only Map publishers can publish."),
        ("restore", (1,), "?publish=1", "Only Map publishers can restore and publish a version."),
    ],
)
def test_an_editor_may_not_publish_or_restore_and_publish_and_is_told_whom_to_ask(
    editor_client, publisher, reworded, name, args, query, refusal
):
    for response in (
        editor_client.get(url(name, reworded.map, *args) + query),
        editor_client.post(url(name, reworded.map, *args) + query),
    ):
        page = " ".join(text_of(response).split())
        assert response.status_code == 403
        assert "Advisor bot admin" in page  # the admin's own look, not a bare 403
        assert refusal in page and "Ask one of the Map publishers: <strong>pat</strong>." in page
    assert reworded.map.versions.count() == 1
    assert Node.objects.get(pk=reworded.pk).text == "Have you got more than fifty samples?"


def test_a_publisher_publishes_with_a_note(publisher_client, reworded):
    form = text_of(publisher_client.get(url("publish", reworded.map)))
    assert "1 unpublished change" in form and 'name="note"' in form
    response = submit(publisher_client, url("publish", reworded.map), {"note": "Plainer"})
    assert response.status_code == 302
    version = Map.objects.get(pk=reworded.map_id).live_version
    assert (version.number, version.note, version.published_by.username) == (2, "Plainer", "pat")


def test_a_publish_that_would_leave_users_stuck_is_refused_with_links_to_the_steps(
    publisher_client,
):
    draft = make_map({"a": (Q, [("Go", "b")]), "b": (Q, []), "orphan": (R, [])})
    page = text_of(publisher_client.post(url("publish", draft), {"note": "x"}))
    assert "Not published: 1 problem would leave users stuck." in page
    stuck = draft.nodes.get(key="b")
    assert f"/admin/advisor/map/{draft.pk}/change/#step-{stuck.pk}" in page
    assert "1 warning: untidy, but users are not stuck" in page  # the orphan
    assert not draft.versions.exists()


def test_discard_asks_first_then_puts_the_draft_back(publisher_client, reworded):
    page = text_of(publisher_client.get(url("discard", reworded.map)))
    assert "Discard 1 unpublished change?" in page
    assert Node.objects.get(pk=reworded.pk).text == "Have you got more than fifty samples?"
    submit(publisher_client, url("discard", reworded.map))
    assert Node.objects.get(pk=reworded.pk).text == "Do you have more than 50 samples?"


def test_versions_compare_restore_as_draft_and_restore_and_publish(publisher_client, reworded):
    publish(reworded.map, note="Plainer")
    versions = text_of(publisher_client.get(url("versions", reworded.map)))
    assert versions.index('data-number="2"') < versions.index('data-number="1"')
    compared = text_of(publisher_client.get(url("changes", reworded.map) + "?compare=1"))
    assert "Version 1 compared with the live version" in compared
    assert "The message of “Do you have more than 50 samples?” was reworded." in compared

    submit(publisher_client, url("restore", reworded.map, 1))
    map_obj = Map.objects.get(pk=reworded.map_id)
    assert map_obj.start_node.text == "Do you have more than 50 samples?"
    assert map_obj.live_version.number == 2  # restored as the draft only

    submit(publisher_client, url("restore", reworded.map, 2) + "?publish=1")
    map_obj = Map.objects.get(pk=reworded.map_id)
    assert (map_obj.live_version.number, map_obj.live_version.restored_from) == (3, 2)
    assert map_obj.start_node.text == "Have you got more than fifty samples?"


def test_diagram_check_and_preview_show_the_draft_or_any_version(editor_client, reworded):
    for name in ("change", "check", "preview"):
        draft = text_of(editor_client.get(url(name, reworded.map)))
        assert "Showing the <strong>draft</strong>" in draft, name
        live = text_of(editor_client.get(url(name, reworded.map) + "?version=live"))
        assert "Showing <strong>version 1</strong>, the live version users see" in live, name
        assert editor_client.get(url(name, reworded.map) + "?version=7").status_code == 404
    preview = text_of(editor_client.get(url("preview", reworded.map) + "?version=1"))
    assert "Do you have more than 50 samples?" in preview
    assert "?version=1&amp;press=" in preview  # the buttons stay on that version
    assert "Have you got more than fifty samples?" in text_of(
        editor_client.get(url("preview", reworded.map))
    )
