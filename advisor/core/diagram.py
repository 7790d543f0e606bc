"""The map as a diagram: a layered drawing computed in pure Python from a MapGraph, shown as
inline SVG on the map's admin page (no JavaScript, nothing fetched at view time).

Steps go down in rows: each answer leads to a lower row, except answers that close a loop,
drawn dashed and pointing back up (an answer to its own step curls below its box). Long
arrows pass through invisible waypoints, and the order within rows is chosen to cross as few
arrows as it can.
"""

import textwrap
from bisect import bisect_right, insort
from dataclasses import dataclass, replace

from advisor.core.graph import MapGraph
from advisor.core.markup import plain
from advisor.core.ratings import Rating

BOX_WIDTH = 180
BOX_HEIGHT = 60
WAYPOINT_WIDTH = 14
COLUMN_GAP = 26
ROW_HEIGHT = 132
MARGIN = 24
LINE_CHARS = 25
LINE_HEIGHT = 15
MAX_LINES = 3
SWEEPS = 12


@dataclass(frozen=True)
class Box:
    node_id: int
    key: str
    kind: str
    text: str
    lines: tuple[str, ...]
    x: float
    y: float
    is_start: bool
    #: Whether the step shows a picture (marked in its corner).
    picture: bool = False
    #: A recommendation's votes (advisor.core.ratings): a tint and a badge once enough.
    rating: Rating | None = None
    width = BOX_WIDTH
    height = BOX_HEIGHT
    line_height = LINE_HEIGHT

    @property
    def centre_x(self) -> float:
        return self.x + BOX_WIDTH / 2

    @property
    def text_y(self) -> float:
        """The baseline of the first line, so that the lines sit in the middle of the box."""
        return self.y + (BOX_HEIGHT - LINE_HEIGHT * len(self.lines)) / 2 + LINE_HEIGHT - 3

    @property
    def badge_at(self) -> str:
        """The centre of the helpful rate's badge: astride the box's top edge, on the right."""
        return f"translate({self.x + BOX_WIDTH - 30:.1f},{self.y:.1f})"


@dataclass(frozen=True)
class Arrow:
    label: str
    path: str
    label_x: float
    label_y: float
    is_loop: bool


@dataclass(frozen=True)
class Diagram:
    width: float
    height: float
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]

    @property
    def tinted(self) -> bool:
        """Whether any step is tinted by its helpful rate (the legend shows then)."""
        return any(box.rating and box.rating.tinted for box in self.boxes)


def _depth_first(graph: MapGraph) -> tuple[list[int], list[int], set[int]]:
    """Steps in visiting order and in finishing order, and the buttons that close a loop."""
    visiting, finished, loop_buttons, state = [], [], set(), {}

    def visit(node_id: int) -> None:
        state[node_id] = "open"
        visiting.append(node_id)
        for button in graph.nodes[node_id].buttons:
            if state.get(button.target_id) == "open":
                loop_buttons.add(button.id)
            elif button.target_id not in state:
                visit(button.target_id)
        state[node_id] = "done"
        finished.append(node_id)

    roots = [graph.start_id] if graph.start_id in graph.nodes else []
    for root in roots + sorted(graph.nodes, key=lambda node_id: graph.nodes[node_id].key):
        if root not in state:
            visit(root)
    return visiting, finished, loop_buttons


def _rows(graph: MapGraph) -> tuple[list[list], dict, dict, set[int]]:
    """Rows of items (step ids, and waypoints (button id, n) on long arrows), with links."""
    visiting, finished, loop_buttons = _depth_first(graph)
    row_of = dict.fromkeys(graph.nodes, 0)
    for node_id in reversed(finished):  # a topological order once loops are set aside
        for button in graph.nodes[node_id].buttons:
            if button.id not in loop_buttons:
                row_of[button.target_id] = max(row_of[button.target_id], row_of[node_id] + 1)
    rows = [[] for _ in range(max(row_of.values()) + 1)]
    above, below = {}, {}
    for node_id in visiting:
        rows[row_of[node_id]].append(node_id)
        above.setdefault(node_id, [])
        below.setdefault(node_id, [])
    for node_id in visiting:
        for button in graph.nodes[node_id].buttons:
            upper, lower = node_id, button.target_id
            if button.id in loop_buttons:  # laid out as if it led down, drawn pointing up
                upper, lower = lower, upper
            if upper == lower:
                continue
            chain = [upper]
            for row in range(row_of[upper] + 1, row_of[lower]):
                waypoint = (button.id, row)
                rows[row].append(waypoint)
                chain.append(waypoint)
            chain.append(lower)
            for top, bottom in zip(chain, chain[1:], strict=False):
                below.setdefault(top, []).append(bottom)
                above.setdefault(bottom, []).append(top)
    return rows, above, below, loop_buttons


