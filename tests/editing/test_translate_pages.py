"""The Translate page of a map and the Bot texts page, as editors get them: progress,
filters, what saving writes to the draft (and what users see only after publishing), the
plain-word refusals, and the rights they need."""

import re

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from advisor import conversation
from advisor.core.markup import plain
from advisor.core.texts import BOT_DEFAULTS, MAP_TEXTS
from advisor.core.translations import source_hash
from advisor.loading import live_graph
from advisor.models import BotTexts, Button, Map, MapLanguage, Node
from advisor.translating import save_translations, translation_entries
from advisor.versions import publish
from tests.editing.maps import Q, R, make_map
from tests.forms import form_data, submit

pytestmark = pytest.mark.django_db

BOT_TEXTS_URL = "/admin/advisor/map/bot-texts/"


def translate_url(map_obj: Map, code: str, show: str = "") -> str:
    url = reverse("admin:advisor_map_translate", args=[map_obj.pk, code])
    return f"{url}?show={show}" if show else url


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def progress(page: str) -> str:
    return re.search(r'id="translate-progress"><strong>(.*?)</strong> \((.*?)\)', page).groups()


def shown_fields(page: str) -> list[str]:
    return re.findall(r'<tr class="translate-row[^"]*" data-field="([^"]+)"', page)


@pytest.fixture
def german(sklearn_map) -> Map:
    MapLanguage.objects.create(map=sklearn_map, code="de", name="Deutsch")
    return sklearn_map


def first_question(map_obj: Map) -> Node:
    return Map.objects.get(pk=map_obj.pk).start_node


def yes_button(map_obj: Map) -> Button:
    return first_question(map_obj).buttons.get(label="Yes")


# The map's texts and their order


def test_the_entries_follow_the_map_from_the_first_question(german):
    entries = translation_entries(german, "de")
    fields = [entry.field for entry in entries]
    own_words = [f"text-{spec.key}" for spec in MAP_TEXTS]
    assert fields[:3] == ["map-title", "map-greeting", "map-goodbye"]
    assert fields[3 : 3 + len(own_words)] == own_words
    assert own_words[:3] == ["text-back", "text-start_over", "text-done"]
    first = 3 + len(own_words)
    start = first_question(german)
    buttons = list(start.buttons.order_by("order", "id"))
    assert fields[first] == f"node-{start.pk}"
    assert fields[first + 1] == f"button-{buttons[0].pk}-label"
    assert len(fields) == len(set(fields))
    wheres = {entry.field: entry.where for entry in entries}
    assert wheres[fields[first]] == f"Step “{start.text}”: message"
    assert wheres[fields[first + 1]] == f"Step “{start.text}”: button 1 ({buttons[0].label})"
    assert wheres["map-greeting"] == "Map: greeting"
    assert wheres["text-back"] == "Own words: Back button"
    steps = [entry.where.split(":")[0] for entry in entries if entry.field.startswith("node-")]
    assert len(steps) == german.nodes.count()  # every step, reachable or not, once
    assert not any(entry.translated for entry in entries)


def test_steps_nothing_reaches_come_last_by_short_name():
    tiny = make_map(
        {"start": (Q, [("Go", "end")]), "zeta": (R, []), "end": (R, []), "alpha": (R, [])}
    )
    MapLanguage.objects.create(map=tiny, code="de", name="Deutsch")
    steps = [e.key for e in translation_entries(tiny, "de") if e.field.startswith("node-")]
    assert steps == ["start", "end", "alpha", "zeta"]


# The Translate page


def test_the_shipped_spanish_is_complete(editor_client, sklearn_map):
    page = text_of(editor_client.get(translate_url(sklearn_map, "es")))
    total = len(translation_entries(sklearn_map, "es"))
    assert progress(page) == (f"{total} of {total} texts translated", "0 changed since")
    assert "Translate into Español" in page
    assert reverse("admin:advisor_map_changes", args=[sklearn_map.pk]) in page
    preview = reverse("admin:advisor_map_preview", args=[sklearn_map.pk]) + "?language=es"
    assert preview in page
    assert "changes the draft only" in page
    assert "¿Tienes más de 50 muestras?" in page


