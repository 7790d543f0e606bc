"""Two people on the pages that list many texts (Translate, Bot texts): texts of different
steps never conflict, and a save writes only what its editor changed; the same text changed
by both refuses the save and shows theirs beside the typed one."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from advisor.models import BotTexts, Map, MapLanguage, Node
from tests.editing.conftest import PASSWORD, map_editors
from tests.forms import form_data, submit

pytestmark = pytest.mark.django_db

BOT_TEXTS_URL = "/admin/advisor/map/bot-texts/"


def text(response) -> str:
    return unescape(" ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split()))


@pytest.fixture
def german(sklearn_map) -> Map:
    MapLanguage.objects.create(map=sklearn_map, code="de", name="Deutsch")
    return sklearn_map


def client_for(username: str, group: str) -> Client:
    map_editors()
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


def test_translators_of_different_steps_both_keep_their_work(editor_client, german):
    url = reverse("admin:advisor_map_translate", args=[german.pk, "de"])
    sam = client_for("sam", "Map editors")
    eves, sams = (form_data(c.get(url).content.decode()) for c in (editor_client, sam))
    start = german.start_node
    other = german.nodes.get(key="text-data")
    assert editor_client.post(url, {**eves, f"node-{start.pk}": "Mehr als 50?"}).status_code == 302
    saved = sam.post(url, {**sams, f"node-{other.pk}": "Textdaten?"}, follow=True)
    assert "Saved 1 translation to the draft" in text(saved)
    assert Node.objects.get(pk=start.pk).translations["de"]["text"] == "Mehr als 50?"
    assert Node.objects.get(pk=other.pk).translations["de"]["text"] == "Textdaten?"


def test_one_text_translated_by_both_is_refused_with_theirs_beside(editor_client, german):
    url = reverse("admin:advisor_map_translate", args=[german.pk, "de"])
    sam = client_for("sam", "Map editors")
    sams = form_data(sam.get(url).content.decode())
    field = f"node-{german.start_node_id}"
    submit(editor_client, url, {field: "Mehr als 50?"})
    refused = sam.post(url, {**sams, field: "Über 50 Proben?", "text-back": "Zurück"})
    page = text(refused)
    assert (
        "Eve changed the same texts just now: “Step “Do you have more than 50 samples?”: message”."
        in page
    )
    assert "Nothing was saved." in page and "Theirs, saved meanwhile Mehr als 50?" in page
    form = form_data(refused.content.decode())
    assert (form[field], form["text-back"]) == ("Über 50 Proben?", "Zurück")  # kept as typed
    assert "back" not in Map.objects.get(pk=german.pk).translations.get("de", {})
    assert sam.post(url, form).status_code == 302  # sam's wording, now over eve's seen one
    start = Node.objects.get(pk=german.start_node_id)
    assert start.translations["de"]["text"] == "Über 50 Proben?"


def test_two_publishers_on_the_bot_texts(publisher_client):
    other = client_for("quinn", "Map publishers")
    pats, quinns = (
        form_data(c.get(BOT_TEXTS_URL).content.decode()) for c in (publisher_client, other)
    )
    assert (
        publisher_client.post(BOT_TEXTS_URL, {**pats, "hint": "Buttons, please."}).status_code
        == 302
    )
    assert other.post(BOT_TEXTS_URL, {**quinns, "help": "Ask me."}).status_code == 302
    assert BotTexts.objects.get(pk=1).texts == {"hint": "Buttons, please.", "help": "Ask me."}
    refused = other.post(BOT_TEXTS_URL, {**quinns, "hint": "Use the buttons."})
    assert "Pat changed the same texts just now: “Answer to free text”." in text(refused)
    assert BotTexts.objects.get(pk=1).texts["hint"] == "Buttons, please."
