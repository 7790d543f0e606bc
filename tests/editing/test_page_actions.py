"""The step and map pages save through editorial actions (advisor.actions.steps,
advisor.actions.mapsettings): what the page allows is what the action's check() allows, and
each save is on the map's History as the action records it."""

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from advisor.actions import AddStep, CreateMap, Refused, SaveMapSettings, SaveStep
from advisor.models import HistoryEntry, Map
from tests.editing.maps import Q, R, make_map
from tests.forms import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(client) -> User:
    """A staff user who may look at maps and steps, and change nothing."""
    user = User.objects.create_user("viewer", is_staff=True)
    for codename in ("view_map", "view_node"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(user)
    return user


def test_a_map_created_on_its_page_is_on_its_history(editor_client):
    new = {"title": "Fresh", "slug": "fresh"}
    done = submit(editor_client, reverse("admin:advisor_map_add"), new)
    assert done.status_code == 302
    fresh = Map.objects.get(slug="fresh")
    entry = HistoryEntry.objects.get(map=fresh)
    assert (entry.action, entry.user.username, entry.summary) == (
        "added",
        "eve",
        "Created the map “Fresh”",
    )
    assert fresh.is_published is False  # a Map editor's new map starts offline


def test_the_pages_allow_what_their_actions_allow(client, viewer):
    tiny = make_map({"ask": (Q, [("Yes", "done")]), "done": (R, [])})
    ask = tiny.nodes.get(key="ask")
    for action, refusal in [
        (SaveStep(tiny, user=viewer), "Only Map editors can change steps"),
        (AddStep(tiny, user=viewer), "Only Map editors can add steps"),
        (SaveMapSettings(tiny, user=viewer), "Only Map editors can change maps"),
        (CreateMap(None, user=viewer), "Only Map editors can create maps"),
    ]:
        with pytest.raises(Refused, match=refusal):
            action.check()
    page = client.get(reverse("admin:advisor_node_change", args=[ask.pk])).content.decode()
    assert 'name="text"' not in page  # read-only: no box to type in
    refused = client.post(reverse("admin:advisor_node_change", args=[ask.pk]), {"text": "Hi"})
    assert refused.status_code == 403
    assert client.get(reverse("admin:advisor_node_add") + f"?map={tiny.pk}").status_code == 403
    assert client.get(reverse("admin:advisor_map_add")).status_code == 403
    assert client.get(reverse("admin:advisor_node_delete", args=[ask.pk])).status_code == 403
    assert tiny.nodes.get(key="ask").text == "Step ask?"
    assert not HistoryEntry.objects.filter(map=tiny).exists()
