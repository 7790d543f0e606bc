"""The map engine: which screen (text and buttons) answers /start or a button press.

Pure functions over a MapGraph; no database and no Telegram here, so the bot, the admin
preview and the terminal chat all show exactly the same screens.
"""

from dataclasses import replace

from advisor.core.callbacks import (
    CALLBACK_DATA_LIMIT,
    VOTE_EXTRA_BYTES,
    Action,
    Ask,
    Finish,
    Go,
    Restart,
    Vote,
    encode,
)
from advisor.core.feedback import feedback_lines
from advisor.core.graph import TELEGRAM_TEXT_LIMIT, ButtonView, MapGraph, NodeView
from advisor.core.markup import escape, fitted, telegram_length
from advisor.core.screens import Audience, Choice, Screen

#: Telegram's limit on a photo's caption (a step with a picture).
CAPTION_LIMIT = 1024

#: Answer buttons whose labels add up to at most this many characters share one row.
ONE_ROW_LABEL_CHARS = 30


def _button(node: NodeView | None, button_id: int) -> ButtonView | None:
    if node is None:
        return None
    return next((button for button in node.buttons if button.id == button_id), None)


def pressed_buttons(graph: MapGraph, go: Go) -> list[ButtonView] | None:
    """The buttons pressed along a Go action's path, or None when the map no longer has it."""
    node, pressed = graph.nodes.get(go.anchor_id), []
    for button_id in go.path:
        button = _button(node, button_id)
        if button is None:
            return None
        pressed.append(button)
        node = graph.nodes.get(button.target_id)
    return pressed if node is not None else None


def walk(graph: MapGraph, go: Go) -> NodeView | None:
    """The node a Go action reaches, or None when the map no longer has that path."""
    pressed = pressed_buttons(graph, go)
    if pressed is None:
        return None
    return graph.nodes[pressed[-1].target_id] if pressed else graph.nodes[go.anchor_id]


def answers_line(graph: MapGraph, go: Go, language: str = "") -> str:
    """The answers that led here, in short: "Classification · <100K samples · text data"."""
    pressed = pressed_buttons(graph, go) or []
    answers = [button.summary_in(language) for button in pressed]
    if go.anchor_id != graph.start_id:
        answers.insert(0, "…")
    return " · ".join(answers)


def _fitted(graph: MapGraph, go: Go, extra_bytes: int = 0) -> Go:
    """Drop the oldest steps of a path (moving its anchor on) until it fits callback data
    (with ``extra_bytes`` to spare)."""
    while len(encode(go).encode()) + extra_bytes > CALLBACK_DATA_LIMIT and go.path:
        anchor = _button(graph.nodes[go.anchor_id], go.path[0]).target_id
        go = Go(go.map_id, anchor, go.path[1:])
    return go


def text_limit(node: NodeView, language: str) -> int:
    """The most Telegram shows of a step's message: a text message's, or a photo's caption."""
    return CAPTION_LIMIT if node.picture_in(language) else TELEGRAM_TEXT_LIMIT


def node_text(graph: MapGraph, go: Go, node: NodeView, language: str) -> str:
    """A node's message as the bot sends it: with its documentation link and, under a
    recommendation, the answers that led there."""
    words = graph.wording(language)
    text = node.text_in(language)
    if node.doc_url:
        text += f"\n\n{escape(words['documentation'])} {escape(node.doc_url)}"
    if not node.is_question and go.path:
        answers = f"{words['answers']} {answers_line(graph, go, language)}"
        text += f"\n\n{escape(answers)}"
    return text


def greeting(graph: MapGraph, language: str, first_name: str) -> str:
    """The map's greeting for a user, with the blank line under it; empty if it has none."""
    words = graph.wording(language)
    if not first_name or not words["greeting"]:
        return ""
    return words.named("greeting", escape(first_name)) + "\n\n"


def node_screen(
    graph: MapGraph,
    go: Go,
    node: NodeView,
    prefix: str = "",
    audience: Audience = Audience(),
    vote: Vote | None = None,
) -> Screen:
    """The screen for a node reached by ``go``: its message, answers and navigation; ``vote``
    thanks for an answer to "Was this helpful?" under a recommendation."""
    language = audience.language(graph)
    words = graph.wording(language)
    text = node_text(graph, go, node, language)
    # A vote's data is longer than the Go's: its Go is fitted only where votes are.
    asks = graph.asks_if_helpful and node.is_recommendation
    voted_go = _fitted(graph, go, VOTE_EXTRA_BYTES) if asks else go
    feedback_line, vote_rows, share_rows = feedback_lines(graph, voted_go, node, audience, vote)
    answers = tuple(
        Choice(
            button.label_in(language),
            encode(_fitted(graph, Go(go.map_id, go.anchor_id, (*go.path, button.id)))),
        )
        for button in node.buttons
    )
    rows = vote_rows  # "Was this helpful?" ends the text: its buttons come first
    if sum(len(choice.label) for choice in answers) <= ONE_ROW_LABEL_CHARS:
        rows += [answers] if answers else []
    else:
        rows += [(choice,) for choice in answers]
    rows += ask_rows(graph, go, node, language)
    rows += [(Choice(link.label_in(language), "", link.url_in(language)),) for link in node.links]
    rows += share_rows
    navigation = []
    if go.path:
        navigation.append(Choice(words["back"], encode(Go(go.map_id, go.anchor_id, go.path[:-1]))))
    if not node.is_question or not node.buttons:
        navigation.append(Choice(words["start_over"], encode(Restart(go.map_id))))
        navigation.append(Choice(words["done"], encode(Finish(go.map_id))))
    if navigation:
        rows.append(tuple(navigation))
    limit = text_limit(node, language) - telegram_length(feedback_line)
    text = fitted(prefix + text, limit) + feedback_line
    voted = vote.helpful if vote and feedback_line else None
    return Screen(
        text,
        tuple(rows),
        map_id=go.map_id,
        node_id=node.id,
        picture=node.picture_in(language),
        vote=voted,
        ask_reason=escape(words["reason_question"])
        if voted is False and vote.was is not False
        else "",
    )


