"""The diagram on the map's page, kept per process: its layout is worked out once per draft
revision (or version), its SVG once per layout, changed steps and ratings, so a view of a
big map costs neither.

Kept by what they are made of (the map, the draft's revision or the version's id), so an
edit on any worker gives the next view a new key and nothing stale is shown; the last few
of each are kept.
"""

from threading import Lock

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from advisor.core.diagram import Diagram, build_diagram, with_ratings
from advisor.core.graph import MapGraph
from advisor.core.ratings import Rating

KEPT = 8
_layouts: dict[tuple, Diagram] = {}
_drawings: dict[tuple, SafeString] = {}
_lock = Lock()


def _kept(cache: dict, key: tuple, make):
    """The value kept for ``key``, else ``make()``'s, kept from now on (the oldest dropped)."""
    value = cache.get(key)
    if value is None:
        value = make()
        with _lock:
            while len(cache) >= KEPT:
                cache.pop(next(iter(cache)))
            cache[key] = value
    return value


def drawing(
    graph: MapGraph, shown: str, changed: set[int], ratings: dict[int, Rating]
) -> SafeString:
    """The diagram's markup (admin/advisor/map/diagram.svg): ``graph`` as the page shows it
    (``shown`` "draft": its stamp is the draft's revision, "version": the version's id), the
    ``changed`` steps outlined, the recommendations' ``ratings`` on them."""
    layout_key = (graph.id, shown, graph.stamp)
    key = (*layout_key, frozenset(changed), tuple(sorted(ratings.items())))

    def draw() -> SafeString:
        layout = _kept(_layouts, layout_key, lambda: build_diagram(graph))
        context = {"diagram": with_ratings(layout, ratings), "changed": changed}
        return render_to_string("admin/advisor/map/diagram.svg", context)

    return _kept(_drawings, key, draw)
