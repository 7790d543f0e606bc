"""The child processes of ``python -m bench.analytics``, each a fresh Django process that
prints one JSON line: ``generate`` (COPY handled updates and reasons), ``get`` (one admin
page, timed, with its queries), ``rollup`` (roll up the pending days, without pruning)."""

import io
import json
import os
import random
import re
import resource
import sys
import time
from datetime import UTC, datetime

#: Chats generated per COPY (about 7 updates each).
CHATS_PER_CHUNK = 5_000
COLUMNS = ("update_id", "chat_id", "kind", "map_id", "node_id", "path", "language", "handled_at")
REASON_COLUMNS = ("map_id", "node_id", "key", "path", "language", "text", "given_at")


def setup_django() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(updates: int, first_chat: int, days: int) -> dict:
    """Add about ``updates`` handled updates over the last ``days`` (COPY in chunks), with
    the reasons users gave (bench.analytics_walks)."""
    from django.db import connection

    from advisor.loading import live_graph
    from bench.analytics_walks import Walks

    walks = Walks(live_graph(), days, random.Random(first_chat), datetime.now(UTC))
    chat = first_chat
    with connection.cursor() as cursor:
        while walks.counts.updates < updates:
            chunk, reasons = io.StringIO(), io.StringIO()
            for chat_id in range(chat, chat + CHATS_PER_CHUNK):
                lines, given = walks.chat(chat_id)
                chunk.writelines(lines)
                reasons.writelines(given)
            chat += CHATS_PER_CHUNK
            chunk.seek(0)
            reasons.seek(0)
            cursor.copy_from(chunk, "botapp_handledupdate", columns=COLUMNS)
            cursor.copy_from(reasons, "botapp_reason", columns=REASON_COLUMNS)
    return {**vars(walks.counts), "written": walks.counts.updates, "next_chat": chat}


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
    from botapp.analytics.rollup import pending_days, roll_up_day

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
