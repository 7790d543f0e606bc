"""The benchmark run: set up, start, load both bots alternately, check an edit, stop all."""

import asyncio
import os
import random
import secrets
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench import profile
from bench.database import ROOT, SKLEARN_SLUG, BenchDatabase
from bench.driver import UserChat, run_phase, send_update
from bench.first_sends import first_sends
from bench.http import HttpConnection
from bench.mapgen import PICTURES_SLUG
from bench.mapgen import SLUG as GENERATED_SLUG
from bench.procs import machine_busy_seconds
from bench.servers import BotServer, first_update_seconds
from bench.standin import TOKEN, BotApiStandIn

#: design -> (server, map it uses); run in this order on even rounds, reversed on odd ones.
DESIGNS = {
    "ours": ("ours", SKLEARN_SLUG),
    "baseline": ("baseline", None),
    "ours-10k": ("ours", GENERATED_SLUG),
    "ours-more": ("ours-more", SKLEARN_SLUG),
    "ours-pictures": ("ours", PICTURES_SLUG),
}
#: Designs measured under the saturated load only.
SATURATED_ONLY = {"ours-pictures"}
#: saturated: the chats never pause; paced: they think between updates; single: one chat
#: alone, so that an update's latency has no queueing in it.
SHAPES = ("saturated", "paced", "single")
EDIT_MARKER = " [edited for the benchmark]"


@dataclass
class Options:
    workers: int
    more_workers: int
    chats: int
    rounds: int
    warmup_s: float
    measure_s: float
    paced_load: float
    nodes: int
    ceiling_s: float
    budget_s: float
    database: str
    out: Path
    profile: bool = False


def bench_env(database_url: str, api_base_url: str, secret: str) -> dict:
    """The environment both bots run with (the app reads its settings from it only)."""
    return {
        **os.environ,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(32),
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_WEBHOOK_SECRET": secret,
        "TELEGRAM_API_BASE_URL": api_base_url,
        "TELEGRAM_BOT_USERNAME": "advisor_bench_bot",  # Share buttons too (links: never pressed)
        "PYTHONPATH": str(ROOT),
    }


async def measure_ceiling(standin: BotApiStandIn, seconds: float) -> float:
    """Calls per second the stand-in answers when a separate process hammers it."""
    port = standin.base_url.split(":")[2].split("/")[0]
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.ceiling", port, str(seconds), "8",
        cwd=ROOT, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    output, _ = await asyncio.wait_for(process.communicate(), seconds + 30)
    return float(output.decode().strip() or 0)


async def check_edit_visibility(
    server: BotServer, standin: BotApiStandIn, database: BenchDatabase, first_chat_id: int
) -> dict:
    """Edit and publish the first question, then /start from several chats at once until
    every worker has answered: each answer after the publish must show it."""
    database.use_map(SKLEARN_SLUG)
    database.edit_and_publish_start_question(EDIT_MARKER, server.env)
    target = server.target(server.env["TELEGRAM_WEBHOOK_SECRET"])
    workers, seen, stale, sent = set(server.pids()), set(), 0, 0
    try:
        for batch in range(10):
            chats = [
                UserChat(first_chat_id + batch * 100 + i, standin, random.Random(i))
                for i in range(8)
            ]
            connections = [HttpConnection(server.port) for _ in chats]
            records = await asyncio.gather(
                *(map(send_update, [target] * 8, [standin] * 8, chats, connections))
            )
            for chat, record, connection in zip(chats, records, connections, strict=True):
                connection.close()
                shown = standin.keyboard_message(chat.chat_id) or {"text": ""}
                sent, seen = sent + 1, seen | {record.worker}
                stale += EDIT_MARKER not in shown["text"]
            if workers <= seen:
                break
    finally:
        database.edit_and_publish_start_question(EDIT_MARKER, server.env, remove=True)
    return {"workers": len(workers), "workers_seen": len(workers & seen), "updates": sent,
            "stale_answers": stale}  # fmt: skip


async def run_rounds(options, standin, servers, database, deadline) -> tuple[list, float]:
    """All load phases, alternating the designs; the paced phases' mean think time."""
    phases, think_s, chat_id = [], 0.0, 1_000_000
    for round_index in range(options.rounds):
        designs = [design for design in DESIGNS if DESIGNS[design][0] in servers]
        order = designs if round_index % 2 == 0 else designs[::-1]
        for shape in SHAPES:
            if shape == "paced" and not think_s:
                think_s = paced_think_seconds(phases, options)
            for design in order:
                if shape != "saturated" and design in SATURATED_ONLY:
                    continue
                server_name, map_slug = DESIGNS[design]
                if time.perf_counter() > deadline:
                    print(f"time budget reached: skipping the rest of round {round_index + 1}")
                    return phases, think_s
                if map_slug:
                    database.use_map(map_slug)
                server = servers[server_name]
                secret = server.env["TELEGRAM_WEBHOOK_SECRET"]
                result = await run_phase(
                    server.target(secret, database.backend_pids),
                    standin,
                    chats=1 if shape == "single" else options.chats,
                    warmup_s=options.warmup_s,
                    measure_s=options.measure_s,
                    think_s=think_s if shape == "paced" else 0.0,
                    first_chat_id=chat_id,
                    seed=len(phases) + 1,
                )
                chat_id += options.chats
                phases.append(
                    {"design": design, "shape": shape, "round": round_index, "result": result}
                )
                rate = result.completed / options.measure_s
                print(f"  round {round_index + 1} {shape:9} {design:9} {rate:7.0f} updates/s")
    return phases, think_s


