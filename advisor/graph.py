"""An immutable in-memory copy of one map, and a per-process cache of them.

Users see a map's live version: each update costs one small query (the live version's id),
and a version is read again only after a publish changed it. Editors' pages show the draft,
cached while its revision stays the same.
"""

from dataclasses import dataclass
from threading import Lock

from django.db import connection

from advisor.mapfile import export_map
from advisor.models import Map, MapVersion, Node


@dataclass(frozen=True)
class ButtonView:
    id: int
    label: str
    target_id: int
    summary: str = ""


@dataclass(frozen=True)
class NodeView:
    id: int
    key: str
    kind: str
    text: str
    doc_url: str
    buttons: tuple[ButtonView, ...]

    @property
    def is_question(self) -> bool:
        return self.kind == Node.Kind.QUESTION


@dataclass(frozen=True)
class MapGraph:
    id: int
    slug: str
    title: str
    greeting: str
    goodbye: str
    start_id: int | None
    #: What the cache compares: the live version's id, or the draft's revision.
    stamp: int
    nodes: dict[int, NodeView]

    @property
    def start(self) -> NodeView | None:
        return self.nodes.get(self.start_id)


def graph_from_content(map_id: int, content: dict, stamp: int) -> MapGraph:
    """A map's graph from a version's content (a map file's data with ids)."""
    ids = {node["key"]: node["id"] for node in content["nodes"]}
    nodes = {
        node["id"]: NodeView(
            node["id"],
            node["key"],
            node["kind"],
            node["text"],
            node.get("doc_url", ""),
            tuple(
                ButtonView(button["id"], button["label"], ids[button["target"]], button["summary"])
                for button in node["buttons"]
            ),
        )
        for node in content["nodes"]
    }
    return MapGraph(
        id=map_id,
        slug=content["slug"],
        title=content["title"],
        greeting=content["greeting"],
        goodbye=content["goodbye"],
        start_id=ids.get(content["start"]),
        stamp=stamp,
        nodes=nodes,
    )


def load_draft(map_id: int) -> MapGraph | None:
    """Read a map's draft from the database (three queries)."""
    map_obj = Map.objects.filter(pk=map_id).first()
    if map_obj is None:
        return None
    return graph_from_content(map_id, export_map(map_obj, with_ids=True), map_obj.draft_revision)


def version_graph(version: MapVersion) -> MapGraph:
    """The graph of one published version."""
    return graph_from_content(version.map_id, version.content, version.id)


#: How maps are listed to users: the default map first, then by title.
DEFAULT_FIRST = ("-is_default", "title", "id")

_cache: dict[tuple[int, bool], MapGraph] = {}
_cache_lock = Lock()


@dataclass(frozen=True)
class MapEntry:
    """What users can see of an online map before opening it."""

    id: int
    slug: str
    live_version_id: int
    is_default: bool


def online_maps() -> list[MapEntry]:
    """The maps users can open, default first (one query)."""
    fields = ("id", "slug", "live_version_id", "is_default")
    rows = Map.objects.filter(is_published=True, live_version__isnull=False)
    return [MapEntry(*row) for row in rows.order_by(*DEFAULT_FIRST).values_list(*fields)]


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
        maps = online_maps()
        return live_graph_for(maps[0].id, maps[0].live_version_id) if maps else None
    row = _live_version_id(map_id)
    return live_graph_for(*row) if row else None


def draft_graph(map_id: int) -> MapGraph | None:
    """The map's draft, as editors see it in the admin, cached while no edit happened."""
    revision = Map.objects.filter(pk=map_id).values_list("draft_revision", flat=True).first()
    return _cached(map_id, False, revision, lambda: load_draft(map_id)) if revision else None


def _live_version_id(map_id: int) -> tuple[int, int] | None:
    """An online map's id and live version id: the query of each press, written out in SQL
    because building it with the ORM takes five times the CPU of running it (README,
    "Performance")."""
    quote = connection.ops.quote_name
    sql = (
        f"SELECT {quote('id')}, {quote('live_version_id')} FROM {quote(Map._meta.db_table)} "
        f"WHERE {quote('id')} = %s AND {quote('is_published')} "
        f"AND {quote('live_version_id')} IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [map_id])
        return cursor.fetchone()
