"""The screens the bot shows, read from the current maps in the database.

The Telegram handlers call these; each costs one query while the map is cached.
"""

from advisor import engine
from advisor.actions import decode
from advisor.graph import MapEntry, current_graph, graph_for, published_maps


def choose_map(maps: list[MapEntry], slug: str = "") -> MapEntry | None:
    """The map /start opens: the one named, else the default, else the only one."""
    if slug:
        return next((entry for entry in maps if entry.slug == slug), None)
    if maps and (maps[0].is_default or len(maps) == 1):
        return maps[0]
    return None


def start(first_name: str = "", slug: str = "", notice: str = "") -> engine.Screen:
    """The greeting and first question of the map ``slug`` names (or the default map), or a
    picker of the published maps when there is no default and more than one."""
    maps = published_maps()
    chosen = choose_map(maps, slug)
    if slug and chosen is None:
        notice = notice or engine.UNKNOWN_MAP_NOTICE
        chosen = choose_map(maps)
    if chosen is None:
        return engine.picker_screen([(entry.id, entry.title) for entry in maps], first_name, notice)
    return engine.start_screen(graph_for(chosen.id, chosen.version), first_name, notice)


def press(callback_data: str | None) -> engine.Screen:
    """The screen after pressing the button that carries ``callback_data``."""
    action = decode(callback_data)
    graph = current_graph(action.map_id) if action else None
    if graph is None:  # forged, or its map was deleted or unpublished
        return start(notice=engine.STALE_NOTICE)
    return engine.screen_for_action(graph, action)


def goodbye() -> engine.Screen:
    """The default map's goodbye."""
    return engine.goodbye_screen(current_graph())


def hint() -> engine.Screen:
    """The answer to free text or an unknown command."""
    return engine.Screen(engine.HINT_TEXT)


def help_text() -> engine.Screen:
    """What /help says."""
    return engine.Screen(engine.HELP_TEXT)
