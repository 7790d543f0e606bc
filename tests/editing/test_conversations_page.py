"""The admin's Conversations page: newest first, with the map and the step each started from,
who answered and how soon, the user's vote, open or closed; filtered by map and by open or
closed; read by Map editors and publishers, changed by no one."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from advisor.models import Map
from botapp.handoff.models import Conversation, TeamGroup, UserTopic

PAGE = reverse("admin:botapp_conversation_changelist")
pytestmark = pytest.mark.django_db


def talk(map_obj, user_chat_id, *, minutes_ago, answered_after=None, closed=False, **fields):
    """A conversation with the team as the relay leaves it: opened, maybe answered and closed."""
    group, _ = TeamGroup.objects.get_or_create(
        chat_id=-1001, defaults={"title": "Support", "connected_by_id": 1}
    )
    topic, _ = UserTopic.objects.get_or_create(group=group, user_chat_id=user_chat_id)
    opened = timezone.now() - timedelta(minutes=minutes_ago)
    answered = opened + answered_after if answered_after is not None else None
    return Conversation.objects.create(
        topic=topic,
        user_chat_id=user_chat_id,
        map=map_obj,
        opened_at=opened,
        first_answer_at=answered,
        closed_at=timezone.now() if closed else None,
        closed_by=Conversation.ClosedBy.TEAM if closed else "",
        **fields,
    )


@pytest.fixture
def conversations(sklearn_map):
    step = sklearn_map.nodes.get(key="kmeans")
    other = Map.objects.create(title="Other map", slug="other")
    talk(
        sklearn_map,
        1,
        minutes_ago=90,
        answered_after=timedelta(minutes=12),
        closed=True,
        first_name="Ada",
        username="ada",
        node_id=step.pk,
        answered_by_name="Grace",
        helpful=True,
    )
    talk(sklearn_map, 2, minutes_ago=5, first_name="Bob", node_id=987654)
    talk(other, 3, minutes_ago=30, first_name="Cy")
    return step


def rows(page: str) -> list[list[str]]:
    """The table's rows' words, in order, tags dropped."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.sub(r"<[^>]+>", " ", row).split() for row in body.split("</tr>")[:-1]]


def test_a_map_editor_reads_every_conversation_newest_first(editor_client, conversations):
    page = editor_client.get(PAGE).content.decode()
    order = [next(name for name in ("Ada", "Bob", "Cy") if name in row) for row in rows(page)]
    assert order == ["Bob", "Cy", "Ada"]
    ada = rows(page)[2]
    assert " ".join(ada).count("Ada (@ada)") == 1
    assert "Grace" in ada and "12 min" in " ".join(ada) and "Yes" in ada
    assert "by the team" in " ".join(ada)
    step_page = reverse("admin:advisor_node_change", args=[conversations.pk])
    assert f'<a href="{step_page}">kmeans</a>' in page
    assert "a step deleted since" in " ".join(rows(page)[0])
    assert "no answer yet" in " ".join(rows(page)[0]) and "open" in rows(page)[0]


def test_filters_by_map_and_by_open_or_closed(publisher_client, conversations):
    map_id = conversations.map_id
    page = publisher_client.get(PAGE, {"map__id__exact": map_id}).content.decode()
    assert [row for row in rows(page) if "Cy" in row] == [] and len(rows(page)) == 2
    page = publisher_client.get(PAGE, {"state": "closed"}).content.decode()
    assert len(rows(page)) == 1 and "Ada" in " ".join(rows(page)[0])
    page = publisher_client.get(PAGE, {"state": "open", "map__id__exact": map_id}).content
    assert len(rows(page.decode())) == 1 and "Bob" in rows(page.decode())[0]


def test_no_one_changes_a_conversation_there(publisher_client, editor_client, conversations):
    one = Conversation.objects.get(first_name="Bob")
    for client in (publisher_client, editor_client):
        client.post(PAGE, {"action": "delete_selected", "_selected_action": [one.pk]})
        assert client.get(reverse("admin:botapp_conversation_add")).status_code == 403
        delete = reverse("admin:botapp_conversation_delete", args=[one.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Conversation.objects.count() == 3


def test_the_map_page_and_the_home_page_link_to_it(editor_client, conversations):
    map_page = reverse("admin:advisor_map_change", args=[conversations.map_id])
    page = editor_client.get(map_page).content.decode()
    assert f'href="{PAGE}?map__id__exact={conversations.map_id}">Conversations</a>' in page
    assert f'href="{PAGE}"' in editor_client.get(reverse("admin:index")).content.decode()
