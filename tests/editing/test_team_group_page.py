"""The admin's Team group page: a publisher gets a one-time code for /connect and sees the
connected group; a Map editor sees it read-only and cannot make codes."""

import pytest

from botapp.handoff.models import ConnectCode, TeamGroup

PAGE = "/admin/botapp/teamgroup/"
pytestmark = pytest.mark.django_db


def test_a_publisher_makes_a_code_and_sees_the_group(publisher_client):
    page = publisher_client.get(PAGE).content.decode()
    assert "No team group is connected yet." in page and "Connect a team group" in page
    page = publisher_client.post(PAGE).content.decode()
    code = ConnectCode.objects.get()
    assert f"/connect {code.code}" in page and code.made_by.username
    TeamGroup.objects.create(
        chat_id=-1001, title="Support <team>", connected_by_id=1, connected_by_name="Olga"
    )
    page = publisher_client.get(PAGE).content.decode()
    assert "Support &lt;team&gt;" in page and "by Olga" in page
    assert '<td id="team-group-can-post">Yes</td>' in page


def test_a_map_editor_sees_it_read_only(editor_client):
    TeamGroup.objects.create(
        chat_id=-1001,
        title="Support",
        connected_by_id=1,
        connected_by_name="Olga",
        can_post=False,
        problem="Forbidden: bot was kicked from the supergroup chat",
    )
    page = editor_client.get(PAGE).content.decode()
    assert "Only a Map publisher can connect a team group." in page
    assert "<strong>No</strong>: Forbidden: bot was kicked" in page
    assert editor_client.post(PAGE).status_code == 403
    assert not ConnectCode.objects.exists()
