"""The map engine: which screen (text and buttons) answers /start or a button press.

Pure functions over a MapGraph; no database and no Telegram here, so the bot, the admin
preview and the terminal chat all show exactly the same screens.
"""

from dataclasses import dataclass, field, replace

from advisor.callbacks import CALLBACK_DATA_LIMIT, Action, Finish, Go, Restart, encode
from advisor.graph import ButtonView, MapGraph, NodeView
from advisor.markup import escape, fitted
from advisor.models import TELEGRAM_TEXT_LIMIT
from advisor.texts import DEFAULT_BOT_WORDS, Wording

#: Telegram's limit on a photo's caption (a step with a picture).
CAPTION_LIMIT = 1024

#: Answer buttons whose labels add up to at most this many characters share one row.
ONE_ROW_LABEL_CHARS = 30


@dataclass(frozen=True)
class Audience:
    """Who is answered: their Telegram language code, and the bot-wide words in their
    language (each map picks its own language for them)."""

    language_code: str = ""
    bot: Wording = field(default_factory=lambda: DEFAULT_BOT_WORDS.wording(""))

    def language(self, graph: MapGraph) -> str:
        return graph.language_for(self.language_code)


@dataclass(frozen=True)
class Choice:
    label: str
    #: The callback data a press sends the bot; empty for a link button.
    data: str
    #: The web page a link button opens.
    url: str = ""


@dataclass(frozen=True)
class Screen:
    #: Formatted as Telegram's HTML (advisor.markup).
    text: str
    rows: tuple[tuple[Choice, ...], ...] = ()
    #: A short notice for the pressed button (shown by Telegram as a toast).
    notice: str = ""
    #: The map and node this screen shows (None for a goodbye or a hint).
    map_id: int | None = None
    node_id: int | None = None
    #: The SHA-256 of the picture shown above the text, which is then its caption.
    picture: str = ""


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


def _fitted(graph: MapGraph, go: Go) -> Go:
    """Drop the oldest steps of a path (moving its anchor on) until it fits callback data."""
    while len(encode(go).encode()) > CALLBACK_DATA_LIMIT and go.path:
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
    graph: MapGraph, go: Go, node: NodeView, prefix: str = "", audience: Audience = Audience()
) -> Screen:
    """The screen for a node reached by ``go``: its message, answers and navigation."""
    language = audience.language(graph)
    words = graph.wording(language)
    text = node_text(graph, go, node, language)
    answers = tuple(
        Choice(
            button.label_in(language),
            encode(_fitted(graph, Go(go.map_id, go.anchor_id, (*go.path, button.id)))),
        )
        for button in node.buttons
    )
    if sum(len(choice.label) for choice in answers) <= ONE_ROW_LABEL_CHARS:
        rows = [answers] if answers else []
    else:
        rows = [(choice,) for choice in answers]
    rows += [(Choice(link.label_in(language), "", link.url_in(language)),) for link in node.links]
    navigation = []
    if go.path:
        navigation.append(Choice(words["back"], encode(Go(go.map_id, go.anchor_id, go.path[:-1]))))
    if not node.is_question or not node.buttons:
        navigation.append(Choice(words["start_over"], encode(Restart(go.map_id))))
        navigation.append(Choice(words["done"], encode(Finish(go.map_id))))
    if navigation:
        rows.append(tuple(navigation))
    text = fitted(prefix + text, text_limit(node, language))
    picture = node.picture_in(language)
    return Screen(text, tuple(rows), map_id=go.map_id, node_id=node.id, picture=picture)


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
        node = walk(graph, action)
        if node is not None:
            return node_screen(graph, action, node, audience=audience)
    notice = graph.wording(audience.language(graph))["map_changed"] if graph else ""
    return start_screen(graph, notice=notice, audience=audience)
