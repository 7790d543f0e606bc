"""Where a diagram's items go (advisor.core.diagram draws them): a layered layout of a
MapGraph in pure Python.

Steps go down in rows: each answer leads to a lower row, except answers that close a loop,
which are laid out as if they led down. Long arrows pass through invisible waypoints, the
order within rows is chosen to cross as few arrows as it can, and each item is then moved
towards the items it links to.
"""

from bisect import bisect_right, insort

from advisor.core.graph import MapGraph

BOX_WIDTH = 180
WAYPOINT_WIDTH = 14
COLUMN_GAP = 26
MARGIN = 24
SWEEPS = 12


def layered(graph: MapGraph) -> tuple[list[list], dict, set[int]]:
    """The rows of items top down (step ids, and waypoints (button id, row) on long arrows),
    each item's centre x, and the buttons that close a loop (drawn pointing back up)."""
    rows, above, below, loop_buttons = _rows(graph)
    rows = _order(rows, above, below)
    return rows, _centres(rows, above, below), loop_buttons


def item_width(item) -> float:
    """How wide an item is: a step's box, or a waypoint."""
    return WAYPOINT_WIDTH if isinstance(item, tuple) else BOX_WIDTH


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


def _align(row: list, x: dict, neighbours: dict) -> None:
    """Move a row's items towards their neighbours' centres, keeping order and gaps."""
    wanted = [_mean_at(linked, x) if (linked := neighbours.get(i)) else x[i] for i in row]
    placed, widths = [], [item_width(item) for item in row]
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
            x[item] = left + item_width(item) / 2
            left += item_width(item) + COLUMN_GAP
    for _ in range(4):
        for row in rows[1:]:
            _align(row, x, above)
        for row in reversed(rows[:-1]):
            _align(row, x, below)
    offset = MARGIN - min(x[item] - item_width(item) / 2 for item in x)
    return {item: centre + offset for item, centre in x.items()}
