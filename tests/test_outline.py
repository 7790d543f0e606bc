"""The outline as a pure rule over a map's graph: conversation order, a shared step shown in
full once and referenced elsewhere, loops, steps the first question never reaches, folding a
big map, unfolding a branch, and search."""

from advisor.core.graph import graph_from_content
from advisor.core.outline import OPEN_LIMIT, Outline
from advisor.core.texts import start_of
from bench.mapgen import generate_map


def step(id, key, *buttons, kind="question", text=""):
    """A step; each button is (id, label, target key)."""
    return {
        "id": id,
        "key": key,
        "kind": kind,
        "text": text or f"Text of {key}?",
        "doc_url": "",
        "buttons": [{"id": b, "label": label, "target": target} for b, label, target in buttons],
    }


def outline_of(*steps, start="a") -> Outline:
    content = {"slug": "m", "title": "M", "greeting": "", "goodbye": "", "start": start}
    return Outline.of(graph_from_content(1, {**content, "nodes": list(steps)}, 1))


SHARED = outline_of(
    step(1, "a", (10, "Yes", "b"), (11, "No", "c")),
    step(2, "b", (20, "More", "d"), (21, "Back up", "a")),
    step(3, "c", (30, "Also", "d")),
    step(4, "d", kind="recommendation"),
    step(5, "lonely", (50, "To b", "b"), kind="dead_end"),
    step(6, "only-from-lonely-loop", (60, "Loop", "only-from-lonely-loop2")),
    step(7, "only-from-lonely-loop2", (70, "Loop", "only-from-lonely-loop")),
)


def keys(rows) -> list:
    """The rows as nested lists: each step's key, then per answer its label and what it
    leads to (a nested list in full, or "→key" for a reference)."""
    shown = []
    for row in rows:
        answers = [
            (a.button.label, keys([a.row])[0] if a.row else f"→{a.target.key}")
            for a in row.answers or []
        ]
        shown.append([row.step.key, answers] if row.answers is not None else [row.step.key])
    return shown


def test_conversation_order_with_a_shared_step_in_full_once():
    rows, unreached = SHARED.rows(set(SHARED.order))
    assert keys(rows) == [
        [
            "a",
            [
                ("Yes", ["b", [("More", ["d", []]), ("Back up", "→a")]]),
                ("No", ["c", [("Also", "→d")]]),
            ],
        ]
    ]
    back_up = rows[0].answers[0].row.answers[1]
    assert back_up.loops and back_up.above
    also = rows[0].answers[1].row.answers[0]
    assert not also.loops and also.above  # "d" is shown in full above, under "More"


def test_steps_the_first_question_never_reaches_come_last_nothing_leads_to_first():
    _, unreached = SHARED.rows(set(SHARED.order))
    assert [row.step.key for row in unreached] == ["lonely", "only-from-lonely-loop"]
    assert keys(unreached)[0] == ["lonely", [("To b", "→b")]]  # b is in the outline above


def test_a_shared_step_is_shown_where_it_is_reached_in_fewest_answers():
    outline = outline_of(
        step(1, "a", (10, "Deep", "b"), (11, "Short", "shared")),
        step(2, "b", (20, "On", "c")),
        step(3, "c", (30, "On", "shared")),
        step(4, "shared", kind="recommendation"),
    )
    rows, _ = outline.rows(set(outline.order))
    deep_reference = rows[0].answers[0].row.answers[0].row.answers[0]
    assert deep_reference.row is None and not deep_reference.above  # shown below, shallower
    assert rows[0].answers[1].row.step.key == "shared"
    assert outline.path(4) == [1, 4]


def test_sizes_paths_and_folding():
    assert SHARED.sizes[1] == 4 and SHARED.sizes[2] == 2 and SHARED.sizes[6] == 2
    rows, _ = SHARED.rows({1})
    assert keys(rows) == [["a", [("Yes", ["b"]), ("No", ["c"])]]]
    assert rows[0].answers[0].row.size == 2  # "1 step below" when folded
    branch = SHARED.branch(2, set(), levels=1)
    assert keys([branch]) == [["b", [("More", ["d"]), ("Back up", "→a")]]]


def test_a_big_map_opens_its_first_levels_only():
    data = generate_map(10_000)
    for index, node in enumerate(data["nodes"]):
        node["id"] = index + 1
        for number, button in enumerate(node["buttons"]):
            button["id"] = (index + 1) * 10 + number
    outline = Outline.of(graph_from_content(1, data, 1))
    assert len(outline.order) == 10_000 and outline.roots == [1]
    opened = outline.default_open()
    rows, _ = outline.rows(opened)

    def count(rows):
        return sum(1 + count([a.row for a in r.answers or [] if a.row]) for r in rows)

    shown = count(rows)
    assert 1 < shown <= OPEN_LIMIT and len(opened) < shown
    folded = next(step for step in outline.order if step not in opened and outline.sizes[step] > 1)
    assert count([outline.branch(folded, opened, levels=2)]) > 1


def test_search_finds_every_word_in_any_case_and_accents():
    outline = outline_of(
        step(1, "a", (10, "Sí, muchas", "b"), text="¿Tienes más de 50 MUESTRAS?"),
        step(2, "b", text="Prueba el Ridge", kind="recommendation"),
    )
    assert [(n.key, what) for n, what in outline.search("tienes mas muestras")] == [
        ("a", "message")
    ]
    assert [(n.key, what) for n, what in outline.search("si muchas")] == [
        ("a", "button “Sí, muchas”")
    ]
    assert [n.key for n, _ in outline.search("ridge")] == ["b"]
    assert outline.search("ridge tienes") == [] and outline.search("  ") == []


def test_a_step_is_named_by_the_start_of_its_message():
    assert start_of("Do you have\nlabeled data?") == "Do you have labeled data?"
    long = "Try Kernel approximation (sklearn.kernel_approximation) and a linear model after it."
    assert start_of(long, 40) == "Try Kernel approximation…"
