"""``python -m bench.outline``: the map's page (its outline) for the shipped map and for
generated maps of 400 steps (drawn in a diagram) and of 10 000 steps, each measured in a
fresh process as an editor gets it.

Creates its own PostgreSQL database, migrates it as the Procfile's release line does (which
loads the scikit-learn map) and imports generated maps (bench.mapgen, through a map file's
import) of each size: one shaped like the scikit-learn map, whose answers lead back to shared
steps, and a complete binary tree. Then, in a fresh process per map (bench.outline_work):
the map's page with the draft not cached yet (a worker's first view) and again (cached),
unfolding a folded branch, a search by words, one reword saved through the outline (the
request and its redrawn outline), and the map's page of the reworded draft. Prints seconds
(and the measuring process's CPU seconds), peak memory and the page's size; the database is
dropped at the end (docs/performance.md).
"""

import argparse
import json
import subprocess
import sys

from bench.analytics import django_env
from bench.database import ROOT, BenchDatabase

#: advisor.admin.pages.DIAGRAM_LIMIT: the largest map whose page draws its diagram.
DIAGRAM_STEPS = 400


def measure(env: dict, slug: str) -> list[dict]:
    command = [sys.executable, "-m", "bench.outline_work", slug]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    if done.returncode:
        raise RuntimeError(f"measuring {slug} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=10_000, help="the generated map's size")
    parser.add_argument("--database", default="advisor_bench_outline", help="its name")
    options = parser.parse_args()
    database = BenchDatabase(options.database)
    database.create()
    env = django_env(database)
    try:
        database.migrate(env, sys.stderr)
        drawn = ("generated-drawn", "tree-drawn")
        database.import_generated_map(DIAGRAM_STEPS, env, sys.stderr, slug=drawn[0])
        database.import_generated_map(DIAGRAM_STEPS, env, sys.stderr, "tree", drawn[1])
        database.import_generated_map(options.steps, env, sys.stderr)
        database.import_generated_map(options.steps, env, sys.stderr, "tree")
        print(
            f"{'map':>24}  {'measured':<18} {'seconds':>8} {'CPU s':>6} {'peak MB':>8} {'KB':>7}"
            "  notes"
        )
        maps = (
            ("sklearn", "scikit-learn, 33 steps"),
            (drawn[0], f"{DIAGRAM_STEPS:,} steps, shared"),
            (drawn[1], f"{DIAGRAM_STEPS:,} steps, a tree"),
            ("generated", f"{options.steps:,} steps, shared"),
            ("tree", f"{options.steps:,} steps, a tree"),
        )
        for slug, name in maps:
            for row in measure(env, slug):
                print(
                    f"{name:>24}  {row['measured']:<18} {row['seconds']:>8.2f} "
                    f"{row['cpu_seconds']:>6.2f} "
                    f"{row['peak_mb']:>8.0f} {row['kb']:>7.0f}  {row['notes']}"
                )
    finally:
        database.drop()


if __name__ == "__main__":
    main()
