"""The map engine on hand-built maps: pure Python, no database, no Telegram."""

from advisor.core import engine
from advisor.core.callbacks import (
    CALLBACK_DATA_LIMIT,
    MAX_ID,
    Finish,
    Go,
    Restart,
    Vote,
    decode,
    encode,
    share_code,
    shared_step,
)
from advisor.core.graph import ButtonView, MapGraph, NodeView
from advisor.core.texts import BOT_DEFAULTS, MAP_DEFAULTS


def make_graph(version: int = 1) -> MapGraph:
    nodes = {
        1: NodeView(
            1,
            "q1",
            "question",
            "First?",
            "",
            (ButtonView(11, "Yes", 2, "big data"), ButtonView(12, "No", 3)),
        ),
        2: NodeView(
            2,
            "rec",
            "recommendation",
            "Try X.",
            "https://example.org/x",
            (ButtonView(21, "Not working", 4),),
        ),
        3: NodeView(3, "end", "dead_end", "Tough luck.", "", ()),
        4: NodeView(4, "rec2", "recommendation", "Try Y.", "", ()),
    }
    return MapGraph(7, "m", "Map", "Hi {first_name}!", "Bye.", 1, version, nodes)


def labels(screen: engine.Screen) -> list[list[str]]:
    return [[choice.label for choice in row] for row in screen.rows]


def press(graph: MapGraph, screen: engine.Screen, label: str) -> engine.Screen:
    data = next(c.data for row in screen.rows for c in row if c.label == label)
    return engine.screen_for_action(graph, decode(data))


def test_start_greets_by_first_name_and_asks_the_first_question():
    screen = engine.start_screen(make_graph(), "Ada")
    assert screen.text == "Hi Ada!\n\nFirst?"
    assert labels(screen) == [["Yes", "No"]]


def test_recommendation_links_docs_and_offers_not_working_back_start_over_done():
    graph = make_graph()
    screen = press(graph, engine.start_screen(graph), "Yes")
    assert screen.text == (
        "Try X.\n\nDocumentation: https://example.org/x\n\nYour answers: big data"
        "\n\nWas this helpful?"
    )
    assert labels(screen) == [
        ["👍 Yes", "👎 No"],
        ["Not working"],
        ["Back", "Start over", "Done"],
    ]


def test_not_working_then_back_returns_to_the_recommendation():
    graph = make_graph()
    recommendation = press(graph, engine.start_screen(graph), "Yes")
    second = press(graph, recommendation, "Not working")
    assert second.text == "Try Y.\n\nYour answers: big data · Not working\n\nWas this helpful?"
    assert press(graph, second, "Back") == recommendation


def test_done_says_goodbye_without_buttons_and_start_over_restarts():
    graph = make_graph()
    dead_end = press(graph, engine.start_screen(graph), "No")
    assert labels(dead_end) == [["Back", "Start over", "Done"]]
    assert press(graph, dead_end, "Done") == engine.Screen("Bye.", map_id=7)
    assert press(graph, dead_end, "Start over") == engine.start_screen(graph)


def test_a_path_the_map_no_longer_has_restarts_with_a_notice():
    graph = make_graph()
    screen = engine.screen_for_action(graph, Go(7, 1, (99,)))
    assert screen.notice == MAP_DEFAULTS["map_changed"]
    assert screen.text == f"{MAP_DEFAULTS['map_changed']}\n\nFirst?"
    assert labels(screen) == [["Yes", "No"]]


def test_forged_data_and_other_maps_restart_with_a_notice():
    graph = make_graph()
    for action in (None, decode("g:zz:zz"), Go(8, 1), Restart(8), Finish(8)):
        assert engine.screen_for_action(graph, action).notice == MAP_DEFAULTS["map_changed"]


def test_no_map_at_all_says_so():
    assert engine.start_screen(None, "Ada").text == BOT_DEFAULTS["no_map"]
    assert engine.screen_for_action(None, Go(1, 1)).text == BOT_DEFAULTS["no_map"]


