"""``python -m bench.analytics``: the analytics page at the scale of a popular bot.

Creates its own PostgreSQL database, fills it with N handled updates shaped like real walks
of the scikit-learn map (over several days, COPY in bulk), and measures, each in a fresh
process: the analytics page's time and the process's peak memory for the last 7 days, the
last 30 days and all time; bytes per raw row; and the one-year projection at 100 000 updates
a day. Prints a table; the database is dropped at the end (README, "Performance").
"""

import argparse
import io
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

from bench.database import ROOT, BenchDatabase

UPDATES_PER_DAY = 100_000
#: Chats generated per COPY (about 7 updates each).
CHATS_PER_CHUNK = 5_000
LANGUAGES = ("en", "en", "es", "es", "de", "")


def django_env(database: BenchDatabase) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database.url,
        "DJANGO_SECRET_KEY": "bench-analytics",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def setup_django() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()


def walks(graph, count: int, first_chat: int, days: int, rng: random.Random):
    """Rows of handled updates for ``count`` chats walking the map, as COPY lines."""
    from advisor.actions import Go, encode

    now = datetime.now(UTC)
    for chat_id in range(first_chat, first_chat + count):
        language = rng.choice(LANGUAGES)
        moment = now - timedelta(days=rng.random() * days)
        node, pressed, update_id = graph.start, [], 1
        rows = [(update_id, "start", node.id, "")]
        while node.buttons and (node.is_question or rng.random() < 0.3):
            if rng.random() < 0.12:  # left the conversation here
                break
            button = rng.choice(node.buttons)
            pressed.append(button.id)
            node, update_id = graph.nodes[button.target_id], update_id + 1
            rows.append(
                (update_id, "answer", node.id, encode(Go(graph.id, graph.start_id, tuple(pressed))))
            )
        if not node.is_question and rng.random() < 0.5:
            rows.append((update_id + 1, "goodbye", None, ""))
        for number, (update, kind, node_id, path) in enumerate(rows):
            at = (moment + timedelta(seconds=20 * number)).isoformat()
            values = (update, chat_id, kind, graph.id, "\\N" if node_id is None else node_id)
            yield "\t".join(map(str, (*values, path, language, at))) + "\n"


def generate(updates: int, first_chat: int, days: int) -> None:
    """Add about ``updates`` handled updates (child process: Django set up, COPY in chunks)."""
    setup_django()
    from django.db import connection

    from advisor.graph import live_graph

    graph, rng, written = live_graph(), random.Random(first_chat), 0
    columns = (
        "update_id",
        "chat_id",
        "kind",
        "map_id",
        "node_id",
        "path",
        "language",
        "handled_at",
    )
    chat = first_chat
    with connection.cursor() as cursor:
        while written < updates:
            chunk = io.StringIO()
            lines = 0
            for line in walks(graph, CHATS_PER_CHUNK, chat, days, rng):
                chunk.write(line)
                lines += 1
            chat += CHATS_PER_CHUNK
            chunk.seek(0)
            cursor.copy_from(chunk, "botapp_handledupdate", columns=columns)
            written += lines
    print(json.dumps({"written": written, "next_chat": chat}))


def measure(days: int | None) -> None:
    """Time the analytics page over the last ``days`` (None: all time) in this process."""
    setup_django()
    from django.contrib.auth.models import User
    from django.test import Client

    from advisor.models import Map

    user = User.objects.filter(username="bench").first() or User.objects.create_superuser("bench")
    client = Client()
    client.force_login(user)
    map_id = Map.objects.get(slug="sklearn").pk
    query = ""
    if days is not None:
        since = (datetime.now(UTC) - timedelta(days=days - 1)).date().isoformat()
        query = f"?since={since}"
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    response = client.get(f"/admin/botapp/handledupdate/analytics/{map_id}/{query}")
    seconds = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps({"seconds": seconds, "peak_mb": peak / 1024, "grew_mb": (peak - before) / 1024})
    )


def child(env: dict, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bench.analytics", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.analytics", description=__doc__)
    parser.add_argument(
        "--updates", type=int, nargs="+", default=[1_000_000, 3_000_000, 10_000_000]
    )
    parser.add_argument("--days", type=int, default=60, help="days the updates spread over")
    parser.add_argument("--database", default="advisor_bench_analytics")
    args = parser.parse_args()
    database = BenchDatabase(args.database)
    database.create()
    env = django_env(database)
    try:
        with open(os.devnull, "w") as log:
            database.migrate(env, log)
        print(
            f"{'handled updates':>16} {'range':>9} {'page s':>8} {'peak MB':>8} {'bytes/row':>10}"
        )
        written, chat = 0, 1
        for target in sorted(args.updates):
            made = child(env, "generate", str(target - written), str(chat), str(args.days))
            written, chat = written + made["written"], made["next_chat"]
            database.execute("ANALYZE botapp_handledupdate")
            size = database.execute("SELECT pg_total_relation_size('botapp_handledupdate')")[0][0]
            for label, days in (("7 days", "7"), ("30 days", "30"), ("all time", "all")):
                page = child(env, "measure", days)
                print(
                    f"{written:>16,} {label:>9} {page['seconds']:>8.2f} {page['peak_mb']:>8.0f} "
                    f"{size / written:>10.0f}"
                )
        per_row = size / written
        year = UPDATES_PER_DAY * 365 * per_row / 2**30
        print(f"one year at {UPDATES_PER_DAY:,} updates a day, every raw row kept: {year:.1f} GB")
    finally:
        database.drop()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "generate":
        generate(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    elif len(sys.argv) > 1 and sys.argv[1] == "measure":
        measure(None if sys.argv[2] == "all" else int(sys.argv[2]))
    else:
        main()
