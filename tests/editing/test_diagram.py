"""The diagram's layout: every step and answer drawn, rows downwards, no two boxes overlapping,
loops drawn as arcs, legible for the whole scikit-learn map."""

import pytest

from advisor.core.diagram import BOX_HEIGHT, build_diagram
from advisor.core.diagram_layout import BOX_WIDTH, COLUMN_GAP
from advisor.loading import load_draft
from advisor.models import Map
from tests.editing.maps import Q, R, graph_of, make_map

pytestmark = pytest.mark.django_db


def assert_no_overlaps(diagram) -> None:
    for index, box in enumerate(diagram.boxes):
        for other in diagram.boxes[index + 1 :]:
            apart_x = abs(box.x - other.x) >= BOX_WIDTH + COLUMN_GAP - 0.01  # float sums
            apart_y = abs(box.y - other.y) >= BOX_HEIGHT
            assert apart_x or apart_y, (box.key, other.key)
        assert box.x >= 0 and box.x + BOX_WIDTH <= diagram.width
        assert box.y >= 0 and box.y + BOX_HEIGHT <= diagram.height


def test_the_scikit_learn_map_is_laid_out_legibly():
    graph = load_draft(Map.objects.get(slug="sklearn").pk)
    diagram = build_diagram(graph)
    assert len(diagram.boxes) == len(graph.nodes) == 33
    assert len(diagram.arrows) == sum(len(node.buttons) for node in graph.nodes.values())
    assert not any(arrow.is_loop for arrow in diagram.arrows)
    assert_no_overlaps(diagram)
    by_key = {box.key: box for box in diagram.boxes}
    assert by_key["more-than-50-samples"].is_start
    assert by_key["more-than-50-samples"].y < by_key["labeled-data"].y < by_key["kmeans"].y
    assert all(len(line) <= 25 for box in diagram.boxes for line in box.lines)


def test_loops_and_unreachable_steps_are_drawn_too():
    tiny = make_map(
        {
            "ask": (Q, [("Again", "ask"), ("On", "more")]),
            "more": (Q, [("Back up", "ask"), ("Done", "end")]),
            "end": (R, []),
            "lost": (R, []),
        }
    )
    diagram = build_diagram(graph_of(tiny))
    assert sorted(box.key for box in diagram.boxes) == ["ask", "end", "lost", "more"]
    loops = sorted(arrow.label for arrow in diagram.arrows if arrow.is_loop)
    assert loops == ["Again", "Back up"]
    assert_no_overlaps(diagram)


def test_a_large_map_stays_apart():
    steps = {
        f"q{n}": (Q, [("Left", f"q{2 * n}"), ("Right", f"q{2 * n + 1}")]) for n in range(1, 25)
    }
    steps.update({f"q{n}": (R, []) for n in range(25, 50)})
    diagram = build_diagram(graph_of(make_map(steps)))
    assert len(diagram.boxes) == 49 and len(diagram.arrows) == 48
    assert_no_overlaps(diagram)