def test_callback_data_round_trips_and_rejects_garbage():
    for action in (Go(1, 2, (3, 40000)), Go(35, 36), Restart(5), Finish(MAX_ID)):
        assert decode(encode(action)) == action
    for data in ("", "x", "g:1:2", "g:1:2:a..b", "s:1:2", "d:!", "g:1:2:" + "1." * 40):
        assert decode(data) is None
    # Numbers no database id can have: forged.
    for data in (encode(Restart(MAX_ID + 1)), "s:" + "9" * 60, encode(Go(1, 2, (MAX_ID + 1,)))):
        assert decode(data) is None


def test_a_deep_path_is_trimmed_to_telegram_limit_and_still_reaches_its_node():
    loop_nodes = {
        n: NodeView(n, f"n{n}", "question", f"Step {n}", "", (ButtonView(1000 + n, "Next", n + 1),))
        for n in range(1, 40)
    }
    loop_nodes[40] = NodeView(40, "n40", "recommendation", "End", "", ())
    graph = MapGraph(3, "deep", "Deep", "", "", 1, 1, loop_nodes)
    screen = engine.start_screen(graph)
    for _ in range(39):
        for row in screen.rows:
            for choice in row:
                assert len(choice.data.encode()) <= CALLBACK_DATA_LIMIT
        screen = press(graph, screen, "Next")
    assert screen.text.startswith("End\n\nYour answers: … · Next · Next")
    assert labels(screen)[-1] == ["Back", "Start over", "Done"]
    assert press(graph, screen, "Back").text == "Step 39"
    # The votes' data fits too (a step shorter), and the thanks shows the same recommendation.
    assert all(len(choice.data.encode()) <= CALLBACK_DATA_LIMIT for choice in screen.rows[0])
    voted = press(graph, screen, "👎 No")
    assert voted.text.startswith("End\n\nYour answers: … · Next")
    assert voted.text.endswith("Thank you for telling us!")
    assert voted.ask_reason == "What were you looking for?"
    assert labels(voted)[0] == ["👍 Yes", "✓ 👎 No"]
    assert press(graph, voted, "✓ 👎 No").ask_reason == ""  # the same answer: asked once


def test_votes_round_trip_and_a_share_link_fits_telegram():
    for vote in (Vote(Go(1, 2, (3, 4)), True), Vote(Go(MAX_ID, 2), False, True)):
        assert decode(encode(vote)) == vote
    for data in ("vx-:1:2:", "vyy:1:2", "v:1:2:3", "vy?:1:2:"):
        assert decode(data) is None
    graph = make_graph()
    audience = engine.Audience(bot_username="advisor_bot")
    screen = engine.shared_screen(graph, 2, audience)
    assert screen.text == "Try X.\n\nDocumentation: https://example.org/x\n\nWas this helpful?"
    assert labels(screen) == [
        ["👍 Yes", "👎 No"],
        ["Not working"],
        ["Share"],
        ["Start over", "Done"],
    ]
    share = screen.rows[2][0].url
    assert share == (
        "https://t.me/share/url?url=https%3A%2F%2Ft.me%2Fadvisor_bot%3Fstart%3Dr_7_2&text=Try+X."
    )
    assert shared_step(share_code(MAX_ID, MAX_ID)) == (MAX_ID, MAX_ID)
    assert len(share_code(MAX_ID, MAX_ID)) <= 64
    for code in ("r_1", "r_1_2_3", "r_A_1", "sklearn", "r_1_" + "z" * 14):
        assert shared_step(code) is None
    assert engine.shared_screen(graph, 99, audience).notice == MAP_DEFAULTS["map_changed"]


def test_long_labels_get_a_row_each():
    nodes = {
        1: NodeView(
            1,
            "q",
            "question",
            "Pick",
            "",
            tuple(ButtonView(i, f"A rather long answer {i}", 2) for i in (5, 6)),
        ),
        2: NodeView(2, "r", "recommendation", "R", "", ()),
    }
    screen = engine.start_screen(MapGraph(1, "m", "M", "", "", 1, 1, nodes))
    assert labels(screen) == [["A rather long answer 5"], ["A rather long answer 6"]]
