"""A Map editor cannot change what Telegram users see, in any way: every way round the
publisher is refused in plain words (or kept in the draft), and the bot, asked through its
webhook with the Bot API stand-in, answers as before."""

import json
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from advisor.core.texts import BOT_DEFAULTS
from advisor.mapfile import export_map, export_map_json
from advisor.models import BotTexts, HistoryEntry, Map, MapLanguage
from tests.editing.test_outline_pages import text as words
from tests.forms import submit

pytestmark = pytest.mark.django_db

FIRST_SCREEN = "Do you have more than 50 samples?"


def text(response) -> str:
    return unescape(" ".join(response.content.decode().split()))


def assert_users_see_the_map(botapi, chat_id: int) -> None:
    """The bot still opens the scikit-learn map, by /start and by its deep link."""
    chat = botapi.chat(chat_id)
    for command in ("/start", "/start sklearn"):
        chat.send(command)
        assert chat.screen()[0].endswith(FIRST_SCREEN), command


def assert_refused(response, refusal: str, ask: str) -> None:
    page = text(response)
    assert response.status_code == 403
    assert "Advisor bot admin" in page and refusal in page and ask in page


def map_url(map_obj: Map, name: str = "change") -> str:
    return reverse(f"admin:advisor_map_{name}", args=[map_obj.pk])


def test_online_default_and_short_name_are_the_publishers(
    editor_client, publisher_client, sklearn_map, botapi
):
    page = text(editor_client.get(map_url(sklearn_map)))
    for field in ("is_published", "is_default", "slug"):
        assert f'name="{field}"' not in page  # shown, not editable
    # A forged post is refused with the reason; nothing of the page is saved.
    forged = {"slug": "renamed", "is_published": None, "is_default": None, "title": "Estimators"}
    refused = submit(editor_client, map_url(sklearn_map), forged)
    assert refused.status_code == 200
    assert "Only Map publishers can change the short name, as links use it: ask pat." in text(
        refused
    )
    assert "was changed successfully" not in text(refused)
    saved = Map.objects.get(pk=sklearn_map.pk)
    assert (saved.slug, saved.is_published, saved.is_default) == ("sklearn", True, True)
    assert saved.title == sklearn_map.title
    assert submit(editor_client, map_url(sklearn_map), {"title": "Estimators"}).status_code == 302
    assert Map.objects.get(pk=sklearn_map.pk).title == "Estimators"
    assert_users_see_the_map(botapi, 8101)

    publisher_page = text(publisher_client.get(map_url(sklearn_map)))
    assert 'name="is_published"' in publisher_page and 'name="slug"' in publisher_page


def test_an_editor_reads_what_only_a_publisher_changes_and_why(
    editor_client, publisher, sklearn_map
):
    page = words(editor_client.get(map_url(sklearn_map)))
    assert "online Only Map publishers can take a map offline: ask pat." in page
    assert "yes: /start opens it when no map is named Only Map publishers can choose the" in page
    assert "untick to take the map offline" not in page  # no instructions they cannot follow
    for forged in ({"is_published": ""}, {"is_published": "false"}, {"is_default": "on"}):
        refused = submit(editor_client, map_url(sklearn_map), forged)
        assert "Only Map publishers can" in text(refused), forged
        assert refused.status_code == 200 and Map.objects.get(pk=sklearn_map.pk).is_published
    assert HistoryEntry.objects.filter(map=sklearn_map, summary__startswith="Changed").count() == 0


def test_a_map_an_editor_adds_or_imports_is_stored_offline(
    editor_client, publisher_client, sklearn_map
):
    add = reverse("admin:advisor_map_add")
    new = {"title": "Trees", "slug": "trees", "language_code": "en", "language_name": "English"}
    assert submit(editor_client, add, new).status_code == 302
    assert Map.objects.get(slug="trees").is_published is False
    assert "offline Only Map publishers can take a map online: ask pat." in words(
        editor_client.get(add)
    )
    data = json.loads(export_map_json(export_map(sklearn_map)))
    assert upload(editor_client, {**data, "slug": "copy"}).status_code == 200
    assert Map.objects.get(slug="copy").is_published is False
    assert upload(publisher_client, {**data, "slug": "theirs"}).status_code == 200
    assert Map.objects.get(slug="theirs").is_published is True  # a publisher's file says so