async def profile_ours(options, standin, server: BotServer, database) -> list:
    """One more saturated phase on ours (not in the table) while py-spy samples its workers."""
    database.use_map(SKLEARN_SLUG)
    phase = asyncio.create_task(
        run_phase(
            server.target(server.env["TELEGRAM_WEBHOOK_SECRET"]),
            standin,
            chats=options.chats,
            warmup_s=options.warmup_s,
            measure_s=options.measure_s,
            think_s=0.0,
            first_chat_id=700_000,
            seed=0,
        )
    )
    await asyncio.sleep(options.warmup_s)
    paths = await profile.record(server.pids(), options.measure_s, options.out)
    await phase
    return profile.layer_shares(paths)


def paced_think_seconds(phases: list, options) -> float:
    """Think time that offers ``paced_load`` x the slower design's saturated throughput."""
    rates = [
        phase["result"].completed / options.measure_s
        for phase in phases
        if phase["shape"] == "saturated" and phase["design"] in ("ours", "baseline")
    ]
    rate = options.paced_load * min(rates) if rates else 100.0
    return options.chats / max(rate, 1.0)


async def machine_busy_share(seconds: float = 1.0) -> float:
    """How busy all cores are (0..1) over a short look, before our processes start."""
    before = machine_busy_seconds()
    await asyncio.sleep(seconds)
    return (machine_busy_seconds() - before) / seconds / (os.cpu_count() or 1)


async def run(options: Options) -> dict:
    started = time.perf_counter()
    deadline = started + options.budget_s
    log_dir = options.out / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    standin = BotApiStandIn()
    await standin.start()
    database = BenchDatabase(options.database)
    secret = secrets.token_urlsafe(24)
    env = bench_env(database.url, standin.base_url, secret)
    servers: dict[str, BotServer] = {}
    facts: dict = {"options": {k: str(v) for k, v in vars(options).items()}}
    facts["machine"] = {"cpus": os.cpu_count(), "busy_before": await machine_busy_share()}
    if facts["machine"]["busy_before"] > 0.1:
        print(f"note: the machine is {facts['machine']['busy_before']:.0%} busy before the run")
    try:
        print(
            f"database {options.database}: create, migrate, import a {options.nodes}-node map "
            "and a picture map"
        )
        database.create()
        with open(log_dir / "setup.log", "a") as log:
            database.migrate(env, log)
            facts["generated_map"] = database.import_generated_map(options.nodes, env, log)
            steps = database.node_count(SKLEARN_SLUG)  # as many as the shipped map
            facts["picture_map"] = database.import_generated_map(steps, env, log, "pictures")
        facts["nodes"] = {
            slug: database.node_count(slug)
            for slug in (SKLEARN_SLUG, GENERATED_SLUG, PICTURES_SLUG)
        }
        facts["ceiling_calls_per_s"] = await measure_ceiling(standin, options.ceiling_s)
        standin.reset()  # forget the ceiling's messages
        print(f"stand-in ceiling: {facts['ceiling_calls_per_s']:.0f} calls/s")
        facts["first_update_s"] = {}
        for name, workers in (("ours", options.workers), ("ours-more", options.more_workers)):
            if workers:
                servers[name] = BotServer.ours(name, env, workers, log_dir)
        servers["baseline"] = BotServer.baseline(env, log_dir)
        for server in servers.values():  # one after the other, each on an idle machine
            server.start()
            seconds = await first_update_seconds(
                server, standin, 900_000 + len(facts["first_update_s"])
            )
            facts["first_update_s"][server.name] = seconds
            print(f"{server.name}: first update handled {seconds:.2f} s after its start")
        facts["first_sends"] = await first_sends(
            standin, servers["ours"], database, facts["picture_map"]["pictures"]
        )
        facts["phases"], facts["think_s"] = await run_rounds(
            options, standin, servers, database, deadline
        )
        if options.profile:
            facts["profile"] = await profile_ours(options, standin, servers["ours"], database)
        facts["edit"] = [
            await check_edit_visibility(servers[name], standin, database, 800_000 + 1000 * i)
            for i, name in enumerate(("ours", "ours-more"))
            if name in servers
        ]
    finally:
        for server in servers.values():
            server.stop()
        await standin.stop()
        database.drop()
    facts["total_s"] = time.perf_counter() - started
    return facts
