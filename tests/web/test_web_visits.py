"""Each page view of a step of the web chat is one analytics record (botapp.web.visits): the
visitor's number where Telegram's chat id stands, the kind a Telegram press of the same action
gets, the map, step, path and language shown, and nothing else of the visitor."""

import pytest

from advisor.models import Map
from botapp.models import HandledUpdate
from tests.web.test_chat_page import CHAT, buttons, go_of, walk_to_a_recommendation

pytestmark = pytest.mark.django_db
ADDRESS, AGENT = "203.0.113.9", "Mozilla/5.0 (a browser of its own)"


def visitor_of(href: str) -> int:
    return int(href.split("v=")[1].split("&")[0].split("#")[0])


def rows() -> list[dict]:
    return list(HandledUpdate.objects.order_by("id").values())


def test_a_page_view_writes_one_web_row_and_nothing_of_the_visitor(client, sklearn_map):
    first = client.get(CHAT, HTTP_USER_AGENT=AGENT, REMOTE_ADDR=ADDRESS)
    (start,) = rows()
    answer_href = next(iter(buttons(first).values()))
    visitor = visitor_of(answer_href)
    assert start["channel"] == "web" and start["chat_id"] == visitor
    assert (start["kind"], start["map_id"]) == ("start", sklearn_map.id)
    assert (start["node_id"], start["path"], start["language"]) == (
        sklearn_map.start_node_id,
        "",
        "en",
    )
    client.get(CHAT + answer_href.split("#")[0], HTTP_USER_AGENT=AGENT, REMOTE_ADDR=ADDRESS)
    answer = rows()[1]
    assert (answer["channel"], answer["chat_id"], answer["kind"]) == ("web", visitor, "answer")
    assert answer["path"] == go_of(answer_href) and answer["node_id"] != start["node_id"]
    assert answer["update_id"] != start["update_id"]
    kept = {name: value for row in rows() for name, value in row.items()}
    assert set(kept) == {
        *("id", "update_id", "chat_id", "channel", "kind", "map_id", "node_id", "path"),
        *("language", "handled_at"),
    }  # no column for an address or a browser, and none of them in any value
    assert not any(ADDRESS in str(value) or "Mozilla" in str(value) for value in kept.values())


def test_each_press_is_recorded_as_telegram_records_it(client, sklearn_map):
    response, go = walk_to_a_recommendation(client)
    walked = rows()
    assert [row["kind"] for row in walked] == ["start"] + ["answer"] * (len(walked) - 1)
    assert len({row["chat_id"] for row in walked}) == 1  # one visitor
    links = buttons(response)
    for label, kind in (("Back", "answer"), ("Start over", "answer"), ("Done", "goodbye")):
        client.get(CHAT + links[label].split("#")[0])
        assert rows()[-1]["kind"] == kind, label
    assert rows()[-1]["node_id"] is None and rows()[-1]["map_id"] == sklearn_map.id
    client.get(CHAT, {"go": "g:1:999999:1"})
    assert (rows()[-1]["kind"], rows()[-1]["path"]) == ("stale", "g:1:999999:1")
    client.get(CHAT, {"go": go, "lang": "es"})  # the same step in another language
    assert (rows()[-1]["kind"], rows()[-1]["language"]) == ("answer", "es")


def test_a_reload_counts_again_a_head_request_and_an_unavailable_map_do_not(client, sklearn_map):
    href = next(iter(buttons(client.get(CHAT)).values())).split("#")[0]
    for _ in range(2):
        client.get(CHAT + href)
    reloads = [row for row in rows() if row["kind"] == "answer"]
    assert len(reloads) == 2 and reloads[0]["update_id"] != reloads[1]["update_id"]
    before = len(rows())
    assert client.head(CHAT + href).status_code == 200
    Map.objects.filter(pk=sklearn_map.pk).update(is_published=False)
    assert client.get(CHAT).status_code == 404
    assert client.get("/chat/no-such-map/").status_code == 404
    assert len(rows()) == before


def test_the_language_kept_is_the_one_the_page_was_shown_in(client, sklearn_map):
    client.get(CHAT, HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9")
    client.get(CHAT, HTTP_ACCEPT_LANGUAGE="xx")
    assert [row["language"] for row in rows()] == ["es", "en"]
