"""The conversation so far, as a page shows it: each screen the bot showed along a path with
the answer pressed under it, then the screen the path reaches now. Pure, like the engine,
whose screens these are (a web page shows the whole chat where Telegram edits one message)."""

from dataclasses import dataclass

from advisor.core import engine
from advisor.core.callbacks import Action, Go, Vote
from advisor.core.graph import MapGraph
from advisor.core.screens import Audience, Screen


@dataclass(frozen=True)
class Exchange:
    """One earlier screen of the bot, and the label of the answer pressed under it."""

    screen: Screen
    answer: str


@dataclass(frozen=True)
class Transcript:
    earlier: tuple[Exchange, ...]
    #: The screen the action reaches: the bot's answer, with its buttons.
    screen: Screen
    #: The language the map is read in.
    language: str


def transcript(graph: MapGraph, action: Action | None, audience: Audience) -> Transcript:
    """What a chat shows after ``action``: the screen the bot answers it with
    (engine.screen_for_action, the bot's own), under the screens and answers of the path that
    led there, oldest first (a vote's: the path to the recommendation voted on). A stale or
    forged action (None) restarts the map, alone."""
    language = audience.language(graph)
    screen = engine.screen_for_action(graph, action, audience)
    earlier = ()
    go = action.go if isinstance(action, Vote) else action
    if isinstance(go, Go) and not screen.notice:
        pressed = engine.pressed_buttons(graph, go) or []
        earlier = tuple(
            Exchange(
                _shown(graph, Go(go.map_id, go.anchor_id, go.path[:at]), audience),
                button.label_in(language),
            )
            for at, button in enumerate(pressed)
        )
    return Transcript(earlier, screen, language)


def _shown(graph: MapGraph, go: Go, audience: Audience) -> Screen:
    return engine.node_screen(graph, go, engine.walk(graph, go), audience=audience)
