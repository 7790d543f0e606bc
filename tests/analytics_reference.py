"""The analytics page's computation before roll-ups (botapp/analytics/stats.py, then
botapp/analytics.py, until per-day figures came), kept verbatim as the tests' reference: it
reads every raw row of the range and counts in Python, exactly, over any range."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from advisor.core.graph import MapGraph
from advisor.models import Node
from botapp.analytics.paths import path_labels
from botapp.models import HandledUpdate

Kind = HandledUpdate.Kind
VISITS = (Kind.START, Kind.ANSWER, Kind.STALE)


@dataclass(frozen=True)
class NodeStats:
    node_id: int
    key: str
    kind: str
    reached: int
    left_here: int


@dataclass(frozen=True)
class MapStats:
    chats: int
    completions: int
    nodes: list[NodeStats]
    paths: list[tuple[str, int]]
    #: Chats per Telegram language code ("" where Telegram sent none), most first.
    languages: list[tuple[str, int]]


def map_stats(
    graph: MapGraph,
    since: datetime | None = None,
    until: datetime | None = None,
    language: str | None = None,
    channel: str | None = None,
):
    """The map's statistics over handled updates in [since, until), of chats in one
    Telegram language when ``language`` is given (and, added with the web chat, on one
    channel when ``channel`` is)."""
    rows = HandledUpdate.objects.filter(map_id=graph.id)
    if channel is not None:
        rows = rows.filter(channel=channel)
    if language is not None:
        rows = rows.filter(language=language)
    if since:
        rows = rows.filter(handled_at__gte=since)
    if until:
        rows = rows.filter(handled_at__lt=until)
    reached: dict[int, set[int]] = {}
    last_node: dict[int, int | None] = {}
    completed: set[int] = set()
    paths: Counter[str] = Counter()
    languages: dict[int, str] = {}
    for chat_id, node_id, kind, path, chat_language in rows.order_by(
        "handled_at", "id"
    ).values_list("chat_id", "node_id", "kind", "path", "language"):
        languages[chat_id] = chat_language
        if kind not in VISITS or node_id not in graph.nodes:
            last_node[chat_id] = None  # a goodbye ends the walk; it is no drop-off
            continue
        reached.setdefault(node_id, set()).add(chat_id)
        last_node[chat_id] = node_id
        if graph.nodes[node_id].kind == Node.Kind.RECOMMENDATION:
            completed.add(chat_id)
            if labels := path_labels(graph, path):
                paths[labels] += 1
    left = Counter(node for node in last_node.values() if node and graph.nodes[node].is_question)
    nodes = [
        NodeStats(node.id, node.key, node.kind, len(reached.get(node.id, ())), left[node.id])
        for node in graph.nodes.values()
    ]
    nodes.sort(key=lambda stats: (-stats.reached, stats.key))
    by_language = Counter(languages.values()).most_common()
    return MapStats(len(last_node), len(completed), nodes, paths.most_common(5), by_language)