def test_a_live_map_is_neither_archived_nor_deleted_by_an_editor(
    editor_client, publisher, sklearn_map, botapi
):
    for response in (
        editor_client.get(map_url(sklearn_map, "archive")),
        editor_client.post(map_url(sklearn_map, "archive")),
    ):
        assert_refused(response, "Only Map publishers can archive a map users see.", "pat")
    for response in (
        editor_client.get(map_url(sklearn_map, "delete")),
        editor_client.post(map_url(sklearn_map, "delete"), {"post": "yes"}),
    ):
        assert_refused(
            response, "Only superusers can delete a map for good, once it is archived.", "superuser"
        )
    saved = Map.objects.get(pk=sklearn_map.pk)
    assert saved.archived_at is None and saved.versions.count() == 1
    assert_users_see_the_map(botapi, 8102)


def test_the_bot_texts_are_the_publishers(editor_client, publisher, botapi):
    page = text(editor_client.get("/admin/advisor/map/bot-texts/"))
    assert "Only Map publishers can change the bot texts, because users see them at once" in page
    assert "ask pat" in page
    response = editor_client.post("/admin/advisor/map/bot-texts/", {**BOT_DEFAULTS, "hint": "Hi"})
    assert_refused(response, "Only Map publishers can change the bot texts", "pat")
    assert BotTexts.objects.get(pk=1).texts == {}
    chat = botapi.chat(8103)
    chat.send("hello")
    assert chat.screen()[0] == BOT_DEFAULTS["hint"]


def test_a_page_with_nothing_to_save_has_no_boxes_and_says_why_first(
    editor_client, publisher, sklearn_map
):
    page = editor_client.get("/admin/advisor/map/bot-texts/?language=es").content.decode()
    reason = page.index("Only Map publishers can change the bot texts")
    assert reason < page.index('id="bot-texts-table"')  # read before the texts
    assert "<textarea" not in page and 'name="hint"' not in page and "Save:" not in page
    assert "Responde con los botones" in page  # the texts, as text
    MapLanguage.objects.create(map=sklearn_map, code="de", name="Deutsch")
    Map.objects.filter(pk=sklearn_map.pk).update(archived_at=timezone.now())
    url = reverse("admin:advisor_map_translate", args=[sklearn_map.pk, "de"])
    page = editor_client.get(url).content.decode()
    assert "This map is archived: bring it back from the archive to change it." in page
    assert "<textarea" not in page and 'name="node-' not in page


def upload(client, data: dict, **options):
    body = json.dumps(data).encode()
    form = {"file": SimpleUploadedFile("map.json", body, "application/json"), **options}
    return client.post(reverse("admin:advisor_map_import"), form, follow=True)


def test_a_map_file_from_an_editor_stays_in_the_draft(
    editor_client, publisher, sklearn_map, botapi
):
    data = json.loads(export_map_json(export_map(sklearn_map)))
    assert 'name="publish"' not in text(editor_client.get(reverse("admin:advisor_map_import")))

    refused = upload(editor_client, {**data, "slug": "copy"}, publish="on")
    assert_refused(refused, "Only Map publishers can publish.", "pat")
    assert not Map.objects.filter(slug="copy").exists()

    # A new map that says it is the default does not take over /start.
    assert upload(editor_client, {**data, "slug": "copy", "is_default": True}).status_code == 200
    copy = Map.objects.get(slug="copy")
    assert copy.is_default is False
    entry = HistoryEntry.objects.get(map=copy)
    assert (entry.who, entry.summary) == (
        "eve",
        "Uploaded the map file “map.json”: a new map, 33 steps",
    )

    # Replacing the live map with a file that says "offline" changes its draft only.
    offline = {**data, "is_published": False, "is_default": False, "title": "Replaced"}
    assert upload(editor_client, offline, replace="on").status_code == 200
    saved = Map.objects.get(pk=sklearn_map.pk)
    assert (saved.is_published, saved.is_default, saved.title) == (True, True, "Replaced")
    assert_users_see_the_map(botapi, 8104)


def test_a_publisher_uploads_and_publishes_at_once(publisher_client, sklearn_map, botapi):
    data = json.loads(export_map_json(export_map(sklearn_map)))
    start = next(node for node in data["nodes"] if node["key"] == data["start"])
    start["text"] = "More than fifty samples?"
    page = upload(publisher_client, data, replace="on", publish="on")
    assert "Imported “Choosing the right scikit-learn estimator” (" in text(page)
    assert "and published it" in text(page)
    chat = botapi.chat(8105)
    chat.send("/start")
    assert chat.screen()[0].endswith("More than fifty samples?")
