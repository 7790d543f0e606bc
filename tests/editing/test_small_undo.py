"""Honest confirmations and small undo in the admin: Discard takes back one change (and an
editor may use it), Restore and publish lists what changes for users apart from the draft
work it replaces, and the map's page says who publishes what waits."""

import re
from html import unescape

import pytest
from django.urls import reverse

from advisor.models import HistoryEntry, Map, Node
from tests.forms import form_data, submit

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return unescape(" ".join(re.sub(r"<[^>]+>", "", response.content.decode()).split()))


def map_url(map_obj, name="change", *args) -> str:
    return reverse(f"admin:advisor_map_{name}", args=[map_obj.pk, *args])


def step_url(node) -> str:
    return reverse("admin:advisor_node_change", args=[node.pk])


def discard_forms(page: str) -> dict[str, dict]:
    """Each Discard button of the change list, by its label (the change's summary)."""
    forms = re.findall(
        r'<form method="post" action="[^"]+/discard/" class="discard-one">.*?</form>', page, re.S
    )
    found = {}
    for html in forms:
        label = unescape(re.search(r'aria-label="Discard this change: ([^"]+)"', html).group(1))
        found[label] = form_data(html)
    return found


@pytest.fixture
def two_changes(editor_client, sklearn_map) -> Node:
    """The first question reworded, and a button added under it."""
    start = sklearn_map.start_node
    page = form_data(editor_client.get(step_url(start)).content.decode())
    extra = str(int(page["buttons-TOTAL_FORMS"]) - 1)
    target = sklearn_map.nodes.get(key="kmeans").pk
    changes = {
        "text": "Fifty samples or more?",
        f"buttons-{extra}-label": "Not sure",
        f"buttons-{extra}-target": target,
    }
    assert editor_client.post(step_url(start), {**page, **changes}).status_code == 302
    return start


def test_an_editor_discards_one_change_and_keeps_the_other(editor_client, two_changes):
    changes = editor_client.get(map_url(two_changes.map, "changes")).content.decode()
    buttons = discard_forms(changes)
    added = next(label for label in buttons if label.startswith("Added button “Not sure”"))
    done = editor_client.post(map_url(two_changes.map, "discard"), buttons[added], follow=True)
    assert "Discarded: Added button “Not sure” under “Fifty samples or more?”" in text(done)
    assert "1 unpublished change" in text(done)
    start = Node.objects.get(pk=two_changes.pk)
    assert start.text == "Fifty samples or more?" and not start.buttons.filter(label="Not sure")
    entry = HistoryEntry.objects.filter(map=two_changes.map).first()
    assert (entry.action, entry.who, entry.step_id) == ("discarded", "eve", start.pk)


def test_a_discard_of_a_change_edited_meanwhile_is_refused(editor_client, two_changes):
    buttons = discard_forms(editor_client.get(map_url(two_changes.map, "changes")).content.decode())
    reworded = next(label for label in buttons if label.startswith("The message of"))
    submit(editor_client, step_url(two_changes), {"text": "Fifty or more samples?"})
    refused = editor_client.post(
        map_url(two_changes.map, "discard"), buttons[reworded], follow=True
    )
    assert "after you opened this page: nothing was done" in text(refused)
    assert Node.objects.get(pk=two_changes.pk).text == "Fifty or more samples?"


def test_discarding_a_step_others_lead_to_says_what_to_do_first(editor_client, sklearn_map):
    add = reverse("admin:advisor_node_add") + f"?map={sklearn_map.pk}"
    submit(editor_client, add, {"key": "maybe", "kind": "dead_end", "text": "Later."})
    maybe = sklearn_map.nodes.get(key="maybe")
    start = sklearn_map.start_node
    page = form_data(editor_client.get(step_url(start)).content.decode())
    extra = str(int(page["buttons-TOTAL_FORMS"]) - 1)
    new = {f"buttons-{extra}-label": "Maybe", f"buttons-{extra}-target": maybe.pk}
    editor_client.post(step_url(start), {**page, **new})
    buttons = discard_forms(editor_client.get(map_url(sklearn_map, "changes")).content.decode())
    added = next(label for label in buttons if label.startswith("Added dead end “Later.”"))
    refused = editor_client.post(map_url(sklearn_map, "discard"), buttons[added], follow=True)
    assert (
        "Not discarded: buttons lead to it (“Maybe” under “Do you have more than 50 samples?”): "
        "discard or redirect them first." in text(refused)
    )
    assert Node.objects.filter(pk=maybe.pk).exists()


def test_restore_and_publish_lists_what_users_see_change_and_the_work_it_replaces(
    publisher_client, editor_client, sklearn_map
):
    start = sklearn_map.start_node
    submit(editor_client, step_url(start), {"text": "Fifty samples or more?"})
    submit(publisher_client, map_url(sklearn_map, "publish"), {"note": "v2"})
    svc = sklearn_map.nodes.get(key="linear-svc")
    submit(editor_client, step_url(svc), {"text": "Try an SVC."})  # unpublished work
    page = text(publisher_client.get(map_url(sklearn_map, "restore", 1) + "?publish=1"))
    for_users, replaced = page.split("What changes for users: ")[1].split(
        "Unpublished work it replaces: "
    )
    assert (
        for_users.startswith("1 change")
        and "The message of “Do you have more than 50 samples?”" in for_users
    )
    assert "Try an SVC." not in for_users
    assert (
        replaced.startswith("1 change") and "The message of “Try an SVC.” was reworded." in replaced
    )


def test_the_map_page_says_who_publishes_and_who_waits_for_review(
    editor_client, publisher_client, sklearn_map
):
    submit(editor_client, step_url(sklearn_map.start_node), {"text": "Fifty samples or more?"})
    assert (
        "Your changes are saved in the draft. Users see them once a Map publisher publishes "
        "them (pat)." in text(editor_client.get(map_url(sklearn_map)))
    )
    review = text(publisher_client.get(map_url(sklearn_map)))
    assert "Waiting for review: unpublished changes by eve (just now)." in review
    assert Map.objects.get(pk=sklearn_map.pk).live_version.number == 1
