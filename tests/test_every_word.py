"""No word a user sees is left only in Python: in a made-up language "xx" whose every text is
set, every kind of screen the bot sends holds no word of the default language."""

import re

import pytest

from advisor.core.texts import BOT_TEXTS, MAP_TEXTS
from advisor.mapfile import import_map
from advisor.models import BotTexts, Map, MapLanguage
from advisor.versions import publish

pytestmark = pytest.mark.django_db(transaction=True)
ENGLISH_LEFT = re.compile(r"[A-Za-z]")


def made_up(name: str) -> str:
    return f"⟪{name}⟫"


def translate_everything(map_obj: Map) -> None:
    """Give every text of the map, and every bot text, an "xx" value."""
    MapLanguage.objects.create(map=map_obj, code="xx", name="Made-up")
    words = {spec.key: made_up(spec.key) for spec in MAP_TEXTS}
    words.update(title="⟪title⟫", greeting="⟪hi⟫ {first_name}", goodbye="⟪bye⟫")
    map_obj.translations = {"xx": words}
    map_obj.save()
    for node in map_obj.nodes.all():
        node.translations = {"xx": {"text": made_up(f"n{node.id}")}}
        node.save()
        for button in node.buttons.all():
            button.translations = {"xx": {"label": made_up(f"b{button.id}"), "summary": "⟪s⟫"}}
            button.save()
    texts, _ = BotTexts.objects.get_or_create(pk=1)
    texts.translations = {"xx": {spec.key: made_up(spec.key) for spec in BOT_TEXTS}}
    texts.translations["xx"]["picker_greeting"] = "⟪hey⟫ {first_name}"
    texts.revision += 1
    texts.save()
    publish(map_obj)


def assert_no_default_words(chat, seen: list) -> None:
    text, rows = chat.screen()
    words = " ".join([text, *(label for row in rows for label in row)])
    left = re.sub(r"https?://\S+|⟪[^⟫]*⟫|Ada", "", words)
    assert not ENGLISH_LEFT.search(left), (text, rows)
    seen.append(text)


def test_every_screen_kind_in_a_language_whose_every_text_is_set(botapi, sklearn_map):
    translate_everything(sklearn_map)
    chat = botapi.chat(9001, "Ada")
    chat.user["language_code"] = "xx"
    seen = []

    def press_first():
        chat.press(chat.screen()[1][0][0])
        assert_no_default_words(chat, seen)

    chat.send("/start")  # greeting and the first question
    assert_no_default_words(chat, seen)
    while "⟪done⟫" not in chat.screen()[1][-1]:
        press_first()  # questions, then a recommendation with its link and answers
    assert "⟪documentation⟫ https://" in seen[-1] and "⟪answers⟫ ⟪s⟫ · ⟪s⟫" in seen[-1]
    chat.press("⟪back⟫")
    assert_no_default_words(chat, seen)
    chat.press(chat.screen()[1][0][0])
    chat.press("⟪start_over⟫")
    assert_no_default_words(chat, seen)
    for text in ("/help", "hello", "/start nowhere", "/cancel"):
        chat.send(text)  # help, the hint, the unknown-map notice, the goodbye
        assert_no_default_words(chat, seen)
    botapi.deliver(chat.callback_update("g:zzzzz:1:"))  # its map is gone: "This map changed"
    assert_no_default_words(chat, seen)
    notices = {answer.get("text") for answer in chat.answers(len(chat.query_ids))}
    assert notices == {None, "⟪map_changed⟫"}  # the other presses' answers carry no notice

    other = import_map({**PEOPLE, "is_default": False})
    publish(other)
    Map.objects.update(is_default=False)
    chat.send("/start")  # the choice of maps
    assert_no_default_words(chat, seen)
    # the maps in the alphabetical order of their titles as the user reads them
    assert chat.screen() == ("⟪hey⟫ Ada ⟪picker⟫", [["⟪people⟫"], ["⟪title⟫"]])

    Map.objects.update(is_published=False)
    chat.send("/start")  # no map online
    assert_no_default_words(chat, seen)
    assert seen[-1] == "⟪no_map⟫"


#: A second map, so that /start offers a choice of maps.
PEOPLE = {
    "slug": "people",
    "title": "People",
    "languages": [{"code": "xx", "name": "Made-up"}],
    "translations": {"xx": {"title": "⟪people⟫"}},
    "start": "q",
    "nodes": [
        {
            "key": "q",
            "kind": "dead_end",
            "text": "Q",
            "translations": {"xx": {"text": "⟪q⟫"}},
            "buttons": [],
        }
    ],
}
