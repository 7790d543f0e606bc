"""The answers behind a pressed button's data, as the analytics page names a path taken."""

from advisor.core.callbacks import Go, Vote, decode
from advisor.core.engine import pressed_buttons
from advisor.core.graph import MapGraph
from advisor.loading import version_graph
from advisor.models import MapVersion


def path_labels(graph: MapGraph, data: str) -> str | None:
    """The answers behind a button's data (a vote's: those before the recommendation voted
    on), e.g. "Yes › No › <100K samples" (None if stale)."""
    go = decode(data)
    go = go.go if isinstance(go, Vote) else go
    pressed = pressed_buttons(graph, go) if isinstance(go, Go) else None
    if pressed is None:
        return None
    labels = [button.label for button in pressed]
    return " › ".join(labels if go.anchor_id == graph.start_id else ["…", *labels])


class PathReader:
    """Reads a path's labels in the given graphs (the draft, the live version), and a path they
    cannot read (a button on it deleted since) in the map's older versions, newest first."""

    def __init__(self, graphs: list[MapGraph]):
        self.graphs = list(graphs)
        versions = MapVersion.objects.filter(map_id=graphs[0].id).order_by("-number")
        self.older = (version_graph(version) for version in versions.iterator())

    def labels(self, data: str) -> str | None:
        for graph in self.graphs:
            if labels := path_labels(graph, data):
                return labels
        for graph in self.older:
            self.graphs.append(graph)
            if labels := path_labels(graph, data):
                return labels
        return None
