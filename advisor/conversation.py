"""The screens the bot shows users, from the live versions of the online maps, in each
user's language (``language_code`` as Telegram sends it).

The Telegram handlers and the web chat (botapp.web) call these; each costs one query while
the live version is cached.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from advisor.core import asking, engine
from advisor.core.callbacks import Ask, Restart, decode, shared_step
from advisor.core.engine import Audience
from advisor.core.graph import MapGraph
from advisor.core.markup import escape
from advisor.core.texts import BotWords, language_for, normalized
from advisor.core.transcript import Transcript, transcript
from advisor.loading import (
    MapEntry,
    MapState,
    current_bot_words,
    live_graph_and_words,
    map_by_slug,
    online_maps,
)


def choose_map(maps: list[MapEntry], slug: str = "") -> MapEntry | None:
    """The map /start opens: the one named, else the default, else the only one."""
    if slug:
        return next((entry for entry in maps if entry.slug == slug), None)
    if maps and (maps[0].is_default or len(maps) == 1):
        return maps[0]
    return None


def _audience(language_code: str, bot: BotWords, bot_username: str = "") -> Audience:
    return Audience(language_code, bot.wording(language_code), bot_username)


def start(
    first_name: str = "",
    slug: str = "",
    language_code: str = "",
    map_changed: bool = False,
    bot_username: str = "",
) -> engine.Screen:
    """The greeting and first question of the map ``slug`` names (or the default map), or a
    picker of the online maps when there is no default and more than one; ``map_changed``
    adds the map's "This map changed" notice (a press whose map is gone). A share code
    (advisor.core.callbacks.share_code) in place of ``slug`` opens the step it names."""
    maps, bot = online_maps()
    audience = _audience(language_code, bot, bot_username)
    chosen = choose_map(maps, slug)
    shared = shared_step(slug) if chosen is None else None
    if shared:
        entry = next((entry for entry in maps if entry.id == shared[0]), None)
        graph = entry.live_graph() if entry else None
        if graph is not None:
            return engine.shared_screen(graph, shared[1], audience)
        chosen, map_changed = choose_map(maps), True  # its map was deleted or taken offline
    notice = ""
    if slug and chosen is None:
        notice = audience.bot["unknown_map"]
        chosen = choose_map(maps)
    graph = chosen.live_graph() if chosen else None
    if graph is None:
        graphs = [graph for graph in (entry.live_graph() for entry in maps) if graph]
        if map_changed and graphs:
            notice = _changed(graphs[0], audience)
        return engine.picker_screen(graphs, first_name, notice, audience)
    return engine.start_screen(
        graph, first_name, _changed(graph, audience) if map_changed else notice, audience
    )


def _changed(graph, audience: Audience) -> str:
    return graph.wording(audience.language(graph))["map_changed"]


def press(
    callback_data: str | None, language_code: str = "", bot_username: str = ""
) -> engine.Screen:
    """The screen after pressing the button that carries ``callback_data``."""
    action = decode(callback_data)
    graph, bot = live_graph_and_words(action.map_id) if action else (None, None)
    if graph is None:  # forged, or its map was deleted or taken offline
        return start(language_code=language_code, map_changed=True, bot_username=bot_username)
    audience = _audience(language_code, bot, bot_username)
    return engine.screen_for_action(graph, action, audience)


def goodbye(language_code: str = "") -> engine.Screen:
    """The default map's goodbye."""
    maps, bot = online_maps()
    graph = maps[0].live_graph() if maps else None
    return engine.goodbye_screen(graph, _audience(language_code, bot))


def hint(language_code: str = "") -> engine.Screen:
    """The answer to free text or an unknown command."""
    return engine.Screen(escape(current_bot_words().wording(language_code)["hint"]))


def help_text(language_code: str = "") -> engine.Screen:
    """What /help says."""
    return engine.Screen(escape(current_bot_words().wording(language_code)["help"]))


def ask(
    callback_data: str | None, language_code: str = "", now: datetime | None = None
) -> asking.Asked | None:
    """For an "Ask a person" press (``callback_data`` of advisor.core.callbacks.Ask): the
    map's words and hours for the conversation and where the user was (step, answers,
    recommendation) in the live version, in the user's language; None for other data, a
    map offline or deleted, or a path the live version no longer has. ``now`` (aware,
    default the current time) decides whether the team answers. One query while cached."""
    action = decode(callback_data)
    if not isinstance(action, Ask):
        return None
    graph, _ = live_graph_and_words(action.map_id)
    if graph is None:
        return None
    return asking.asked(graph, action, language_code, now or datetime.now(UTC))


def person(
    map_id: int | None = None, language_code: str = "", now: datetime | None = None
) -> asking.Handoff | None:
    """For /person: the map's words and hours for a conversation with the team, of the map
    ``map_id`` if it is online, else of the map /start opens; None when there is none."""
    maps, _ = online_maps()
    entry = next((entry for entry in maps if entry.id == map_id), None) or choose_map(maps)
    graph = entry.live_graph() if entry else None
    if graph is None:
        return None
    return asking.handoff(graph, language_code, now or datetime.now(UTC))


def person_words(map_id: int | None = None, language_code: str = "") -> asking.HandoffWords:
    """The words of a conversation with the team (person's map's, or the shipped ones when no
    map is online): what the user is told once the conversation is open."""
    found = person(map_id, language_code)
    return found.words if found is not None else asking.handoff_words()


@dataclass(frozen=True)
class WebChat:
    """What the web chat of a map's short name shows: the map's state, the bot-wide words
    (the page's own among them), and while it is online its live version and the chat so far."""

    state: MapState
    bot: BotWords
    graph: MapGraph | None = None
    chat: Transcript | None = None


def web_chat(
    slug: str, callback_data: str | None, accepted: list[str], chosen: str = "", load=map_by_slug
) -> WebChat:
    """The chat page of the map ``slug`` names after the press ``callback_data`` carries
    (None: the map's start), the bot's screens and words: read in the language ``chosen``
    where the map has it, else the first of the browser's ``accepted`` languages it has (each
    text falling back to the map's default, as in Telegram). ``callback_data`` may be a vote's
    (advisor.core.callbacks.Vote): the recommendation thanking for it. One query while the
    live version is cached. ``load`` reads the map (advisor.loading.draft_by_slug: the draft
    editors see)."""
    state, graph, bot = load(slug)
    if graph is None:
        return WebChat(state, bot)
    language = normalized(chosen) if normalized(chosen) in graph.languages else ""
    for code in accepted if not language else ():
        if language := language_for(code, graph.languages, ""):
            break
    audience = Audience(language or graph.language, bot.wording(language))
    action = decode(callback_data) if callback_data is not None else Restart(graph.id)
    return WebChat(state, bot, graph, transcript(graph, action, audience))
