"""An immutable in-memory copy of one map, and a per-process cache of them keyed by version.

Each update costs one small query (the map's current version); the nodes and buttons are
read again only after an edit has bumped the version.
"""

from dataclasses import dataclass
from threading import Lock

from django.db import connection

from advisor.models import Button, Map, Node


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
    version: int
    nodes: dict[int, NodeView]

    @property
    def start(self) -> NodeView | None:
        return self.nodes.get(self.start_id)


def load_graph(map_id: int) -> MapGraph | None:
    """Read one map, its nodes and its buttons from the database (three queries)."""
    map_obj = Map.objects.filter(pk=map_id).first()
    if map_obj is None:
        return None
    buttons: dict[int, list[ButtonView]] = {}
    for button in Button.objects.filter(node__map_id=map_id).order_by("order", "id"):
        buttons.setdefault(button.node_id, []).append(
            ButtonView(button.id, button.label, button.target_id, button.summary)
        )
    nodes = {
        node.id: NodeView(
            node.id, node.key, node.kind, node.text, node.doc_url, tuple(buttons.get(node.id, ()))
        )
        for node in Node.objects.filter(map_id=map_id)
    }
    return MapGraph(
        id=map_obj.id,
        slug=map_obj.slug,
        title=map_obj.title,
        greeting=map_obj.greeting,
        goodbye=map_obj.goodbye,
        start_id=map_obj.start_node_id,
        version=map_obj.version,
        nodes=nodes,
    )


#: How maps are listed to users: the default map first, then by title.
DEFAULT_FIRST = ("-is_default", "title", "id")

_cache: dict[int, MapGraph] = {}
_cache_lock = Lock()


@dataclass(frozen=True)
class MapEntry:
    """What users can see of a published map before opening it."""

    id: int
    slug: str
    title: str
    version: int
    is_default: bool


def published_maps() -> list[MapEntry]:
    """The maps users can open, default first (one query)."""
    fields = ("id", "slug", "title", "version", "is_default")
    rows = Map.objects.filter(is_published=True).order_by(*DEFAULT_FIRST)
    return [MapEntry(*row) for row in rows.values_list(*fields)]


def graph_for(map_id: int, version: int) -> MapGraph | None:
    """The map at (at least) this version: the cached copy, or a fresh read after an edit."""
    cached = _cache.get(map_id)
    if cached is not None and cached.version == version:
        return cached
    graph = load_graph(map_id)
    if graph is not None:
        with _cache_lock:
            _cache[graph.id] = graph
    return graph


def current_graph(map_id: int | None = None, *, include_drafts: bool = False) -> MapGraph | None:
    """The current version of a map (by default the default published map), cached."""
    if map_id is None:
        maps = Map.objects.all() if include_drafts else Map.objects.filter(is_published=True)
        row = maps.order_by(*DEFAULT_FIRST).values_list("id", "version").first()
    else:
        row = _id_and_version(map_id, include_drafts)
    return graph_for(*row) if row else None


def _id_and_version(map_id: int, include_drafts: bool) -> tuple[int, int] | None:
    """One map's id and version: the query of each press, written out in SQL because
    building it with the ORM takes five times the CPU of running it (README, "Performance")."""
    quote = connection.ops.quote_name
    sql = f"SELECT {quote('id')}, {quote('version')} FROM {quote(Map._meta.db_table)} WHERE "
    sql += f"{quote('id')} = %s" + ("" if include_drafts else f" AND {quote('is_published')}")
    with connection.cursor() as cursor:
        cursor.execute(sql, [map_id])
        return cursor.fetchone()
