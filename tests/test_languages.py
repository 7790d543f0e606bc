"""Languages: which language a user is answered in, per-text fallback, the shipped Spanish,
translations through draft, publish and rollback, map files, the commands menu, analytics."""

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from advisor.actions import RestoreAndPublish
from advisor.actions.base import count_draft_edit
from advisor.core.texts import BOT_TEXTS, MAP_TEXTS, language_for, text_error
from advisor.loading import live_graph
from advisor.mapfile import SKLEARN_MAP_FILE, export_map, export_map_json, import_map
from advisor.models import BotTexts, Map, MapLanguage, Node
from advisor.versions import publish
from botapp.analytics.stats import map_stats

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "code, expected",
    [
        ("pt-BR", "pt-br"),
        ("pt_br", "pt-br"),
        ("pt-PT", "pt"),
        ("pt", "pt"),
        ("es-419", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_the_exact_language_then_its_base_then_the_default(code, expected):
    assert language_for(code, ["en", "pt", "pt-br"], "en") == expected


@pytest.mark.parametrize(
    "value, limit, allows_name, error",
    [
        ("Hola", 32, False, None),
        ("", 32, False, "Write the words the bot shows here; they cannot be empty."),
        ("x" * 33, 32, False, "Too long for Telegram: at most 32 characters here (this has 33)."),
        ("Hi {first_name}!", 200, True, None),
        ("Hi {first_name}!", 200, False, "Nothing is filled in here: remove {first_name}."),
        ("Hi {name}!", 200, True, "Only {first_name} is filled in here: remove {name}."),
    ],
)
def test_texts_are_checked_in_plain_words(value, limit, allows_name, error):
    assert text_error(value, limit, allows_name) == error


def spanish_user(botapi, user_id: int, language: str = "es"):
    chat = botapi.chat(user_id, "Ada")
    chat.user["language_code"] = language
    return chat


def test_two_users_walk_the_same_path_each_in_their_language(botapi):
    spanish, german = spanish_user(botapi, 8001, "es-ES"), spanish_user(botapi, 8002, "de")
    for chat in (spanish, german):
        chat.send("/start")
        for label in ("Sí", "Sí", "Sí") if chat is spanish else ("Yes", "Yes", "Yes"):
            chat.press(label)
    assert spanish.screen() == (
        "Clasificación. ¿Cuántas muestras tienes?",
        [["<100K muestras", ">100K muestras"], ["Atrás"]],
    )
    assert german.screen() == (
        "Classification. How many samples do you have?",
        [["<100K samples", ">100K samples"], ["Back"]],
    )
    spanish.press("<100K muestras")
    german.press("<100K samples")
    text, rows = spanish.screen()
    assert text.startswith("Prueba Linear SVC (sklearn.svm.LinearSVC).\n\nDocumentación: https://")
    assert text.endswith(
        "Tus respuestas: >50 muestras · predecir una categoría · Clasificación · <100K muestras"
        "\n\n¿Te ha sido útil?"
    )
    assert rows == [["👍 Sí", "👎 No"], ["No funciona"], ["Atrás", "Empezar de nuevo", "Listo"]]
    text, rows = german.screen()
    assert text.startswith("Try Linear SVC (sklearn.svm.LinearSVC).\n\nDocumentation: https://")
    assert rows == [["👍 Yes", "👎 No"], ["Not working"], ["Back", "Start over", "Done"]]
    spanish.send("hola")
    assert spanish.screen()[0].startswith("Responde con los botones de mi último mensaje")


def test_a_text_missing_in_a_translation_falls_back_for_that_text_alone(botapi, sklearn_map):
    start = sklearn_map.start_node
    start.translations = {"es": {"text": "¿Más de 50 muestras?"}}  # its buttons untouched
    start.save()
    button = start.buttons.get(label="No")
    button.translations = {}
    button.save()
    publish(sklearn_map)
    chat = spanish_user(botapi, 8003)
    chat.send("/start")
    text, rows = chat.screen()
    assert text.endswith("¿Más de 50 muestras?")
    assert rows == [["Sí", "No"]]  # "No" untranslated now: the default's, never empty


def test_translations_go_through_the_draft_publish_and_rollback(sklearn_map):
    node = sklearn_map.start_node
    node.translations = {**node.translations, "es": {"text": "¿Muchas muestras?"}}
    node.save()
    count_draft_edit(sklearn_map)
    assert live_graph(sklearn_map.id).nodes[node.id].text_in("es") == "¿Tienes más de 50 muestras?"
    publish(sklearn_map)
    assert live_graph(sklearn_map.id).nodes[node.id].text_in("es") == "¿Muchas muestras?"
    RestoreAndPublish(sklearn_map, sklearn_map.versions.get(number=1)).execute()
    assert live_graph(sklearn_map.id).nodes[node.id].text_in("es") == "¿Tienes más de 50 muestras?"
    assert Node.objects.get(pk=node.pk).translations["es"]["text"] == "¿Tienes más de 50 muestras?"


def test_map_files_round_trip_languages_and_translations_exactly(sklearn_map):
    text = export_map_json(export_map(sklearn_map))
    data = json.loads(text)
    assert data["languages"] == [{"code": "es", "name": "Español"}]
    copy = {**data, "slug": "copy", "is_default": False}
    assert export_map_json(export_map(import_map(copy))) == export_map_json(copy)
    assert list(Map.objects.get(slug="copy").languages.values_list("code", "name")) == [
        ("es", "Español")
    ]


@pytest.mark.parametrize(
    "change, field",
    [
        (
            lambda d: d["nodes"][0]["translations"]["es"].update(txt="x"),
            "nodes[0].translations.es.txt",
        ),
        (
            lambda d: d["nodes"][0]["translations"].update(fr={"text": "x"}),
            "nodes[0].translations.fr",
        ),
        (lambda d: d["translations"]["es"].update(back="x" * 33), "map.translations.es.back"),
        (lambda d: d["texts"].update(nonsense="x"), "map.texts.nonsense"),
    ],
)
def test_importmap_refuses_a_translation_of_a_text_that_does_not_exist(
    sklearn_map, tmp_path, change, field
):
    data = export_map(sklearn_map)
    data.setdefault("texts", {})
    change(data)
    path = tmp_path / "map.json"
    path.write_text(json.dumps({**data, "slug": "other", "is_default": False}))
    with pytest.raises(CommandError, match=re.escape(f"{path}: {field}: ")):
        call_command("importmap", str(path), stdout=StringIO())
    assert not Map.objects.filter(slug="other").exists()


def test_setwebhook_registers_the_commands_menu_per_language(botapi, live_server):
    call_command("setwebhook", f"{live_server.url}/telegram/webhook/", stdout=StringIO())
    menus = {call.get("language_code", ""): call for call in botapi.calls_of("setMyCommands")}
    assert set(menus) == {"", "es"}
    described = {c["command"]: c["description"] for c in menus["es"]["commands"]}
    spanish = json.loads(SKLEARN_MAP_FILE.with_name("sklearn.es.json").read_text())["bot"]
    assert described == {command: spanish[f"menu_{command}"] for command in described}
    assert list(described) == ["start", "help", "cancel", "person", "end"]


def test_analytics_counts_chats_per_language_and_filters_by_it(botapi, sklearn_map):
    for user_id, language in ((8101, "es"), (8102, "es"), (8103, "de"), (8104, "")):
        chat = spanish_user(botapi, user_id, language)
        chat.send("/start")
        chat.press("Sí" if language == "es" else "Yes")
    graphs = [live_graph(sklearn_map.id)]
    by_language = [(code, count.value) for code, count in map_stats(graphs).languages]
    assert by_language == [("es", 2), ("", 1), ("de", 1)]
    spanish = map_stats(graphs, language="es")
    assert spanish.chats.value == 2
    assert [(code, count.value) for code, count in spanish.languages] == [("es", 2)]


def test_checkmap_warns_of_missing_translations_per_language(sklearn_map):
    MapLanguage.objects.create(map=sklearn_map, code="de", name="Deutsch")
    out = StringIO()
    call_command("checkmap", "sklearn", stdout=out)  # warnings only: no CommandError
    lines = out.getvalue().splitlines()
    assert lines[0] == "sklearn: no problem(s)"
    assert [line.split(":")[0] for line in lines[1:]] == ["  warning"]
    assert "have no de translation: users whose language is de read them in en." in lines[1]


def test_every_own_word_and_bot_text_has_a_limit_and_todays_default():
    assert {spec.key for spec in MAP_TEXTS} == {
        "back", "start_over", "done", "answers", "documentation", "map_changed",
        "helpful", "helpful_yes", "helpful_no", "vote_thanks", "reason_question",
        "reason_thanks", "share", "ask_person", "person_will_answer", "out_of_hours",
        "end_conversation", "conversation_closed", "back_to_map", "conversation_blocked",
        "slow_down", "team_unavailable",
    }  # fmt: skip
    assert all(
        spec.default and len(spec.default) <= spec.limit for spec in (*MAP_TEXTS, *BOT_TEXTS)
    )
    assert BotTexts.objects.get().translations["es"]["menu_start"]


def test_the_analytics_page_shows_chats_per_language_and_filters(botapi, admin_client):
    for user_id, language in ((8201, "es"), (8202, "")):
        chat = spanish_user(botapi, user_id, language)
        chat.send("/start")
    map_id = Map.objects.get(slug="sklearn").pk
    url = f"/admin/botapp/handledupdate/analytics/{map_id}/"
    page = admin_client.get(url).content.decode()
    assert "<tr><td>es</td><td>1</td></tr>" in page
    assert "<tr><td>(none sent)</td><td>1</td></tr>" in page
    only_none = admin_client.get(url + "?language=none").content.decode()
    assert "1 chat used this map" in only_none and "<td>es</td>" not in only_none