def offers_person(graph: MapGraph, node: NodeView) -> bool:
    """Whether a step offers "Ask a person": the step itself, or the map under its
    recommendations."""
    return node.offers_person or (graph.offers_person and node.is_recommendation)


def ask_rows(graph: MapGraph, go: Go, node: NodeView, language: str) -> list[tuple[Choice, ...]]:
    """The "Ask a person" row under the step ``go`` reaches, if it offers it."""
    if not offers_person(graph, node):
        return []
    return [(Choice(graph.wording(language)["ask_person"], encode(Ask(_fitted(graph, go)))),)]


def reason_thanks_screen(
    graph: MapGraph, audience: Audience = Audience(), go: Go | None = None
) -> Screen:
    """The thanks for saying what one was looking for, with "Ask a person" under it where
    the recommendation ``go`` reaches offers it."""
    language = audience.language(graph)
    node = walk(graph, go) if go is not None and go.map_id == graph.id else None
    rows = ask_rows(graph, go, node, language) if node is not None else []
    return Screen(escape(graph.wording(language)["reason_thanks"]), tuple(rows), map_id=graph.id)


def shared_screen(graph: MapGraph, step_id: int, audience: Audience = Audience()) -> Screen:
    """The step a shared link opens, as if reached afresh (Start over walks the map); the
    map's start with its "This map changed" notice when the step is gone."""
    node = graph.nodes.get(step_id)
    if node is None:
        notice = graph.wording(audience.language(graph))["map_changed"]
        return start_screen(graph, notice=notice, audience=audience)
    screen = node_screen(graph, Go(graph.id, step_id), node, audience=audience)
    return replace(screen, shared=True)


def start_screen(
    graph: MapGraph | None, first_name: str = "", notice: str = "", audience: Audience = Audience()
) -> Screen:
    """The map's first question; with ``first_name``, greeted as after /start."""
    if graph is None or graph.start is None:
        return Screen(escape(audience.bot["no_map"]), notice=notice)
    prefix = f"{escape(notice)}\n\n" if notice else ""
    prefix += greeting(graph, audience.language(graph), first_name)
    screen = node_screen(graph, Go(graph.id, graph.start.id), graph.start, prefix, audience)
    return replace(screen, notice=notice)


def picker_screen(
    graphs: list[MapGraph], first_name: str = "", notice: str = "", audience: Audience = Audience()
) -> Screen:
    """A choice between maps, each button opening one (by its title in the user's language)."""
    if not graphs:
        return Screen(escape(audience.bot["no_map"]), notice=notice)
    lines = [notice] if notice else []
    question = audience.bot["picker"]
    if first_name:
        question = f"{audience.bot.named('picker_greeting', first_name)} {question}"
    lines.append(question)
    titles = sorted(
        (graph.wording(audience.language(graph))["title"], graph.id) for graph in graphs
    )
    rows = tuple((Choice(title, encode(Restart(map_id))),) for title, map_id in titles)
    return Screen(escape("\n\n".join(lines)), rows, notice)


def goodbye_screen(graph: MapGraph | None, audience: Audience = Audience()) -> Screen:
    """The goodbye, with no buttons."""
    if graph is None:
        return Screen(escape(audience.bot["goodbye"]))
    goodbye = graph.wording(audience.language(graph))["goodbye"]
    return Screen(goodbye or escape(audience.bot["goodbye"]), map_id=graph.id)


def screen_for_action(
    graph: MapGraph | None, action: Action | None, audience: Audience = Audience()
) -> Screen:
    """The screen answering a button press; a stale or forged one restarts the map."""
    if graph is not None and action is not None and action.map_id == graph.id:
        if isinstance(action, Finish):
            return goodbye_screen(graph, audience)
        if isinstance(action, Restart):
            return start_screen(graph, audience=audience)
        vote = action if isinstance(action, Vote) else None
        go = action.go if isinstance(action, Vote | Ask) else action
        node = walk(graph, go)
        if node is not None:
            return node_screen(graph, go, node, audience=audience, vote=vote)
    notice = graph.wording(audience.language(graph))["map_changed"] if graph else ""
    return start_screen(graph, notice=notice, audience=audience)
