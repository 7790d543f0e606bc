"""Deleting a published map archives it: offline, out of the list, versions and History kept,
restorable; only a superuser deletes an archived map for good, after a confirmation that
names its versions and the link that stops working."""

import logging
import re
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from advisor.models import HistoryEntry, Map, Node
from tests.editing.maps import R, make_map
from tests.forms import submit

pytestmark = pytest.mark.django_db


def text(response) -> str:
    """The page's words, without its tags."""
    return unescape(" ".join(re.sub(r"<[^>]+>", "", response.content.decode()).split()))


def map_url(map_obj, name="change") -> str:
    return reverse(f"admin:advisor_map_{name}", args=[map_obj.pk])


LIST = "/admin/advisor/map/"


@pytest.fixture
def superuser_client(db) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("root", password="x"))
    return client


def test_a_publisher_archives_a_live_map_and_an_editor_brings_it_back(
    publisher_client, editor_client, sklearn_map, botapi
):
    confirm = text(publisher_client.get(map_url(sklearn_map, "archive")))
    assert "It goes offline at once: Telegram users no longer see it" in confirm
    assert "It stops being the default map" in confirm
    assert "Its 1 version, its draft and its History are kept" in confirm
    done = publisher_client.post(map_url(sklearn_map, "archive"), follow=True)
    assert "Archived “Choosing the right scikit-learn estimator”: users no longer see it." in text(
        done
    )
    archived = Map.objects.get(pk=sklearn_map.pk)
    assert archived.archived_at and archived.archived_by.username == "pat"
    assert (archived.is_published, archived.is_default) == (False, False)
    assert archived.versions.count() == 1 and archived.nodes.count() == 33
    assert "scikit-learn" not in text(publisher_client.get(LIST))
    assert "scikit-learn" in text(publisher_client.get(LIST + "?archived=yes"))
    chat = botapi.chat(8201)
    chat.send("/start")
    assert chat.screen()[0] == "No advisor map is set up yet. Please try again later."

    page = text(editor_client.get(map_url(sklearn_map)))
    assert "Archived just now by pat" in page and "Bring it back from the archive" in page
    assert 'name="title"' not in page  # an archived map is read-only
    node = archived.start_node
    assert (
        editor_client.post(reverse("admin:advisor_node_change", args=[node.pk])).status_code == 403
    )

    back = editor_client.post(map_url(sklearn_map, "unarchive"), follow=True)
    assert "is back, offline: publish it (or tick online) to show it to users." in text(back)
    restored = Map.objects.get(pk=sklearn_map.pk)
    assert restored.archived_at is None and restored.is_published is False
    assert [e.summary for e in HistoryEntry.objects.filter(map=sklearn_map)[:2]] == [
        "Brought the map back from the archive (offline)",
        "Archived the map (it was online, so users no longer see it; it was the default map)",
    ]


def test_an_editor_archives_a_map_users_never_saw(editor_client):
    draft = make_map({"only": (R, [])}, slug="draft")
    assert editor_client.post(map_url(draft, "archive")).status_code == 302
    assert Map.objects.get(pk=draft.pk).archived_at is not None


def test_only_a_superuser_deletes_an_archived_map_for_good(
    superuser_client, publisher_client, sklearn_map, settings, caplog
):
    settings.TELEGRAM_BOT_USERNAME = "advisor_bot"
    refused = superuser_client.get(map_url(sklearn_map, "delete"))
    assert refused.status_code == 403
    assert "Archive the map first: only an archived map is deleted for good." in text(refused)
    publisher_client.post(map_url(sklearn_map, "archive"))
    assert publisher_client.get(map_url(sklearn_map, "delete")).status_code == 403

    confirm = text(superuser_client.get(map_url(sklearn_map, "delete")))
    assert "Delete the map “Choosing the right scikit-learn estimator” for good?" in confirm
    assert "Its 1 published version goes with it: version 1 (" in confirm
    assert "The link https://t.me/advisor_bot?start=sklearn will never open it again." in confirm
    caplog.set_level(logging.INFO, logger="advisor.history")
    superuser_client.post(map_url(sklearn_map, "delete"), {"post": "yes"})
    assert not Map.objects.filter(pk=sklearn_map.pk).exists()
    assert not Node.objects.filter(map_id=sklearn_map.pk).exists()
    assert "map 'sklearn': deleted for good with 1 version(s) (by root)" in caplog.text


def test_the_delete_action_of_the_list_is_gone(superuser_client, sklearn_map):
    assert 'value="delete_selected"' not in text(superuser_client.get(LIST))


def test_an_archived_map_is_not_published_translated_or_added_to(
    publisher_client, editor_client, sklearn_map
):
    publisher_client.post(map_url(sklearn_map, "archive"))
    refused = publisher_client.get(map_url(sklearn_map, "publish"), follow=True)
    assert "Not done: the map is archived: bring it back from the archive first." in text(refused)
    translate = reverse("admin:advisor_map_translate", args=[sklearn_map.pk, "es"])
    field = f"node-{sklearn_map.start_node_id}"
    refused = editor_client.post(
        translate, {field: "¿Más de 50?", "was-" + field: "x"}, follow=True
    )
    assert "Not done: the map is archived" in text(refused)
    add = reverse("admin:advisor_node_add") + f"?map={sklearn_map.pk}"
    page = submit(editor_client, add, {"key": "late", "kind": "dead_end", "text": "Too late."})
    assert "This map is archived: bring it back first." in text(page)
    assert not Node.objects.filter(map=sklearn_map, key="late").exists()