def _mean_at(items: list, at: dict) -> float:
    """The mean of the items' positions (or x) in ``at``."""
    return sum(map(at.__getitem__, items)) / len(items)


def _crossings(rows: list[list], below: dict) -> int:
    """How many pairs of links between neighbouring rows cross: for each item's links, the
    links of the items left of it that end further right."""
    total = 0
    for upper, lower in zip(rows, rows[1:], strict=False):
        at = {item: index for index, item in enumerate(lower)}
        ends_so_far = []  # sorted
        for item in upper:
            ends = [at[t] for t in below.get(item, ())]
            total += sum(len(ends_so_far) - bisect_right(ends_so_far, end) for end in ends)
            for end in ends:
                insort(ends_so_far, end)
    return total


def _order(rows: list[list], above: dict, below: dict) -> list[list]:
    """Reorder each row by its neighbours' mean position, keeping the fewest crossings."""
    best, fewest = [list(row) for row in rows], _crossings(rows, below)
    for sweep in range(SWEEPS):
        downwards = sweep % 2 == 0
        indexes = range(1, len(rows)) if downwards else range(len(rows) - 2, -1, -1)
        for index in indexes:
            neighbours = above if downwards else below
            fixed = rows[index - 1] if downwards else rows[index + 1]
            at = {item: position for position, item in enumerate(fixed)}
            current = {item: position for position, item in enumerate(rows[index])}

            def barycentre(item, neighbours=neighbours, at=at, current=current):
                linked = neighbours.get(item)
                return _mean_at(linked, at) if linked else current[item]

            rows[index].sort(key=barycentre)
        crossings = _crossings(rows, below)
        if crossings < fewest:
            best, fewest = [list(row) for row in rows], crossings
    return best


def _width(item) -> float:
    return WAYPOINT_WIDTH if isinstance(item, tuple) else BOX_WIDTH


def _align(row: list, x: dict, neighbours: dict) -> None:
    """Move a row's items towards their neighbours' centres, keeping order and gaps."""
    wanted = [_mean_at(linked, x) if (linked := neighbours.get(i)) else x[i] for i in row]
    placed, widths = [], [_width(item) for item in row]
    for index, spot in enumerate(wanted):
        if placed:
            gap = (widths[index - 1] + widths[index]) / 2 + COLUMN_GAP
            spot = max(spot, placed[-1] + gap)
        placed.append(spot)
    shift = sum(w - p for w, p in zip(wanted, placed, strict=True)) / len(row) if row else 0
    for item, spot in zip(row, placed, strict=True):
        x[item] = spot + shift


def _centres(rows: list[list], above: dict, below: dict) -> dict:
    x = {}
    for row in rows:
        left = 0.0
        for item in row:
            x[item] = left + _width(item) / 2
            left += _width(item) + COLUMN_GAP
    for _ in range(4):
        for row in rows[1:]:
            _align(row, x, above)
        for row in reversed(rows[:-1]):
            _align(row, x, below)
    offset = MARGIN - min(x[item] - _width(item) / 2 for item in x)
    return {item: centre + offset for item, centre in x.items()}


def _bezier(p0, c1, c2, p1, t: float) -> tuple[float, float]:
    s = 1 - t
    return tuple(
        s**3 * a + 3 * s * s * t * b + 3 * s * t * t * c + t**3 * d
        for a, b, c, d in zip(p0, c1, c2, p1, strict=True)
    )


def _number(value: float) -> str:
    """A coordinate as the SVG gets it: to a tenth of a pixel, without a trailing ".0"."""
    return f"{round(value, 1) or 0.0:.1f}".removesuffix(".0")  # never "-0"


