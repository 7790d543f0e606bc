"""The map as a diagram: a layered drawing computed in pure Python from a MapGraph, shown as
inline SVG on the map's admin page (no JavaScript, nothing fetched at view time).

Steps go down in rows, placed by advisor.core.diagram_layout; here they become boxes and
their answers arrows: smooth curves down to the next row, answers that close a loop drawn
dashed and pointing back up, an answer to its own step a curl below its box.
"""

import textwrap
from dataclasses import dataclass, replace

from advisor.core.diagram_layout import BOX_WIDTH, MARGIN, item_width, layered
from advisor.core.graph import MapGraph
from advisor.core.markup import plain
from advisor.core.ratings import Rating

BOX_HEIGHT = 60
ROW_HEIGHT = 132
LINE_CHARS = 25
LINE_HEIGHT = 15
MAX_LINES = 3


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
    rows, x, loop_buttons = layered(graph)
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
    width = max(x[item] + item_width(item) / 2 for item in x) + MARGIN
    height = MARGIN * 2 + (len(rows) - 1) * ROW_HEIGHT + BOX_HEIGHT
    return Diagram(width, height, boxes, arrows)


def with_ratings(diagram: Diagram, ratings: dict[int, Rating]) -> Diagram:
    """The diagram with the recommendations' ratings on their boxes."""
    boxes = tuple(
        replace(box, rating=ratings[box.node_id]) if box.node_id in ratings else box
        for box in diagram.boxes
    )
    return replace(diagram, boxes=boxes)