def test_a_reworded_step_is_flagged_until_its_translation_is_checked(editor_client, sklearn_map):
    start = first_question(sklearn_map)
    start.text = "Have you got more than fifty samples?"
    start.save()
    page = text_of(editor_client.get(translate_url(sklearn_map, "es")))
    assert progress(page)[1] == "1 changed since"
    changed = text_of(editor_client.get(translate_url(sklearn_map, "es", "changed")))
    assert shown_fields(changed) == [f"node-{start.pk}"]
    assert "changed since translated</span>" in changed

    # Saved unchanged, it stays flagged; confirmed, it is checked.
    field = f"node-{start.pk}"
    same = {field: "¿Tienes más de 50 muestras?"}
    editor_client.post(translate_url(sklearn_map, "es", "changed"), same)
    assert [e.field for e in translation_entries(sklearn_map, "es") if e.changed] == [field]
    response = editor_client.post(
        translate_url(sklearn_map, "es", "changed"), {**same, f"confirm-{field}": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == translate_url(sklearn_map, "es", "changed")
    assert not any(e.changed for e in translation_entries(sklearn_map, "es"))


def test_a_new_language_lists_everything_as_untranslated(editor_client, german):
    page = text_of(editor_client.get(translate_url(german, "de", "untranslated")))
    entries = translation_entries(german, "de")
    assert progress(page) == (f"0 of {len(entries)} texts translated", "0 changed since")
    assert shown_fields(page) == [entry.field for entry in entries]
    assert 'class="badge untranslated"' in page
    assert shown_fields(text_of(editor_client.get(translate_url(german, "de", "changed")))) == []


def test_saving_writes_the_draft_and_users_see_it_once_published(editor_client, german):
    start, yes = first_question(german), yes_button(german)
    revision = Map.objects.get(pk=german.pk).draft_revision
    response = submit(
        editor_client,
        translate_url(german, "de"),
        {
            f"node-{start.pk}": "Hast du mehr als 50 Stichproben?",
            f"button-{yes.pk}-label": "Ja",
            "text-back": "Zurück",
            "map-greeting": "Hallo {first_name}!",
            "map-title": "",
        },
    )
    assert response.status_code == 302
    page = text_of(editor_client.get(response["Location"]))
    assert "Saved 4 translations to the draft: publish to show them to users." in page
    start.refresh_from_db()
    yes.refresh_from_db()
    german.refresh_from_db()
    assert start.translations["de"] == {
        "text": "Hast du mehr als 50 Stichproben?",
        "source": {"text": source_hash(start.text)},
    }
    assert start.translations["es"]["text"] == "¿Tienes más de 50 muestras?"  # kept
    assert yes.translations["de"]["label"] == "Ja"
    assert german.translations["de"]["back"] == "Zurück"
    assert german.translations["de"]["greeting"] == "Hallo {first_name}!"
    assert german.draft_revision > revision
    total = len(translation_entries(german, "de"))
    assert progress(page)[0] == f"4 of {total} texts translated"

    live = live_graph(german.pk)
    assert live.nodes[start.pk].text_in("de") == start.text  # the live version: English
    publish(german)
    live = live_graph(german.pk)
    assert live.nodes[start.pk].text_in("de") == "Hast du mehr als 50 Stichproben?"
    assert live.nodes[start.pk].buttons[0].label_in("de") == "Ja"
    assert live.wording("de")["back"] == "Zurück"


def test_saving_one_field_keeps_the_others_of_the_row(german):
    yes = yes_button(german)
    save_translations(german, "de", {f"button-{yes.pk}-label": "Ja"})
    save_translations(german, "de", {f"button-{yes.pk}-summary": "viele Daten"})
    yes.refresh_from_db()
    assert yes.translations["de"]["label"] == "Ja"
    assert yes.translations["de"]["summary"] == "viele Daten"
    assert set(yes.translations["de"]["source"]) == {"label", "summary"}
    save_translations(german, "de", {f"button-{yes.pk}-label": ""})
    yes.refresh_from_db()
    assert yes.translations["de"] == {
        "summary": "viele Daten",
        "source": {"summary": source_hash(yes.summary)},
    }


def test_nothing_changed_saves_nothing(editor_client, german):
    revision = Map.objects.get(pk=german.pk).draft_revision
    response = submit(editor_client, translate_url(german, "de"), {"text-back": ""}, follow=True)
    assert "Nothing to save" in text_of(response)
    assert Map.objects.get(pk=german.pk).draft_revision == revision


def test_a_filtered_page_posts_only_what_it_shows(editor_client, german):
    start, yes = first_question(german), yes_button(german)
    save_translations(german, "de", {f"button-{yes.pk}-label": "Ja"})
    page = text_of(editor_client.get(translate_url(german, "de", "untranslated")))
    assert f"button-{yes.pk}-label" not in shown_fields(page)
    url = translate_url(german, "de", "untranslated")
    submit(editor_client, url, {f"node-{start.pk}": "Mehr als 50?"})
    yes.refresh_from_db()
    assert yes.translations["de"]["label"] == "Ja"  # not shown, not posted, not touched


def test_a_button_translation_too_long_is_refused_and_nothing_saved(editor_client, german):
    start, yes = first_question(german), yes_button(german)
    too_long = "J" * 40
    response = submit(
        editor_client,
        translate_url(german, "de"),
        {
            f"node-{start.pk}": "Hast du mehr als 50 Stichproben?",
            f"button-{yes.pk}-label": too_long,
        },
    )
    page = text_of(response)
    assert "Nothing was saved: 1 text needs a change" in page
    assert "Too long for Telegram: at most 32 characters here (this has 40)." in page
    assert f'value="{too_long}"' in page  # what was typed stays in the box
    start.refresh_from_db()
    yes.refresh_from_db()
    assert "de" not in start.translations and "de" not in yes.translations


def test_a_placeholder_in_a_step_translation_is_refused(editor_client, german):
    start = first_question(german)
    response = submit(
        editor_client, translate_url(german, "de"), {f"node-{start.pk}": "Hallo {name}"}
    )
    assert "Nothing is filled in here: remove {name}." in text_of(response)
    start.refresh_from_db()
    assert "de" not in start.translations


def test_only_the_maps_translations_have_a_page(editor_client, sklearn_map):
    assert editor_client.get(translate_url(sklearn_map, "de")).status_code == 404
    assert editor_client.get(translate_url(sklearn_map, "en")).status_code == 404  # the default


def test_saving_needs_the_right_to_change_maps(client, german, editor):
    viewer = User.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_map"))
    client.force_login(viewer)
    page = text_of(client.get(translate_url(german, "de")))
    assert "Only Map editors can change the translations: ask eve." in page
    assert "<textarea" not in page and 'name="node-' not in page  # read as text, no boxes
    start = first_question(german)
    response = client.post(translate_url(german, "de"), {f"node-{start.pk}": "Mehr als 50?"})
    assert response.status_code == 403
    start.refresh_from_db()
    assert "de" not in start.translations


# The Bot texts page


def test_editing_the_default_hint_is_live_at_once(publisher_client):
    revision = BotTexts.objects.get(pk=1).revision
    page = text_of(publisher_client.get(BOT_TEXTS_URL))
    assert "live at once" in page and BOT_DEFAULTS["help"].split("\n")[0] in page
    response = submit(publisher_client, BOT_TEXTS_URL, {"hint": "Use the buttons, please."})
    assert response.status_code == 302
    assert conversation.hint().text == "Use the buttons, please."
    row = BotTexts.objects.get(pk=1)
    assert row.revision == revision + 1
    assert row.texts == {"hint": "Use the buttons, please."}  # defaults are not stored
    assert "Use the buttons, please." in text_of(publisher_client.get(BOT_TEXTS_URL))


def test_a_translation_of_the_bot_texts_answers_its_variants(publisher_client):
    revision = BotTexts.objects.get(pk=1).revision
    page = text_of(publisher_client.get(BOT_TEXTS_URL + "?language=de"))
    assert "Not translated yet: save to add it." in page
    url = BOT_TEXTS_URL + "?language=de"
    response = submit(publisher_client, url, {"hint": "Bitte die Knöpfe."})
    assert response["Location"] == BOT_TEXTS_URL + "?language=de"
    assert conversation.hint("de-AT").text == "Bitte die Knöpfe."
    assert plain(conversation.help_text("de-AT").text) == BOT_DEFAULTS["help"]  # not translated
    assert conversation.hint("es").text.startswith("Responde con los botones")  # shipped
    row = BotTexts.objects.get(pk=1)
    assert row.revision == revision + 1
    assert row.translations["de"] == {"hint": "Bitte die Knöpfe."}
    assert "Deutsch" not in text_of(publisher_client.get(BOT_TEXTS_URL))  # no map has it yet
    assert "(de)" in text_of(publisher_client.get(BOT_TEXTS_URL))


def test_the_bot_texts_languages_come_from_the_maps(editor_client, german):
    page = text_of(editor_client.get(BOT_TEXTS_URL))
    for language in ("Deutsch (de)", "Español (es)", "English (en)"):
        assert language in page


@pytest.mark.parametrize(
    "language, key, value, error",
    [
        (
            "",
            "picker_greeting",
            "Hi {name}!",
            "Only {first_name} is filled in here: remove {name}.",
        ),
        ("de", "picker_greeting", "Hallo {vorname}!", "Only {first_name} is filled in here"),
        ("", "hint", "Hi {first_name}, use the buttons", "Nothing is filled in here"),
        ("", "menu_help", "", "they cannot be empty"),
        ("de", "menu_help", "x" * 257, "at most 256 characters here (this has 257)"),
    ],
)
def test_bot_texts_are_checked(publisher_client, language, key, value, error):
    before = BotTexts.objects.values("texts", "translations", "revision").get(pk=1)
    response = submit(publisher_client, f"{BOT_TEXTS_URL}?language={language}", {key: value})
    page = text_of(response)
    assert "Nothing was saved" in page and error in page
    assert BotTexts.objects.values("texts", "translations", "revision").get(pk=1) == before


def test_a_missing_bot_texts_row_is_made(publisher_client):
    BotTexts.objects.all().delete()
    assert text_of(publisher_client.get(BOT_TEXTS_URL))
    submit(publisher_client, BOT_TEXTS_URL, {"picker": "Which one?"})
    assert BotTexts.objects.get(pk=1).texts == {"picker": "Which one?"}


def test_the_bot_texts_need_their_rights(client):
    plain = User.objects.create_user("plain", is_staff=True)
    client.force_login(plain)
    assert client.get(BOT_TEXTS_URL).status_code == 403
    plain.user_permissions.add(Permission.objects.get(codename="view_bottexts"))
    plain = User.objects.get(pk=plain.pk)
    client.force_login(plain)
    assert "Only Map publishers can change the bot texts" in text_of(client.get(BOT_TEXTS_URL))
    assert client.post(BOT_TEXTS_URL, BOT_DEFAULTS).status_code == 403
    assert client.get(BOT_TEXTS_URL + "?language=not a code").status_code == 404


def test_a_translation_of_an_original_reworded_meanwhile_stays_flagged(editor_client, german):
    start = first_question(german)
    page = text_of(editor_client.get(translate_url(german, "de")))
    read = re.search(rf'name="seen-node-{start.pk}" value="(\w+)"', page).group(1)
    assert read == source_hash(start.text)
    start.text = "Have you got more than fifty samples?"  # reworded while the page was open
    start.save()
    field = f"node-{start.pk}"
    editor_client.post(translate_url(german, "de"), {**form_data(page), field: "Mehr als 50?"})
    [entry] = [e for e in translation_entries(german, "de") if e.field == field]
    assert entry.translated == "Mehr als 50?" and entry.changed
