"""The child processes of ``python -m bench.analytics``, each a fresh Django process that
prints one JSON line: ``generate`` (COPY handled updates), ``get`` (one admin page, timed,
with its queries), ``rollup`` (roll up the pending days, without pruning)."""

import io
import json
import os
import random
import re
import resource
import sys
import time
from datetime import UTC, datetime, timedelta

#: Chats generated per COPY (about 7 updates each).
CHATS_PER_CHUNK = 5_000
LANGUAGES = ("en", "en", "es", "es", "de", "")
COLUMNS = ("update_id", "chat_id", "kind", "map_id", "node_id", "path", "language", "handled_at")


def setup_django() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def walks(graph, count: int, first_chat: int, days: int, rng: random.Random):
    """Rows of handled updates for ``count`` chats walking the map, as COPY lines."""
    from advisor.callbacks import Go, encode

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


def generate(updates: int, first_chat: int, days: int) -> dict:
    """Add about ``updates`` handled updates over the last ``days`` (COPY in chunks)."""
    from django.db import connection

    from advisor.graph import live_graph

    graph, rng, written, chat = live_graph(), random.Random(first_chat), 0, first_chat
    with connection.cursor() as cursor:
        while written < updates:
            chunk = io.StringIO()
            for line in walks(graph, CHATS_PER_CHUNK, chat, days, rng):
                chunk.write(line)
                written += 1
            chat += CHATS_PER_CHUNK
            chunk.seek(0)
            cursor.copy_from(chunk, "botapp_handledupdate", columns=COLUMNS)
    return {"written": written, "next_chat": chat}


def summary(sql: str) -> str:
    """A query shortened to what tells it apart: quotes, table prefixes and a long select
    list dropped."""
    sql = re.sub(r"\bbotapp_handledupdate\.", "", sql.replace('"', ""))
    return re.sub(r"^SELECT .{40,}? FROM", "SELECT … FROM", sql, count=1)[:150]


def get(url: str) -> dict:
    """GET an admin page as a superuser: seconds, peak MB, and its queries' times."""
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client

    from advisor.models import Map

    user = User.objects.filter(username="bench").first() or User.objects.create_superuser("bench")
    url = url.replace("{sklearn}", str(Map.objects.get(slug="sklearn").pk))
    client = Client()
    client.force_login(user)
    queries = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((time.perf_counter() - started, sql))

    started = time.perf_counter()
    with connection.execute_wrapper(timed):
        response = client.get(url)
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"{url}: {response.status_code}\n{response.content[:2000]!r}")
    slowest = max(queries, default=(0.0, ""))
    stats = (getattr(response, "context_data", None) or {}).get("stats")
    figures = {}
    if stats is not None:  # the analytics page: its chats, to compare before and after pruning
        figures = {"chats": stats.chats.value, "approximate": stats.chats.approximate}
    return {
        **figures,
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "queries": len(queries),
        "query_seconds": sum(each for each, _ in queries),
        "slowest_seconds": slowest[0],
        "slowest": summary(slowest[1]),
    }


def rollup() -> dict:
    """Roll up every pending day, as ``purgeanalytics`` does, without pruning after."""
    from botapp.rollup import pending_days, roll_up_day

    started = time.perf_counter()
    days = pending_days()
    found = time.perf_counter() - started
    each = []
    for day in days:
        begun = time.perf_counter()
        roll_up_day(day)
        each.append(time.perf_counter() - begun)
    return {
        "seconds": time.perf_counter() - started,
        "pending_seconds": found,
        "days": len(days),
        "slowest_day": max(each, default=0.0),
        "peak_mb": peak_mb(),
    }


if __name__ == "__main__":
    setup_django()
    job, *args = sys.argv[1:]
    if job == "generate":
        result = generate(*map(int, args))
    elif job == "get":
        result = get(args[0])
    else:
        result = rollup()
    print(json.dumps(result))
