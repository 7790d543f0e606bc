"""The screens the bot shows, read from the current maps in the database.

The Telegram handlers call these; each costs one query while the map is cached.
"""

from advisor import engine
from advisor.actions import decode
from advisor.graph import current_graph


def start(first_name: str = "") -> engine.Screen:
    """The greeting and first question of the default map."""
    return engine.start_screen(current_graph(), first_name)


def press(callback_data: str | None) -> engine.Screen:
    """The screen after pressing the button that carries ``callback_data``."""
    action = decode(callback_data)
    graph = current_graph(action.map_id) if action else None
    return engine.screen_for_action(graph or current_graph(), action)


def goodbye() -> engine.Screen:
    """The default map's goodbye."""
    return engine.goodbye_screen(current_graph())


def hint() -> engine.Screen:
    """The answer to free text or an unknown command."""
    return engine.Screen(engine.HINT_TEXT)
