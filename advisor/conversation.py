"""The screens the bot shows users, from the live versions of the online maps.

The Telegram handlers call these; each costs one query while the live version is cached.
"""

from advisor import engine
from advisor.actions import decode
from advisor.graph import MapEntry, live_graph, live_graph_for, online_maps


def choose_map(maps: list[MapEntry], slug: str = "") -> MapEntry | None:
    """The map /start opens: the one named, else the default, else the only one."""
    if slug:
        return next((entry for entry in maps if entry.slug == slug), None)
    if maps and (maps[0].is_default or len(maps) == 1):
        return maps[0]
    return None


def start(first_name: str = "", slug: str = "", notice: str = "") -> engine.Screen:
    """The greeting and first question of the map ``slug`` names (or the default map), or a
    picker of the online maps when there is no default and more than one."""
    maps = online_maps()
    chosen = choose_map(maps, slug)
    if slug and chosen is None:
        notice = notice or engine.UNKNOWN_MAP_NOTICE
        chosen = choose_map(maps)
    if chosen is None:
        graphs = [live_graph_for(entry.id, entry.live_version_id) for entry in maps]
        titles = [(graph.id, graph.title) for graph in graphs if graph]
        return engine.picker_screen(titles, first_name, notice)
    graph = live_graph_for(chosen.id, chosen.live_version_id)
    return engine.start_screen(graph, first_name, notice)


def press(callback_data: str | None) -> engine.Screen:
    """The screen after pressing the button that carries ``callback_data``."""
    action = decode(callback_data)
    graph = live_graph(action.map_id) if action else None
    if graph is None:  # forged, or its map was deleted or taken offline
        return start(notice=engine.STALE_NOTICE)
    return engine.screen_for_action(graph, action)


def goodbye() -> engine.Screen:
    """The default map's goodbye."""
    return engine.goodbye_screen(live_graph())


def hint() -> engine.Screen:
    """The answer to free text or an unknown command."""
    return engine.Screen(engine.HINT_TEXT)


def help_text() -> engine.Screen:
    """What /help says."""
    return engine.Screen(engine.HELP_TEXT)
