"""The web row's load and sizes: visitors walking a map's chat page (/chat/<short name>/)
through its links as a browser without JavaScript does, each answer a page; and the bytes a
browser is sent for a recommendation's page with its assets, and for the embed loader.

A visitor opens the map's page, follows a random answer link (never Back) until the page
offers Done (a recommendation), then Start over, and so on, one request at a time (closed
loop, no think time). Each request is timed from its send to its last byte."""

import asyncio
import math
import random
import re
import time
from dataclasses import dataclass
from html import unescape

from advisor.core.texts import MAP_DEFAULTS
from bench.http import HttpConnection, HttpError
from bench.table import percentile

#: A chat link (botapp/templates/web/chat_log.html): external link buttons are left alone.
LINK = re.compile(r'<a class="button" href="([^"]*)"[^>]*>(.*?)</a>', re.S)
GO = re.compile(r"[?&]go=([^&#]*)")
NEWEST = re.compile(r'<li class="bot newest"[^>]*>(.*?)</li>', re.S)
ASSET = re.compile(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"')
BROWSER = {"Accept-Encoding": "gzip, deflate, br", "Accept-Language": "en"}
#: Transferred as a browser asks for them: gzip only (whitenoise also keeps Brotli files).
GZIP = {**BROWSER, "Accept-Encoding": "gzip"}
LOADER = "/embed.js"
REQUEST_TIMEOUT = 10.0


@dataclass
class PageRecord:
    started: float
    seconds: float
    status: int
    sql: int = -1
    pg: int = -1


def links(html: str) -> list[tuple[str, str, str]]:
    """The page's chat links: (kind, address, label); kind is the callback data's prefix
    ("g" an answer or Back, "s" Start over, "d" Done), "" for the map's start."""
    found = []
    for href, label in LINK.findall(html):
        href = unescape(href).split("#")[0]
        go = GO.search(href)
        found.append((unescape(go[1])[:1] if go else "", href, unescape(label).strip()))
    return found


def next_address(chat: str, html: str, rng: random.Random) -> tuple[str, bool]:
    """Where the visitor goes from this page, and whether the page is a recommendation."""
    shown = links(html)
    kinds = {kind: href for kind, href, _ in shown}
    answers = [href for kind, href, label in shown if kind == "g" and label != MAP_DEFAULTS["back"]]
    if "d" in kinds:  # Done offered: a recommendation
        return chat + kinds.get("s", ""), True
    if answers:
        return chat + rng.choice(answers), False
    return chat + kinds.get("s", kinds.get("", "")), False


async def visit(port: int, path: str, headers: dict = BROWSER) -> tuple[PageRecord, bytes]:
    """One request on a new connection (gunicorn's sync workers close each)."""
    connection = HttpConnection(port, REQUEST_TIMEOUT)
    started = time.perf_counter()
    try:
        status, answer_headers, body = await connection.get(path, headers)
    except (TimeoutError, OSError, HttpError):
        status, answer_headers, body = 0, {}, b""
    finally:
        connection.close()
    record = PageRecord(
        started,
        time.perf_counter() - started,
        status,
        int(answer_headers.get("x-bench-sql", -1)),
        int(answer_headers.get("x-bench-pg", -1)),
    )
    return record, body


async def walk(
    port: int, chat: str, visitors: int, warmup_s: float, measure_s: float, seed: int = 1
) -> dict:
    """``visitors`` walking ``chat`` at once; the measured window's records, the
    recommendations reached in it and how many different ones (by their message)."""
    begin = time.perf_counter()
    window_start, window_end = begin + warmup_s, begin + warmup_s + measure_s
    records: list[PageRecord] = []
    reached: list[str] = []

    async def visitor(index: int) -> None:
        rng = random.Random(seed * 100_003 + index)
        address = chat
        while time.perf_counter() < window_end:
            record, body = await visit(port, address)
            if window_start <= record.started < window_end:
                records.append(record)
            if record.status != 200:
                address = chat
                continue
            html = body.decode()
            address, recommended = next_address(chat, html, rng)
            if recommended and window_start <= record.started < window_end:
                reached.append(NEWEST.search(html)[1])

    await asyncio.gather(*(visitor(index) for index in range(visitors)))
    return {"records": records, "reached": len(reached), "different": len(set(reached))}


async def transferred_sizes(port: int, chat: str) -> dict:
    """Bytes sent for a recommendation's page (its first answers followed) and each CSS and
    JS file it references, asked for with gzip as a browser does; and for the loader
    (None while it answers 404)."""
    address, html, body = chat, "", b""
    for _ in range(20):
        record, body = await visit(port, address, GZIP)
        if record.status != 200:
            raise RuntimeError(f"{address} answered {record.status}")
        html = body.decode()
        first = next((href for kind, href, _ in links(html) if kind == "g"), None)
        if "d" in {kind for kind, _, _ in links(html)} or first is None:
            break
        address = chat + first
    sizes = {"page": len(body), "assets": {}}
    for asset in ASSET.findall(html):
        sizes["assets"][asset.rsplit("/", 1)[-1]] = await asset_size(port, unescape(asset))
    sizes["loader"] = await asset_size(port, LOADER, missing_ok=True)
    sizes["total"] = sizes["page"] + sum(size for size, _ in sizes["assets"].values())
    return sizes


async def asset_size(port: int, path: str, missing_ok: bool = False) -> tuple[int, str] | None:
    """(bytes transferred, content encoding) of a file fetched with gzip."""
    connection = HttpConnection(port, REQUEST_TIMEOUT)
    try:
        status, headers, body = await connection.get(path, GZIP)
    finally:
        connection.close()
    if status == 404 and missing_ok:
        return None
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")
    return len(body), headers.get("content-encoding", "identity")


def rate_and_latency(records: list[PageRecord], measure_s: float) -> dict:
    """Requests/s answered 200 in the window, latency p50/p95 (ms), errors, statements."""
    answered = [record for record in records if record.status == 200]
    milliseconds = [record.seconds * 1000 for record in answered]
    return {
        "requests": len(records),
        "requests_per_s": len(answered) / measure_s,
        "p50_ms": percentile(milliseconds, 50),
        "p95_ms": percentile(milliseconds, 95),
        "errors": len(records) - len(answered),
        "sql_p50": percentile([r.sql for r in answered], 50),
        "sql_max": max((r.sql for r in answered), default=math.nan),
        "pg_p50": percentile([r.pg for r in answered], 50),
        "pg_max": max((r.pg for r in answered), default=math.nan),
    }