def _flowing_arrow(label: str, points: list[tuple[float, float]], is_loop: bool) -> Arrow:
    """A smooth arrow through the points, labelled halfway along its first bend. Each bend
    is written from where it starts (short numbers); a straight drop as a vertical line."""
    tenths = [(round(px, 1), round(py, 1)) for px, py in points]
    path = f"M{_number(tenths[0][0])},{_number(tenths[0][1])}"
    for (px, py), (qx, qy) in zip(tenths, tenths[1:], strict=False):
        dx, dy, half = _number(qx - px), _number(qy - py), _number((qy - py) / 2)
        path += f"v{dy}" if dx == "0" else f"c0,{half} {dx},{half} {dx},{dy}"
    (px, py), (qx, qy) = points[0], points[1]
    bend = (qy - py) / 2
    label_x, label_y = _bezier((px, py), (px, py + bend), (qx, qy - bend), (qx, qy), 0.5)
    return Arrow(label, path, label_x, label_y, is_loop)


def _curl(label: str, left: float, top: float) -> Arrow:
    """An answer that leads to its own step: a curl from the box's bottom to its right side."""
    start = (left + BOX_WIDTH - 34, top + BOX_HEIGHT)
    end = (left + BOX_WIDTH, top + BOX_HEIGHT - 12)
    c1, c2 = (start[0], start[1] + 40), (end[0] + 30, end[1] + 6)
    path = "M{},{} C{},{} {},{} {},{}".format(*map(_number, (*start, *c1, *c2, *end)))
    label_x, label_y = _bezier(start, c1, c2, end, 0.5)
    return Arrow(label, path, label_x, label_y + 12, True)


def _arrow(button, source: int, x: dict, y: dict, rows: int, is_loop: bool) -> Arrow:
    """A button's arrow: down from the middle of its step's box, or for a loop, up from
    left of the middle, through the waypoints the layout gave it."""
    if source == button.target_id:
        return _curl(button.label, x[source] - BOX_WIDTH / 2, y[source])
    waypoints = [(x[w], y[w] + BOX_HEIGHT / 2) for r in range(rows) if (w := (button.id, r)) in x]
    if not is_loop:
        start, end = (x[source], y[source] + BOX_HEIGHT), (x[button.target_id], y[button.target_id])
        return _flowing_arrow(button.label, [start, *waypoints, end], False)
    aside = -BOX_WIDTH / 3  # left of the middle: the curl of a self-answer is on the right
    start = (x[source] + aside, y[source])
    end = (x[button.target_id] + aside, y[button.target_id] + BOX_HEIGHT)
    return _flowing_arrow(button.label, [start, *reversed(waypoints), end], True)


def _lines(text: str) -> tuple[str, ...]:
    lines = textwrap.wrap(" ".join(text.split()), LINE_CHARS) or [""]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: LINE_CHARS - 1] + "…"
    return tuple(lines)


def build_diagram(graph: MapGraph) -> Diagram:
    """Where each step's box and each answer's arrow go."""
    if not graph.nodes:
        return Diagram(0, 0, (), ())
    rows, above, below, loop_buttons = _rows(graph)
    rows = _order(rows, above, below)
    x = _centres(rows, above, below)
    y = {item: MARGIN + index * ROW_HEIGHT for index, row in enumerate(rows) for item in row}
    boxes = tuple(
        Box(n.id, n.key, n.kind, words, _lines(words), x[n.id] - BOX_WIDTH / 2, y[n.id],
            n.id == graph.start_id, bool(n.picture))
        for n in graph.nodes.values()
        for words in (plain(n.text),)
    )  # fmt: skip
    arrows = tuple(
        _arrow(button, node.id, x, y, len(rows), button.id in loop_buttons)
        for node in graph.nodes.values()
        for button in node.buttons
    )
    width = max(x[item] + _width(item) / 2 for item in x) + MARGIN
    height = MARGIN * 2 + (len(rows) - 1) * ROW_HEIGHT + BOX_HEIGHT
    return Diagram(width, height, boxes, arrows)


def with_ratings(diagram: Diagram, ratings: dict[int, Rating]) -> Diagram:
    """The diagram with the recommendations' ratings on their boxes."""
    boxes = tuple(
        replace(box, rating=ratings[box.node_id]) if box.node_id in ratings else box
        for box in diagram.boxes
    )
    return replace(diagram, boxes=boxes)
