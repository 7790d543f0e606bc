"""``python -m bench.conversations``: users in open conversations with the team, through the
webhook, with the stand-in enforcing the group's 20 messages a minute (docs/performance.md).

A team group (a forum, the bot an administrator that may manage topics) is connected with
``/connect CODE``; each user sends ``/person`` and a first message; once the worker has opened
every user's topic, a team member answers each message in the user's topic and the user
writes the next, alternately, ``--messages`` each (updates/s is measured there). Ours runs
as the Procfile's ``web:`` and ``worker:`` lines; the worker runs until the outbox is empty.
The stand-in's minute lasts ``--minute-seconds`` real seconds (bench.standin.ScaledFloodLimit).
The check: every message reached its place once, in order per user
(bench/conversations_check.py).
"""

import argparse
import asyncio
import json
import os
import secrets
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.conversations_check import check, report
from bench.database import ROOT, BenchDatabase, procfile_command
from bench.driver import SECRET_HEADER, WEBHOOK_PATH
from bench.http import HttpConnection
from bench.outputs import add_output_options, run_folder, save_and_print
from bench.run import bench_env
from bench.servers import BotServer
from bench.standin import BotApiStandIn, ScaledFloodLimit

#: Telegram's webhook default max_connections: updates in flight at once.
MAX_CONNECTIONS = 40
FIRST_USER_ID = 600_000
MAKE_CODE = "from botapp.handoff import connecting; print(connecting.make_code(None).code)"


class Webhook:
    """Posts updates to ours as Telegram does, and makes the call in its answer."""

    def __init__(self, port: int, secret: str, standin: BotApiStandIn):
        self.port, self.secret, self.standin = port, secret, standin
        self.gate = asyncio.Semaphore(MAX_CONNECTIONS)
        self.records: list[dict] = []

    async def post(self, kind: str, update: dict, attempts: int = 1) -> dict:
        body = json.dumps(update).encode()
        async with self.gate:
            for attempt in range(attempts):
                connection = HttpConnection(self.port, timeout=30.0)
                started = time.monotonic()
                try:
                    status, headers, answer = await connection.post(
                        WEBHOOK_PATH, body, {SECRET_HEADER: self.secret}
                    )
                    break
                except OSError:
                    if attempt == attempts - 1:
                        raise
                    await asyncio.sleep(0.2)  # gunicorn is still starting
                finally:
                    connection.close()
            self.standin.execute_reply(headers.get("content-type", ""), answer)
        record = {
            "kind": kind,
            "started": started,
            "ms": (time.monotonic() - started) * 1000,
            "status": status,
            "sql": int(headers.get("x-bench-sql", -1)),
            "pg": int(headers.get("x-bench-pg", -1)),
        }
        self.records.append(record)
        return record


