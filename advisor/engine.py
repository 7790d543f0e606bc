"""The map engine: which screen (text and buttons) answers /start or a button press.

Pure functions over a MapGraph; no database and no Telegram here, so the bot, the admin
preview and the terminal chat all show exactly the same screens.
"""

from dataclasses import dataclass, replace

from advisor.actions import CALLBACK_DATA_LIMIT, Action, Finish, Go, Restart, encode
from advisor.graph import ButtonView, MapGraph, NodeView
from advisor.models import TELEGRAM_TEXT_LIMIT

BACK = "Back"
START_OVER = "Start over"
DONE = "Done"
STALE_NOTICE = "This map changed — here is the start again."
UNKNOWN_MAP_NOTICE = "I don't know that advisor — here is where to start."
NO_MAP_TEXT = "No advisor map is set up yet. Please try again later."
PICKER_TEXT = "Which advisor would you like?"
HELP_TEXT = (
    "I help you choose by asking a few questions: answer with the buttons.\n"
    "/start begins (or /start <name> for one advisor), /cancel ends."
)
HINT_TEXT = "Please answer with the buttons under my last message, or send /start to begin again."
DEFAULT_GOODBYE = "Goodbye, and all the best — /start to begin again"
#: Answer buttons whose labels add up to at most this many characters share one row.
ONE_ROW_LABEL_CHARS = 30


@dataclass(frozen=True)
class Choice:
    label: str
    data: str


@dataclass(frozen=True)
class Screen:
    text: str
    rows: tuple[tuple[Choice, ...], ...] = ()
    #: A short notice for the pressed button (shown by Telegram as a toast).
    notice: str = ""
    #: The map and node this screen shows (None for a goodbye or a hint).
    map_id: int | None = None
    node_id: int | None = None


def _fit(text: str) -> str:
    if len(text) <= TELEGRAM_TEXT_LIMIT:
        return text
    return text[: TELEGRAM_TEXT_LIMIT - 1] + "…"


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


def answers_line(graph: MapGraph, go: Go) -> str:
    """The answers that led here, in short: "Classification · <100K samples · text data"."""
    pressed = pressed_buttons(graph, go) or []
    answers = [button.summary or button.label for button in pressed]
    if go.anchor_id != graph.start_id:
        answers.insert(0, "…")
    return " · ".join(answers)


def _fitted(graph: MapGraph, go: Go) -> Go:
    """Drop the oldest steps of a path (moving its anchor on) until it fits callback data."""
    while len(encode(go).encode()) > CALLBACK_DATA_LIMIT and go.path:
        anchor = _button(graph.nodes[go.anchor_id], go.path[0]).target_id
        go = Go(go.map_id, anchor, go.path[1:])
    return go


def node_screen(graph: MapGraph, go: Go, node: NodeView, prefix: str = "") -> Screen:
    """The screen for a node reached by ``go``: its message, answers and navigation."""
    text = node.text
    if node.doc_url:
        text += f"\n\nDocumentation: {node.doc_url}"
    if not node.is_question and go.path:
        text += f"\n\nYour answers: {answers_line(graph, go)}"
    answers = tuple(
        Choice(
            button.label, encode(_fitted(graph, Go(go.map_id, go.anchor_id, (*go.path, button.id))))
        )
        for button in node.buttons
    )
    if sum(len(choice.label) for choice in answers) <= ONE_ROW_LABEL_CHARS:
        rows = [answers] if answers else []
    else:
        rows = [(choice,) for choice in answers]
    navigation = []
    if go.path:
        navigation.append(Choice(BACK, encode(Go(go.map_id, go.anchor_id, go.path[:-1]))))
    if not node.is_question or not node.buttons:
        navigation.append(Choice(START_OVER, encode(Restart(go.map_id))))
        navigation.append(Choice(DONE, encode(Finish(go.map_id))))
    if navigation:
        rows.append(tuple(navigation))
    return Screen(_fit(prefix + text), tuple(rows), map_id=go.map_id, node_id=node.id)


def start_screen(graph: MapGraph | None, first_name: str = "", notice: str = "") -> Screen:
    """The map's first question; with ``first_name``, greeted as after /start."""
    if graph is None or graph.start is None:
        return Screen(NO_MAP_TEXT, notice=notice)
    prefix = f"{notice}\n\n" if notice else ""
    if first_name and graph.greeting:
        prefix += graph.greeting.replace("{first_name}", first_name) + "\n\n"
    screen = node_screen(graph, Go(graph.id, graph.start.id), graph.start, prefix)
    return replace(screen, notice=notice)


def picker_screen(maps: list[tuple[int, str]], first_name: str = "", notice: str = "") -> Screen:
    """A choice between maps, each button opening one (given as (id, title) pairs)."""
    if not maps:
        return Screen(NO_MAP_TEXT, notice=notice)
    lines = [notice] if notice else []
    lines.append(f"Hi {first_name}! {PICKER_TEXT}" if first_name else PICKER_TEXT)
    rows = tuple((Choice(title, encode(Restart(map_id))),) for map_id, title in maps)
    return Screen("\n\n".join(lines), rows, notice)


def goodbye_screen(graph: MapGraph | None) -> Screen:
    """The goodbye, with no buttons."""
    if graph is None:
        return Screen(DEFAULT_GOODBYE)
    return Screen(graph.goodbye or DEFAULT_GOODBYE, map_id=graph.id)


def screen_for_action(graph: MapGraph | None, action: Action | None) -> Screen:
    """The screen answering a button press; a stale or forged one restarts the map."""
    if graph is not None and action is not None and action.map_id == graph.id:
        if isinstance(action, Finish):
            return goodbye_screen(graph)
        if isinstance(action, Restart):
            return start_screen(graph)
        node = walk(graph, action)
        if node is not None:
            return node_screen(graph, action, node)
    return start_screen(graph, notice=STALE_NOTICE)
