"""Formatting as a Telegram user gets it: through the webhook, with the Bot API stand-in
parsing the HTML as Telegram does (refusing what Telegram refuses) into text and entities."""

import pytest

from advisor.models import Map, Node
from advisor.versions import publish

pytestmark = pytest.mark.django_db(transaction=True)


def entity_texts(chat) -> list[tuple[str, str]]:
    """Each entity of the last message as (type, the words it covers)."""
    text = chat.screen()[0].encode("utf-16-le")
    return [
        (e["type"], text[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le"))
        for e in chat.entities()
    ]


def test_the_shipped_map_reaches_users_formatted_with_its_literal_signs(botapi):
    chat = botapi.chat(2001, "<Ada & co>")  # a first name is plain words, never markup
    assert chat.send("/start") == 200
    assert chat.screen()[0].startswith("Hi <Ada & co>! I will help you")
    for label in ("Yes", "Yes", "Yes", "<100K samples"):
        assert chat.press(label) == 200
    text, _ = chat.screen()
    assert text.startswith("Try Linear SVC (sklearn.svm.LinearSVC).")
    assert "<100K samples" in text  # the answers line keeps its sign literal
    assert ("bold", "Linear SVC") in entity_texts(chat)
    assert ("code", "sklearn.svm.LinearSVC") in entity_texts(chat)


def test_every_format_an_editor_uses_reaches_the_user(botapi):
    sklearn = Map.objects.get(slug="sklearn")
    step = sklearn.nodes.get(key="more-than-50-samples")
    Node.objects.filter(pk=step.pk).update(
        text="👍 <b>More</b> than <i>50</i> <u>samples</u>, <s>roughly</s> <code>n&gt;50</code>? "
        '<a href="https://scikit-learn.org/">Why</a>\n<blockquote>Count rows</blockquote>'
    )
    publish(Map.objects.get(pk=sklearn.pk))
    chat = botapi.chat(2002)
    assert chat.send("/start") == 200
    text, buttons = chat.screen()
    assert text.endswith("👍 More than 50 samples, roughly n>50? Why\nCount rows")
    assert [pair for pair in entity_texts(chat) if pair[0] != "text_link"] == [
        ("bold", "More"),
        ("italic", "50"),
        ("underline", "samples"),
        ("strikethrough", "roughly"),
        ("code", "n>50"),
        ("blockquote", "Count rows"),
    ]
    [link] = [e for e in chat.entities() if e["type"] == "text_link"]
    assert link["url"] == "https://scikit-learn.org/"
    assert buttons == [["Yes", "No"]]


def test_a_formatted_translation_reaches_its_readers(botapi):
    sklearn = Map.objects.get(slug="sklearn")
    step = sklearn.nodes.get(key="more-than-50-samples")
    spanish = {"text": "¿Tienes <b>más de 50</b> muestras?", "source": {}}
    Node.objects.filter(pk=step.pk).update(translations={"es": spanish})
    publish(Map.objects.get(pk=sklearn.pk))
    chat = botapi.chat(2003, "Ana")
    chat.user["language_code"] = "es"
    assert chat.send("/start") == 200
    assert chat.screen()[0].endswith("¿Tienes más de 50 muestras?")
    assert ("bold", "más de 50") in entity_texts(chat)
