"""The picture map's first sends: each picture's upload, and each worker's first use of its
file_id, made before the measured phases and counted apart (docs/performance.md)."""

import asyncio
import random
import time

from bench.database import BenchDatabase
from bench.driver import UserChat, send_update
from bench.http import HttpConnection
from bench.mapgen import PICTURES_SLUG, generate_map, shortest_paths
from bench.servers import BotServer
from bench.standin import BotApiStandIn

#: Most tours of the picture map in all.
MAX_TOURS = 5


async def first_sends(
    standin: BotApiStandIn, server: BotServer, database: BenchDatabase, steps: int
) -> dict:
    """The first sends, counted apart from the measured phases: one chat alone tours the
    picture map (every step, by its shortest way from /start), which uploads each picture;
    then as many chats as workers tour it together until every worker has shown every
    picture (at most MAX_TOURS tours), so that the measured phases run with
    every file_id known to every worker."""
    database.use_map(PICTURES_SLUG)
    data = generate_map(steps)  # the picture map's steps and buttons
    start = ("/start", data["start"])
    moves = [move for path in shortest_paths(data).values() for move in (start, *path)]
    target = server.target(server.env["TELEGRAM_WEBHOOK_SECRET"], database.backend_pids)
    workers = server.pids()
    wanted = {(pid, node["key"]) for pid in workers for node in data["nodes"]}
    records, shown, tours, started = [], set(), 0, time.perf_counter()

    async def tour(index: int) -> None:
        chat = UserChat(600_000 + index, standin, random.Random(index))
        connection = HttpConnection(server.port)
        try:
            for label, key in moves:
                chat.plan = [label]
                records.append(await send_update(target, standin, chat, connection))
                shown.add((records[-1].worker, key))
        finally:
            connection.close()

    while tours < MAX_TOURS and not wanted <= shown:
        chats = 1 if tours == 0 else len(workers)
        tours += 1
        await asyncio.gather(*(tour(index) for index in range(chats)))
    uploads = standin.uploads
    print(f"picture map: {len(uploads)} uploads in {len(records)} updates ({tours} tours)")
    return {
        "pictures": steps,
        "pictures_uploaded": len({upload["file_unique_id"] for upload in uploads}),
        "uploads": len(uploads),
        "tours": tours,
        "every_worker_warm": wanted <= shown,
        "seconds": time.perf_counter() - started,
        "records": records,
    }
