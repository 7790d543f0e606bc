"""The map as an outline, in conversation order: the first question, under it each answer
button and, under the button, the step it leads to, and so on down. A step several buttons
lead to is shown in full once, as close to the first question as it is reached (the first
button in reading order among those), and elsewhere as a reference to it; the steps the first
question never reaches come last, each with what only it reaches. Pure, over a MapGraph.

A big map's outline opens folded: only its first levels are shown, and a folded step says
how many steps its branch holds; ``branch`` gives one step's branch when it is unfolded.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from advisor.core.graph import ButtonView, MapGraph, NodeView
from advisor.core.markup import plain

#: A map of at most this many steps opens unfolded; a bigger one shows its first levels.
OPEN_LIMIT = 200
#: A branch unfolded on demand shows this many levels below it.
UNFOLD_LEVELS = 2
#: How many results a search lists.
SEARCH_LIMIT = 50


@dataclass(frozen=True)
class Place:
    """Where a step is shown in full: under which step's button, how deep, how far down."""

    parent: int | None
    button: int | None
    depth: int
    index: int


@dataclass
class Row:
    """A step as the outline shows it: in full (its answers, each with the step it leads to
    in full or as a reference), or folded (``answers`` None)."""

    step: NodeView
    depth: int
    size: int  # the steps its branch shows in full, itself included
    answers: list["Answer"] | None = None


@dataclass
class Answer:
    button: ButtonView
    target: NodeView
    row: Row | None = None  # the step it leads to, in full here; None: a reference
    loops: bool = False  # the reference leads back up to a step above it on this path
    above: bool = False  # the reference's step is shown in full above it (else below)


@dataclass
class Outline:
    graph: MapGraph
    places: dict[int, Place] = field(default_factory=dict)
    order: list[int] = field(default_factory=list)
    roots: list[int] = field(default_factory=list)
    sizes: dict[int, int] = field(default_factory=dict)

    @classmethod
    def of(cls, graph: MapGraph) -> "Outline":
        outline = cls(graph)
        if graph.start_id in graph.nodes:
            outline._walk(graph.start_id)
        rest = sorted(set(graph.nodes) - set(outline.places), key=lambda i: graph.nodes[i].key)
        targets = {b.target_id for node in graph.nodes.values() for b in node.buttons}
        for step_id in sorted(rest, key=lambda i: i in targets):  # nothing leads to it: first
            if step_id not in outline.places:
                outline._walk(step_id)
        for step_id in reversed(outline.order):
            parent = outline.places[step_id].parent
            outline.sizes[step_id] = outline.sizes.get(step_id, 0) + 1
            if parent is not None:
                outline.sizes[parent] = outline.sizes.get(parent, 0) + outline.sizes[step_id]
        return outline

    def _walk(self, root: int) -> None:
        """Where each step ``root`` reaches and no earlier root did is shown in full: under
        the first button that reaches it in the fewest answers (breadth first, buttons in
        order); then the branch's reading order (depth first)."""
        self.roots.append(root)
        homes = {root: (None, None, 0)}
        queue, head = [root], 0
        while head < len(queue):
            step_id = queue[head]
            head += 1
            for button in self.graph.nodes[step_id].buttons:
                target = button.target_id
                if target in self.graph.nodes and target not in homes and target not in self.places:
                    homes[target] = (step_id, button.id, homes[step_id][2] + 1)
                    queue.append(target)
        children: dict[int, list[int]] = {}
        for step_id, (parent, _, _) in homes.items():
            if parent is not None:
                children.setdefault(parent, []).append(step_id)
        stack = [root]
        while stack:
            step_id = stack.pop()
            parent, button_id, depth = homes[step_id]
            self.places[step_id] = Place(parent, button_id, depth, len(self.order))
            self.order.append(step_id)
            order = {b.id: i for i, b in enumerate(self.graph.nodes[step_id].buttons)}
            below = children.get(step_id, [])
            stack.extend(sorted(below, key=lambda c: order[homes[c][1]], reverse=True))

    def path(self, step_id: int) -> list[int]:
        """The steps from its root down to ``step_id``, each shown in full under the last."""
        path = []
        while step_id is not None:
            path.append(step_id)
            step_id = self.places[step_id].parent
        return path[::-1]

    def default_open(self) -> set[int]:
        """The steps shown unfolded when the page opens: all of a small map; of a big one,
        its first levels, as many as keep it to about OPEN_LIMIT steps."""
        if len(self.order) <= OPEN_LIMIT:
            return set(self.order)
        by_depth: dict[int, int] = {}
        for place in self.places.values():
            by_depth[place.depth] = by_depth.get(place.depth, 0) + 1
        shown, depth = 0, 0
        while depth in by_depth and shown + by_depth[depth] <= OPEN_LIMIT:
            shown += by_depth[depth]
            depth += 1
        return {step for step, place in self.places.items() if place.depth < depth - 1}

    def branch(self, step_id: int, opened: set[int], levels: int | None = None) -> Row:
        """The rows of ``step_id``'s branch: steps in ``opened`` unfolded (with ``levels``,
        also the next levels below ``step_id``)."""
        if levels is not None:
            depth = self.places[step_id].depth + levels
            opened = opened | {s for s in self._below(step_id) if self.places[s].depth < depth}
        return self._row(step_id, opened)

    def _below(self, step_id: int) -> list[int]:
        """The steps of ``step_id``'s branch, itself included, in order."""
        start = self.places[step_id].index
        return self.order[start : start + self.sizes[step_id]]

    def _row(self, step_id: int, opened: set[int]) -> Row:
        node = self.graph.nodes[step_id]
        place = self.places[step_id]
        row = Row(node, place.depth, self.sizes[step_id])
        if step_id not in opened:
            return row
        above = set(self.path(step_id))
        row.answers = []
        for button in node.buttons:
            target = self.graph.nodes.get(button.target_id)
            if target is None:
                continue
            here = self.places[target.id].button == button.id
            answer = Answer(
                button,
                target,
                loops=not here and target.id in above,
                above=self.places[target.id].index < place.index,
            )
            if here:
                answer.row = self._row(target.id, opened)
            row.answers.append(answer)
        return row

    def rows(self, opened: set[int]) -> tuple[list[Row], list[Row]]:
        """The outline from its first question, and the steps it never reaches."""
        rows = [self._row(root, opened) for root in self.roots]
        if self.graph.start_id in self.places:
            return rows[:1], rows[1:]
        return [], rows

    def search(self, query: str) -> list[tuple[NodeView, str]]:
        """Steps and buttons holding every word of ``query`` (any case, any accents), in
        outline order: each step with what matched ("message", "short name", "button “No”")."""
        words = _words(query)
        if not words:
            return []
        found = []
        for step_id in self.order:
            node = self.graph.nodes[step_id]
            texts = [("message", plain(node.text)), ("short name", node.key)]
            texts += [(f"button “{b.label}”", f"{b.label} {b.summary}") for b in node.buttons]
            for what, text in texts:
                if all(word in _plain(text) for word in words):
                    found.append((node, what))
                    break
            if len(found) == SEARCH_LIMIT:
                break
        return found


def _plain(text: str) -> str:
    """Lower case without accents, as searching compares."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _words(query: str) -> list[str]:
    return re.findall(r"\w+", _plain(query))
