""" "Ask a person" on the bot's screens and what the Telegram side gets for a press: pure,
on hand-built maps (no database, no Telegram)."""

from dataclasses import replace
from datetime import UTC, datetime

from advisor.core import engine
from advisor.core.asking import asked, handoff
from advisor.core.callbacks import (
    CALLBACK_DATA_LIMIT,
    MAX_ID,
    Ask,
    Go,
    Restart,
    Vote,
    decode,
    encode,
)
from advisor.core.changes import changes_between
from advisor.core.graph import ButtonView, MapGraph, NodeView
from advisor.core.hours import hours_from
from advisor.core.screens import Audience
from advisor.core.undo import revert
from tests.test_changes import live
from tests.test_engine import labels, make_graph

ASK = "🙋 Ask a person"
SPANISH = {
    "es": {
        "title": "Mapa",
        "ask_person": "🙋 Preguntar a una persona",
        "out_of_hours": "Respondemos {hours} — deja tu mensaje.",
    }
}
MONDAY_NOON = datetime(2026, 12, 7, 11, tzinfo=UTC)  # 12:00 in Madrid
SATURDAY = datetime(2026, 12, 12, 11, tzinfo=UTC)
OFFICE = {"time_zone": "Europe/Madrid", "days": [0, 1, 2, 3, 4], "from": "09:00", "to": "17:00"}


def offering(graph: MapGraph = None, **changes) -> MapGraph:
    return replace(graph or make_graph(), offers_person=True, **changes)


def data_of(screen, label: str) -> str:
    return next(choice.data for row in screen.rows for choice in row if choice.label == label)


def test_a_recommendation_offers_it_under_the_votes_only_when_the_map_does():
    graph = make_graph()
    off = engine.screen_for_action(graph, Go(7, 1, (11,)))
    assert ASK not in sum(labels(off), [])
    on = engine.screen_for_action(offering(graph), Go(7, 1, (11,)))
    assert labels(on) == [
        ["👍 Yes", "👎 No"],
        ["Not working"],
        [ASK],
        ["Back", "Start over", "Done"],
    ]
    assert decode(data_of(on, ASK)) == Ask(Go(7, 1, (11,)))
    question = engine.start_screen(offering(graph))
    assert ASK not in sum(labels(question), [])  # the map's setting is for recommendations


def test_a_step_offering_it_shows_it_whatever_the_maps_setting():
    graph = make_graph()
    nodes = {**graph.nodes, 1: replace(graph.nodes[1], offers_person=True)}
    screen = engine.start_screen(replace(graph, nodes=nodes))
    assert labels(screen) == [["Yes", "No"], [ASK]]
    assert decode(data_of(screen, ASK)) == Ask(Go(7, 1))


def test_it_reads_in_the_users_language():
    graph = offering(languages=("en", "es"), translations=SPANISH)
    screen = engine.screen_for_action(graph, Go(7, 1, (11,)), Audience("es"))
    assert "🙋 Preguntar a una persona" in sum(labels(screen), [])


def test_after_a_reason_the_thanks_offers_it_for_the_recommendation():
    no = Vote(Go(7, 1, (11,)), helpful=False)
    thanks = engine.reason_thanks_screen(offering(), go=no.go)
    assert thanks.text == "Thank you: the editors read every answer."
    assert labels(thanks) == [[ASK]]
    assert decode(thanks.rows[0][0].data) == Ask(no.go)
    assert engine.reason_thanks_screen(make_graph(), go=no.go).rows == ()
    assert engine.reason_thanks_screen(offering()).rows == ()  # no recommendation known
    gone = engine.reason_thanks_screen(offering(), go=Go(7, 1, (99,)))
    assert gone.rows == ()  # a path the map no longer has


def test_a_press_of_it_shows_the_step_again_where_nothing_else_handles_it():
    graph = offering()
    again = engine.screen_for_action(graph, Ask(Go(7, 1, (11,))))
    assert again == engine.screen_for_action(graph, Go(7, 1, (11,)))


def test_its_data_round_trips_and_forged_data_is_refused():
    ask = Ask(Go(35, 36, (1, MAX_ID)))
    assert encode(ask).startswith("a:z:10:1.")
    assert decode(encode(ask)) == ask
    for forged in ("a:1:2", "a:1:2:3:4", "a::2:", "a:1:2:x!", f"a:1:2:{MAX_ID + 1:x}", "ay:1:2:"):
        assert decode(forged) is None, forged
    assert decode("a:" + "1" * 70) is None