def start_worker(env: dict, log_path: Path) -> subprocess.Popen:
    """The Procfile's ``worker:`` line, in its own session (stopped with its children)."""
    command = procfile_command("worker").replace("python ", f"{shlex.quote(sys.executable)} ")
    with open(log_path, "ab") as log:
        return subprocess.Popen(
            ["bash", "-c", command], env=env, cwd=ROOT, stdin=subprocess.DEVNULL,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(10)


async def topic_of(team, first_name: str, timeout: float) -> int:
    """The thread id of the user's topic once the worker has opened it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for topic in team.group.topics.values():
            if topic.name.startswith(f"{first_name} ·") and not topic.deleted:
                return topic.thread_id
        await asyncio.sleep(0.05)
    raise RuntimeError(f"no topic was opened for {first_name} in {timeout:.0f} s")


async def ask(webhook, team, user, timeout: float) -> dict:
    """The user's /person and first message, and their topic once the worker opened it."""
    name = user.user["first_name"]
    await webhook.post("/person", user.message_update("/person"))
    sent = {"user": [], "team": [], "thread_id": 0}
    await write(webhook, user, sent, 1)
    sent["thread_id"] = await topic_of(team, name, timeout)
    return sent


async def write(webhook, user, sent: dict, number: int) -> None:
    update = user.message_update(f"{user.user['first_name']}: message {number}")
    await webhook.post("user message", update)
    sent["user"].append((update["message"]["message_id"], time.monotonic()))


async def converse(webhook, team, member, user, sent: dict, messages: int) -> None:
    """The team's answers and the user's other messages, alternately."""
    name = user.user["first_name"]
    for number in range(1, messages + 1):
        update = team.message_update(member, f"answer {number} to {name}", sent["thread_id"])
        await webhook.post("team reply", update)
        sent["team"].append(update["message"]["message_id"])
        if number < messages:
            await write(webhook, user, sent, number + 1)


def pending_rows(database: BenchDatabase) -> int:
    return database.execute("SELECT count(*) FROM botapp_outboxmessage WHERE state = 'pending'")[0][
        0
    ]


async def drain(database: BenchDatabase, worker: subprocess.Popen, timeout: float) -> float:
    """Wait until the outbox has no pending row; when that was (monotonic)."""
    deadline = time.monotonic() + timeout
    while pending_rows(database):
        if worker.poll() is not None:
            raise RuntimeError("the worker exited with rows pending")
        if time.monotonic() > deadline:
            raise RuntimeError(f"rows still pending after {timeout:.0f} s")
        await asyncio.sleep(0.1)
    return time.monotonic()


async def run(options: argparse.Namespace) -> dict:
    out = options.out
    (out / "logs").mkdir(parents=True, exist_ok=True)
    database = BenchDatabase(options.database)
    standin = BotApiStandIn()
    await standin.start()
    standin.flood = ScaledFloodLimit(60 / options.minute_seconds)
    secret = secrets.token_urlsafe(24)
    env = bench_env(database.url, standin.base_url, secret)
    load_before = os.getloadavg()
    database.create()
    web = worker = None
    try:
        with open(out / "logs" / "setup.log", "a") as log:
            database.migrate(env, log)
        made = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", MAKE_CODE],
            env=env, cwd=ROOT, check=True, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        code = made.stdout.split()[-1]
        web = BotServer.ours("web", env, options.workers, out / "logs")
        web.start()
        webhook = Webhook(web.port, secret, standin)
        team = standin.supergroup("Support team")  # the bot an administrator, topics on
        member = team.add_member(8001, "Grace")
        await webhook.post("connect", team.message_update(team.owner, f"/connect {code}"), 150)
        if not database.execute("SELECT count(*) FROM botapp_teamgroup")[0][0]:
            raise RuntimeError("/connect did not connect the group")
        worker = start_worker(env, out / "logs" / "worker.log")
        users = [standin.chat(FIRST_USER_ID + i, f"User{i:03d}") for i in range(options.users)]
        started = time.monotonic()
        timeout = 60 + options.users * options.minute_seconds
        sent = await asyncio.gather(*(ask(webhook, team, user, timeout) for user in users))
        conversing = time.monotonic()
        await asyncio.gather(
            *(
                converse(webhook, team, member, user, said, options.messages)
                for user, said in zip(users, sent, strict=True)
            )
        )
        posted = time.monotonic()
        group_messages = options.users * (options.messages + 1)
        drained = await drain(
            database, worker, 120 + group_messages / 20 * options.minute_seconds * 3
        )
        outbox = database.execute(
            "SELECT state, count(*) FROM botapp_outboxmessage GROUP BY state ORDER BY state"
        )
    finally:
        if worker is not None:
            stop_worker(worker)
        if web is not None:
            web.stop()
        await standin.stop()
        database.drop()
    facts = check(standin, team.chat_id, users, sent, webhook.records, options.minute_seconds)
    facts.update(
        users=options.users,
        messages_per_user=options.messages,
        minute_seconds=options.minute_seconds,
        workers=options.workers,
        asking_s=conversing - started,
        webhook_s=posted - conversing,
        drain_s=drained - posted,
        total_s=drained - started,
        outbox=dict(outbox),
        load_before=load_before,
        load_after=os.getloadavg(),
    )
    conversed = [r for r in webhook.records if r["started"] >= conversing]
    facts["updates_per_s"] = len(conversed) / facts["webhook_s"]
    facts["updates_measured"] = len(conversed)
    return facts


def parse_options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.conversations", description=__doc__)
    parser.add_argument("--users", type=int, default=100, help="users in conversations")
    parser.add_argument("--messages", type=int, default=10, help="messages per user (and answers)")
    parser.add_argument(
        "--minute-seconds",
        type=float,
        default=3.0,
        help="real seconds the stand-in's minute lasts for the group limit (default 3: 20 "
        "messages into the group per 3 s)",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (WEB_CONCURRENCY)")
    add_output_options(parser, "advisor_bench_conversations")
    options = parser.parse_args()
    if min(options.users, options.messages, options.workers) < 1 or options.minute_seconds <= 0:
        parser.error("--users, --messages, --workers >= 1; --minute-seconds > 0")
    options.out = run_folder(options.out, "conversations")
    return options


def main() -> None:
    options = parse_options()
    facts = asyncio.run(run(options))
    save_and_print(options.out, facts, report(facts))
    sys.exit(0 if facts["all_met"] else 1)


if __name__ == "__main__":
    main()
