"""Loading a map's graph (advisor.core.graph) from the database, and a per-process cache of
them.

Users see a map's live version: each update costs one small query (the live version's id),
and a version is read again only after a publish changed it. Editors' pages show the draft,
cached while its revision stays the same.
"""

from dataclasses import dataclass
from enum import StrEnum
from threading import Lock

from django.db import connection

from advisor.core.graph import MapGraph, graph_from_content
from advisor.core.texts import DEFAULT_BOT_WORDS, BotWords
from advisor.mapfile import export_map
from advisor.models import BotTexts, Map, MapVersion


def load_draft(map_id: int) -> MapGraph | None:
    """Read a map's draft from the database (three queries)."""
    map_obj = Map.objects.filter(pk=map_id).first()
    if map_obj is None:
        return None
    return graph_from_content(map_id, export_map(map_obj, with_ids=True), map_obj.draft_revision)


def version_graph(version: MapVersion) -> MapGraph:
    """The graph of one published version."""
    return graph_from_content(version.map_id, version.content, version.id)


_cache: dict[tuple[int, bool], MapGraph] = {}
_cache_lock = Lock()


@dataclass(frozen=True)
class MapEntry:
    """What users can see of an online map before opening it."""

    id: int
    slug: str
    live_version_id: int
    is_default: bool

    def live_graph(self) -> "MapGraph | None":
        return live_graph_for(self.id, self.live_version_id)


#: What makes a map online (users see it), as SQL on ``advisor_map m``.
ONLINE = "m.is_published AND m.live_version_id IS NOT NULL"


def _online_rows(columns: str, condition: str = "", params=()) -> tuple[list[tuple], int | None]:
    """Online maps' rows and the bot texts' revision in one query."""
    return _map_rows(columns, f"{ONLINE} {condition}", params)


def _map_rows(columns: str, condition: str, params=()) -> tuple[list[tuple], int | None]:
    """Maps' rows and the bot texts' revision in one query: the maps joined onto the bot
    texts' row, which costs no more than the maps alone (a UNION costs half as much again).
    Without that row, the maps alone and no revision (the default words)."""
    sql = (
        f"SELECT b.revision, {columns} FROM advisor_bottexts b LEFT JOIN advisor_map m "
        f"ON {condition} WHERE b.id = {BotTexts.ROW_ID}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        if not rows:
            cursor.execute(f"SELECT NULL, {columns} FROM advisor_map m WHERE {condition}", params)
            rows = cursor.fetchall()
    revision = rows[0][0] if rows else None
    return [row[1:] for row in rows if row[1] is not None], revision


class MapState(StrEnum):
    """What users find at a map's short name."""

    ONLINE = "online"
    OFFLINE = "offline"  # never published, or taken offline
    ARCHIVED = "archived"
    UNKNOWN = "unknown"


def map_by_slug(slug: str) -> tuple[MapState, MapGraph | None, BotWords]:
    """The map a short name names, whether users may see it, its live version when they
    may, and the bot-wide words: one query while both are cached (the web chat's)."""
    columns = f"m.id, m.live_version_id, {ONLINE}, m.archived_at IS NOT NULL"
    rows, revision = _map_rows(columns, "m.slug = %s", [slug])
    words = bot_words(revision)
    if not rows:
        return MapState.UNKNOWN, None, words
    map_id, version_id, online, archived = rows[0]
    graph = live_graph_for(map_id, version_id) if online else None
    if graph is not None:
        return MapState.ONLINE, graph, words
    return (MapState.ARCHIVED if archived else MapState.OFFLINE), None, words


def online_maps() -> tuple[list[MapEntry], BotWords]:
    """The maps users can open, default first, and the bot-wide words (one query). The
    picker orders them by their live titles (an editor's draft title shows nowhere yet)."""
    rows, revision = _online_rows("m.id, m.slug, m.live_version_id, m.is_default")
    rows.sort(key=lambda row: (not row[3], row[0]))  # the default first
    return [MapEntry(*row) for row in rows], bot_words(revision)


_bot_words: list[BotWords] = [DEFAULT_BOT_WORDS]


def bot_words(revision: int | None) -> BotWords:
    """The bot-wide words at this revision (None: never edited): the cached copy, or one
    query after an edit."""
    if revision is None:
        return DEFAULT_BOT_WORDS
    cached = _bot_words[0]
    if cached.revision != revision:
        row = BotTexts.objects.filter(pk=BotTexts.ROW_ID).first()
        cached = BotWords(row.texts, row.translations, row.revision) if row else DEFAULT_BOT_WORDS
        _bot_words[0] = cached
    return cached


def current_bot_words() -> BotWords:
    """The bot-wide words as they are now (one query while cached)."""
    row = BotTexts.objects.filter(pk=BotTexts.ROW_ID).values_list("revision", flat=True)
    return bot_words(row.first())


def _cached(map_id: int, live: bool, stamp: int, load) -> MapGraph | None:
    cached = _cache.get((map_id, live))
    if cached is not None and cached.stamp == stamp:
        return cached
    graph = load()
    if graph is not None:
        with _cache_lock:
            _cache[map_id, live] = graph
    return graph


def live_graph_for(map_id: int, version_id: int) -> MapGraph | None:
    """The map's live version, whose id the caller read: the cached copy, or one query."""

    def load():
        version = MapVersion.objects.filter(pk=version_id).first()
        return version_graph(version) if version else None

    return _cached(map_id, True, version_id, load)


def live_graph(map_id: int | None = None) -> MapGraph | None:
    """The live version users see of a map (by default the default online map), cached."""
    if map_id is None:
        maps, _ = online_maps()
        return maps[0].live_graph() if maps else None
    return live_graph_and_words(map_id)[0]


def live_graph_and_words(map_id: int) -> tuple[MapGraph | None, BotWords]:
    """An online map's live version and the bot-wide words (one query while both are cached).

    The query of each press, written out in SQL because building it with the ORM takes five
    times the CPU of running it (docs/performance.md)."""
    rows, revision = _online_rows("m.id, m.live_version_id", "AND m.id = %s", [map_id])
    graph = live_graph_for(*rows[0]) if rows else None
    return graph, bot_words(revision)


def draft_by_slug(slug: str) -> tuple[MapState, MapGraph | None, BotWords]:
    """The draft of the map a short name names, archived or not (editors see it), as
    ``map_by_slug`` answers: UNKNOWN and no graph when there is no such map."""
    map_id = Map.objects.filter(slug=slug).values_list("pk", flat=True).first()
    graph = draft_graph(map_id) if map_id else None
    state = MapState.UNKNOWN if graph is None else MapState.ONLINE
    return state, graph, current_bot_words()


def draft_graph(map_id: int) -> MapGraph | None:
    """The map's draft, as editors see it in the admin, cached while no edit happened."""
    revision = Map.objects.filter(pk=map_id).values_list("draft_revision", flat=True).first()
    return _cached(map_id, False, revision, lambda: load_draft(map_id)) if revision else None