def test_its_data_fits_telegrams_64_bytes_at_the_deepest_path():
    nodes = {
        n: NodeView(
            n, f"n{n}", "question", f"Step {n}", "", (ButtonView(MAX_ID - n, "Next", n + 1),)
        )
        for n in range(1, 40)
    }
    nodes[40] = NodeView(40, "n40", "recommendation", "End", "", (), offers_person=True)
    graph = MapGraph(MAX_ID, "deep", "Deep", "", "", 1, 1, nodes, offers_person=True)
    screen = engine.start_screen(graph)
    while ASK not in sum(labels(screen), []):
        screen = engine.screen_for_action(graph, decode(data_of(screen, "Next")))
    data = data_of(screen, ASK)
    assert len(data.encode()) <= CALLBACK_DATA_LIMIT
    assert engine.walk(graph, decode(data).go).key == "n40"


def test_a_press_gives_the_step_the_answers_and_the_recommendation_in_the_users_language():
    graph = offering(
        languages=("en", "es"),
        translations=SPANISH,
        nodes={
            **make_graph().nodes,
            1: replace(
                make_graph().nodes[1],
                buttons=(
                    ButtonView(11, "Yes", 2, "big data", {"es": {"label": "Sí"}}),
                    ButtonView(12, "No", 3),
                ),
            ),
            2: replace(make_graph().nodes[2], text="Try <b>X</b>.", translations={"es": {}}),
        },
    )
    spanish = asked(graph, Ask(Go(7, 1, (11,))), "es-ES", MONDAY_NOON)
    assert (spanish.step_id, spanish.step_key, spanish.step_kind) == (2, "rec", "recommendation")
    assert spanish.answers == ("Sí",) and spanish.answers_from_start
    assert spanish.recommendation == spanish.step_text == "Try X."
    assert spanish.offered
    assert (spanish.handoff.map_title, spanish.handoff.language) == ("Mapa", "es")
    assert spanish.handoff.back_data == encode(Restart(7))
    english = asked(graph, Ask(Go(7, 1, ())), "", MONDAY_NOON)
    assert (english.step_key, english.answers, english.recommendation) == ("q1", (), "")
    assert not english.offered  # a question, and the map offers it under recommendations
    assert asked(graph, Ask(Go(7, 1, (99,))), "", MONDAY_NOON) is None
    assert asked(graph, Ask(Go(8, 1, (11,))), "", MONDAY_NOON) is None


def test_the_words_say_when_the_team_answers_outside_the_opening_hours():
    graph = offering(languages=("en", "es"), translations=SPANISH, opening_hours=hours_from(OFFICE))
    open_now = handoff(graph, "en", MONDAY_NOON)
    assert open_now.is_open and open_now.words.out_of_hours == ""
    assert open_now.hours == "Monday to Friday, 9:00–17:00 (Europe/Madrid)"
    assert open_now.words.will_answer == "A person from our team will answer here."
    closed = handoff(graph, "en", SATURDAY)
    assert not closed.is_open
    assert closed.words.out_of_hours == (
        "We answer Monday to Friday, 9:00–17:00 (Europe/Madrid) — leave your message."
    )
    spanish = handoff(graph, "es", SATURDAY)
    assert spanish.words.out_of_hours == (
        "Respondemos de lunes a viernes, 9:00–17:00 (Europe/Madrid) — deja tu mensaje."
    )
    assert spanish.words.end_button == "End the conversation"  # not translated: English
    always = handoff(offering(), "en", SATURDAY)
    assert always.is_open and always.hours == ""


def test_the_change_list_names_the_settings_and_undo_takes_each_back():
    before = live()
    after = {**live(), "offers_person": True, "opening_hours": OFFICE}
    after["nodes"][1]["offers_person"] = True
    summaries = [change.summary for change in changes_between(before, after)]
    assert summaries == [
        "Recommendations now offer “Ask a person”, as does the thanks for saying what one "
        "looked for.",
        "The team now answers Monday to Friday, 9:00–17:00 (Europe/Madrid) (was at any hour).",
        "Step “Are you predicting a category?” now offers “Ask a person”.",
    ]
    units = [change.unit for change in changes_between(before, after)]
    assert units == ["map:offers_person", "map:opening_hours", "step:2"]
    for unit in units:
        undone = revert(after, before, unit)
        assert [c.unit for c in changes_between(before, undone)] == [u for u in units if u != unit]
    back = [change.summary for change in changes_between(after, before)]
    assert back[:2] == [
        "Recommendations no longer offer “Ask a person”.",
        "The team now answers at any hour (was Monday to Friday, 9:00–17:00 (Europe/Madrid)).",
    ]
