"""A generated map of N nodes shaped like the scikit-learn one, for the map-size scenario.

Questions have two answers, recommendations link their docs and half of them offer
"Not working", texts are as long as the shipped map's. Nodes are laid out breadth first
from the start; once N nodes exist, the remaining answers lead back to existing nodes (a
graph, as the real map is). Deterministic for a given seed.

``python -m bench.mapgen N`` imports it with ``advisor.mapfile.import_map`` into the
database of DATABASE_URL (not as the default map), publishes and restores it, and prints the
timings; ``python -m bench.mapgen N tree`` does the same with a complete binary tree of N
steps, and ``python -m bench.mapgen N pictures`` imports and publishes the generated map as
PICTURES_SLUG with a picture of its own on every step. ``--slug S`` imports the generated map
or the tree under a slug of its own (beside one of another size).
"""

import argparse
import colorsys
import io
import json
import os
import random
import time
from collections import deque

SLUG = "generated"
PICTURES_SLUG = "pictures"
DOCS = "https://scikit-learn.org/stable/modules/"
ANSWERS = [("Yes", "No"), ("<100K samples", ">100K samples"), ("<10K samples", ">10K samples")]


def _node(index: int, kind: str, rng: random.Random) -> dict:
    if kind == "question":
        text = f"Step {index}: does your data have property number {index}?"
    elif kind == "recommendation":
        text = f"Try estimator {index} (sklearn.generated.Estimator{index}). " * rng.randint(1, 3)
    else:
        text = f"Tough luck at step {index}.\n\nThe chart has no estimator for this case."
    doc_url = f"{DOCS}generated.html#estimator-{index}" if kind == "recommendation" else ""
    return {"key": f"n{index}", "kind": kind, "text": text.strip(), "doc_url": doc_url}


def generate_map(nodes: int, seed: int = 7) -> dict:
    """Map data in the form ``advisor.mapfile.import_map`` reads."""
    rng = random.Random(seed)
    data = [_node(0, "question", rng)]
    open_nodes = deque([0])
    while open_nodes:
        node = data[open_nodes.popleft()]
        if node["kind"] == "question":
            labels = rng.choice(ANSWERS)
        elif node["kind"] == "recommendation" and rng.random() < 0.5:
            labels = ("Not working",)
        else:
            labels = ()
        node["buttons"] = []
        for label in labels:
            if len(data) < nodes:
                kind = "question" if len(data) < 16 else rng.choice(["question"] * 5 + ["r"] * 4)
                kind = "recommendation" if kind == "r" else kind
                kind = "dead_end" if kind == "recommendation" and rng.random() < 0.1 else kind
                data.append(_node(len(data), kind, rng))
                open_nodes.append(len(data) - 1)
                target = len(data) - 1
            else:
                target = rng.randrange(1, len(data))
            node["buttons"].append({"label": label, "target": f"n{target}"})
    if len(data) != nodes:
        raise ValueError(f"the generated map stopped at {len(data)} nodes; try another seed")
    return {
        "slug": SLUG,
        "title": f"Generated map, {nodes} nodes",
        "greeting": "Hi {first_name}! A generated map for the benchmark. Answer with the buttons.",
        "goodbye": "Goodbye, and all the best — /start to begin again",
        "is_default": False,
        "is_published": True,
        "start": "n0",
        "nodes": data,
    }


def binary_tree(nodes: int) -> dict:
    """A complete binary tree of ``nodes`` steps: questions with two answers down to
    recommendations, nothing shared (map data as ``import_map`` reads)."""
    data = []
    for index in range(nodes):
        children = [child for child in (2 * index + 1, 2 * index + 2) if child < nodes]
        node = _node(index, "question" if children else "recommendation", random.Random(index))
        node["buttons"] = [
            {"label": label, "target": f"n{child}"}
            for label, child in zip(("Yes", "No"), children, strict=False)
        ]
        data.append(node)
    return {
        **generate_map(16),
        "slug": "tree",
        "title": f"Binary tree, {nodes} nodes",
        "nodes": data,
    }


def shortest_paths(data: dict) -> dict[str, list[tuple[str, str]]]:
    """Each step's shortest way from the start: the (button label, step shown) pairs."""
    nodes = {node["key"]: node for node in data["nodes"]}
    paths, queue = {data["start"]: []}, deque([data["start"]])
    while queue:
        key = queue.popleft()
        for button in nodes[key]["buttons"]:
            if button["target"] not in paths:
                paths[button["target"]] = [*paths[key], (button["label"], button["target"])]
                queue.append(button["target"])
    return paths


def picture(index: int) -> bytes:
    """A small JPEG of step ``index``'s own: a color of its own, the step's number on it."""
    from PIL import Image, ImageDraw

    hue = index * 0.618034 % 1  # the golden ratio spreads neighbours' colors apart
    color = tuple(round(255 * c) for c in colorsys.hsv_to_rgb(hue, 0.5, 0.9))
    image = Image.new("RGB", (320, 240), color)
    ImageDraw.Draw(image).text((16, 16), f"step {index}", fill="black", font_size=40)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def import_with_pictures(nodes: int) -> dict:
    """The generated map as PICTURES_SLUG with a picture stored for every step, published;
    how many pictures and their bytes."""
    from advisor.actions.base import count_draft_edit
    from advisor.mapfile import import_map
    from advisor.models import Node
    from advisor.pictures import store
    from advisor.versions import publish

    data = generate_map(nodes)
    data.update(slug=PICTURES_SLUG, title=f"Generated map, {nodes} steps, a picture on each")
    map_obj = import_map(data, replace=True)
    sizes = []
    for index in range(nodes):
        image = picture(index)
        sizes.append(len(image))
        Node.objects.filter(map=map_obj, key=f"n{index}").update(picture=store(image))
    count_draft_edit(map_obj)  # as the actions count an edit (advisor.actions.base)
    map_obj.refresh_from_db()
    publish(map_obj, note="pictures for the benchmark")
    return {"pictures": len(sizes), "picture_bytes": sum(sizes)}


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import connection

    from advisor.actions.base import count_draft_edit
    from advisor.mapfile import import_map
    from advisor.models import Node
    from advisor.versions import publish, restore_draft

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("nodes", type=int)
    parser.add_argument("shape", nargs="?", choices=("tree", "pictures"))
    parser.add_argument("--slug", help="the map's slug (default: the shape's)")
    options = parser.parse_args()
    nodes = options.nodes
    if options.shape == "pictures":
        print(json.dumps(import_with_pictures(nodes)))
        return
    data = binary_tree(nodes) if options.shape == "tree" else generate_map(nodes)
    data["slug"] = options.slug or data["slug"]
    timings, started = {}, time.perf_counter()
    map_obj = import_map(data, replace=True)
    timings["import_s"] = time.perf_counter() - started
    count_draft_edit(map_obj)  # as the import action counts it (advisor.actions.base)
    started = time.perf_counter()
    version = publish(map_obj, note="generated for the benchmark")
    timings["publish_s"] = time.perf_counter() - started
    # Reword a tenth of the steps in the draft, then restore the published version.
    Node.objects.filter(
        map=map_obj, id__in=list(map_obj.nodes.values_list("id", flat=True))[::10]
    ).update(text="Reworded?")
    started = time.perf_counter()
    restore_draft(map_obj, version)
    timings["restore_s"] = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_size(content) FROM advisor_mapversion WHERE id = %s", [version.id]
        )
        timings["version_bytes"] = cursor.fetchone()[0]
    print(json.dumps(timings))


if __name__ == "__main__":
    main()
